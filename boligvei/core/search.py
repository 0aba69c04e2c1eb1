"""Free-text searches without personal data in URLs.

A search for a name or an identity number must not end up in an address bar, a browser history
or a web server's access log. The search form is posted; the text is kept, encrypted, in the
session under a random token, and the list page is addressed by that token (`?s=<token>`), so
paging and filters work as links while neither the URL nor the session table carries anything
personal in clear text. A searched identity number is shown masked.
"""

import re
import secrets

from django.db.backends.signals import connection_created
from django.db.models import F, Func, GeneratedField, Q, TextField, Value
from django.db.models.lookups import Contains

from boligvei.lib import crypto, folding, identity

SESSION_KEY = "boligvei_searches"
MAX_KEPT = 20
MAX_LENGTH = 100


def stash(request, value: str, *, key: str = SESSION_KEY, kept: int = MAX_KEPT) -> str:
    """Keep a value, encrypted, in the session under `key` and return the random token for the URL."""
    stashed_values = request.session.get(key, {})
    token = secrets.token_urlsafe(8)
    stashed_values[token] = crypto.encrypt(value)
    # Keep the newest few only; dicts keep insertion order.
    request.session[key] = dict(list(stashed_values.items())[-kept:])
    return token


def stashed(request, *, key: str = SESSION_KEY) -> tuple[str, str]:
    """The (token, value) this request's `?s=` refers to, or ('', '')."""
    token = request.GET.get("s", "")
    stored = request.session.get(key, {}).get(token, "") if token else ""
    try:
        value = crypto.decrypt(stored) if stored else ""
    except ValueError:  # the key was rotated since: the value is simply gone
        value = ""
    return (token, value) if value else ("", "")


def stash_search(request, text: str) -> str:
    """Keep a search text in the session and return the token for the URL ('' for no search)."""
    text = " ".join(text.split())[:MAX_LENGTH]
    return stash(request, text) if text else ""


def search_text(request) -> tuple[str, str]:
    """The (token, text) of the search this request refers to, or ('', '')."""
    return stashed(request)


def search_display(text: str) -> str:
    """The search as the page repeats it: identity numbers masked."""
    return identity.mask(text) if identity.looks_like_identity_number(text) else text


# A word is a run of letters and digits (the hyphen and apostrophe stay inside names such as
# «Aas-Hansen» and «O'Neil»); the letter after a house number is a word of its own, so «15E»
# finds «15 E» and the other way round (a unit number such as «H0101» stays whole).
_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")
_NUMBER_LETTER = re.compile(r"(?<=\d)(?=[^\W\d_])")


def search_words(text: str) -> list[str]:
    """The words a free-text search must each find, in the order typed: punctuation such as the
    comma in «Kristiansen, Ronny» (the form the lists show) is not part of a word."""
    return [part for word in _WORD.findall(text) for part in _NUMBER_LETTER.split(word) if part]


class Folded(Func):
    """A text as search compares it (boligvei.lib.folding): `boligvei_fold(...)` in the database,
    a function PostgreSQL gets from a migration and SQLite from Python on each connection."""

    function = "boligvei_fold"
    arity = 1
    output_field = TextField()


def folded_column(field: str) -> GeneratedField:
    """A column holding `field` folded, computed and stored by the database on every write (an
    INSERT, an UPDATE, a bulk import, an anonymisation alike), so search reads it rather than
    folding every row it looks at; PostgreSQL keeps a trigram index on it."""
    return GeneratedField(expression=Folded(field), output_field=TextField(), db_persist=True)


def folded_contains(column: str | Func, word: str) -> Q:
    """The folded `column` (a `folded_column`'s name, or an expression such as `Folded("name")`)
    contains `word`, folded: «Wozniak» finds «Woźniak», «Sorensen» «Sørensen». The word is folded
    by the database too, so both sides fold by the same definition; on PostgreSQL the folded
    pattern is a constant when the query is planned, so a trigram index answers it."""
    return Q(Contains(F(column) if isinstance(column, str) else column, Folded(Value(word))))


def _register_sqlite_fold(sender, connection, **kwargs):
    if connection.vendor == "sqlite":
        connection.connection.create_function("boligvei_fold", 1, folding.fold, deterministic=True)


connection_created.connect(_register_sqlite_fold, dispatch_uid="boligvei_fold_sqlite")
