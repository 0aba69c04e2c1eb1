"""The privacy pages in a browser: accessible, and erasure clicked through with its confirmation."""

from urllib.parse import parse_qs, urlsplit

from django.urls import reverse

from boligvei.core.audit import audit_record
from boligvei.core.roles import Role
from boligvei.people.models import Person
from tests.browser.conftest import axe_violations, log_in
from tests.conftest import make_user
from tests.housing.factories import TenancyFactory
from tests.people.factories import household_with_main_person


def test_the_privacy_pages_are_accessible_and_erasure_asks_first(page, transactional_db, alice, team):
    make_user("erna", Role.ADMINISTRATOR, team)
    tenant = household_with_main_person(first_name="Kari", last_name="Nordmann")
    TenancyFactory(household=tenant)
    former = household_with_main_person(first_name="Ola", last_name="Hansen")
    audit_record(actor=alice, action="household.view", household_id=former.pk, reason="Ringte om startlån")
    log_in(page, "erna")
    found = {}
    for url in (reverse("privacy:audit_log"), reverse("privacy:access_report", args=[former.pk]),
                reverse("privacy:erase", args=[tenant.pk]), reverse("privacy:erase", args=[former.pk])):
        page.goto(url)
        if violations := axe_violations(page):
            found[url] = violations
    assert found == {}

    page.goto(reverse("privacy:audit_log"))
    page.get_by_label("Husstandsnummer").fill(str(former.pk))
    page.get_by_role("button", name="Vis").click()
    page.wait_for_url("**/revisjonslogg/?s=*")
    assert list(parse_qs(urlsplit(page.url).query)) == ["s"]  # the household id stays out of the URL
    assert page.get_by_text("Ringte om startlån").count() == 1

    page.goto(reverse("privacy:erase", args=[former.pk]))
    page.get_by_label("Hvorfor slettes opplysningene?").fill("Krav om sletting mottatt i dag")
    page.get_by_role("button", name="Slett personopplysningene").click()
    page.locator("#id_confirm_error").wait_for()  # not without the confirmation
    assert Person.objects.filter(household=former).exists()
    page.get_by_label("Jeg forstår at personopplysningene slettes").check()
    page.get_by_role("button", name="Slett personopplysningene").click()
    page.wait_for_url(f"**{reverse('privacy:access_report', args=[former.pk])}")
    assert not Person.objects.filter(household=former).exists()
