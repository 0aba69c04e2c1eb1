"""Decision letters: each decision on startlån or a grant is a letter with its grounds and the
right to appeal, in the household's language, set by Typst and kept byte for byte."""

import io

import pytest
from django.conf import settings
from django.urls import reverse
from pypdf import PdfReader

from boligvei.cases import letters, services
from boligvei.cases.decisions import decision_decide, decision_recommend
from boligvei.cases.models import Decision, DecisionLetter, EventKind
from boligvei.core.errors import DomainError
from boligvei.core.models import AuditEvent
from tests.conftest import _client_for, make_user
from tests.housing.factories import TenancyFactory
from tests.people.factories import PersonFactory, household_with_main_person
from tests.cases.factories import ready_for_startlan


def pdf_text(document: bytes) -> str:
    """The letter's text with line breaks as spaces (Typst wraps lines where it likes)."""
    return " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(document)).pages).split())


@pytest.fixture
def approver(team):
    return make_user("frida", "approver", team)


@pytest.fixture
def recommended(alice):
    def make(*, kind="startlan", amount=2_100_000, lang="nb", children=False):
        household = household_with_main_person(first_name="Kari", last_name="Nordmann", preferred_language=lang)
        TenancyFactory(household=household, dwelling__street_address="Granliveien 4", dwelling__postal_code="3715",
                       dwelling__postal_place="Fjordvik")
        if children:
            PersonFactory(household=household, relation="child", first_name="Emil", last_name="Nordmann",
                          with_identity_number=False)
        case = ready_for_startlan(alice, services.case_open(actor=alice, household=household))
        return decision_recommend(actor=alice, case=case, kind=kind, amount=amount,
                                  recommendation="Stabil inntekt, betjeningsevne med margin.")
    return make


def test_an_approval_of_startlan_is_a_pdf_letter_with_the_decision_and_the_right_to_appeal(alice, approver,
                                                                                          recommended):
    decision = decision_decide(actor=approver, decision=recommended(), outcome="approved", grounds="",
                               price_frame=2_500_000)
    letter = DecisionLetter.objects.get(decision=decision, kind="approved")
    assert letter.kind == "approved" and letter.language == "nb" and letter.template.number == 1
    assert bytes(letter.pdf).startswith(b"%PDF") and b"pdfaid:part" in bytes(letter.pdf)
    text = pdf_text(bytes(letter.pdf))
    assert "Vedtak: startlån er innvilget" in text
    assert "Du får startlån på 2 100 000 kr" in text
    assert "forskrift om lån fra Husbanken" in text  # the rules, filled in from the kind
    assert "tre uker fra du mottok" in text and settings.HOUSING_OFFICE_ADDRESS in text
    assert "forvaltningsloven § 18" in text
    assert "Granliveien 4" in text and "Kari Nordmann" in text and "Frida Testesen" in text
    assert f"saksnummer {decision.case_id}" in text and "Alice Testesen, telefon" in text and "e-post ." not in text
    assert "{{" not in text and "None" not in text
    assert decision.case.events.filter(kind=EventKind.LETTER, text__contains="Vedtak om innvilgelse").exists()


def test_a_household_that_writes_nynorsk_gets_its_decision_in_nynorsk(approver, recommended):
    decision = decision_decide(actor=approver, decision=recommended(kind="grant", amount=150_000, lang="nn"),
                               outcome="refused", facts="Inntekta er 640 000 kr i året.",
                               grounds="Husstanden kan betene eit startlån utan tilskot.")
    text = pdf_text(bytes(decision.letters.get().pdf))
    assert "søknaden om tilskot til etablering er avslått" in text
    assert "tre veker frå du fekk" in text and "Grunngiving" in text
    assert "Inntekta er 640 000 kr i året." in text and "utan tilskot" in text


