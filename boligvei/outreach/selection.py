"""Who a campaign writes to: the households that match its criteria, less those who should not
get a letter now, each with the reason, so the caseworker sees who is left out and why.

Invitations go to households in active tenancies. The criteria narrow the set (area, dwelling
with rent-to-own potential, household type, years in the tenancy, the affordability screening,
in or out of the target group of the guidelines in force on the day);
the exclusions then take out households already in an open case, those who said no or were
closed recently (the quarantine), those already in a campaign not yet sent, and those we cannot
write to (no main person, no valid address). Reminders go to the letters of a sent campaign
that have had no answer after the campaign's number of days.
"""

import dataclasses
import datetime as dt

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _

from boligvei.assessments.portfolio import portfolio_screen
from boligvei.cases.models import Case
from boligvei.cases.pipeline import CLOSED_STATUSES, Status
from boligvei.core.models import User
from boligvei.guidelines.models import GuidelineVersion
from boligvei.guidelines.rules import TargetGroupCheck
from boligvei.guidelines.selectors import target_groups
from boligvei.housing.models import Tenancy
from boligvei.housing.selectors import postal_address
from boligvei.outreach.models import Campaign, CampaignStatus, Letter, LetterStatus
from boligvei.people.access import visible_households_q
from boligvei.people.models import Household, Person, Relation

HOUSEHOLD_TYPES = {
    "single": _("Enslig"),
    "single_parent": _("Enslig med barn"),
    "couple": _("Par eller flere voksne uten barn"),
    "family": _("Par eller flere voksne med barn"),
}
READINESS = {"ready": _("Kan kjøpe boligen nå"), "close": _("Nær – mangler lite"), "far": _("Lengre vei")}
TARGET_GROUP = {"in": _("Bare husstander i målgruppen etter retningslinjene"),
                "out": _("Bare husstander utenfor målgruppen etter retningslinjene")}
# Exits after which a household is left alone for the quarantine period.
QUARANTINE_EXITS = frozenset({Status.DECLINED, Status.NOT_RELEVANT})


@dataclasses.dataclass(frozen=True)
class Criteria:
    areas: tuple[str, ...] = ()
    rent_to_own_only: bool = False
    household_types: tuple[str, ...] = ()
    min_years: int | None = None
    readiness: tuple[str, ...] = ()
    quarantine_days: int = 365
    target_group: str = ""  # "in": only households in the guidelines' target group; "out": only those not

    def to_json(self) -> dict:
        return {key: list(value) if isinstance(value, tuple) else value
                for key, value in dataclasses.asdict(self).items()}

    @classmethod
    def from_json(cls, data: dict) -> "Criteria":
        fields = {f.name for f in dataclasses.fields(cls)}
        return cls(**{key: tuple(value) if isinstance(value, list) else value
                      for key, value in data.items() if key in fields})

    def describe(self) -> list[str]:
        parts = []
        if self.areas:
            parts.append(_("Områder: %(areas)s") % {"areas": ", ".join(self.areas)})
        if self.rent_to_own_only:
            parts.append(_("Bare boliger med potensial for leie til eie"))
        if self.household_types:
            parts.append(_("Husstander: %(types)s") % {
                "types": ", ".join(str(HOUSEHOLD_TYPES[t]).lower() for t in self.household_types)})
        if self.min_years:
            parts.append(_("Leid i minst %(years)s år") % {"years": self.min_years})
        if self.readiness:
            parts.append(_("Betjeningsevne: %(readiness)s") % {
                "readiness": ", ".join(str(READINESS[r]).lower() for r in self.readiness)})
        if self.target_group:
            parts.append(str(TARGET_GROUP[self.target_group]))
        parts.append(_("Karantene etter nei: %(days)s dager") % {"days": self.quarantine_days})
        return parts


@dataclasses.dataclass(frozen=True)
class Recipient:
    household: Household
    main_person: Person
    address: list[str]
    reminder_of: Letter | None = None
    target_group: TargetGroupCheck | None = None  # against the guidelines in force on the day


