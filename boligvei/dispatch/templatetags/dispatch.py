"""SvarUt on the pages of lower apps: a letter's shipment status where the letter is shown
(the campaign page, the case page), without those apps knowing of SvarUt."""

from django import template
from django.conf import settings

from boligvei.dispatch.selectors import case_decision_shipments, shipments_of

register = template.Library()


@register.simple_tag
def svarut_enabled() -> bool:
    return settings.SVARUT_ENABLED


@register.simple_tag
def shipments_for(kind: str, letters) -> dict:
    """The shipments of the letters shown, by letter id (one query for the whole list)."""
    return shipments_of(kind, [letter.pk for letter in letters])


@register.filter
def shipment_of(shipments: dict, letter_id):
    return shipments.get(letter_id)


@register.inclusion_tag("dispatch/_shipment_status.html")
def shipment_status(shipment):
    return {"shipment": shipment}


@register.simple_tag
def case_shipments(case) -> dict:
    """The shipments of a case's decision letters, by letter id (one query)."""
    return case_decision_shipments(case.pk)
