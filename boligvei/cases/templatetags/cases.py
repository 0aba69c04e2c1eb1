from django import template

from boligvei.cases.selectors import open_case_for
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
