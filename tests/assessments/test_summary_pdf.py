import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from boligvei.assessments.models import Assessment
from boligvei.core.models import AuditEvent
from tests.assessments.test_calculator_views import _form, tenant  # noqa: F401 — the fixture


@pytest.fixture
def assessment(alice_client, tenant):  # noqa: F811
    alice_client.post(reverse("assessments:calculator", args=[tenant.pk]), {**_form(), "save": "1"})
    return Assessment.objects.get()


def _text(response) -> str:
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    return " ".join(page.extract_text() for page in reader.pages).replace("\u00a0", " ")


def test_the_summary_shows_the_saved_figures_in_bokmal(alice_client, assessment):
    response = alice_client.get(reverse("assessments:assessment_pdf", args=[assessment.pk]) + "?sprak=nb")
    text = _text(response)
    max_price = f"{assessment.result['max_price']:,}".replace(",", " ")
    assert "Hva kan dere kjøpe" in text and max_price in text
    assert "Nordmann, Kari" in text and "Inntekt etter skatt" in text
    assert AuditEvent.objects.filter(action="assessment.print", changes__language="nb").exists()


def test_the_summary_speaks_nynorsk_when_asked(alice_client, assessment):
    text = _text(alice_client.get(reverse("assessments:assessment_pdf", args=[assessment.pk]) + "?sprak=nn"))
    assert "Kva kan de kjøpe" in text and "Disponibelt til bustad" in text


def test_the_summary_is_a_pdf_a_for_the_archive(alice_client, assessment):
    response = alice_client.get(reverse("assessments:assessment_pdf", args=[assessment.pk]))
    xmp = PdfReader(io.BytesIO(response.content)).xmp_metadata.rdf_root.toxml()
    assert "pdfaid:part" in xmp and "pdfaid:conformance" in xmp


def test_a_reprint_is_the_same_document(alice_client, assessment):
    url = reverse("assessments:assessment_pdf", args=[assessment.pk]) + "?sprak=nb"
    assert alice_client.get(url).content == alice_client.get(url).content


def test_the_statistics_role_cannot_print(assessment, charlie_client):
    assert charlie_client.get(reverse("assessments:assessment_pdf", args=[assessment.pk])).status_code == 403


def test_the_summary_shows_the_price_the_household_can_finance_and_the_rule_that_binds(alice_client, assessment):
    text = _text(alice_client.get(reverse("assessments:assessment_pdf", args=[assessment.pk]) + "?sprak=nb"))
    headline = f"{assessment.result['headline']['price']:,}".replace(",", " ")
    assert "Høyeste pris dere kan finansiere" in text and headline in text and "Grensen som avgjør" in text


@pytest.mark.parametrize("lang", ["nb", "nn"])
def test_the_summary_has_no_developer_text(alice_client, assessment, lang):
    text = _text(alice_client.get(reverse("assessments:assessment_pdf", args=[assessment.pk]) + f"?sprak={lang}"))
    for word in ("verify", "None", "bank_lending_rules", "husbanken_startlan", "stress_test", "domain brief",
                 "press release", "Policy rate"):
        assert word not in text, word
