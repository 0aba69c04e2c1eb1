"""After the purchase: the planned follow-ups and what they found.

Registering a purchase (`cases.purchases`) plans a follow-up for each of
`FOLLOW_UP_AFTER_PURCHASE_MONTHS` (3 and 12 by default) after the takeover, once per case and
number of months (a database constraint). "Mitt arbeid" and the case page show them when due.
Recording one says what was found: how the household is doing, payment trouble (none, late
payments, arrears on the startlån, other debt trouble) with notes, and the help arranged (debt
counselling, NAV, other). It is recorded once and not changed, so the programme's results
(`reports.selectors.follow_ups_after_purchase`) give the same answer later. The first one recorded
moves the case to «Oppfølging etter kjøp» (`pipeline.PROGRESS["follow_up_done"]`).
"""

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from boligvei.cases.certificates import add_months
from boligvei.cases.models import Case, CaseEvent, EventKind, FurtherHelp, PaymentTrouble, PurchaseFollowUp
from boligvei.cases.services import case_progress
from boligvei.core.audit import audit_record
from boligvei.core.errors import DomainError
from boligvei.core.models import User


def follow_ups_plan(*, actor: User, case: Case, completed_on: dt.date) -> list[PurchaseFollowUp]:
    """Plan the follow-ups after a purchase taken over on `completed_on`; those already planned
    for the case are left as they are. Called in the purchase's transaction."""
    planned = set(case.follow_ups.values_list("months", flat=True))
    made = [PurchaseFollowUp(case=case, months=months, due_on=add_months(completed_on, months))
            for months in settings.FOLLOW_UP_AFTER_PURCHASE_MONTHS if months not in planned]
    for follow_up in made:
        follow_up.full_clean()
        follow_up.save()
    if made:
        audit_record(actor=actor, action="case.follow_up.plan", obj=case, household_id=case.household_id,
                     changes={"due_on": [f.due_on.isoformat() for f in made]})
    return made


@transaction.atomic
def follow_up_record(*, actor: User, follow_up: PurchaseFollowUp, done_on: dt.date, wellbeing: str,
                     payment_trouble: str, payment_notes: str = "", help_arranged: list[str] | tuple = (),
                     help_notes: str = "") -> PurchaseFollowUp:
    """Record what the follow-up found. Payment trouble other than none needs a note on what it
    is; help marked as arranged is from `FurtherHelp`. The first follow-up moves the case on."""
    follow_up = PurchaseFollowUp.objects.select_for_update().select_related("case").get(pk=follow_up.pk)
    if follow_up.is_done:
        raise DomainError(_("Oppfølgingen er allerede registrert."))
    if done_on > timezone.localdate():
        raise DomainError(_("Datoen for oppfølgingen kan ikke være fram i tid."))
    purchase_day = follow_up.case.purchase.completed_on
    if done_on < purchase_day:
        raise DomainError(_("Oppfølgingen kan ikke være før overtakelsen (%(day)s).")
                          % {"day": purchase_day.strftime("%d.%m.%Y")})
    wellbeing, payment_notes, help_notes = wellbeing.strip(), payment_notes.strip(), help_notes.strip()
    if not wellbeing:
        raise DomainError(_("Skriv kort hvordan det går med husstanden."))
    if payment_trouble not in PaymentTrouble.values:
        raise DomainError(_("Velg om husstanden har betalingsproblemer."))
    if payment_trouble != PaymentTrouble.NONE and not payment_notes:
        raise DomainError(_("Skriv hva betalingsproblemene gjelder: hvor mye, hvor lenge, og hva som er gjort."))
    unknown = set(help_arranged) - set(FurtherHelp.values)
    if unknown:
        raise DomainError(_("Ukjent hjelp valgt."))
    if FurtherHelp.OTHER in help_arranged and not help_notes:
        raise DomainError(_("Skriv hvilken annen hjelp som er avtalt."))
    now = timezone.now()
    follow_up.done_on, follow_up.recorded_by, follow_up.recorded_at = done_on, actor, now
    follow_up.wellbeing, follow_up.payment_trouble, follow_up.payment_notes = wellbeing, payment_trouble, payment_notes
    follow_up.help_arranged = [value for value in FurtherHelp.values if value in help_arranged]
    follow_up.help_notes = help_notes
    follow_up.full_clean()
    follow_up.save()
    case = follow_up.case
    text = _("Oppfølging %(months)s måneder etter kjøpet gjort %(day)s: %(trouble)s.") % {
        "months": follow_up.months, "day": done_on.strftime("%d.%m.%Y"),
        "trouble": PaymentTrouble(payment_trouble).label.lower()}
    if follow_up.help_arranged:
        text += " " + _("Hjelp avtalt: %(help)s.") % {
            "help": ", ".join(FurtherHelp(value).label for value in follow_up.help_arranged)}
    CaseEvent.objects.create(case=case, at=now, actor=actor, kind=EventKind.NOTE, text=text)
    audit_record(actor=actor, action="case.follow_up.record", obj=follow_up, household_id=case.household_id,
                 changes={"months": follow_up.months, "done_on": done_on.isoformat(),
                          "payment_trouble": payment_trouble, "help_arranged": follow_up.help_arranged})
    case_progress(actor=actor, case=case, event="follow_up_done",
                  cause=_("Første oppfølging etter kjøpet er gjort."))
    return follow_up
