"""A tenant household in a municipal dwelling, ready to be invited."""

import datetime as dt

from tests.housing.factories import TenancyFactory
from tests.people.factories import household_with_main_person


def tenant(*, area: str = "Sentrum", start_date: dt.date = dt.date(2023, 5, 1), potential: bool = False,
           **person_fields):
    household = household_with_main_person(**person_fields)
    tenancy = TenancyFactory(household=household, start_date=start_date, dwelling__area=area,
                             dwelling__rent_to_own_potential=potential)
    return household, tenancy


def browser_pages(register) -> list[str]:
    """Outreach pages for the accessibility test: a campaign with its letters made."""
    from django.urls import reverse
    from django.utils import timezone

    from boligvei.core.models import User
    from boligvei.outreach.generation import campaign_generate
    from boligvei.outreach.selection import Criteria
    from boligvei.outreach.services import campaign_create

    tenant(first_name="Hodan", last_name="Cali", preferred_language="other", other_language="somali")
    alice = User.objects.get(username="alice")
    campaign = campaign_create(actor=alice, name="Invitasjon", contact=alice, criteria=Criteria(),
                               letter_date=timezone.localdate())
    campaign_generate(campaign.pk)
    return [reverse("outreach:campaign_list"), reverse("outreach:campaign_new"),
            reverse("outreach:campaign_detail", args=[campaign.pk])]
