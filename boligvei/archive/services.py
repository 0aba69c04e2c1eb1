"""The archive outbox: collect the case documents not yet on their way, export each as the package
the Fiks Arkiv protocol expects (arkivmelding.xml and its PDF/A files) for the municipality's
integration platform, and record the archive's receipt.

There is no maintained Python client for Fiks IO, so Boligvei does not send the messages itself:
`boligvei archive_export DIR` writes one zip per message into a folder the integration platform
picks up (docs/archive.md), and `boligvei archive_receipt` records what the archive answered.
"""

import io
import logging
import zipfile
from pathlib import Path

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from boligvei.archive import documents
from boligvei.archive.arkivmelding import MESSAGE_TYPE, arkivmelding
from boligvei.archive.models import ArchiveMessage, DocumentKind, MessageStatus
from boligvei.cases.models import Case, DecisionLetter
from boligvei.core.audit import audit_record
from boligvei.core.errors import DomainError
from boligvei.core.models import User
from boligvei.outreach.models import Letter, LetterStatus

logger = logging.getLogger(__name__)


def _not_collected(queryset, kind: str):
    return queryset.exclude(Exists(ArchiveMessage.objects.filter(kind=kind, object_id=OuterRef("pk"))))


def _invitation_case(letter: Letter) -> Case | None:
    """The case the sent invitation opened (or the household's case at the time)."""
    return (Case.objects.filter(household_id=letter.household_id, created_at__date__gte=letter.sent_on)
            .order_by("created_at").first())


@transaction.atomic
def archive_collect() -> int:
    """Put every case document that is not in the outbox yet into it: each decision letter, and
    each invitation letter once it was sent and its case opened. Returns how many were added."""
    added = []
    for letter in _not_collected(DecisionLetter.objects.select_related("decision__case", "letting"),
                                 DocumentKind.DECISION_LETTER):
        # A letting decision to a household without a case has no case: its folder is the
        # household's application for a municipal dwelling (documents.letting_folder).
        added.append(ArchiveMessage(kind=DocumentKind.DECISION_LETTER, object_id=letter.pk,
                                    case_id=letter.case_id, household_id=letter.household_id,
                                    key=f"boligvei-vedtaksbrev-{letter.pk}"))
    sent = Letter.objects.filter(sent_on__isnull=False).exclude(status__in=[LetterStatus.PENDING, LetterStatus.FAILED])
    for letter in _not_collected(sent.exclude(pdf=None), DocumentKind.INVITATION_LETTER):
        case = _invitation_case(letter)
        if case is not None:
            added.append(ArchiveMessage(kind=DocumentKind.INVITATION_LETTER, object_id=letter.pk, case=case,
                                        household_id=case.household_id, key=f"boligvei-brev-{letter.pk}"))
    ArchiveMessage.objects.bulk_create(added)
    return len(added)


def message_package(message: ArchiveMessage) -> bytes:
    """The zip the integration platform sends over Fiks IO: arkivmelding.xml and the files it
    names, plus the message type."""
    if message.kind == DocumentKind.DECISION_LETTER:
        folder, entry = documents.decision_letter_entry(
            DecisionLetter.objects.select_related(
                "decision__case__household", "decision__case__caseworker", "letting__case__household",
                "letting__case__caseworker", "letting__household", "letting__entry", "letting__proposed_by",
                "created_by").get(pk=message.object_id))
    else:
        letter = Letter.objects.select_related("campaign__created_by").get(pk=message.object_id)
        folder, entry = documents.invitation_entry(letter, Case.objects.select_related(
            "household", "caseworker").get(pk=message.case_id))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("meldingstype.txt", MESSAGE_TYPE + "\n")
        package.writestr("arkivmelding.xml", arkivmelding(folder=folder, entry=entry))
        for document in entry.documents:
            package.writestr(document.filename, document.content)
    return buffer.getvalue()


def archive_export(*, directory: Path, actor: User | None = None) -> tuple[int, int]:
    """Write each waiting message's package to `directory` (a new file, never overwritten) and
    mark it delivered. A message that cannot be made is marked failed with the reason and the
    rest go on. Returns (exported, failed)."""
    directory.mkdir(parents=True, exist_ok=True)
    exported = failed = 0
    for message in ArchiveMessage.objects.filter(status=MessageStatus.WAITING).order_by("id"):
        try:
            content = message_package(message)
        except Exception as exc:  # noqa: BLE001 - one bad document must not stop the others
            logger.warning("Archive package %s could not be made (%s)", message.key, type(exc).__name__)
            ArchiveMessage.objects.filter(pk=message.pk).update(
                status=MessageStatus.FAILED,
                error="Pakken kunne ikke lages: dokumentet finnes ikke lenger eller kan ikke leses. "
                      "Tjenestens logg har detaljene.")
            failed += 1
            continue
        path = directory / f"{message.key}.zip"
        temporary = path.with_suffix(".zip.part")
        temporary.write_bytes(content)
        temporary.replace(path)  # the platform never sees half a file
        with transaction.atomic():
            ArchiveMessage.objects.filter(pk=message.pk).update(status=MessageStatus.EXPORTED,
                                                                exported_at=timezone.now(), error="")
            audit_record(actor=actor, action="archive.export", obj=message,
                         household_id=message.household_id, changes={"key": message.key})
        exported += 1
    return exported, failed


@transaction.atomic
def archive_receipt(*, key: str, case_number: str, journal_number: str, actor: User | None = None) -> ArchiveMessage:
    """The archive's receipt for a message: its case and entry numbers are kept on it."""
    message = ArchiveMessage.objects.select_for_update().filter(key=key).first()
    if message is None:
        raise DomainError(f"Ingen melding i utboksen har nøkkelen {key}.")
    message.status, message.archived_at = MessageStatus.ARCHIVED, timezone.now()
    message.case_number, message.journal_number, message.error = case_number, journal_number, ""
    message.save(update_fields=["status", "archived_at", "case_number", "journal_number", "error"])
    audit_record(actor=actor, action="archive.receipt", obj=message, household_id=message.household_id,
                 changes={"case_number": case_number, "journal_number": journal_number})
    return message