@dataclasses.dataclass(frozen=True)
class Excluded:
    household_id: int
    household_name: str
    reason: str


@dataclasses.dataclass(frozen=True)
class Selection:
    recipients: list[Recipient]
    excluded: list[Excluded]
    guideline: GuidelineVersion | None = None


def household_type(members: list[Person], today: dt.date) -> str:
    adults = [p for p in members if p.relation != Relation.CHILD and _age(p.birth_date, today) >= 18]
    children = len(members) - len(adults)
    if len(adults) <= 1:
        return "single_parent" if children else "single"
    return "family" if children else "couple"


def _age(birth: dt.date, today: dt.date) -> int:
    return today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))


def _not_now(household_ids: set[int], today: dt.date, quarantine_days: int,
             kind: str) -> dict[int, str]:
    """Why each of these households should not get a letter now (only those that should not)."""
    reasons: dict[int, str] = {}
    cases = (Case.objects.filter(household_id__in=household_ids)
             .only("household_id", "status", "status_changed_at", "invite_again_on")
             .order_by("household_id", "-status_changed_at"))
    since = today - dt.timedelta(days=quarantine_days)
    for case in cases:
        if case.household_id in reasons:
            continue
        if case.status not in CLOSED_STATUSES:
            reasons[case.household_id] = _("Har en åpen sak (%(status)s).") % {"status": case.get_status_display().lower()}
        elif case.invite_again_on and case.invite_again_on > today:
            reasons[case.household_id] = _("Saken ble avsluttet som «%(status)s»; kan inviteres igjen fra %(date)s.") % {
                "status": case.get_status_display().lower(), "date": f"{case.invite_again_on:%d.%m.%Y}"}
        elif case.status in QUARANTINE_EXITS and case.status_changed_at.date() > since:
            again = case.status_changed_at.date() + dt.timedelta(days=quarantine_days)
            reasons[case.household_id] = _("%(status)s %(date)s; i karantene til %(until)s.") % {
                "status": case.get_status_display(), "date": f"{case.status_changed_at:%d.%m.%Y}",
                "until": f"{again:%d.%m.%Y}"}
    waiting = (Letter.objects.filter(household_id__in=household_ids, template__kind=kind)
               .exclude(campaign__status=CampaignStatus.SENT).select_related("campaign"))
    for letter in waiting:
        reasons.setdefault(letter.household_id,
                           _("Er med i utsendelsen «%(campaign)s», som ikke er sendt ennå.") % {"campaign": letter.campaign.name})
    return reasons


def _members_prefetch() -> Prefetch:
    return Prefetch("household__members", queryset=Person.objects.order_by("birth_date", "id"))


