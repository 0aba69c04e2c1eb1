"""A tenant switches the public pages to nynorsk or English as a person would, and the pages
stay accessible in every language (axe-core, WCAG 2.1 AA); so do the staff pages in nynorsk."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.browser.conftest import axe_violations, log_in
from tests.browser.test_pages import _pages, register  # noqa: F401 (the register fixture)


@pytest.mark.parametrize("button, heading, lang", [
    ("Nynorsk", "Vil du eige bustaden du leiger?", "nn"),
    ("English", "Would you like to own the home you rent?", "en"),
])
def test_a_tenant_switches_language_and_the_pages_stay_accessible(page, transactional_db, button, heading, lang):
    page.goto(reverse("referrals:interest"))
    page.get_by_role("button", name=button).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    assert page.locator("html").get_attribute("lang") == lang
    assert axe_violations(page) == []
    page.goto(reverse("assessments:self_check"))  # the choice follows the tenant to the next page
    assert page.locator("html").get_attribute("lang") == lang
    assert axe_violations(page) == []


def test_the_staff_pages_in_nynorsk_have_no_serious_accessibility_violations(page, register, alice):
    """The register pages of test_pages, with the caseworker's own language set to nynorsk."""
    alice.language = "nn"
    alice.save(update_fields=["language"])
    log_in(page, "alice")
    expect(page.get_by_role("link", name="Hushald", exact=True).first).to_be_visible()
    found = {}
    for url in _pages(register):
        page.goto(url)
        assert page.locator("html").get_attribute("lang") == "nn", url
        violations = axe_violations(page)
        if violations:
            found[url] = violations
    assert found == {}
