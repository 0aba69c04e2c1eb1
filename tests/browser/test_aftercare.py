"""Help to buy and after the purchase in a real browser: the checklist's progress on the case,
a follow-up recorded with payment trouble, «Mitt arbeid», and the administrator's checklist;
each page checked with axe (WCAG 2.1 AA)."""

import datetime as dt

from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from boligvei.cases import checklist, services
from boligvei.cases.follow_ups import follow_ups_plan
from boligvei.cases.models import Case, Purchase
from tests.browser.conftest import axe_violations, log_in
from tests.conftest import make_user
from tests.housing.factories import TenancyFactory
from tests.people.factories import consenting_household


def _bought(alice) -> Case:
    """A case bought four months ago, its checklist partly done and its follow-ups planned."""
    household = consenting_household(first_name="Kari", last_name="Nordmann")
    TenancyFactory(household=household)
    case = services.case_open(actor=alice, household=household, status="conversation_held")
    checklist.checklist_add(actor=alice, case=case, by_hand=True)
    services.task_complete(actor=alice, task=case.tasks.order_by("due_on", "id").first())
    Case.objects.filter(pk=case.pk).update(status="purchased")
    took_over = timezone.localdate() - dt.timedelta(days=120)
    Purchase.objects.create(case=case, completed_on=took_over, price=2_000_000, equity=2_000_000,
                            bought_rented_dwelling=False, address="Solbakken 3")
    follow_ups_plan(actor=alice, case=case, completed_on=took_over)
    return case


def test_a_caseworker_records_a_follow_up_with_payment_trouble_and_the_pages_are_accessible(
        page, transactional_db, alice):
    case = _bought(alice)
    log_in(page, "alice")
    page.goto(reverse("cases:my_work"))
    expect(page.get_by_role("heading", name="Oppfølging etter kjøp")).to_be_visible()
    assert axe_violations(page) == []
    page.goto(reverse("cases:case_detail", args=[case.pk]))
    expect(page.get_by_text("1 av 6 gjort")).to_be_visible()
    assert axe_violations(page) == []
    page.get_by_role("link", name="Registrer oppfølgingen etter 3 måneder").click()
    page.get_by_label("Hvordan går det med husstanden?").fill("Trives, men strømregningen var høy i vinter.")
    page.get_by_label("Restanse på startlånet").check()
    page.get_by_role("button", name="Registrer oppfølgingen").click()
    expect(page.get_by_text("Skriv hva betalingsproblemene gjelder.").first).to_be_visible()
    assert axe_violations(page) == []
    page.get_by_label("Om betalingene").fill("To terminer ubetalt.")
    page.get_by_label("Gjeldsrådgivning (økonomisk rådgivning)").check()
    page.get_by_role("button", name="Registrer oppfølgingen").click()
    expect(page.get_by_text("Oppfølgingen etter kjøpet er registrert.")).to_be_visible()
    assert axe_violations(page) == []
    assert Case.objects.get(pk=case.pk).status == "after_purchase"


def test_an_administrator_edits_the_purchase_checklist_and_the_page_is_accessible(page, transactional_db, team):
    make_user("erik", "administrator", team)
    log_in(page, "erik")
    page.goto(reverse("cases:checklist_template"))
    assert axe_violations(page) == []
    page.get_by_role("group", name="Punkt 3").get_by_label("Frist (dager)").fill("25")
    page.get_by_role("button", name="Lagre som ny versjon").click()
    expect(page.get_by_text("Sjekklisten er lagret som en ny versjon.")).to_be_visible()
    assert axe_violations(page) == []
    assert checklist.checklist_in_force().items[2]["due_days"] == 25