def test_a_partial_approval_names_both_amounts_and_weighs_the_childrens_best_interests(approver, recommended):
    decision = recommended(amount=2_400_000, children=True)
    with pytest.raises(DomainError, match="barnets beste"):
        decision_decide(actor=approver, decision=decision, outcome="partial", approved_amount=2_000_000,
                        facts="Lønn 580 000 kr.", grounds="Betjeningsevnen bærer 2 mill.")
    decision_decide(actor=approver, decision=decision, outcome="partial", approved_amount=2_000_000,
                    facts="Lønn 580 000 kr.", grounds="Betjeningsevnen bærer 2 mill.", price_frame=2_200_000,
                    children_interests="To barn på skolen i nabolaget: en bolig i samme område er vektlagt.")
    text = pdf_text(bytes(decision.letters.get(kind="partial").pdf))
    assert "delvis innvilget" in text and "2 400 000 kr" in text and "Du får 2 000 000 kr" in text
    assert "Barnets beste" in text and "samme område er vektlagt" in text


def test_a_partial_approval_must_be_below_the_amount_recommended(approver, recommended):
    decision = recommended(amount=1_000_000)
    with pytest.raises(DomainError, match="lavere enn beløpet"):
        decision_decide(actor=approver, decision=decision, outcome="partial", approved_amount=1_000_000,
                        facts="F.", grounds="G.")


@pytest.mark.parametrize("missing", ["facts", "grounds"])
def test_a_refusal_without_grounds_makes_neither_decision_nor_letter(approver, recommended, missing):
    decision = recommended()
    fields = {"facts": "Gjeld på 400 000 kr.", "grounds": "Gjelden må ned først.", missing: "  "}
    with pytest.raises(DomainError, match="må begrunnes"):
        decision_decide(actor=approver, decision=decision, outcome="refused", **fields)
    assert Decision.objects.get().is_pending and not DecisionLetter.objects.exists()


def test_the_letter_prints_again_with_the_same_bytes_and_each_print_is_audited(alice, approver, recommended):
    decision = decision_decide(actor=approver, decision=recommended(), outcome="approved", grounds="",
                               price_frame=2_500_000)
    letter = decision.letters.get(kind="approved")
    client = _client_for(alice)
    first = client.get(reverse("cases:decision_letter_pdf", args=[letter.pk]))
    second = client.get(reverse("cases:decision_letter_pdf", args=[letter.pk]))
    assert first["Content-Type"] == "application/pdf"
    assert first.content == second.content == bytes(letter.pdf)
    assert AuditEvent.objects.filter(action="case.decision_letter.print",
                                     household_id=decision.case.household_id).count() == 2


def test_the_case_page_links_the_letter(alice, approver, recommended):
    decision = decision_decide(actor=approver, decision=recommended(), outcome="approved", grounds="",
                               price_frame=2_500_000)
    page = _client_for(alice).get(reverse("cases:case_detail", args=[decision.case_id])).content.decode()
    assert all(reverse("cases:decision_letter_pdf", args=[letter.pk]) in page for letter in decision.letters.all())
    assert "Finansieringsbevis" in page


def test_a_saved_template_version_writes_the_next_letters_and_the_old_letter_keeps_its_text(
        alice, approver, recommended, team):
    admin = make_user("ada", "administrator", team)
    first = decision_decide(actor=approver, decision=recommended(), outcome="approved", grounds="",
                               price_frame=2_500_000)
    body = letters.templates_in_force("approved")["nb"].body.replace("Hei, {{ navn }}!", "Kjære {{ navn }}.")
    version = letters.decision_template_save(actor=admin, kind="approved", language="nb", title="Vedtak om startlån",
                                             body=body)
    assert version.number == 2
    second = decision_decide(actor=approver, decision=recommended(), outcome="approved", grounds="",
                               price_frame=2_500_000)
    second_letter = second.letters.get(kind="approved")
    assert second_letter.template == version and "Kjære Kari Nordmann." in second_letter.body
    assert first.letters.get(kind="approved").body.startswith("Hei, Kari Nordmann!")


def test_a_template_with_an_unknown_merge_field_is_not_saved(team):
    admin = make_user("ada", "administrator", team)
    with pytest.raises(DomainError, match="nvan"):
        letters.decision_template_save(actor=admin, kind="refused", language="nb", title="Avslag",
                                       body="Hei, {{ nvan }}!")


