"""The guidelines where decisions are made: `{% guideline_check %}` shows, on the calculator, a
saved assessment and the case page, which target-group criteria the household meets (with their
paragraphs) and whether the price is within the frame, by the version in force on the day."""

import datetime as dt

from django import template
from django.utils import timezone

from boligvei.guidelines.selectors import household_check

register = template.Library()


def _number(value) -> int | None:
    try:
        return int(round(float(value)))
    except (TypeError, ValueError):
        return None


@register.inclusion_tag("guidelines/_check.html")
def guideline_check(household, day: dt.date | dt.datetime | None = None, engine_request=None, result=None):
    """`engine_request` gives the dwelling's price and the caseworker's documented answers;
    `result` the highest price the household can finance and the startlån it needs."""
    if isinstance(day, dt.datetime):
        day = timezone.localdate(day)
    day = day or timezone.localdate()
    tenancy = household.active_tenancy
    area = tenancy.dwelling.area if tenancy is not None else ""
    price = documented = None
    if engine_request:
        dwelling = engine_request.get("dwelling") or {}
        total = (_number(dwelling.get("price")) or 0) + (_number(dwelling.get("common_debt")) or 0)
        price = total or None
        documented = (engine_request.get("loan") or {}).get("term_conditions")
    check = household_check(household_id=household.pk, day=day, price=price, area=area, documented=documented)
    headline = startlan = None
    if result:
        headline = _number((result.get("headline") or {}).get("price")) or _number(result.get("max_price"))
        startlan = _number((result.get("financing") or {}).get("startlan"))
    if check and check["price"] is not None and headline is not None:
        check["headline_within"] = headline <= check["price"].frame
    return {"check": check, "headline": headline, "startlan": startlan}
