"""Reading households: lists, search and the detail page's data.

Searches match names and addresses by text and identity numbers by their keyed hash, so that
the numbers are never kept in clear text, not even in an index. List selectors fetch a page's
related rows in a fixed number of queries, whatever the page size.
"""

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

from boligvei.core.audit import audit_record
from boligvei.core.models import User
from boligvei.core.search import folded_contains, search_words
from boligvei.lib import crypto, identity
from boligvei.people.access import visible_households_q
from boligvei.people.models import Household, IdentityNumberConflict, Person


WITHOUT_TEAM = "uten"  # the household list's team filter for households nobody could place


def households_without_team_count() -> int:
    """Households no team could be given (people.access): for the start page of those who
    place them."""
    return Household.objects.filter(team__isnull=True).count()


def identity_number_conflict_count() -> int:
    return IdentityNumberConflict.objects.count()


def identity_number_conflicts() -> list:
    """Identity numbers someone tried to register where the person with it was outside their
    scope (people.services): for programme leaders and administrators to resolve, newest first."""
    return list(IdentityNumberConflict.objects.select_related("person__household", "household", "reported_by")
                .order_by("-created_at", "-id")[:500])


def person_by_identity_number(number: str) -> Person | None:
    return Person.objects.filter(identity_number_hash=crypto.keyed_hash(identity.normalise(number))).first()


def households_matching(queryset: QuerySet, text: str, *, user: User, where: str,
                        household_field: str = "") -> QuerySet:
    """Narrow a queryset (of households, or of rows with a household) by a free-text search.

    An 11-digit text is looked up as an identity number, and the lookup is audited (`where`
    says which list); otherwise every word must match a member's first or last name, the
    household's name or its postal address, with accents and case folded (boligvei.lib.folding:
    «Wozniak» finds «Woźniak», «Sorensen» «Sørensen»).
    """
    lookup = f"{household_field}__in" if household_field else "pk__in"
    if identity.looks_like_identity_number(text):
        audit_record(actor=user, action="person.search_by_identity_number", reason=f"søk i {where}")
        digest = crypto.keyed_hash(identity.normalise(text))
        return queryset.filter(**{lookup: Person.objects.filter(identity_number_hash=digest).values("household_id")})
    # Tenancies are housing's; people reaches them by relation name only (housing builds on people).
    tenancy = Household._meta.get_field("tenancies").related_model
    for word in search_words(text):
        # One id list per word (a union of index lookups) rather than ORs across tables, so that
        # PostgreSQL can answer each part from its trigram index.
        by_member = Person.objects.filter(folded_contains("first_name_folded", word) | folded_contains("last_name_folded", word))
        # A household's name is its main person's, so members cover names; the household adds its
        # postal address, and its tenancy in force the municipal dwelling's address.
        by_address = Household.objects.filter(folded_contains("address_line_folded", word))
        by_dwelling = tenancy.objects.filter(folded_contains("dwelling__street_address_folded", word), is_active=True)
        matching = (by_member.order_by().values_list("household_id", flat=True)
                    .union(by_address.order_by().values_list("pk", flat=True),
                           by_dwelling.order_by().values_list("household_id", flat=True)))
        queryset = queryset.filter(**{lookup: matching})
    return queryset


def household_list(*, user: User, search: str = "", filters: dict | None = None) -> QuerySet:
    """Households the user may see, by name, with members and tenancies prefetched."""
    filters = filters or {}
    households = Household.objects.filter(visible_households_q(user))
    if search:
        households = households_matching(households, search, user=user, where="husstandslisten")
    if filters.get("language"):
        households = households.filter(members__relation="main", members__preferred_language=filters["language"])
    if filters.get("team") == WITHOUT_TEAM:
        households = households.filter(team__isnull=True)
    elif filters.get("team"):
        households = households.filter(team=filters["team"])
    if filters.get("interpreter"):
        households = households.filter(Exists(Person.objects.filter(household=OuterRef("pk"), needs_interpreter=True)))
    # Tenancies are housing's; people reaches them by relation name only (housing builds on people).
    if filters.get("tenancy") == "active":
        households = households.filter(tenancies__is_active=True)
    elif filters.get("tenancy") == "none":
        households = households.exclude(tenancies__is_active=True)
    # Housing builds on people, so the tenancy model is reached through the relation, not imported.
    tenancy = Household._meta.get_field("tenancies").related_model
    return households.order_by("name", "id").prefetch_related(
        Prefetch("members", queryset=Person.objects.order_by("birth_date")),
        Prefetch("tenancies", queryset=tenancy.objects.filter(is_active=True).select_related("dwelling"),
                 to_attr="current_tenancies"),
    )


def household_detail(*, household: Household) -> dict:
    """Everything the household page shows: members, tenancies with dwellings, waiting list."""
    return {
        "members": list(household.members.order_by("birth_date")),
        "tenancies": list(household.tenancies.select_related("dwelling").order_by("-is_active", "-start_date")),
        "waiting_list_entries": list(
            household.waiting_list_entries.select_related("allocated_dwelling").order_by("-application_date")
        ),
    }
