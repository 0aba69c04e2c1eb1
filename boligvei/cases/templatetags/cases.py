from django import template

from boligvei.cases.selectors import (
    decisions_to_decide, household_certificates, household_decision_letters, household_lettings, lettings_to_approve,
    open_case_for,
)
from boligvei.cases.services import decisions_record_list, lettings_record_list
from boligvei.people.access import visible_household_flag

register = template.Library()


@register.simple_tag
def open_case(household):
    """The household's open case, for pages of apps that cases builds on (people, housing)."""
    return open_case_for(household_id=household.pk)


@register.simple_tag
def freed_by_purchase(dwelling, user):
    """The purchase that freed this dwelling for the waiting list, if one did; it says whether
    the user may see the household that bought (`household_visible`)."""
    from boligvei.cases.models import Purchase

    return (Purchase.objects.filter(freed_dwelling=dwelling).select_related("case__household")
            .annotate(household_visible=visible_household_flag(user, via="case__household"))
            .order_by("-completed_on").first())


@register.simple_tag
def decisions_waiting(user):
    """The recommendations waiting for this approver, for the start page (housing comes below
    cases); listing them names households, so it is audited."""
    waiting = decisions_to_decide(user=user)
    if waiting:
        decisions_record_list(actor=user, decisions=waiting)
    return waiting


@register.simple_tag
def lettings_waiting(user):
    """The lettings proposed by others that wait for this approver (start page); audited."""
    waiting = lettings_to_approve(user=user)
    if waiting:
        lettings_record_list(actor=user, lettings=waiting)
    return waiting


@register.simple_tag
def household_decisions(household):
    """The household's decision letters, financing certificates and lettings, for its page
    (people comes below cases). The household page's own view is already audited."""
    return {"letters": household_decision_letters(household_id=household.pk),
            "certificates": household_certificates(household_id=household.pk),
            "lettings": household_lettings(household_id=household.pk)}
