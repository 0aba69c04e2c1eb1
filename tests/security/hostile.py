"""Hostile input for forms and query strings, as Hypothesis strategies.

A request is built from the form's own fields (what the page offers, so the view gets past its
first checks), with some fields dropped, some replaced by hostile values, some sent twice and
some unknown fields added. Values may be bytes that are not UTF-8 (a lone surrogate, 0xFF),
so bodies and query strings are percent-encoded here rather than by the test client.
"""

from __future__ import annotations

import json
from urllib.parse import quote, quote_from_bytes

from hypothesis import strategies as st

CSRF = "csrfmiddlewaretoken"
HUGE = 100_001  # 100 kB and more; several huge fields pass Django's 2.5 MB body limit

LITERALS = [
    "", " ", "\x00", "a\x00b", "\u202eevil\u202c", "\u200b", "\ufeff", "😀" * 50, "e\u0301" * 100, "Ω≈ç√",
    "-1", "0", "-0", "1e309", "-1e309", "NaN", "nan", "inf", "-Infinity", "1" + "0" * 30, str(2**63), str(-(2**63) - 1),
    "9" * 400, "1.5", "1,5", "0x10", "١٢٣", "²", "½", "12\u00a0000", "  42  ",
    "2025-02-30", "0000-00-00", "9999-12-31", "10000-01-01", "-2025-01-01", "2025-13-01", "31.12.2025", "2025-1-1T25:61",
    "' OR 1=1 --", "'; DROP TABLE people_person; --", '"><script>alert(1)</script>', "<img src=x onerror=alert(1)>",
    "{{ 7*7 }}", "{% debug %}", "${7*7}", "=cmd|' /C calc'!A0", "../../etc/passwd", "%00", "\r\nSet-Cookie: x=y",
    "true", "false", "null", "[]", "{}", "on", "off",
]
# Bytes that are no valid UTF-8: a lone surrogate as UTF-8 would encode it, a stray byte, a cut sequence.
BAD_BYTES = [b"\xed\xa0\x80", b"\xff\xfe", b"\xc3", b"abc\xed\xb2\x80def"]
HUGE_VALUES = ["x" * HUGE, "9" * HUGE, "é" * (HUGE // 2), "<b>" * (HUGE // 3)]
JSON_DOCUMENTS = [
    "{", '{"a": }', "[" * 100_000 + "]" * 100_000, '{"a":' * 50_000 + "1" + "}" * 50_000,
    json.dumps(list(range(50_000))), json.dumps({"periods": "not a list"}), "1e999999", '{"a": NaN}',
    json.dumps({"source": None, "rates": [{"from": "x", "rate": [1]}]}), '"\\ud800"',
]

text = st.text(st.characters(codec="utf-8"), max_size=60)
wrong_ids = st.sampled_from(["0", "-1", str(2**63), str(2**31), "999999999", "1.0", "abc"])
value = st.one_of(
    st.sampled_from(LITERALS), text, wrong_ids, st.integers().map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.sampled_from(BAD_BYTES), st.sampled_from(HUGE_VALUES), st.sampled_from(JSON_DOCUMENTS),
)
field_name = st.one_of(st.sampled_from(["id", "pk", "household", "actor", "created_by", "is_superuser", "role",
                                        "__proto__", "csrfmiddlewaretoken", "x" * 500, "a[]", "\x00"]), text)


@st.composite
def mutated(draw, fields: dict[str, list[str]], *, csrf: bool = True) -> list[tuple[str, str | bytes]]:
    """The form's fields with hostile changes: dropped, replaced, repeated, unknown ones added.
    The CSRF token goes as the page gave it, as a browser always sends it (the hardening tests
    check that a POST without it is refused)."""
    names = sorted(set(fields) - {CSRF})
    pairs: list[tuple[str, str | bytes]] = [(CSRF, (fields.get(CSRF) or ["token"])[0])] if csrf else []
    if names:
        dropped = draw(st.sets(st.sampled_from(names), max_size=len(names)))
        hostile = draw(st.dictionaries(st.sampled_from(names), value, max_size=len(names)))
        repeated = draw(st.sets(st.sampled_from(names), max_size=2))
        for name in names:
            if name in dropped and name not in hostile:
                continue
            offered = draw(st.sampled_from(fields[name])) if fields[name] else ""
            pairs.append((name, hostile.get(name, offered)))
            if name in repeated:  # a list where one value is expected
                pairs.append((name, draw(value)))
    pairs += draw(st.lists(st.tuples(field_name, value), max_size=2))
    return pairs


def encode(pairs: list[tuple[str, str | bytes]]) -> str:
    """application/x-www-form-urlencoded, keeping bytes that are not UTF-8 as they are."""
    def part(item):
        return quote_from_bytes(item, safe="") if isinstance(item, bytes) else quote(item, safe="")
    return "&".join(f"{part(k)}={part(v)}" for k, v in pairs)
