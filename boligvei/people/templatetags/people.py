from django import template

from django.utils import timezone

from boligvei.people import consent, grants
from boligvei.people.access import may_grant

register = template.Library()


@register.simple_tag
def consent_missing(household, action: str) -> str:
    """"Krever samtykke til …" for an action the household has not agreed to (`people.consent.ACTIONS`),
    else "". Pages explain a button with it; the service refuses the action anyway."""
    return consent.requirement_text(household.pk, action)


@register.inclusion_tag("people/_access_grants.html", takes_context=True)
def access_grants(context, household):
    """The household's access outside its team, for programme leaders and administrators."""
    shown = may_grant(context["user"])
    return {"household": household, "may_grant": shown, "csrf_token": context.get("csrf_token"),
            "grants": grants.household_grants(household=household) if shown else [], "now": timezone.now()}
