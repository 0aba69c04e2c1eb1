"""Reading one cell: Norwegian numbers, dates and yes/no as the municipalities' exports write them.

Each parser takes what a reader gives (text from CSV, text, numbers or dates from XLSX) and
returns a Python value, or raises `ValueProblem` with a Norwegian message for the rejected row.
Empty cells are `None` everywhere: whether a value is required is the mapping's business.
"""

import datetime as dt
import re
from decimal import Decimal, InvalidOperation

# Thousands separators seen in exports: space, no-break space, narrow no-break space, thin space,
# and the apostrophe some Swiss-configured spreadsheets use.
_THOUSANDS = str.maketrans("", "", " \u00a0\u202f\u2009'")
_COMMA_DECIMAL = re.compile(r"^[-+]?\d+(,\d+)?$")
_POINT_DECIMAL = re.compile(r"^[-+]?\d+(\.\d+)?$")
_DOTTED_THOUSANDS = re.compile(r"^[-+]?\d{1,3}(\.\d{3})+(,\d+)?$")  # 1.234.567,50
_NORWEGIAN_DATE = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[T ][\d:.]+)?$")

TRUE_WORDS = {"ja", "j", "true", "sann", "1", "x", "yes", "y"}
FALSE_WORDS = {"nei", "n", "false", "usann", "0", "no"}


class ValueProblem(ValueError):
    """A cell could not be read; the message is in Norwegian."""


def is_empty(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def parse_text(value) -> str | None:
    if is_empty(value):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # an id typed as a number in Excel: 1234.0 is "1234"
    return str(value).strip()


def parse_decimal(value) -> Decimal | None:
    """`1 234 567,50`, `1234567,50`, `1.234.567,50` and `1234567.50` are the same number."""
    if is_empty(value):
        return None
    if isinstance(value, bool):
        raise ValueProblem("Ventet et tall, fant ja/nei.")
    if isinstance(value, int | Decimal):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(repr(value))
    text = str(value).strip().translate(_THOUSANDS).removesuffix("kr").removeprefix("kr").strip()
    if _DOTTED_THOUSANDS.match(text):
        text = text.replace(".", "").replace(",", ".")
    elif _COMMA_DECIMAL.match(text):
        text = text.replace(",", ".")
    elif not _POINT_DECIMAL.match(text):
        raise ValueProblem(f"«{_short(value)}» er ikke et tall.")
    try:
        return Decimal(text)
    except InvalidOperation:
        raise ValueProblem(f"«{_short(value)}» er ikke et tall.") from None


def parse_whole_number(value) -> int | None:
    """A whole number (kroner, rooms): decimals other than ,00 are refused rather than rounded."""
    number = parse_decimal(value)
    if number is None:
        return None
    if number != number.to_integral_value():
        raise ValueProblem(f"«{_short(value)}» skal være et helt tall.")
    return int(number)


def parse_date(value) -> dt.date | None:
    """`31.10.2013`, `2013-10-31` and Excel date cells (which openpyxl gives as datetimes)."""
    if is_empty(value):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    if match := _NORWEGIAN_DATE.match(text):
        day, month, year = (int(part) for part in match.groups())
    elif match := _ISO_DATE.match(text):
        year, month, day = (int(part) for part in match.groups())
    else:
        raise ValueProblem(f"«{_short(value)}» er ikke en dato (skriv 31.10.2013 eller 2013-10-31).")
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise ValueProblem(f"«{_short(value)}» er ikke en gyldig dato.") from None


def parse_bool(value) -> bool | None:
    if is_empty(value):
        return None
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in TRUE_WORDS:
        return True
    if text in FALSE_WORDS:
        return False
    raise ValueProblem(f"«{_short(value)}» er ikke ja eller nei.")


def _short(value) -> str:
    text = str(value)
    return text if len(text) <= 40 else text[:37] + "..."
