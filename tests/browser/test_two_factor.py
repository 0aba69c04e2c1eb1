"""Two-factor login in the browser: setting up the app, the code step and a lockout, each page
checked by axe-core."""

import re

import pytest
from django.conf import settings
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from tests.browser.conftest import PASSWORD, axe_violations
from tests.conftest import totp_code, two_factor_device


def password_step(page, username: str, password: str = PASSWORD) -> None:
    page.goto("/logg-inn/")
    page.get_by_label("Brukernavn").fill(username)
    page.get_by_label("Passord").fill(password)
    page.get_by_role("button", name="Logg inn").click()


@pytest.mark.django_db(transaction=True)
def test_a_caseworker_sets_up_the_app_and_gets_recovery_codes(page, alice):
    password_step(page, "alice")
    page.wait_for_url("**/logg-inn/totp/ny/**")
    expect(page.get_by_role("img", name=re.compile("QR-kode"))).to_be_visible()
    assert axe_violations(page) == []
    device = TOTPDevice.objects.get(user=alice)
    page.get_by_label("Kode").fill(totp_code(device))
    page.get_by_role("button", name="Bekreft").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Tofaktorinnlogging er satt opp")
    expect(page.locator(".recovery-codes li")).to_have_count(10)
    assert axe_violations(page) == []
    page.get_by_role("link", name="Fortsett til Boligvei").click()
    page.wait_for_url("**/")
    expect(page.get_by_role("navigation", name="Hovedmeny")).to_be_visible()


@pytest.mark.django_db(transaction=True)
def test_the_code_step_and_its_error_are_accessible(page, alice):
    two_factor_device(alice)
    password_step(page, "alice")
    page.wait_for_url("**/logg-inn/totp/**")
    expect(page.get_by_role("navigation", name="Hovedmeny")).to_have_count(0)
    page.get_by_label("Kode").fill("12")
    page.get_by_role("button", name="Logg inn").click()
    expect(page.locator(".ds-error-summary")).to_contain_text("seks sifrene")
    assert axe_violations(page) == []


@pytest.mark.django_db(transaction=True)
def test_a_lockout_is_explained_on_the_login_page(page, alice):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        password_step(page, "alice", "wrong-password")
    expect(page.get_by_role("alert").first).to_contain_text("For mange mislykkede innloggingsforsøk")
    assert axe_violations(page) == []
