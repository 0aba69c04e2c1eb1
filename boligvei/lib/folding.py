"""Folding text for search: what a person types finds what the register spells.

A caseworker types «Wozniak» for «Woźniak», «Muller» for «Müller», «Jose» for «José», and on a
keyboard without Norwegian letters «Sorensen» for «Sørensen» or «Baekkelund» for «Bækkelund».
Search compares both sides folded: accents dropped, the letters that carry no accent to drop
spelt the way registers without them spell them, then lower case.

The rule, in this order, is the same in Python (SQLite, where it is registered as a function)
and in SQL (PostgreSQL's `boligvei_fold`, made by a migration with `FOLD_FUNCTION_SQL`, where
trigram indexes are built on it); tests hold the two to the same answers:

1. Unicode NFKD: a letter with an accent becomes the letter and a combining mark (é → e + ´,
   å → a + ˚, ü → u + ¨), ligatures and full-width forms their plain letters.
2. The combining diacritical marks (U+0300–U+036F) are dropped.
3. Letters that do not decompose become what they are written as without them (`LETTERS`):
   ø → o, æ → ae, œ → oe, ß → ss, đ/ð → d, ł → l, ı → i, ħ → h, þ → th.
4. Lower case.

Norwegian letters fold too (ø → o, æ → ae, å → a), as the National Population Register's search
and most municipal systems do: a name written without them (a foreign system, an old import, an
English keyboard) is found, and «Sørensen» still finds «Sørensen» (both sides fold alike). The
price is that «Sørensen» also lists a «Sorensen»: a search lists candidates for a person to
choose between, and a missed household costs more than one more line. «Aa» is not read as «å»
(«Aasen» does not find «Åsen»): that spelling is a different name as often as the same one.

Not a transliteration library (Unidecode, anyascii): those also turn Cyrillic or Arabic into
Latin letters, which PostgreSQL's index could not do alike, and names in those scripts are
searched as written.
"""

import re
import unicodedata

COMBINING_MARKS = "\u0300-\u036f"
_COMBINING = re.compile(f"[{COMBINING_MARKS}]")

# Letters without a decomposition, and how they are written without them (both cases).
LETTERS = {
    "ø": "o", "Ø": "o", "æ": "ae", "Æ": "ae", "œ": "oe", "Œ": "oe", "ß": "ss", "ẞ": "ss",
    "đ": "d", "Đ": "d", "ð": "d", "Ð": "d", "ł": "l", "Ł": "l", "ı": "i", "ħ": "h", "Ħ": "h",
    "þ": "th", "Þ": "th",
}
_TABLE = str.maketrans(LETTERS)


def fold(text: str | None) -> str | None:
    """`text` as search compares it: «Woźniak» → «wozniak», «Sørensen» → «sorensen»."""
    if text is None:
        return None
    return _COMBINING.sub("", unicodedata.normalize("NFKD", text)).translate(_TABLE).lower()


def _sql_literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _fold_sql_body() -> str:
    expression = f"regexp_replace(normalize(value, NFKD), '[\\u0300-\\u036f]', '', 'g')"
    single = {letter: plain for letter, plain in LETTERS.items() if len(plain) == 1}
    expression = f"translate({expression}, {_sql_literal(''.join(single))}, {_sql_literal(''.join(single.values()))})"
    for letter, plain in LETTERS.items():
        if len(plain) > 1:
            expression = f"replace({expression}, {_sql_literal(letter)}, {_sql_literal(plain)})"
    return f"lower({expression})"


# PostgreSQL 13+ (normalize), a UTF-8 database. IMMUTABLE, so that indexes may be built on it and
# a search word's folding is worked out once when the query is planned.
FOLD_FUNCTION_SQL = (
    "CREATE OR REPLACE FUNCTION boligvei_fold(value text) RETURNS text "
    "LANGUAGE sql IMMUTABLE PARALLEL SAFE "
    f"AS $fold$ SELECT {_fold_sql_body()} $fold$"
)
