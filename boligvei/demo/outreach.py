"""Demo outreach: an invitation campaign sent four weeks ago to one area (reminders are due for
those who have not answered), and one made but not yet sent, through the real services. Their
PDFs are made here, in the same process, rather than by the background worker."""

import datetime as dt

from boligvei.core.models import User
from boligvei.housing.models import Dwelling
from boligvei.outreach import services
from boligvei.outreach.generation import campaign_generate
from boligvei.outreach.selection import Criteria, invitation_recipients


def demo_outreach_create(*, today: dt.date) -> int:
    """Make the demo campaigns; returns the number of letters."""
    contact = User.objects.filter(username="saksbehandler").first()
    if contact is None:
        return 0
    # order_by(): the model's ordering would make distinct() give one row per dwelling
    areas = list(Dwelling.objects.exclude(area="").order_by("area").values_list("area", flat=True).distinct())
    letters = 0
    plans = [("Invitasjon høsten 2026", 28), ("Invitasjon vinteren 2026–2027", 0)]
    for name, days_ago in plans:
        sent_on = today - dt.timedelta(days=days_ago)
        # The caseworker invites among the households of the own team (people.access).
        sizes = {area: len(invitation_recipients(Criteria(areas=(area,)), today=sent_on, user=contact).recipients)
                 for area in areas}
        area = max(areas, key=lambda a: (sizes[a], a), default=None)
        if area is None or not sizes[area]:
            continue
        areas.remove(area)
        campaign = services.campaign_create(actor=contact, name=name, contact=contact,
                                            criteria=Criteria(areas=(area,)), letter_date=sent_on, today=sent_on)
        campaign_generate(campaign.pk)
        campaign.refresh_from_db()
        if days_ago:
            services.campaign_mark_sent(actor=contact, campaign=campaign, sent_on=sent_on)
        letters += campaign.letters_total
    return letters
