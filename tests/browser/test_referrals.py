"""The public interest form as a tenant meets it, and the partners page, in a real browser."""

import pytest
from django.core.cache import cache
from django.urls import reverse
from playwright.sync_api import expect

from boligvei.core.roles import Role
from boligvei.referrals.models import Submission
from tests.browser.conftest import axe_violations, log_in
from tests.conftest import make_user
from tests.referrals.factories import ReferralPartnerFactory


@pytest.fixture
def empty_cache(transactional_db):
    cache.clear()  # the rate limits count in the shared cache, which a flush does not empty


def _fill(page):
    page.get_by_label("Navn").fill("Kari Nordmann")
    page.get_by_label("Telefon").fill("000 12 345")
    page.get_by_label("Hvordan hørte du om dette?").select_option("flyer")


def test_a_tenant_sends_the_interest_form_and_sees_only_thanks(page, empty_cache):
    page.goto(reverse("referrals:interest"))
    assert axe_violations(page) == []
    _fill(page)
    page.get_by_role("button", name="Send").click()
    summary = page.locator(".ds-error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Vi kan bare ta imot skjemaet hvis du samtykker")
    assert axe_violations(page) == []
    expect(page.get_by_label("Navn")).to_have_value("Kari Nordmann")
    page.get_by_label("Jeg samtykker").check()
    page.get_by_role("button", name="Send").click()
    expect(page.get_by_role("heading", name="Takk!")).to_be_visible()
    expect(page.locator("main")).not_to_contain_text("Kari")
    assert axe_violations(page) == []
    assert Submission.objects.get().name == "Kari Nordmann"


def test_over_the_rate_limit_the_form_keeps_what_was_typed(page, empty_cache, settings):
    settings.PUBLIC_FORM_RATE = "0/h"
    page.goto(reverse("referrals:interest"))
    _fill(page)
    page.get_by_label("Jeg samtykker").check()
    page.get_by_role("button", name="Send").click()
    expect(page.locator(".ds-error-summary")).to_contain_text("mange skjemaer fra samme nettverk")
    expect(page.get_by_label("Telefon")).to_have_value("000 12 345")
    assert not Submission.objects.exists()


def test_the_partners_page_is_accessible(page, transactional_db):
    make_user("admin", Role.ADMINISTRATOR)
    ReferralPartnerFactory(name="NAV Fjordvik")
    log_in(page, "admin")
    page.goto(reverse("referrals:partner_list"))
    expect(page.locator("main")).to_contain_text("NAV Fjordvik")
    assert axe_violations(page) == []
