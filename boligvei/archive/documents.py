"""What each kind of case document is in the archive: its folder (the case) and its entry.

Reads only: the outbox (services.py) decides when a document is collected and exported.
"""

import datetime as dt
import re

from django.conf import settings
from django.utils import timezone

from boligvei.archive.arkivmelding import CaseFolder, Document, Entry, Party
from boligvei.cases.models import Case, DecisionLetter, Letting
from boligvei.outreach.models import Letter

_POSTAL = re.compile(r"^(\d{4})\s+(.+)$")


def case_folder(case: Case) -> CaseFolder:
    """The case as a saksmappe. The public title names the programme, never the household."""
    return CaseFolder(
        key=f"boligvei-sak-{case.pk}",
        title=f"Leie til eie – {case.household.name}",
        public_title="Leie til eie – startlån og boligkjøp",
        case_date=timezone.localdate(case.created_at),
        unit=settings.HOUSING_OFFICE_NAME,
        caseworker=case.caseworker.get_full_name() or case.caseworker.username,
        closed=not case.is_open,
    )


def _household_party(recipient: list[str]) -> Party:
    """The letter's recipient lines (name, street, «postcode place») as a correspondence party."""
    lines = [line for line in recipient if line]
    name = lines[0] if lines else ""
    postal = _POSTAL.match(lines[-1]) if len(lines) > 1 else None
    street = ", ".join(lines[1:-1] if postal else lines[1:])
    return Party(name=name, kind="EM", address=street, postal_code=postal.group(1) if postal else "",
                 postal_place=postal.group(2) if postal else "")


def _sender() -> Party:
    return Party(name=settings.HOUSING_OFFICE_NAME, kind="EA", is_person=False)


def letting_folder(letting: Letting) -> CaseFolder:
    """The folder of a letting decision to a household without a rent-to-own case: its
    application for a municipal dwelling (the waiting-list entry), found again by that id."""
    entry = letting.entry
    return CaseFolder(
        key=f"boligvei-boligsoknad-{entry.pk}",
        title=f"Søknad om kommunal bolig – {letting.household.name}",
        public_title="Søknad om kommunal bolig",
        case_date=entry.application_date,
        unit=settings.HOUSING_OFFICE_NAME,
        caseworker=letting.proposed_by.get_full_name() or letting.proposed_by.username,
    )


def decision_letter_entry(letter: DecisionLetter) -> tuple[CaseFolder, Entry]:
    kind = letter.get_kind_display()
    day = timezone.localdate(letter.created_at)
    document = Document(title=letter.title, filename=f"vedtaksbrev-{letter.pk}.pdf", content=bytes(letter.pdf),
                        document_type="VEDTAK")
    entry = Entry(key=f"boligvei-vedtaksbrev-{letter.pk}", title=f"{letter.title} – {letter.recipient[0]}",
                  public_title=kind, journal_type="U", document_date=day,
                  created_by=letter.created_by.username, parties=(_household_party(letter.recipient), _sender()),
                  documents=(document,), sent_at=letter.created_at)
    if letter.letting_id:
        letting = letter.letting
        return (case_folder(letting.case) if letting.case_id else letting_folder(letting)), entry
    return case_folder(letter.decision.case), entry


def invitation_entry(letter: Letter, case: Case) -> tuple[CaseFolder, Entry]:
    day = letter.sent_on or dt.date.today()
    document = Document(title=letter.title, filename=f"brev-{letter.pk}.pdf", content=bytes(letter.pdf))
    entry = Entry(key=f"boligvei-brev-{letter.pk}", title=f"{letter.title} – {letter.recipient[0]}",
                  public_title="Invitasjon til samtale om leie til eie", journal_type="U", document_date=day,
                  created_by=letter.campaign.created_by.username,
                  parties=(_household_party(letter.recipient), _sender()), documents=(document,))
    return case_folder(case), entry
