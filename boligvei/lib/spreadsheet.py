"""Cells for CSV and XLSX exports that a spreadsheet can never run as a formula.

A text cell starting with =, +, -, @ (or a tab or carriage return) is read as a formula by
Excel and LibreOffice; a leading apostrophe makes it plain text. Numbers stay numbers.
"""

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value
