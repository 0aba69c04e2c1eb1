"""An administrator's own pages in a real browser: users, the guidelines, the language of the
pages; each checked with axe (WCAG 2.1 AA)."""

from django.urls import reverse
from playwright.sync_api import expect

from boligvei.core.models import User
from boligvei.demo.guidelines import demo_guidelines_create
from tests.browser.conftest import axe_violations, log_in
from tests.conftest import make_user


def test_an_administrator_creates_a_user_and_the_pages_are_accessible(page, transactional_db, team):
    admin = make_user("erik", "administrator", team)
    versions = demo_guidelines_create(actor=admin)
    log_in(page, "erik")
    page.goto(reverse("core:user_list"))
    assert axe_violations(page) == []
    page.get_by_role("link", name="Ny bruker").click()
    page.get_by_label("Brukernavn").fill("nora")
    page.get_by_label("Fornavn").fill("Nora")
    page.get_by_label("Etternavn").fill("Berg")
    page.get_by_label("Rolle").select_option("caseworker")
    page.get_by_role("button", name="Opprett bruker").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Nora Berg")
    assert axe_violations(page) == []
    page.get_by_role("button", name="Lag innloggingslenke").click()
    expect(page.locator("code")).to_contain_text("/velkommen/")
    assert axe_violations(page) == []
    assert User.objects.get(username="nora").role == "caseworker"
    for url in (reverse("guidelines:guideline_list"), reverse("guidelines:guideline_detail", args=[versions[1].pk]),
                reverse("guidelines:guideline_create"), reverse("core:language_preference")):
        page.goto(url)
        assert axe_violations(page) == [], url
