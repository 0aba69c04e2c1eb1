"""Demo lettings: dwellings freed by the programme's purchases let to the next household on the
waiting list, as decisions with their letters (cases/lettings.py).

One letting has taken effect: the household suggested first got the dwelling, with the grounds
and the decision letter. One more, made as if the municipality required a second approver
(`LETTING_REQUIRES_SECOND_APPROVER`, off by default and left off), waits on the approver's start
page. The letting that took effect starts on the demo's date (or the day after the last tenancy
of the dwelling ended, if later): nothing in the demo starts after its date.
"""

import datetime as dt

from django.db.models import Max

from boligvei.cases.lettings import letting_propose
from boligvei.cases.models import Letting, Purchase
from boligvei.core.models import User
from boligvei.housing.models import Dwelling, DwellingStatus, Tenancy
from boligvei.housing.selectors import waiting_list_proposals


def _vacant_dwellings(today: dt.date) -> list[Dwelling]:
    """Dwellings freed by a purchase first, then other vacant municipal dwellings."""
    freed = [p.freed_dwelling for p in Purchase.objects.filter(freed_dwelling__isnull=False)
             .select_related("freed_dwelling").order_by("completed_on", "pk")]
    others = list(Dwelling.objects.filter(status=DwellingStatus.IN_USE).exclude(tenancies__is_active=True)
                  .order_by("pk")[:20])
    return [d for d in freed + others if not Tenancy.objects.filter(dwelling=d, is_active=True).exists()
            and not Letting.objects.filter(dwelling=d, status="proposed").exists()]


def _facts(entry, dwelling) -> str:
    return (f"Husstanden på {entry.size} person{'er' if entry.size != 1 else ''} søkte om kommunal bolig "
            f"{entry.application_date:%d.%m.%Y}, med behov: {entry.get_need_category_display().lower()} og prioritet "
            f"{entry.get_priority_display().lower()}. Boligen har {dwelling.rooms} rom.")


def demo_lettings_create(*, today: dt.date) -> int:
    caseworker = User.objects.filter(username="saksbehandler").first()
    if caseworker is None:
        return 0
    made = 0
    for dwelling, second_approval in zip(_vacant_dwellings(today), (False, True)):
        proposals = waiting_list_proposals(dwelling=dwelling, user=caseworker, today=today)
        proposals = [entry for entry in proposals if not entry.lettings.filter(status="proposed").exists()]
        if not proposals:
            continue
        entry = proposals[0]
        ended = Tenancy.objects.filter(dwelling=dwelling).aggregate(last=Max("end_date"))["last"]
        start = max(today, ended + dt.timedelta(days=1)) if ended else today
        children = entry.household.members.filter(relation="child").exists()
        letting_propose(
            actor=caseworker, entry=entry, dwelling=dwelling, start_date=start, contract_type="fixed_term",
            end_date=start + dt.timedelta(days=5 * 365), facts=_facts(entry, dwelling),
            grounds="Husstanden står først på ventelisten for denne boligen. " + " ".join(entry.reasons)
                    + " Vi har derfor lagt vekt på behovet og ventetiden, og på at boligen passer husstanden.",
            children_interests=("Barna får egne soverom og kan fortsette på skolen og i barnehagen de går i."
                                if children else ""),
            second_approval=second_approval)
        made += 1
    return made
