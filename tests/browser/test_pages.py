import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.browser.conftest import axe_violations, log_in
from tests.dispatch.factories import browser_pages as dispatch_pages
from tests.housing.factories import DwellingFactory, TenancyFactory, WaitingListEntryFactory
from tests.meetings.factories import browser_pages as meeting_pages
from tests.outreach.factories import browser_pages as outreach_pages
from tests.people.factories import PersonFactory, household_with_main_person
from tests.referrals.factories import browser_pages as referral_pages


@pytest.fixture
def register(transactional_db, alice):
    household = household_with_main_person(first_name="Kari", last_name="Nordmann")
    PersonFactory(household=household, relation="child", first_name="Emil", last_name="Nordmann")
    tenancy = TenancyFactory(household=household, dwelling__street_address="Granliveien 4",
                             dwelling__rent_to_own_potential=True)
    DwellingFactory(street_address="Ledig vei 2", area="Nordbyen")
    entry = WaitingListEntryFactory(household=household_with_main_person(first_name="Ali", last_name="Omar"))
    from boligvei.cases.services import case_move, case_open, case_note_add

    case = case_open(actor=alice, household=household)
    case_move(actor=alice, case=case, to_status="meeting_booked", expected_version=case.version)
    case_note_add(actor=alice, case=case, text="Ønsker å kjøpe boligen de leier.")
    from boligvei.cases.services import task_create
    from django.utils import timezone

    task_create(actor=alice, case=case, title="Ta med lønnsslipper", due_on=timezone.localdate(), assignee=alice)
    from boligvei.people.services import consent_give, consent_withdraw

    consent = consent_give(actor=alice, household=household, purpose="mapping", method="signed_form")
    consent_withdraw(actor=alice, consent=consent_give(actor=alice, household=household, purpose="share_nav",
                                                       method="verbal"))
    return {"household": household, "tenancy": tenancy, "entry": entry, "case": case, "consent": consent}


def _pages(register):
    household, tenancy, entry = register["household"], register["tenancy"], register["entry"]
    return [
        reverse("start"),
        reverse("people:household_list"),
        reverse("people:household_detail", args=[household.pk]),
        reverse("people:household_create"),
        reverse("people:household_edit", args=[household.pk]),
        reverse("people:person_add", args=[household.pk]),
        reverse("people:consent_give", args=[household.pk]),
        reverse("people:consent_withdraw", args=[register["consent"].pk]),
        reverse("housing:dwelling_list"),
        reverse("housing:dwelling_detail", args=[tenancy.dwelling_id]),
        reverse("housing:dwelling_create"),
        reverse("housing:tenancy_list"),
        reverse("housing:tenancy_end", args=[tenancy.pk]),
        reverse("housing:waiting_list"),
        reverse("cases:letting_create", args=[entry.pk]),
        reverse("assessments:calculator", args=[household.pk]),
        reverse("assessments:candidates"),
        reverse("cases:case_list") + "?scope=all",
        reverse("cases:case_detail", args=[register["case"].pk]),
        reverse("cases:case_open", args=[entry.household_id]),
        reverse("cases:case_purchase", args=[register["case"].pk]),
        reverse("cases:my_work"),
        reverse("cases:case_mapping", args=[register["case"].pk]),
        *meeting_pages(register),
        *referral_pages(),
        *outreach_pages(register),
        *dispatch_pages(register),
    ]


def test_the_login_page_has_no_serious_accessibility_violations(page, db):
    page.goto("/logg-inn/")
    assert axe_violations(page) == []


def test_every_register_page_has_no_serious_accessibility_violations(page, register):
    log_in(page, "alice")
    found = {}
    for url in _pages(register):
        page.goto(url)
        violations = axe_violations(page)
        if violations:
            found[url] = violations
    assert found == {}


