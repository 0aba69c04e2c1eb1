import datetime as dt
import re

from django import template

from boligvei.lib import identity

register = template.Library()

# Eleven digits, perhaps with a space after the sixth: an identity number in a value or a reason.
_NUMBER = re.compile(r"(?<!\d)\d{6}[ .-]?\d{5}(?!\d)")


@register.filter
def masked(value) -> str:
    """A cell or a reason as the dry run shows it: dates Norwegian, identity numbers masked."""
    if value is None or value == "":
        return "–"
    if isinstance(value, bool):
        return "Ja" if value else "Nei"
    if isinstance(value, dt.date):
        return f"{value:%d.%m.%Y}"
    return _NUMBER.sub(lambda match: identity.mask(match.group()), str(value))
