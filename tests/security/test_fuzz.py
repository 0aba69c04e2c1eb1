"""Every form and filter, fuzzed with hostile input: no server error, a clear message, nothing saved.

The targets come from the URL configuration and the pages themselves (`crawl`): each named URL
is posted to with the fields its forms offer, mutated by `hostile.mutated` (fields dropped,
emptied, huge, NUL bytes, bytes that are not UTF-8, numbers out of range, malformed dates and
JSON, markup and SQL, repeated and unknown fields), and each page is opened with hostile query
parameters. Each example runs in a transaction that is rolled back, so examples do not depend on
each other. Per request:

- the status is below 500;
- an answer that is not a redirect saved nothing (row counts of every model but the audit log,
  sessions and login attempts are unchanged), and a form shown again carries an error message;
- a redirect that carries only an error message saved nothing either.

`FUZZ_EXAMPLES` sets the examples per form (default 6, to keep CI's two runs short; page
queries and forms the walk did not find get a third of it); the counts are printed at the end of the run.
"""

from __future__ import annotations

import os
import re
import traceback
from contextlib import contextmanager
from pathlib import Path
from http.cookies import SimpleCookie
from urllib.parse import parse_qsl, urlsplit

import pytest
from django.conf import settings as django_settings
from django.contrib.messages import constants as message_levels
from django.core.signals import got_request_exception
from django.db import transaction
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from tests.security import crawl, hostile
from tests.security.conftest import COUNTS, USERS
from tests.security.rows import row_counts
from tests.test_url_access import PUBLIC, _patterns, _url

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "6"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=False,
                suppress_health_check=list(HealthCheck))
FEW = settings(FUZZ, max_examples=max(EXAMPLES // 3, 2))

# POSTs that answer on the same page rather than save (the calculator's what-if, the self-check).
ANSWERS = {"assessments:calculator", "assessments:self_check", "people:person_reveal"}
# POSTs whose success answers with a secret shown once on that answer (never kept in the session
# to show after a redirect): a new API key. Saved rows are expected when the form is not shown again.
SHOWN_ONCE = {"api:token_create"}
ERROR_MARKS = ("ds-error-summary", "ds-validation-message", 'data-color="danger"')

# Requests that once failed with a server error, by URL name: the fields changed from the form's own.
POST_REGRESSIONS: dict[str, list[dict]] = {
    "login": [{"username": "x" * 100_001, "password": "feil"}],  # axes' 255-character column (PostgreSQL)
    "assessments:self_check": [{"children_ages": "²"}],  # "²".isdigit(), but int("²") fails
    "assessments:parameter_create": [{"text": "[" * 100_000 + "]" * 100_000}],  # RecursionError in json
    "referrals:submission_open_case": [{"household": "²"}, {"household": "9" * 100_001}],
}
QUERY_REGRESSIONS: dict[str, list[dict]] = {
    "assessments:parameter_create": [{"kind": "tax", "year": "²"}],
}

PATTERNS = [(name, pattern) for name, pattern in _patterns() if name not in crawl.SKIP]
NAMES = [name for name, _ in PATTERNS]


def user_for(world, pattern, name: str) -> str:
    """The least-privileged user who reached the page on the walk, else who may use it."""
    reached = world.users_for(name)
    if reached:
        return reached[0]
    if name in PUBLIC:
        return "anonymous"
    if getattr(pattern.callback, "staff_required", {}).get("administrator"):
        return "administrator"
    return "caseworker"


class ServerErrors:
    """The exception behind a 500, kept so that the failure shows its traceback."""

    def __init__(self):
        self.last = ""

    def __call__(self, sender, request=None, **kwargs):
        self.last = traceback.format_exc()


SERVER_ERRORS = ServerErrors()


@pytest.fixture(autouse=True)
def answer_500s_as_the_server_would(world):
    for client in world.clients.values():
        client.raise_request_exception = False
    got_request_exception.connect(SERVER_ERRORS)
    yield
    got_request_exception.disconnect(SERVER_ERRORS)


@contextmanager
def files_kept(folder: Path):
    """The uploads waiting for their import, as they were: a commit deletes its file, which the
    database's rollback does not bring back."""
    kept = {path: path.read_bytes() for path in folder.iterdir()} if folder.is_dir() else {}
    try:
        yield
    finally:
        for path in (set(folder.iterdir()) if folder.is_dir() else set()) - set(kept):
            path.unlink()
        for path, content in kept.items():
            if not path.exists():
                path.write_bytes(content)


def send(client, kind: str, url: str, pairs, *, htmx: bool, label: str, query=None):
    """One hostile request, rolled back afterwards; checks status, messages and saved rows.
    `query`: hostile query parameters on a POST as well."""
    cookies = SimpleCookie(client.cookies.output(header="", sep="\n"))
    body = hostile.encode(pairs)
    headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    with files_kept(Path(django_settings.IMPORT_UPLOAD_DIR)), transaction.atomic():
        before = row_counts()
        SERVER_ERRORS.last = ""
        if kind == "post":
            address = f"{urlsplit(url).path}?{hostile.encode(query)}" if query is not None else url
            response = client.post(address, data=body, content_type="application/x-www-form-urlencoded", **headers)
        else:
            response = client.get(f"{urlsplit(url).path}?{body}", **headers)
        after = row_counts() if response.status_code < 500 else None  # a failed query ends the transaction
        transaction.set_rollback(True)
    client.cookies = cookies
    COUNTS.add(kind)
    if response.status_code >= 500:
        COUNTS.server_errors.append(f"{label} {kind.upper()} {url}: {SERVER_ERRORS.last.strip().splitlines()[-1:]}")
    assert response.status_code < 500, f"{kind.upper()} {url} {body[:300]!r}\n{SERVER_ERRORS.last}"
    if kind == "get":
        return
    if response.status_code in (301, 302, 303):
        levels = {m.level for m in getattr(response.wsgi_request, "_messages", [])}
        if message_levels.ERROR in levels and message_levels.SUCCESS not in levels:
            assert before == after, f"refused with a message, yet saved: POST {url} {body[:300]!r}"
        return
    html = response.content.decode(errors="replace") if response["Content-Type"].startswith("text/html") else ""
    if crawl.url_name(url) in SHOWN_ONCE and response.status_code == 200 and not form_posting_to(html, url):
        return  # made, and its secret shown on this answer only
    assert before == after, f"{response.status_code} answer saved rows: POST {url} {body[:300]!r}"
    if form_posting_to(html, url) and crawl.url_name(url) not in ANSWERS:
        assert any(mark in html for mark in ERROR_MARKS), f"form shown again without a message: POST {url} {body[:300]!r}"


FORM_TAG = re.compile(r"<form\b[^>]*>", re.IGNORECASE)


def form_posting_to(html: str, url: str) -> bool:
    """Whether the page shows a form that posts to the same view again (its tags only: the
    echoed hostile values make a full parse slow)."""
    forms = (crawl.parse(url, tag + "</form>").forms[0] for tag in FORM_TAG.findall(html))
    return any(form.method == "post" and crawl.url_name(form.action) == crawl.url_name(url) for form in forms)


def _targets(world, name: str, pattern, user: str) -> list[crawl.Form]:
    """The forms that post to the page, as the walk found them; else its address as the walk
    met it (a download, a page without a form), posted to with nothing but the token."""
    forms = world.forms(user).get(name) or next(
        (found for other in USERS if (found := world.forms(other).get(name))), [])
    if forms:
        return forms
    address = (world.addresses[user].get(name) or [_url(name, pattern)])[0]
    return [crawl.Form(page="", action=address, method="post")]


def _requests(targets: list[crawl.Form]):
    """A form, and what is posted to it."""
    return st.sampled_from(targets).flatmap(lambda form: st.tuples(st.just(form), hostile.mutated(form.fields)))


def _regression(form: crawl.Form, changed: dict) -> tuple:
    """The form as the page gave it, with the fields that once caused a server error."""
    fields = {**dict(form.baseline()), hostile.CSRF: "token", **changed}
    return form, list(fields.items())


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "pattern"), PATTERNS, ids=NAMES)
def test_hostile_posts_are_refused_cleanly(world, name, pattern):
    user = user_for(world, pattern, name)
    targets = _targets(world, name, pattern, user)
    # The caseworker's forms are posted by an administrator too (who sees every team).
    users = ["caseworker", "administrator"] if user == "caseworker" else [user]

    def fuzz(request, htmx, user):
        form, pairs = request
        send(world.clients[user], "post", form.action, pairs, htmx=htmx, label=user)

    test = given(request=_requests(targets), htmx=st.booleans(), user=st.sampled_from(users))(fuzz)
    for changed in POST_REGRESSIONS.get(name, []):
        test = example(request=_regression(targets[0], changed), htmx=False, user=users[0])(test)
    (FUZZ if targets[0].page else FEW)(test)()