def test_the_approvers_start_page_with_decisions_waiting_has_no_serious_violations(page, register, team):
    from boligvei.cases.decisions import decision_recommend
    from boligvei.people.services import consent_give
    from tests.conftest import make_user

    make_user("frida", "approver", team)
    case = register["case"]
    consent_give(actor=case.caseworker, household=case.household, purpose="share_husbanken", method="signed_form")
    decision_recommend(actor=case.caseworker, case=case, kind="startlan", amount=1_900_000,
                       recommendation="Anbefales.", override_reason="Kartlagt på papir i møtet.")
    log_in(page, "frida")
    expect(page.get_by_role("heading", name="Til beslutning")).to_be_visible()
    assert axe_violations(page) == []
    page.goto(reverse("cases:case_detail", args=[case.pk]))
    expect(page.get_by_text("Sendt selv om noe manglet")).to_be_visible()
    assert axe_violations(page) == []


def test_a_letting_waiting_for_a_second_approver_and_its_decision_have_no_serious_violations(page, register, team):
    import datetime as dt

    from boligvei.cases.lettings import letting_propose
    from tests.conftest import make_user

    make_user("frida", "approver", team)
    entry = register["entry"]
    letting = letting_propose(actor=register["case"].caseworker, entry=entry, dwelling=DwellingFactory(
        street_address="Fjellveien 12"), start_date=dt.date(2026, 12, 1), contract_type="indefinite",
        facts="Har ventet i to år.", grounds="Boligen passer husstanden.", second_approval=True)
    log_in(page, "frida")
    expect(page.get_by_role("heading", name="Tildelinger til godkjenning")).to_be_visible()
    assert axe_violations(page) == []
    page.goto(reverse("cases:letting_detail", args=[letting.pk]))
    page.get_by_role("button", name="Ikke godkjenn").click()  # without a reason: the form explains itself
    expect(page.locator(".ds-error-summary")).to_contain_text("Skriv hvorfor")
    assert axe_violations(page) == []
    page.get_by_role("button", name="Godkjenn tildelingen").click()
    expect(page.get_by_text("Vedtak om tildeling av bolig")).to_be_visible()
    assert axe_violations(page) == []
    page.goto(reverse("people:household_detail", args=[entry.household_id]))
    expect(page.get_by_role("heading", name="Vedtak og finansieringsbevis")).to_be_visible()
    assert axe_violations(page) == []


def test_the_decision_template_editor_with_its_preview_button_has_no_serious_violations(page, register, team):
    from tests.conftest import make_user

    make_user("ada", "administrator", team)
    log_in(page, "ada")
    page.goto(reverse("cases:decision_template_edit", args=["letting", "en"]))
    expect(page.get_by_role("button", name="Forhåndsvis med eksempeldata (PDF)")).to_be_visible()
    assert axe_violations(page) == []


def test_a_form_with_errors_stays_accessible_and_explains_itself(page, register):
    log_in(page, "alice")
    page.goto(reverse("people:household_create"))
    page.get_by_label("Fødselsnummer eller D-nummer").fill("01018012345")
    page.get_by_role("button", name="Lagre").click()
    summary = page.locator(".ds-error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Kontrollsifrene stemmer ikke")
    assert axe_violations(page) == []


def test_the_skip_link_is_the_first_thing_the_keyboard_reaches(page, register):
    log_in(page, "alice")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    assert "Hopp til hovedinnhold" in focused
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_revealing_an_identity_number_swaps_it_in_place(page, register):
    log_in(page, "alice")
    household = register["household"]
    person = household.members.get(relation="main")
    page.goto(reverse("people:household_detail", args=[household.pk]))
    cell = page.locator(f"#identity-{person.pk}")
    expect(cell).to_contain_text("*****")
    cell.get_by_role("button").click()
    expect(cell).to_contain_text(person.identity_number())
    expect(cell.locator("[data-focus-after-swap]")).to_be_focused()  # focus is not dropped
    assert "/husstander/" in page.url  # no navigation away


def test_a_filter_updates_the_list_and_the_address(page, register):
    log_in(page, "alice")
    page.goto(reverse("housing:dwelling_list"))
    expect(page.locator("#results")).to_contain_text("Granliveien 4")
    page.get_by_label("Utleie").select_option("vacant")
    expect(page.locator("#results")).not_to_contain_text("Granliveien 4")
    expect(page.locator("#results")).to_contain_text("Ledig vei 2")
    expect(page).to_have_url(re.compile(r"occupancy=vacant"))
    expect(page.locator("#result-count")).to_have_text("Viser 1–1 av 1.")


