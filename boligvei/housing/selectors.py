"""Reading the housing register: lists with filters and search, and a dwelling's history.

Every list returns a queryset that loads a page's related rows with joins or one prefetch each,
so that a page costs the same number of queries whether it shows 5 rows or 100.
"""

import datetime as dt

from django.db import connection
from django.db.models import Case, Count, Prefetch, Q, QuerySet, Value, When
from django.utils import timezone

from boligvei.core.models import User
from boligvei.core.search import folded_contains, search_words
from boligvei.housing.models import Dwelling, DwellingStatus, Tenancy, WaitingListEntry, WaitingListStatus
from boligvei.lib.identity import looks_like_identity_number
from boligvei.people.access import visible_household_flag, visible_households_q
from boligvei.people.models import Household
from boligvei.people.selectors import households_matching


def active_tenancies(*, with_household: bool = False, with_dwelling: bool = False, user: User | None = None) -> Prefetch:
    """Prefetch only the tenancies in force (not the whole history) as `current_tenancies`;
    `active_tenancy` on a dwelling or household reads it. With `user`, each tenancy says whether
    the user may see its household (`household_visible`)."""
    tenancies = Tenancy.objects.filter(is_active=True)
    if with_household:
        tenancies = tenancies.select_related("household")
    if user is not None:
        tenancies = tenancies.annotate(household_visible=visible_household_flag(user))
    if with_dwelling:
        tenancies = tenancies.select_related("dwelling")
    return Prefetch("tenancies", queryset=tenancies, to_attr="current_tenancies")


def _address_words(queryset: QuerySet, text: str, prefix: str = "") -> QuerySet:
    for word in search_words(text):
        queryset = queryset.filter(
            folded_contains(f"{prefix}street_address_folded", word)
            | folded_contains(f"{prefix}postal_place_folded", word)
            | Q(**{f"{prefix}postal_code": word})
            | Q(**{f"{prefix}unit_number__iexact": word})
        )
    return queryset


def dwelling_list(*, user: User, search: str = "", filters: dict | None = None) -> QuerySet:
    """Dwellings by address, with each one's active tenancy and household in one join. Every
    dwelling is listed; a tenant outside the user's scope is not named."""
    filters = filters or {}
    dwellings = Dwelling.objects.all()
    if search:
        dwellings = _address_words(dwellings, search)
    for field in ("area", "building_type", "tenure", "status"):
        if filters.get(field):
            dwellings = dwellings.filter(**{field: filters[field]})
    if filters.get("potential") == "yes":
        dwellings = dwellings.filter(rent_to_own_potential=True)
    if filters.get("occupancy") == "let":
        dwellings = dwellings.filter(tenancies__is_active=True)
    elif filters.get("occupancy") == "vacant":
        dwellings = dwellings.exclude(tenancies__is_active=True)
    return dwellings.order_by("street_address", "id").prefetch_related(active_tenancies(with_household=True, user=user))


def register_overview() -> dict:
    """The start page's figures: dwellings in use per area (the totals are their sums), the
    tenancies in force and the waiting list, in three aggregate queries.

    Exact counts, each read from an index alone (PostgreSQL's index-only scans): the dwellings in
    use from `dwelling_in_use_by_area`, the tenancies in force from the unique index on their
    dwelling, merged in order with `dwelling_rent_to_own_potential` for those with potential,
    rather than joining every tenancy to every dwelling (`_tenancies_in_force`)."""
    areas = list(Dwelling.objects.filter(status=DwellingStatus.IN_USE).values("area").annotate(
        total=Count("*"), potential=Count("rent_to_own_potential", filter=Q(rent_to_own_potential=True))).order_by("area"))
    let = _tenancies_in_force()
    total = sum(row["total"] for row in areas)
    waiting = WaitingListEntry.objects.filter(status=WaitingListStatus.WAITING).aggregate(
        total=Count("pk"), urgent=Count("pk", filter=Q(priority=1)))
    return {
        "dwellings": {
            "total": total,
            "vacant": total - let["let"],  # a tenancy in force is always on a dwelling in use
            "potential": sum(row["potential"] for row in areas),
            "potential_let": let["potential_let"],
        },
        "active_tenancies": let["let"],
        "waiting": waiting,
        "areas": [row for row in areas if row["area"]],
    }


