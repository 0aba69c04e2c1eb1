"""Help to buy: the purchase-process checklist, from a template the municipality edits.

The template is a list of steps (finding a dwelling, viewings, bidding, the prospectus and common
debt, the contract and the takeover, insurance and moving), each with short guidance for the
caseworker and the days from the start to its due date. Each save is a new version
(`PurchaseChecklistVersion`), audited with the old and the new steps. When the financing is
approved (the certificate is issued, `cases.certificates`), the version in force becomes follow-up
tasks on the case, once: `CaseChecklist` is one per case (a database constraint), so a renewed
approval or a second click adds nothing. A caseworker can add it by hand to an open case without
it. Ticking the tasks is the follow-up plan's own (`services.task_complete`).
"""

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from boligvei.cases import checklist_defaults
from boligvei.cases.models import Case, CaseChecklist, CaseEvent, EventKind, FollowUpTask, PurchaseChecklistVersion
from boligvei.core.audit import audit_record
from boligvei.core.errors import DomainError
from boligvei.core.models import User

MAX_DUE_DAYS = 365
TITLE_MAX = 200


def checklist_in_force() -> PurchaseChecklistVersion:
    """The newest saved version (the shipped list is version 1, saved by a migration)."""
    latest = PurchaseChecklistVersion.objects.order_by("-number").first()
    if latest is None:  # a database emptied by hand: put the shipped list back
        latest = PurchaseChecklistVersion.objects.create(number=1, items=checklist_defaults.ITEMS)
    return latest


def _clean_items(items: list[dict]) -> list[dict]:
    cleaned = []
    for position, item in enumerate(items, start=1):
        title, guidance = (item.get("title") or "").strip(), (item.get("guidance") or "").strip()
        due_days = item.get("due_days")
        if not title:
            raise DomainError(_("Punkt %(number)s mangler tittel.") % {"number": position})
        if len(title) > TITLE_MAX:
            raise DomainError(_("Tittelen på punkt %(number)s er for lang (høyst 200 tegn).") % {"number": position})
        if not isinstance(due_days, int) or not 0 <= due_days <= MAX_DUE_DAYS:
            raise DomainError(_("Fristen for punkt %(number)s må være fra 0 til 365 dager.") % {"number": position})
        cleaned.append({"title": title, "guidance": guidance, "due_days": due_days})
    if not cleaned:
        raise DomainError(_("Sjekklisten må ha minst ett punkt."))
    return cleaned


@transaction.atomic
def checklist_save(*, actor: User, items: list[dict]) -> PurchaseChecklistVersion:
    """Save the checklist as a new version; cases that have it keep the tasks they were given."""
    items = _clean_items(items)
    current = checklist_in_force()
    if items == current.items:
        raise DomainError(_("Ingenting er endret i sjekklisten."))
    version = PurchaseChecklistVersion(number=current.number + 1, items=items, created_by=actor)
    version.full_clean()
    version.save()
    audit_record(actor=actor, action="purchase_checklist.save", obj=version,
                 changes={"items": {"old": current.items, "new": items}, "version": version.number})
    return version


@transaction.atomic
def checklist_add(*, actor: User, case: Case, by_hand: bool = False) -> CaseChecklist | None:
    """Put the checklist in force on the case as follow-up tasks for its caseworker, due the
    template's days from today, each with its guidance. Never twice, and never on a closed case:
    such a case is left as it is (None), or, asked by hand, told so."""
    case = Case.objects.select_for_update().select_related("caseworker").get(pk=case.pk)
    if CaseChecklist.objects.filter(case=case).exists():
        if by_hand:
            raise DomainError(_("Saken har allerede sjekklisten for kjøpsprosessen."))
        return None
    if not case.is_open:  # decided after the case was closed: no tasks on a closed case
        if by_hand:
            raise DomainError(_("Saken er avsluttet. Gjenåpne den for å legge til sjekklisten."))
        return None
    version = checklist_in_force()
    now = timezone.now()
    checklist = CaseChecklist(case=case, version=version, added_by=actor, added_at=now, by_hand=by_hand)
    checklist.full_clean(exclude=["case"])
    try:
        with transaction.atomic():
            checklist.save()
    except IntegrityError:  # added by someone else at the same moment
        if by_hand:
            raise DomainError(_("Saken har allerede sjekklisten for kjøpsprosessen.")) from None
        return None
    today = timezone.localdate()
    FollowUpTask.objects.bulk_create([
        FollowUpTask(case=case, checklist=checklist, title=item["title"], guidance=item["guidance"],
                     due_on=today + dt.timedelta(days=item["due_days"]), assignee=case.caseworker,
                     created_by=actor)
        for item in version.items])
    CaseEvent.objects.create(case=case, at=now, actor=actor, kind=EventKind.NOTE,
                             text=_("Sjekklisten for kjøpsprosessen er lagt til: %(count)s oppgaver.")
                             % {"count": len(version.items)})
    audit_record(actor=actor, action="case.checklist.add", obj=checklist, household_id=case.household_id,
                 changes={"version": version.number, "tasks": len(version.items), "by_hand": by_hand})
    return checklist
