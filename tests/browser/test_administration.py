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


def test_an_administrator_makes_and_revokes_an_api_key_on_accessible_pages(page, transactional_db, team):
    from boligvei.core.models import ApiToken

    make_user("erik", "administrator", team)
    log_in(page, "erik")
    page.goto(reverse("core:user_list"))
    page.get_by_role("link", name="API-nøkler for kommunens andre systemer").click()
    assert axe_violations(page) == []
    page.get_by_role("link", name="Ny API-nøkkel").click()
    assert axe_violations(page) == []
    page.get_by_role("textbox", name="System").fill("Boligforvaltning")
    page.get_by_label("Lese registeret: husstander og personer, boliger, leieforhold og ventelisten").check()
    page.get_by_role("button", name="Lag nøkkel").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("API-nøkkel til «Boligforvaltning»")
    assert page.get_by_label("Nøkkel", exact=True).input_value().startswith("bv_")
    assert axe_violations(page) == []
    page.get_by_role("link", name="Tilbake til API-nøklene").click()
    page.get_by_role("button", name="Trekk tilbake").click()
    expect(page.get_by_text("er trukket tilbake")).to_be_visible()
    assert axe_violations(page) == []
    assert ApiToken.objects.get().revoked_at is not None