def _tenancies_in_force() -> dict:
    """The tenancies in force, and those of them on a dwelling with rent-to-own potential. A left
    join on a condition, which the ORM makes an inner join along a required foreign key."""
    tenancy, dwelling = (connection.ops.quote_name(model._meta.db_table) for model in (Tenancy, Dwelling))
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT COUNT(*), COUNT(potential.id) FROM {tenancy} tenancy"
            f" LEFT JOIN {dwelling} potential ON potential.id = tenancy.dwelling_id AND potential.rent_to_own_potential"
            f" WHERE tenancy.is_active")
        let, potential_let = cursor.fetchone()
    return {"let": let, "potential_let": potential_let}


def dwelling_areas() -> list[str]:
    """The areas the register uses, for filters: a skip scan over the area index (one index probe
    per area) rather than reading every dwelling, so it costs the same for 1 000 or 100 000."""
    table = connection.ops.quote_name(Dwelling._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"WITH RECURSIVE areas(area) AS ("
            f" SELECT MIN(area) FROM {table} WHERE area > ''"
            f" UNION ALL"
            f" SELECT (SELECT MIN(area) FROM {table} WHERE area > areas.area) FROM areas WHERE areas.area IS NOT NULL"
            f") SELECT area FROM areas WHERE area IS NOT NULL"
        )
        return [row[0] for row in cursor.fetchall()]


def vacant_dwellings() -> QuerySet:
    """The municipal dwellings in use that nobody rents: those that can be let."""
    return (Dwelling.objects.filter(status=DwellingStatus.IN_USE).exclude(tenancies__is_active=True)
            .order_by("street_address", "unit_number", "pk"))


def waiting_households(*, user: User) -> QuerySet:
    """Households waiting for a dwelling without one now, in the waiting list's order (those
    the user may see)."""
    return (Household.objects.filter(visible_households_q(user), waiting_list_entries__status=WaitingListStatus.WAITING)
            .exclude(tenancies__is_active=True)
            .order_by("waiting_list_entries__priority", "waiting_list_entries__application_date", "id"))


def dwelling_history(*, dwelling: Dwelling, user: User) -> list[Tenancy]:
    """Every tenancy of the dwelling; each says whether the user may see its household."""
    return list(dwelling.tenancies.select_related("household").annotate(household_visible=visible_household_flag(user))
                .order_by("-is_active", "-start_date"))


def tenancy_list(*, user: User, search: str = "", filters: dict | None = None) -> QuerySet:
    """Tenancies with their dwelling and household; active ones unless asked otherwise."""
    filters = filters or {}
    tenancies = Tenancy.objects.filter(visible_households_q(user, via="household")).select_related("dwelling", "household")
    state = filters.get("state") or "active"
    if state == "active":
        tenancies = tenancies.filter(is_active=True)
    elif state == "ended":
        tenancies = tenancies.filter(is_active=False)
    if filters.get("contract_type"):
        tenancies = tenancies.filter(contract_type=filters["contract_type"])
    if filters.get("area"):
        tenancies = tenancies.filter(dwelling__area=filters["area"])
    if search:
        by_household = households_matching(Tenancy.objects.all(), search, user=user, where="leieforhold",
                                           household_field="household")
        matches = Q(pk__in=by_household.values("pk"))
        if not looks_like_identity_number(search):
            matches |= Q(pk__in=_address_words(Tenancy.objects.all(), search, prefix="dwelling__").values("pk"))
        tenancies = tenancies.filter(matches)
    return tenancies.order_by("household__name", "id")


