"""A tenant switches the public pages to nynorsk or English as a person would, and the pages
stay accessible in every language (axe-core, WCAG 2.1 AA)."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.browser.conftest import axe_violations


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
