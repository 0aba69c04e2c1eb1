"""Find every page and form by walking the site as a user, starting from the URL configuration.

Pages without URL arguments are the starting points; every link, form action and public link
printed on a page (a partner's referral link) leads further. One or two instances of each named
URL are kept, so the walk costs a few hundred requests however large the register is, and a new
page is found as soon as some page links to it.
"""

from __future__ import annotations

import re
from collections import deque
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urljoin, urlsplit

from django.conf import settings
from django.urls import Resolver404, resolve, reverse

from tests.test_url_access import PUBLIC, _patterns

# Downloads (PDF, calendar, spreadsheets) are not HTML pages: the access tests open them.
NOT_PAGES = (".pdf", ".ics", ".csv", ".xlsx")
# The JSON API (and its Swagger page) is no HTML site: tests/api/test_schemathesis.py fuzzes every
# operation against its OpenAPI document instead.
SKIP = {"logout", *(name for name, _ in _patterns() if name.startswith("api_v1:"))}


@dataclass
class Form:
    """A form as the browser would send it: its action, method and each field's default values."""

    page: str
    action: str
    method: str
    fields: dict[str, list[str]] = field(default_factory=dict)  # name -> values the page offers
    has_csrf: bool = False

    def baseline(self) -> list[tuple[str, str]]:
        """The fields as the browser submits them unchanged (the first choice of each)."""
        return [(name, values[0]) for name, values in self.fields.items() if values]


@dataclass
class Page:
    url: str
    name: str
    status: int
    headers: dict
    html: str
    forms: list[Form]
    links: list[str]
    inline_scripts: int = 0
    style_attributes: int = 0


class PageParser(HTMLParser):
    """Forms (with their fields), links and what the content security policy forbids."""

    def __init__(self, url: str):
        super().__init__(convert_charrefs=True)
        self.url = url
        self.forms: list[Form] = []
        self.links: list[str] = []
        self.inline_scripts = 0
        self.style_attributes = 0
        self._form: Form | None = None
        self._select: str | None = None
        self._select_values: list[str] = []
        self._textarea: str | None = None
        self._text: list[str] = []

    def _add(self, name: str | None, value: str, *, first: bool = False) -> None:
        if self._form is None or not name:
            return
        values = self._form.fields.setdefault(name, [])
        if value not in values:
            values.insert(0, value) if first else values.append(value)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "style" in a:
            self.style_attributes += 1
        if tag == "script" and not a.get("src"):
            self.inline_scripts += 1
        if tag == "a" and a.get("href"):
            self.links.append(urljoin(self.url, a["href"]))
        if a.get("hx-get"):  # what htmx fetches by itself (a progress bar, a search as you type)
            self.links.append(urljoin(self.url, a["hx-get"]))
        elif tag == "form":
            self._form = Form(page=self.url, action=urljoin(self.url, a.get("action") or self.url),
                              method=(a.get("method") or "get").lower())
            self.forms.append(self._form)
        elif tag in ("input", "button"):
            kind = (a.get("type") or ("submit" if tag == "button" else "text")).lower()
            if a.get("name") == "csrfmiddlewaretoken" and self._form is not None:
                self._form.has_csrf = True
            if kind in ("checkbox", "radio"):
                self._add(a.get("name"), a.get("value", "on"), first="checked" in a)
            elif kind != "file":
                self._add(a.get("name"), a.get("value") or "")
        elif tag == "select":
            self._select, self._select_values = a.get("name"), []
        elif tag == "option" and self._select:
            self._add(self._select, a.get("value", ""), first="selected" in a)
        elif tag == "textarea":
            self._textarea, self._text = a.get("name"), []

    def handle_data(self, data):
        if self._textarea is not None:
            self._text.append(data)

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            self._add(self._textarea, "".join(self._text).lstrip("\n"))
            self._textarea = None


def parse(url: str, html: str) -> PageParser:
    parser = PageParser(url)
    parser.feed(html)
    parser.close()
    return parser


def url_name(url: str) -> str | None:
    """The URL's name in the URL configuration (namespace:name), or None if it is not ours."""
    try:
        match = resolve(urlsplit(url).path)
    except Resolver404:
        return None
    return match.view_name


def local(url: str) -> str | None:
    """The path and query of a link to this site, or None for another site."""
    parts = urlsplit(url)
    public = urlsplit(settings.PUBLIC_URL)
    if parts.scheme in ("http", "https") and parts.netloc not in ("testserver", public.netloc):
        return None
    if parts.scheme not in ("", "http", "https"):
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


def start_urls() -> list[str]:
    return [reverse(name) for name, pattern in _patterns() if not pattern.pattern.converters and name not in SKIP]


PUBLIC_LINK = re.compile(re.escape(settings.PUBLIC_URL) + r"(/[^\s\"'<>]*)")


def _note(addresses: dict[str, list[str]], name: str | None, url: str) -> None:
    if name and name not in SKIP and url not in addresses.get(name, []) and len(addresses.get(name, [])) < 3:
        addresses.setdefault(name, []).append(url)


def crawl(client, *, per_name: int = 1, known: set[str] = frozenset(), start: list[str] = (),
          from_urlconf: bool = True, server_errors: list[str] | None = None,
          addresses: dict[str, list[str]] | None = None) -> dict[str, list[Page]]:
    """Walk the site as the client's user: up to `per_name` HTML pages per named URL.

    Names in `known` are not fetched again (a second user's walk adds only what the first could
    not reach); the `start` pages are opened whatever else was seen. Pages that fail with a server error are listed in `server_errors`. Every address
    the walk met (downloads and actions that only take POST among them) is kept in `addresses`,
    a few per URL name, so that what is not an HTML page is still opened at a real address."""
    client.raise_request_exception = False
    pages: dict[str, list[Page]] = {}
    queue = deque([*(start_urls() if from_urlconf else []), *start])
    forced = set(start)  # opened whatever else of their kind the walk has seen
    seen: set[str] = set()
    while queue:
        url = queue.popleft()
        name = url_name(url)
        if addresses is not None:
            _note(addresses, name, url)
        if url in seen or name is None or name in SKIP or urlsplit(url).path.endswith(NOT_PAGES):
            continue
        if url not in forced and (name in known or len(pages.get(name, [])) >= per_name):
            continue
        seen.add(url)
        response = client.get(url)
        if response.status_code >= 500 and server_errors is not None:
            server_errors.append(url)
        if response.status_code != 200 or not response["Content-Type"].startswith("text/html"):
            continue
        html = response.content.decode()
        parsed = parse(url, html)
        pages.setdefault(name, []).append(Page(
            url=url, name=name, status=response.status_code, headers=dict(response.headers), html=html,
            forms=parsed.forms, links=parsed.links, inline_scripts=parsed.inline_scripts,
            style_attributes=parsed.style_attributes))
        found = [*parsed.links, *(form.action for form in parsed.forms if form.method == "get"),
                 *(settings.PUBLIC_URL + path for path in PUBLIC_LINK.findall(html))]
        queue.extend(link for link in map(local, found) if link)
        if addresses is not None:  # where the page's forms post: noted, not fetched
            for action in filter(None, map(local, (f.action for f in parsed.forms if f.method == "post"))):
                _note(addresses, url_name(action), action)
    return pages


def query_keys(pages: list[Page]) -> set[str]:
    """The query parameters a page's links and filter forms use (filters, search token, page)."""
    keys = set()
    for page in pages:
        for link in page.links:
            if url_name(link) == page.name:
                keys.update(key for key, _ in parse_qsl(urlsplit(link).query))
        for form in page.forms:
            if form.method == "get":
                keys.update(form.fields)
    return keys
