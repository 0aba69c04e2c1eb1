"""Reading cells: Norwegian numbers, dates and yes/no as exports write them (boligvei/imports/values.py)."""

import datetime as dt
from decimal import Decimal

import pytest

from boligvei.imports.values import ValueProblem, parse_bool, parse_date, parse_decimal, parse_text, parse_whole_number


@pytest.mark.parametrize("text", ["1 234 567,50", "1\u00a0234\u00a0567,50", "1\u2009234\u2009567,50",
                                  "1\u202f234\u202f567,50", "1234567,50", "1234567.50", "1.234.567,50"])
def test_it_reads_norwegian_and_plain_numbers(text):
    assert parse_decimal(text) == Decimal("1234567.50")


def test_it_reads_numbers_that_excel_stored_as_numbers():
    assert parse_decimal(62.5) == Decimal("62.5")
    assert parse_whole_number(9800.0) == 9800
    assert parse_whole_number("9 800 kr") == 9800


def test_it_refuses_text_and_unexpected_decimals():
    with pytest.raises(ValueProblem, match="er ikke et tall"):
        parse_decimal("ni tusen")
    with pytest.raises(ValueProblem, match="helt tall"):
        parse_whole_number("9800,50")


@pytest.mark.parametrize("value", ["31.10.2013", "2013-10-31", dt.datetime(2013, 10, 31, 0, 0),
                                   dt.date(2013, 10, 31), "2013-10-31T00:00:00"])
def test_it_reads_norwegian_iso_and_excel_dates(value):
    assert parse_date(value) == dt.date(2013, 10, 31)


def test_it_refuses_impossible_dates():
    with pytest.raises(ValueProblem, match="ikke en gyldig dato"):
        parse_date("31.02.2013")
    with pytest.raises(ValueProblem, match="ikke en dato"):
        parse_date("10/31/2013")


def test_empty_cells_are_none():
    assert parse_decimal("  ") is None
    assert parse_date("") is None
    assert parse_bool(None) is None
    assert parse_text("   ") is None


def test_it_reads_yes_and_no():
    assert parse_bool("Ja") is True
    assert parse_bool("nei") is False
    assert parse_bool(True) is True
    with pytest.raises(ValueProblem):
        parse_bool("kanskje")


def test_formula_like_text_is_kept_as_text():
    assert parse_text("=1+1") == "=1+1"
    assert parse_text(1234.0) == "1234"
