"""What every page must carry, checked on every page the caseworker, the administrator and an
anonymous visitor can reach (`crawl`): a CSRF token in each form that posts, and CSRF enforced
on its action; no framing; a content security policy without inline script, and pages that need
none (no inline `<script>`, no `style=` attributes). And no model change without its migration.
"""

import io
import re
from urllib.parse import unquote_plus

import pytest
from django.core.management import call_command
from django.test import Client

from boligvei.people.models import Person
from tests.security import crawl
from tests.security.conftest import USERS
from tests.security.test_fuzz import NAMES

pytestmark = pytest.mark.django_db


def _pages(world):
    return [page for pages in world.pages.values() for found in pages.values() for page in found]


def _policy(header: str) -> dict[str, list[str]]:
    directives = (part.split() for part in header.split(";") if part.strip())
    return {name: values for name, *values in directives}


def test_the_walk_reached_the_pages(world):
    names = {page.name for page in _pages(world)}
    assert len(names) >= 40, sorted(names)
    assert {"people:household_detail", "cases:case_detail", "referrals:partner_referral",
            "assessments:parameter_create", "referrals:interest"} <= names


# Single sign-on is off in the tests' settings, so its addresses answer 404 and no page links to
# them (tests/core/test_sso.py runs them against a real OpenID provider).
NOT_ON_THE_WALK = {"oidc_authentication_init", "oidc_authentication_callback", "oidc_logout"}


def test_the_walk_reached_every_page_and_form(world):
    """Every named URL was met on the walk: as a page, a download or where a form posts, so the
    fuzzing opens each at a real address with a real object (not an id that does not exist)."""
    reached = {name for user in USERS for name in (*world.pages[user], *world.addresses[user])}
    missing = sorted(set(NAMES) - reached - NOT_ON_THE_WALK)
    assert missing == [], " ".join(missing)


def test_no_page_on_the_walk_fails(world):
    assert not world.server_errors


def test_every_form_that_posts_carries_a_csrf_token(world):
    forms = [(page.url, form.action) for page in _pages(world) for form in page.forms if form.method == "post"]
    assert len(forms) >= 30
    missing = [(page.url, form.action) for page in _pages(world) for form in page.forms
               if form.method == "post" and not form.has_csrf]
    assert not missing


def test_every_form_action_refuses_a_post_without_the_token(world):
    """CsrfViewMiddleware guards every action; no view is exempt."""
    refused = {}
    for user, client in world.clients.items():
        forging = Client(enforce_csrf_checks=True)
        forging.cookies = client.cookies
        actions = {form.action for pages in world.pages[user].values() for page in pages for form in page.forms
                   if form.method == "post"}
        for action in actions:
            refused[action] = forging.post(action, {"name": "x"}).status_code
    assert refused and all(status == 403 for status in refused.values()), refused


def test_every_page_refuses_framing_and_inline_script(world):
    for page in _pages(world):
        policy = _policy(page.headers["Content-Security-Policy"])
        assert page.headers["X-Frame-Options"] == "DENY", page.url
        assert policy["frame-ancestors"] == ["'none'"], page.url
        for directive in ("script-src", "style-src", "default-src"):
            assert policy[directive] == ["'self'"], (page.url, directive)
        assert "'unsafe-inline'" not in page.headers["Content-Security-Policy"]


def test_no_page_needs_inline_script_or_style(world):
    """The policy would block them: a page with either is broken in the browser."""
    offending = [(page.url, page.inline_scripts, page.style_attributes) for page in _pages(world)
                 if page.inline_scripts or page.style_attributes]
    assert not offending


def test_no_link_or_form_address_carries_personal_data(world):
    """URLs reach browser histories and the web server's access log (runserver, gunicorn): no
    page links to an address with a name, phone number, e-mail address or identity number."""
    personal = set()
    for person in Person.objects.all():
        personal |= {word for word in f"{person.first_name} {person.last_name}".lower().split() if len(word) >= 4}
        personal |= {re.sub(r"\D", "", person.phone), person.email.lower(), person.identity_number()} - {""}
    addresses = {unquote_plus(link).lower() for page in _pages(world)
                 for link in [*page.links, *(form.action for form in page.forms)] if crawl.local(link)}
    assert len(personal) > 300 and len(addresses) > 100
    words = {address: set(re.split(r"[/?&=#,\s]+", address)) for address in addresses}
    assert not {address for address, parts in words.items() if parts & personal}


def test_every_model_change_has_its_migration():
    out = io.StringIO()
    try:
        call_command("makemigrations", "--check", "--dry-run", stdout=out, stderr=out)
    except SystemExit:
        pytest.fail(f"migrations are missing:\n{out.getvalue()}")
