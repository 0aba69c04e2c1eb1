from django import template

from boligvei.reports.tables import NUMERIC_KINDS, format_cell

register = template.Library()


@register.filter
def cell(value, kind: str) -> str:
    """A table cell in Norwegian number formats (1 234 kr, 42 %, –)."""
    return format_cell(value, kind)


@register.filter
def numeric(kind: str) -> bool:
    return kind in NUMERIC_KINDS


@register.filter
def zip_columns(row, columns):
    return zip(row, columns, strict=True)