def test_a_household_without_a_postal_address_still_gets_its_letter_to_hand_over(alice, approver):
    household = household_with_main_person(first_name="Per", last_name="Uten")
    case = ready_for_startlan(alice, services.case_open(actor=alice, household=household))
    decision = decision_recommend(actor=alice, case=case, kind="startlan", amount=900_000, recommendation="Ja.")
    decision_decide(actor=approver, decision=decision, outcome="approved", grounds="", price_frame=1_000_000)
    assert decision.letters.get(kind="approved").recipient == ["Per Uten"]
    assert case.events.filter(kind=EventKind.LETTER, text__contains="ingen gyldig postadresse").exists()


def test_a_price_decision_is_internal_and_makes_no_letter(alice, approver, recommended):
    decision = decision_decide(actor=approver, decision=recommended(kind="price"), outcome="approved", grounds="")
    assert not decision.letters.exists()


def test_a_household_that_writes_english_gets_its_decision_and_certificate_in_english(approver, recommended):
    decision = decision_decide(actor=approver, decision=recommended(lang="en"), outcome="approved", grounds="",
                               price_frame=2_500_000)
    approval, certificate = decision.letters.get(kind="approved"), decision.letters.get(kind="certificate")
    assert approval.language == certificate.language == "en"
    text = pdf_text(bytes(approval.pdf))
    assert "Decision: your application for a start loan (startlån) is approved" in text
    assert "three weeks from the day you received" in text and "section 18" in text and "Approver" in text
    assert "phone" in text and "telefon" not in text
    assert "Purchase price up to 2 500 000 kr" in pdf_text(bytes(certificate.pdf))


def test_a_household_that_writes_another_language_gets_bokmal_with_a_note(approver, recommended):
    decision = recommended(kind="grant", amount=150_000)
    main = decision.case.household.main_person
    main.preferred_language, main.other_language = "other", "tigrinja"
    main.save()
    decision = decision_decide(actor=approver, decision=decision, outcome="refused", facts="Gjeld.", grounds="Nei.")
    letter = decision.letters.get()
    assert letter.language == "nb" and "ikke dette brevet på tigrinja" in pdf_text(bytes(letter.pdf))


@pytest.mark.parametrize("kind", ["approved", "partial", "refused", "certificate", "letting"])
def test_every_decision_letter_is_shipped_in_bokmal_nynorsk_and_english_with_known_fields(db, kind):
    shipped = letters.templates_in_force(kind)
    assert set(shipped) == {"nb", "nn", "en"}
    for template in shipped.values():
        assert letters.template_errors(template.title) + letters.template_errors(template.body) == []


# The template editor's preview ---------------------------------------------------------------

def test_the_template_editor_previews_the_letter_with_sample_data_and_saves_nothing(team):
    admin = _client_for(make_user("ada", "administrator", team))
    url = reverse("cases:decision_template_edit", args=["letting", "nb"])
    shipped = letters.templates_in_force("letting")["nb"]
    body = shipped.body.replace("Hei, {{ navn }}!", "God dag, {{ navn }}.")
    response = admin.post(url, {"title": shipped.title, "body": body, "handling": "forhandsvis"})
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "God dag, Kari Eksempel." in text and "Eksempelveien 7" in text and "Forhåndsvisning" in text
    assert "{{" not in text and "None" not in text
    assert letters.templates_in_force("letting")["nb"].number == 1


def test_a_broken_template_in_the_preview_gives_a_norwegian_error_not_a_crash(team):
    admin = _client_for(make_user("ada", "administrator", team))
    url = reverse("cases:decision_template_edit", args=["refused", "en"])
    response = admin.post(url, {"title": "Avslag", "body": "Hei, {{ nvan }}! {% if %}", "handling": "forhandsvis"})
    assert response.status_code == 400 and "nvan" in response.content.decode()
    assert letters.templates_in_force("refused")["en"].number == 1


def test_a_caseworker_cannot_preview_templates(alice_client):
    url = reverse("cases:decision_template_edit", args=["refused", "nb"])
    assert alice_client.post(url, {"title": "A", "body": "B", "handling": "forhandsvis"}).status_code == 403
