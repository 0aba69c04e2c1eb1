from django import template

from boligvei.outreach.selectors import household_letters

register = template.Library()


@register.simple_tag
def letters_to(household):
    """The letters sent to a household (its archive), for the household page."""
    return household_letters(household_id=household.pk)
