from django import template

from boligvei.cases.selectors import open_case_for

register = template.Library()


@register.simple_tag
def open_case(household):
    """The household's open case, for pages of apps that cases builds on (people, housing)."""
    return open_case_for(household_id=household.pk)
