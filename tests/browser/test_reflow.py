"""Every public page reflows on a phone (WCAG 2.1, 1.4.10): at 320 and 390 CSS pixels wide
nothing is cut off and nothing scrolls sideways. The interest form was 505 px wide."""

import pytest
from django.urls import reverse

from tests.referrals.factories import ReferralPartnerFactory

WIDTHS = (320, 390)


@pytest.fixture
def public_urls(transactional_db):
    partner = ReferralPartnerFactory()
    return [reverse("referrals:interest"), reverse("referrals:interest_thanks"), reverse("assessments:self_check"),
            reverse("login"), reverse("referrals:partner_referral", args=[partner.token]),
            reverse("referrals:partner_thanks", args=[partner.token])]


def _overflow(page) -> list[str]:
    """The elements that reach past the right edge of the screen."""
    return page.evaluate("""() => [...document.querySelectorAll('body *')]
        .filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
        .slice(0, 5).map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + (e.className ? '.' + e.className : ''))""")


@pytest.mark.parametrize("width", WIDTHS)
def test_public_pages_fit_a_phone_screen_without_sideways_scrolling(page, public_urls, width):
    page.set_viewport_size({"width": width, "height": 800})
    for url in public_urls:
        page.goto(url)
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        assert scroll_width <= width, f"{url} is {scroll_width} px wide at {width} px: {_overflow(page)}"


def test_the_self_check_answer_fits_a_phone_screen_too(page, transactional_db):
    page.set_viewport_size({"width": 320, "height": 800})
    page.goto(reverse("assessments:self_check"))
    page.get_by_label("Inntekt etter skatt per måned, hele husstanden (kr)").fill("42000")
    page.get_by_label("Pris på boligen du tenker på (kr)").fill("2400000")
    page.get_by_role("button", name="Regn ut").click()
    page.get_by_text("Du kan kanskje kjøpe bolig til").wait_for()
    assert page.evaluate("document.documentElement.scrollWidth") <= 320, _overflow(page)