def invitation_recipients(criteria: Criteria, *, today: dt.date, kind: str = "invitation",
                          user: User | None = None) -> Selection:
    """The tenants a campaign would write to, and those left out with a reason; with `user`,
    only among the households the user may see (a caseworker invites the own team's tenants)."""
    tenancies = Tenancy.objects.filter(is_active=True)
    if user is not None:
        tenancies = tenancies.filter(visible_households_q(user, via="household"))
    tenancies = tenancies.select_related("household", "dwelling").prefetch_related(
        _members_prefetch()).order_by("household__name", "household_id")
    if criteria.areas:
        tenancies = tenancies.filter(dwelling__area__in=criteria.areas)
    if criteria.rent_to_own_only:
        tenancies = tenancies.filter(dwelling__rent_to_own_potential=True)
    if criteria.min_years:
        try:
            start_before = today.replace(year=today.year - criteria.min_years)
        except ValueError:  # 29 February, in a year that has none
            start_before = today.replace(year=today.year - criteria.min_years, day=28)
        tenancies = tenancies.filter(start_date__lte=start_before)
    tenancies = list(tenancies)
    if criteria.household_types:
        tenancies = [t for t in tenancies
                     if household_type(list(t.household.members.all()), today) in criteria.household_types]
    if criteria.readiness:
        screening = portfolio_screen(today=today, user=user)
        ready = {c.household_id for c in screening.candidates if c.readiness in criteria.readiness}
        tenancies = [t for t in tenancies if t.household_id in ready]

    not_now = _not_now({t.household_id for t in tenancies}, today, criteria.quarantine_days, kind)
    guideline, groups = target_groups([t.household_id for t in tenancies], today)
    recipients, excluded = [], []
    for tenancy in tenancies:
        household = tenancy.household
        main = household.main_person
        group = groups.get(household.pk)
        reason = _target_group_reason(criteria.target_group, group) or not_now.get(household.pk)
        address = postal_address(household, tenancy, main) if main else None
        if reason is None and main is None:
            reason = _("Husstanden har ingen hovedperson å skrive til.")
        if reason is None and address is None:
            reason = _("Mangler gyldig adresse (gate, postnummer med fire siffer og poststed).")
        if reason:
            excluded.append(Excluded(household.pk, household.name, reason))
        else:
            recipients.append(Recipient(household, main, address, target_group=group))
    return Selection(recipients, excluded, guideline)


def _target_group_reason(wanted: str, group: TargetGroupCheck | None) -> str:
    """Why a household is left out by the target-group criterion (empty when it is not)."""
    if not wanted:
        return ""
    if group is None:
        return "Ingen retningslinjer gjaldt på dagen, så målgruppen kan ikke avgjøres."
    if wanted == "in" and not group.in_group:
        return f"Ikke i målgruppen: {group.why_not()}."
    if wanted == "out" and group.in_group:
        return f"I målgruppen ({group.summary()})."
    return ""


def reminder_recipients(campaign: Campaign, *, today: dt.date) -> Selection:
    """The letters of a sent campaign that have waited the campaign's number of days without an
    answer, whose household's case is still at «invited» (nothing has happened since)."""
    due = today - dt.timedelta(days=campaign.reminder_after_days)
    letters = (campaign.letters.filter(status=LetterStatus.SENT).select_related("household")
               .prefetch_related(Prefetch("household__members", queryset=Person.objects.order_by("birth_date", "id")),
                                 Prefetch("household__tenancies", queryset=Tenancy.objects.filter(is_active=True)
                                          .select_related("dwelling"), to_attr="current_tenancies"))
               .order_by("household__name", "household_id"))
    household_ids = {letter.household_id for letter in letters}
    open_status = dict(Case.objects.filter(household_id__in=household_ids).exclude(
        status__in=CLOSED_STATUSES).values_list("household_id", "status"))
    already = set(Letter.objects.filter(campaign__reminder_of=campaign).values_list("household_id", flat=True))
    recipients, excluded = [], []
    for letter in letters:
        household = letter.household
        main = household.main_person
        status = open_status.get(household.pk)
        if household.pk in already:
            reason = _("Har allerede fått påminnelse.")
        elif letter.sent_on and letter.sent_on > due:
            reason = _("Brevet ble sendt %(sent)s; påminnelse fra %(due)s.") % {
                "sent": f"{letter.sent_on:%d.%m.%Y}",
                "due": f"{letter.sent_on + dt.timedelta(days=campaign.reminder_after_days):%d.%m.%Y}"}
        elif status is None:
            reason = _("Har ingen åpen sak (saken er avsluttet).")
        elif status != Status.INVITED:
            reason = _("Har svart: saken har kommet videre.")
        else:
            address = postal_address(household, household.active_tenancy, main) if main else None
            if address is None:
                reason = _("Mangler gyldig adresse (gate, postnummer med fire siffer og poststed).")
            else:
                recipients.append(Recipient(household, main, address, reminder_of=letter))
                continue
        excluded.append(Excluded(household.pk, household.name, reason))
    return Selection(recipients, excluded)