def test_a_search_for_a_name_finds_the_household_and_keeps_the_name_out_of_the_url(page, register):
    log_in(page, "alice")
    page.goto(reverse("people:household_list"))
    page.get_by_label("Søk på navn, adresse eller fødselsnummer").fill("Omar")
    page.get_by_role("button", name="Søk", exact=True).click()
    expect(page.locator("#results")).to_contain_text("Omar, Ali")
    expect(page.locator("#results")).not_to_contain_text("Nordmann, Kari")
    assert "Omar" not in page.url


def test_a_caseworker_registers_a_household_by_keyboard_and_mouse(page, register):
    log_in(page, "alice")
    page.goto(reverse("people:household_list"))
    page.get_by_role("link", name="Registrer husstand").click()
    page.get_by_label("Fornavn").fill("Sara")
    page.get_by_label("Etternavn").fill("Haugen")
    page.get_by_label("Fødselsdato").fill("1991-02-03")
    page.get_by_label("Kjønn").select_option("female")
    page.get_by_role("button", name="Lagre").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Haugen, Sara")
    expect(page.locator(".ds-alert")).to_contain_text("Husstanden er registrert")


def test_moving_a_slider_recalculates_the_answer_in_place(page, register):
    log_in(page, "alice")
    household = register["household"]
    page.goto(reverse("assessments:calculator", args=[household.pk]))
    price = page.get_by_role("spinbutton", name="Kjøpesum (kr)")
    answer = page.locator("#result .ds-card", has_text="Denne boligen").locator(".figure")
    page.get_by_role("slider", name="Juster kjøpesum (kr)").fill("100000")
    expect(price).to_have_value("100000")
    expect(answer).to_have_text("Går opp")
    price.fill("9000000")
    expect(answer).to_have_text("Går ikke opp")
    assert "/betjeningsevne/" in page.url


def test_a_caseworker_saves_an_assessment_and_finds_it_on_the_household(page, register):
    log_in(page, "alice")
    household = register["household"]
    page.goto(reverse("assessments:calculator", args=[household.pk]))
    page.get_by_label("Merknad til vurderingen").fill("Første samtale")
    page.get_by_role("button", name="Lagre vurderingen").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Vurdering av betjeningsevne")
    assert axe_violations(page) == []
    page.goto(reverse("people:household_detail", args=[household.pk]))
    expect(page.locator("body")).to_contain_text("høyeste totalpris")


def test_the_public_self_check_is_accessible_with_an_answer(page, db):
    page.goto(reverse("assessments:self_check"))
    page.get_by_label("Inntekt etter skatt per måned, hele husstanden (kr)").fill("48000")
    page.get_by_label("Pris på boligen du tenker på (kr)").fill("2200000")
    page.get_by_role("button", name="Regn ut").click()
    expect(page.locator("#result")).to_contain_text("Du kan kanskje kjøpe bolig til")
    assert axe_violations(page) == []


def test_the_parameter_pages_are_accessible_to_an_administrator(page, db, team):
    from tests.conftest import make_user

    make_user("erik", "administrator", team)
    log_in(page, "erik")
    for url in (reverse("assessments:parameters"), reverse("assessments:parameter_create") + "?kind=stress_test"):
        page.goto(url)
        assert axe_violations(page) == [], url