def _query_fields(pages: list[crawl.Page], addresses: list[str]) -> dict[str, list[str]]:
    """The query parameters the page's links, filter forms and addresses use, with the values
    they offer, and the usual ones (page, search token)."""
    fields = {key: [] for key in crawl.query_keys(pages) | {"page", "s", "q"}}
    for page in pages:
        for form in page.forms:
            if form.method == "get":
                for key, values in form.fields.items():
                    fields[key] = fields[key] + values
    for address in addresses:
        for key, value in parse_qsl(urlsplit(address).query):
            fields.setdefault(key, []).append(value)
    return fields


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "pattern"), PATTERNS, ids=NAMES)
def test_hostile_query_parameters_are_ignored_or_refused(world, name, pattern):
    """Each page opened with hostile query parameters. What is not an HTML page is reached at
    the address the walk met: a download is opened, an action that only takes POST gets its
    form, unchanged, with the hostile query parameters."""
    user = user_for(world, pattern, name)
    client = world.clients[user]
    pages = world.pages[user].get(name, [])
    addresses = world.addresses[user].get(name) or [_url(name, pattern)]
    fields = _query_fields(pages, addresses)
    forms = [form for form in _targets(world, name, pattern, user) if form.page]

    if pages:
        def fuzz(target, query, htmx):
            send(client, "get", target.url, query, htmx=htmx, label=user)
        targets = pages
    elif forms:
        def fuzz(target, query, htmx):
            send(client, "post", target.action, target.baseline(), htmx=htmx, label=user, query=query)
        targets = forms
    else:
        def fuzz(target, query, htmx):
            send(client, "get", target, query, htmx=htmx, label=user)
        targets = addresses

    test = given(target=st.sampled_from(targets), query=hostile.mutated(fields, csrf=False), htmx=st.booleans())(fuzz)
    for changed in QUERY_REGRESSIONS.get(name, []):
        test = example(target=targets[0], query=list(changed.items()), htmx=False)(test)
    FEW(test)()
