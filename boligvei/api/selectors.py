"""What the API reads: one page of each register, in a fixed number of queries.

Every list is ordered by id and paged by the last id seen (`after`), so a page never shifts when
rows are added while a system pages through, and the cost of a page does not grow with the
register. Households, and everything that names one, are filtered by the key's team scope with
`people.access.visible_households_q`, the same rule as for a staff user.
"""

from django.db.models import Prefetch, QuerySet

from boligvei.cases.models import Case, CaseEvent, EventKind
from boligvei.core.models import ApiToken
from boligvei.housing.models import Dwelling, Tenancy, WaitingListEntry
from boligvei.people.access import visible_households_q
from boligvei.people.models import Household, Person


def page(rows: QuerySet, *, after: int, limit: int) -> tuple[list, int | None]:
    """Up to `limit` rows with an id above `after`, and the id to ask `after` next (None: the last page)."""
    found = list(rows.filter(pk__gt=after).order_by("pk")[:limit + 1])
    more = len(found) > limit
    found = found[:limit]
    return found, (found[-1].pk if more else None)


def households(*, token: ApiToken) -> QuerySet:
    members = Prefetch("members", queryset=Person.objects.order_by("birth_date", "id"))
    return (Household.objects.filter(visible_households_q(token)).select_related("team")
            .prefetch_related(members))


def dwellings() -> QuerySet:
    """The municipality's dwellings: no personal data (who lives there is a tenancy)."""
    return Dwelling.objects.all()


def tenancies(*, token: ApiToken, active: bool | None = None) -> QuerySet:
    rows = Tenancy.objects.filter(visible_households_q(token, via="household"))
    return rows if active is None else rows.filter(is_active=active)


def waiting_list(*, token: ApiToken, status: str | None = None) -> QuerySet:
    rows = WaitingListEntry.objects.filter(visible_households_q(token, via="household"))
    return rows if status is None else rows.filter(status=status)


def cases(*, token: ApiToken, status: str | None = None) -> QuerySet:
    rows = Case.objects.filter(visible_households_q(token, via="household")).select_related("team")
    return rows if status is None else rows.filter(status=status)


STATUS_KINDS = (EventKind.OPENED, EventKind.STATUS, EventKind.REOPENED)


def case_events(*, token: ApiToken, case_id: int | None = None) -> QuerySet:
    """The status history of the cases in scope: when each case moved, from and to which status.
    The events' free text (reasons, notes) stays in Boligvei."""
    rows = CaseEvent.objects.filter(visible_households_q(token, via="case__household"), kind__in=STATUS_KINDS
                                    ).select_related("case")
    return rows if case_id is None else rows.filter(case_id=case_id)


def api_tokens() -> QuerySet:
    """Every key, newest first, with who made and revoked it (one query)."""
    return ApiToken.objects.select_related("team", "created_by", "revoked_by").order_by("-created_at", "-id")