def test_the_outreach_pages_are_accessible_with_a_selection_and_a_template_preview(page, db, team):
    from tests.conftest import make_user
    from tests.outreach.factories import tenant

    household, _ = tenant(first_name="Kari", last_name="Aas")
    make_user("erik", "administrator", team)
    log_in(page, "erik")
    page.goto(reverse("outreach:campaign_new"))
    page.get_by_label("Navn på utsendelsen").fill("Våren")
    page.get_by_role("button", name="Vis utvalget").click()
    expect(page.locator("#selection-heading")).to_contain_text("1 husstand får brev")
    assert axe_violations(page) == []
    page.goto(reverse("outreach:template_list"))
    assert axe_violations(page) == []
    page.goto(reverse("outreach:template_edit", args=["invitation", "nb"]))
    page.get_by_label("Forhåndsvis med husstand nr.").fill(str(household.pk))
    page.get_by_role("button", name="Forhåndsvis teksten").click()
    expect(page.locator(".letter-preview")).to_contain_text("Hei, Kari Aas!")
    assert axe_violations(page) == []


def test_the_report_page_is_accessible_with_charts_and_tables(page, transactional_db, alice, bob, team):
    from tests.conftest import make_user
    from tests.reports.history import build_history

    build_history(alice, make_user("dave", "caseworker", team))
    log_in(page, "bob")
    page.goto(reverse("reports:dashboard") + "?start=2012-01-01&end=2014-12-31&as_of=2014-12-31")
    expect(page.get_by_role("img", name="Kjøp per år")).to_be_visible()
    expect(page.get_by_role("heading", name="Trakten per saksbehandler")).to_be_visible()
    assert axe_violations(page) == []
    page.screenshot(path="/tmp/boligvei-reports.png", full_page=True)
    page.get_by_label("Fra", exact=True).fill("2014-06-01")
    page.get_by_label("Til", exact=True).fill("2013-01-01")
    page.get_by_role("button", name="Vis tallene").click()
    expect(page.locator(".ds-error-summary")).to_contain_text("«Til» kan ikke være før «Fra».")
    assert axe_violations(page) == []


def test_the_statistics_role_lands_on_the_figures(page, charlie):
    log_in(page, "charlie")
    expect(page.get_by_role("heading", level=1)).to_have_text("Resultater for leie til eie")
    assert axe_violations(page) == []


def test_the_decision_pages_have_no_serious_accessibility_violations(page, register, team):
    """The approver deciding on the case page, the case with its letters and certificate, and
    the administrator's decision letter templates; with the guidelines applied (the case page,
    the calculator, the candidates)."""
    from boligvei.cases.decisions import decision_decide, decision_recommend
    from boligvei.cases.services import case_open
    from boligvei.demo.guidelines import demo_guidelines_create
    from tests.cases.factories import ready_for_startlan
    from tests.conftest import make_user

    alice = register["case"].caseworker
    approver, admin = make_user("frida", "approver", team), make_user("ada", "administrator", team)
    demo_guidelines_create(actor=admin)  # the guidelines on the case page, the forms and the letter
    decided = household_with_main_person(first_name="Per", last_name="Bevis")
    TenancyFactory(household=decided)
    case = ready_for_startlan(alice, case_open(actor=alice, household=decided))
    decision = decision_recommend(actor=alice, case=case, kind="startlan", amount=1_800_000, recommendation="Ja.")
    decision_decide(actor=approver, decision=decision, outcome="approved", grounds="", price_frame=2_200_000)
    decision_recommend(actor=alice, case=ready_for_startlan(alice, register["case"]), kind="startlan",
                       amount=1_500_000, recommendation="Ja.")
    found = {}
    for username, urls in (
            ("frida", [reverse("cases:case_detail", args=[register["case"].pk]), reverse("cases:my_work")]),
            ("alice", [reverse("cases:case_detail", args=[case.pk]),
                       reverse("assessments:calculator", args=[decided.pk]),
                       reverse("assessments:candidates") + "?target_group=in"]),
            ("ada", [reverse("cases:decision_template_list"),
                     reverse("cases:decision_template_edit", args=["refused", "nn"])])):
        page.context.clear_cookies()
        log_in(page, username)
        for url in urls:
            page.goto(url)
            violations = axe_violations(page)
            if violations:
                found[f"{username} {url}"] = violations
    assert found == {}
    page.goto(reverse("cases:decision_template_list"))
    expect(page.get_by_role("link", name="Vedtak om avslag (nynorsk)")).to_be_visible()
