"""Free-text searches without personal data in URLs.

A search for a name or an identity number must not end up in an address bar, a browser history
or a web server's access log. The search form is posted; the text is kept in the session under a
random token, and the list page is addressed by that token (`?s=<token>`), so paging and filters
work as links while the URL carries nothing personal.
"""

import secrets

SESSION_KEY = "boligvei_searches"
MAX_KEPT = 20
MAX_LENGTH = 100


def stash_search(request, text: str) -> str:
    """Keep a search text in the session and return the token for the URL ('' for no search)."""
    text = " ".join(text.split())[:MAX_LENGTH]
    if not text:
        return ""
    searches = request.session.get(SESSION_KEY, {})
    token = secrets.token_urlsafe(8)
    searches[token] = text
    # Keep the newest few only; dicts keep insertion order.
    request.session[SESSION_KEY] = dict(list(searches.items())[-MAX_KEPT:])
    return token


def search_text(request) -> tuple[str, str]:
    """The (token, text) of the search this request refers to, or ('', '')."""
    token = request.GET.get("s", "")
    text = request.session.get(SESSION_KEY, {}).get(token, "") if token else ""
    return (token, text) if text else ("", "")
