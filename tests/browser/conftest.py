"""Browser tests: Playwright driving Debian's Chromium against pytest-django's live server.

axe-core (from npm) checks every page for WCAG 2.1 A/AA violations. It is evaluated through the
DevTools protocol, so the pages keep their strict content security policy while they are tested.
"""

from pathlib import Path

import pytest

from boligvei.core.mfa import two_factor_required
from boligvei.core.models import User
from tests.conftest import totp_code, two_factor_device

CHROMIUM = "/usr/bin/chromium"
AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
PASSWORD = "password-for-tests"


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail("Debian's Chromium is missing: run `make browser` (apt-get install chromium)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="nb-NO")
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def log_in(page, username: str) -> None:
    """Password, then (for roles that see personal data) the code the user's app would show."""
    user = User.objects.get(username=username)
    device = two_factor_device(user) if two_factor_required(user) else None
    page.goto("/logg-inn/")
    page.get_by_label("Brukernavn").fill(username)
    page.get_by_label("Passord").fill(PASSWORD)
    page.get_by_role("button", name="Logg inn").click()
    if device:
        page.wait_for_url("**/logg-inn/totp/**")
        page.get_by_label("Kode").fill(totp_code(device))
        page.get_by_role("button", name="Logg inn").click()
    page.wait_for_url("**/")


def axe_violations(page, impacts=("serious", "critical")) -> list[dict]:
    """Run axe-core on the page (WCAG 2.0/2.1 A and AA rules) and return the bad violations."""
    page.evaluate(AXE.read_text(encoding="utf-8"))
    result = page.evaluate(
        """() => axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})"""
    )
    return [
        {"id": v["id"], "impact": v["impact"], "help": v["help"],
         "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"] if v["impact"] in impacts
    ]
