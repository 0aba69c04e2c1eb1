import io

from django.urls import reverse
from pypdf import PdfReader

from boligvei.core.models import AuditEvent


def _pdf(response) -> PdfReader:
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    return PdfReader(io.BytesIO(response.content))


def test_the_flyer_form_defaults_to_the_current_caseworker(alice_client, alice):
    page = alice_client.get(reverse("referrals:flyer")).content.decode()
    assert f'<option value="{alice.pk}" selected>' in page


def test_the_flyer_is_a_pdf_a_with_the_contact_and_the_address_of_the_form(alice_client, alice, settings):
    settings.PUBLIC_URL = "https://boligvei.fjordvik.example.com"
    alice.phone = "000 10 001"
    alice.save()
    reader = _pdf(alice_client.post(reverse("referrals:flyer"), {"contact": alice.pk, "lang": "nb"}))
    text = " ".join(page.extract_text() for page in reader.pages)
    assert "Vil du eie boligen du leier?" in text and "Husbanken" in text
    assert "Det koster ingenting å spørre" in text
    assert "Alice Testesen" in text and "000 10 001" in text
    assert "https://boligvei.fjordvik.example.com/interesse/" in text
    xmp = reader.xmp_metadata.rdf_root.toxml()
    assert "pdfaid:part" in xmp and "pdfaid:conformance" in xmp
    assert AuditEvent.objects.filter(action="referral.flyer", changes__contact="alice").exists()


def test_the_flyer_comes_in_nynorsk_and_english(alice_client, alice):
    for lang, title in (("nn", "Vil du eige bustaden du leiger?"), ("en", "Would you like to own the home you rent?")):
        reader = _pdf(alice_client.post(reverse("referrals:flyer"), {"contact": alice.pk, "lang": lang}))
        assert title in " ".join(reader.pages[0].extract_text().split())


def test_a_programme_leader_may_print_the_flyer(bob_client, alice):
    _pdf(bob_client.post(reverse("referrals:flyer"), {"contact": alice.pk, "lang": "nb"}))
