"""Every page, generated from the URL configuration, refuses the users who may not use it.

A new page is covered the moment it is added: anonymous users are sent to the login page, the
statistics role (no personal data) is refused, and pages that change the register refuse a
programme leader, who may only read.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

PUBLIC = {"login", "logout", "core:health", "core:ready", "core:worker_health", "assessments:self_check", "referrals:interest", "referrals:interest_thanks",
          "referrals:partner_referral", "referrals:partner_thanks",
          # A new user's first-login link: the token in the address is the access check.
          "core:first_login",
          # The language switch on the public pages: a cookie, nothing else.
          "set_language",
          # Single sign-on's way in (404 unless configured) and mozilla-django-oidc's logout.
          "oidc_authentication_init", "oidc_authentication_callback", "oidc_logout"}


def _patterns(resolver=None, namespace=""):
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            yield from _patterns(entry, f"{entry.namespace}:" if entry.namespace else namespace)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}", entry


# The JSON API (boligvei.api): no session and no staff_required; every operation answers only to
# an API key, and tests/api/test_authentication.py checks that none opens with a session cookie.
API_NAMESPACE = "api_v1:"
PUBLIC |= {name for name, _ in _patterns() if name.startswith(API_NAMESPACE)}


def _sample(converter):
    """A value the converter accepts: 1, or the first of a fixed set of words (csv|xlsx)."""
    regex = getattr(converter, "regex", "")
    return regex.split("|")[0] if "|" in regex else 1


def _url(name: str, pattern: URLPattern) -> str:
    return reverse(name, kwargs={key: _sample(c) for key, c in pattern.pattern.converters.items()})


PAGES = [(name, pattern) for name, pattern in _patterns() if name not in PUBLIC]
# The programme's figures: aggregates only, open to the statistics role as well.
REPORT_PAGES = [(n, p) for n, p in PAGES if getattr(p.callback, "staff_required", {}).get("reports")]
# A user's own second factor: any member of staff who has logged in, whatever the role.
OWN_ACCOUNT_PAGES = [(n, p) for n, p in PAGES if getattr(p.callback, "staff_required", {}).get("own_account")]
PERSONAL_PAGES = [(n, p) for n, p in PAGES if (n, p) not in REPORT_PAGES + OWN_ACCOUNT_PAGES]


def test_there_are_pages_to_check():
    assert len(PAGES) >= 15


@pytest.mark.parametrize(("name", "pattern"), PAGES, ids=[name for name, _ in PAGES])
def test_anonymous_users_are_sent_to_the_login_page(client, db, name, pattern):
    url = _url(name, pattern)
    for method in (client.get, client.post):
        response = method(url)
        assert response.status_code in (302, 405), (name, response.status_code)
        if response.status_code == 302:
            assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize(("name", "pattern"), PERSONAL_PAGES, ids=[name for name, _ in PERSONAL_PAGES])
def test_the_statistics_role_is_refused(charlie_client, name, pattern):
    url = _url(name, pattern)
    response = charlie_client.post(url)
    sent_to = pattern.callback.staff_required.get("statistics_to")
    if sent_to:  # the start page sends the statistics role to the figures it may see
        assert response.status_code == 302 and response.url == reverse(sent_to), name
    else:
        assert response.status_code == 403, name


@pytest.mark.parametrize(("name", "pattern"), REPORT_PAGES, ids=[name for name, _ in REPORT_PAGES])
def test_report_pages_refuse_caseworkers_and_answer_only_get(alice_client, charlie_client, name, pattern):
    """Caseworkers work with people, not the programme's figures; the pages change nothing."""
    url = _url(name, pattern)
    assert alice_client.get(url).status_code == 403, name
    assert charlie_client.post(url).status_code == 405, name


@pytest.mark.parametrize(("name", "pattern"), PAGES, ids=[name for name, _ in PAGES])
def test_every_page_declares_its_access(name, pattern):
    """Views start with staff_required; the decorator marks whether the page writes."""
    assert hasattr(pattern.callback, "staff_required"), f"{name} has no staff_required"


WRITE_PAGES = [(n, p) for n, p in PAGES if p.callback.staff_required["write"]]


@pytest.mark.parametrize(("name", "pattern"), WRITE_PAGES, ids=[name for name, _ in WRITE_PAGES])
def test_a_read_only_role_cannot_open_pages_that_change_the_register(bob_client, name, pattern):
    url = _url(name, pattern)
    assert bob_client.get(url).status_code in (403, 405), name  # 405: a POST-only action
    assert bob_client.post(url).status_code == 403, name