def waiting_list(*, user: User, search: str = "", filters: dict | None = None) -> QuerySet:
    """The waiting list in order of priority and application date; waiting households by default."""
    filters = filters or {}
    entries = (WaitingListEntry.objects.filter(visible_households_q(user, via="household"))
               .select_related("household", "allocated_dwelling"))
    status = filters.get("status") or "waiting"
    if status != "all":
        entries = entries.filter(status=status)
    if filters.get("need_category"):
        entries = entries.filter(need_category=filters["need_category"])
    if filters.get("priority"):
        entries = entries.filter(priority=filters["priority"])
    if search:
        entries = households_matching(entries, search, user=user, where="ventelisten", household_field="household")
    return entries.order_by("priority", "application_date", "id")


def _proposal_reasons(entry: WaitingListEntry, dwelling: Dwelling, today: dt.date) -> list[str]:
    """Why a household is suggested where it is, in the order the ranking weighs it."""
    persons = f"{entry.size} person" if entry.size == 1 else f"{entry.size} personer"
    reasons = [f"Prioritet {entry.get_priority_display().lower()}."]
    if entry.fit == 0:
        reasons.append(f"{persons} i {dwelling.rooms} rom: størrelsen passer.")
    else:
        reasons.append(f"{persons} i {dwelling.rooms} rom: boligen er større enn husstanden trenger, så husstander "
                       "den passer bedre for, kommer først.")
    if dwelling.wheelchair_accessible:
        reasons.append("Trenger tilrettelagt bolig, og boligen er tilgjengelig for rullestol." if entry.access == 0
                       else "Boligen er tilgjengelig for rullestol; husstander som trenger det, kommer først.")
    waited = (today - entry.application_date).days
    reasons.append(f"Har ventet {waited} dager (søkte {entry.application_date:%d.%m.%Y}).")
    return reasons


def waiting_list_proposals(*, dwelling: Dwelling, user: User, limit: int = 5,
                           today: dt.date | None = None) -> list[WaitingListEntry]:
    """Households waiting that fit a freed dwelling, ranked in the open, each with its reasons
    (`entry.reasons`): first the priority the municipality gave; then the size (no more people
    than rooms + 1 at all, and no one-person household in four rooms or more; among the rest, a
    household of at least rooms − 1 people before a smaller one); then, for a wheelchair-accessible
    dwelling, those with health needs; then the longest wait. One query."""
    today = today or timezone.localdate()
    entries = (WaitingListEntry.objects.filter(visible_households_q(user, via="household"),
                                               status=WaitingListStatus.WAITING)
               .exclude(household__tenancies__is_active=True)
               .select_related("household").annotate(size=Count("household__members", distinct=True)))
    fitting = entries.filter(size__lte=dwelling.rooms + 1)
    if dwelling.rooms >= 4:
        fitting = fitting.filter(size__gte=2)
    fitting = fitting.annotate(
        fit=Case(When(size__gte=dwelling.rooms - 1, then=Value(0)), default=Value(1)),
        access=Case(When(need_category="health", then=Value(0)), default=Value(1)))
    order = ["priority", "fit", *(["access"] if dwelling.wheelchair_accessible else []), "application_date", "id"]
    rows = list(fitting.order_by(*order)[:limit])
    for entry in rows:
        entry.reasons = _proposal_reasons(entry, dwelling, today)
    return rows


def postal_address(household, tenancy: Tenancy | None, main) -> list[str] | None:
    """The address block of a letter to the household: the main person's name, then the postal
    address registered on the household if there is one, else the dwelling it rents. None when
    there is no address a letter can reach (no street, no four-digit postal code or no place)."""
    if household.address_line.strip():
        street, code, place = household.address_line.strip(), household.postal_code, household.postal_place
    elif tenancy is not None:
        dwelling = tenancy.dwelling
        street = " ".join(part for part in (dwelling.street_address.strip(), dwelling.unit_number) if part)
        code, place = dwelling.postal_code, dwelling.postal_place
    else:
        return None
    if not street or not (len(code) == 4 and code.isdigit()) or not place.strip():
        return None
    return [main.full_name, street, f"{code} {place.strip()}"]
