"""Making the PDFs of a campaign, in the background: one PDF/A per letter, then the batch.

`campaign_generate` can be stopped at any point (a crash, a restart, a deploy, `kill -9`) and run
again: each letter's PDF is saved in the same transaction as its status and its audit row (up
to SAVE_EVERY letters in one transaction, so one commit per group, not per letter), and only a
letter still «pending» is made, so a second run makes the rest and repeats nothing; a process
killed loses at most the group it had not saved, whose letters are still «pending». The run holds the campaign's generation lock (`generation_lock`) while it works, which
the database or the operating system releases when the process dies: a second run waits for the
first, and a restarted worker tells a job whose worker was killed from one still running
(`services.campaigns_interrupted_requeue`).

A letter whose PDF cannot be made (a name in a script no font has) is marked «failed» with the
reason, in Norwegian for the campaign page, and the rest of the batch goes on. The batch PDF for
the print shop is made from the letters that were made, when none is pending any more.
"""

import contextlib
import datetime as dt
import logging
import os
import re
import time
from concurrent.futures import Executor, Future, ThreadPoolExecutor

from django.db import DatabaseError, transaction
from django.utils import timezone

from boligvei.core import letters as core_letters
from boligvei.core.audit import audit_event, audit_record
from boligvei.core.documents import DocumentError
from boligvei.core.locks import process_lock
from boligvei.core.letters import Letter as LetterDocument
from boligvei.core.letters import letters_pdf
from boligvei.core.models import AuditEvent
from boligvei.outreach import defaults
from boligvei.outreach.models import Campaign, CampaignStatus, Letter, LetterStatus

logger = logging.getLogger(__name__)

CHUNK = 100
# Letters saved in one transaction (one commit), and the longest a made letter waits to be saved.
SAVE_EVERY = 20
SAVE_AFTER = 2.0  # seconds
# Threads that set PDFs, at most (one per core): Typst lets go of Python's lock while it compiles.
GENERATION_THREADS = 2
# Below this many letters the batch is set after them, not beside them: too little to gain.
EARLY_BATCH_MIN = 2
# How often a running job says it is alive (`Campaign.progress_at`): far inside the two minutes
# after which the campaign page calls it stalled, without a third write per letter.
PROGRESS_EVERY = dt.timedelta(seconds=10)
# The first key of PostgreSQL's two-key advisory locks for campaigns (the second is the id).
LOCK_NAMESPACE = 0x6272  # "br": brev
MISSING_GLYPH = re.compile(r"the text `\"(.{1,20}?)\"` could not be displayed")
NO_FONT = ("Teksten har tegn som ingen av skriftene i brevet kan vise ({text}). Rett opplysningene om "
           "husstanden (for eksempel navnet) og lag brevet på nytt.")
NO_PDF = ("PDF-en kunne ikke lages av teksten i brevet. Rett opplysningene om husstanden og lag brevet på "
          "nytt, eller meld fra til brukerstøtte om det skjer igjen.")


def letter_document(letter: Letter, campaign: Campaign) -> LetterDocument:
    contact = campaign.contact
    lang = letter.language
    signature = [contact.get_full_name() or contact.username, defaults.ROLE[lang]]
    if contact.phone:
        signature.append(contact.phone)
    return LetterDocument(
        lang=lang, recipient=letter.recipient, title=letter.title, body=letter.body, reference=letter.reference,
        date=campaign.letter_date, signature=signature, qr_url=letter.qr_url,
        qr_caption=defaults.QR_CAPTION[lang] if letter.qr_url else "", note=letter.note)


def letter_pdf(letter: Letter) -> bytes:
    campaign = letter.campaign
    return letters_pdf([letter_document(letter, campaign)], timestamp=campaign.created_at)


def failure_reason(exc: Exception) -> str:
    """Why a letter could not be made, for the caseworker: Norwegian, and the characters at fault."""
    match = MISSING_GLYPH.search(str(exc)) if isinstance(exc, DocumentError) else None
    if match:
        return NO_FONT.format(text=", ".join(f"«{char}» (U+{ord(char):04X})" for char in dict.fromkeys(match.group(1))))
    return NO_PDF


def generation_lock(campaign_id: int, *, wait: bool = False):
    """Hold the campaign's generation lock: yields whether it got it (with `wait`, always, once the
    process holding it has finished). It dies with the process (`core.locks`)."""
    return process_lock(LOCK_NAMESPACE, campaign_id, name="campaign", wait=wait)


def _save_made(campaign: Campaign, made: list[tuple[Letter, bytes]]) -> int:
    """Letters made, each with its PDF, status and audit row, in one transaction: one commit for
    the group instead of one per letter. A letter no longer pending (made again meanwhile) is left
    as it is and not audited."""
    if not made:
        return 0
    saved = []
    with transaction.atomic():
        now = timezone.now()
        for letter, pdf in made:
            if Letter.objects.filter(pk=letter.pk, status=LetterStatus.PENDING).update(
                    pdf=pdf, status=LetterStatus.GENERATED, generated_at=now, failure=""):
                saved.append(letter)
        AuditEvent.objects.bulk_create([
            audit_event(actor=campaign.created_by, action="letter.generate", obj=letter,
                        household_id=letter.household_id, changes={"campaign": campaign.pk})
            for letter in saved])
    return len(saved)


def _save_failed(campaign: Campaign, letter: Letter, reason: str) -> None:
    with transaction.atomic():
        if Letter.objects.filter(pk=letter.pk, status=LetterStatus.PENDING).update(
                status=LetterStatus.FAILED, failure=reason):
            audit_record(actor=campaign.created_by, action="letter.fail", obj=letter,
                         household_id=letter.household_id, changes={"campaign": campaign.pk})


class _Heartbeat:
    """`Campaign.progress_at`, written at most every PROGRESS_EVERY while letters are made."""

    def __init__(self, campaign: Campaign):
        self.campaign, self.last = campaign, None

    def beat(self) -> None:
        now = timezone.now()
        if self.last is None or now - self.last >= PROGRESS_EVERY:
            Campaign.objects.filter(pk=self.campaign.pk).update(progress_at=now)
            self.last = now


class _Saver:
    """Letters made, saved in groups of SAVE_EVERY (or after SAVE_AFTER): a killed worker loses
    at most one group's work, which stays «pending» and is made by the next run, never twice."""

    def __init__(self, campaign: Campaign):
        self.campaign, self.made, self.group, self.since = campaign, 0, [], time.monotonic()
        self.heartbeat = _Heartbeat(campaign)

    def add(self, letter: Letter, pdf: bytes) -> None:
        self.group.append((letter, pdf))
        if len(self.group) >= SAVE_EVERY or time.monotonic() - self.since >= SAVE_AFTER:
            self.flush()

    def flush(self) -> None:
        group, self.group, self.since = self.group, [], time.monotonic()
        self.made += _save_made(self.campaign, group)

    def failed(self, letter: Letter, exc: Exception) -> None:
        logger.warning("Letter %s of campaign %s could not be made (%s)", letter.pk, self.campaign.pk,
                       type(exc).__name__)
        self.flush()
        _save_failed(self.campaign, letter, failure_reason(exc))


def _made_pdf(future: Future) -> bytes | Exception:
    """The letter's PDF, or the reason it could not be made. A database error, or an exit (the
    worker stopping), is raised: it stops the job."""
    try:
        return future.result()
    except DatabaseError:
        raise
    except Exception as exc:  # one letter must never stop the others
        return exc


def _make_letters(campaign: Campaign, pool: Executor | None) -> int:
    """Every pending letter, in chunks of CHUNK. With a pool, its threads set the PDFs while
    this one saves them, in the letters' order."""
    saver = _Saver(campaign)
    try:
        while True:
            pending = list(campaign.letters.filter(status=LetterStatus.PENDING).order_by("id")[:CHUNK])
            if not pending:
                return saver.made
            for letter in pending:
                letter.campaign = campaign
            if pool is None:
                results = (_made_pdf(_run_now(letter_pdf, letter)) for letter in pending)
            else:
                futures = [pool.submit(letter_pdf, letter) for letter in pending]
                results = (_made_pdf(future) for future in futures)
            for letter, result in zip(pending, results, strict=True):
                if isinstance(result, Exception):
                    saver.failed(letter, result)
                else:
                    saver.add(letter, result)
                saver.heartbeat.beat()
            saver.flush()
    finally:
        # What was made before an exit is kept (a killed process keeps nothing: those stay pending).
        if saver.group and not transaction.get_connection().needs_rollback:
            saver.flush()


def _run_now(function, *args) -> Future:
    future: Future = Future()
    try:
        future.set_result(function(*args))
    except Exception as exc:  # noqa: BLE001 — handed on as the letter's result, as from a pool
        future.set_exception(exc)
    return future


def _batch_documents(letters: list[Letter], campaign: Campaign) -> list[LetterDocument]:
    for letter in letters:
        letter.campaign = campaign
    return [letter_document(letter, campaign) for letter in letters]


def batch_pdf(documents: list[LetterDocument], campaign: Campaign) -> bytes:
    """The print shop's PDF: the letters in order, each starting on a front page."""
    return core_letters.letters_pdf(documents, duplex=True, timestamp=campaign.created_at, title=campaign.name)


class _EarlyBatch:
    """The batch set beside the letters, on the pool's other thread, from the letters made or still
    to be made when the job starts. It is used only if exactly those letters, with the same text,
    were made; otherwise (a letter failed, or was made again meanwhile) the batch is set again."""

    def __init__(self, campaign: Campaign, pool: Executor | None):
        self.documents: list[LetterDocument] = []
        self.future: Future | None = None
        if pool is None:
            return
        letters = list(campaign.letters.filter(status__in=[LetterStatus.GENERATED, LetterStatus.PENDING])
                       .order_by("id"))
        if len(letters) >= EARLY_BATCH_MIN:
            self.documents = _batch_documents(letters, campaign)
            self.future = pool.submit(batch_pdf, self.documents, campaign)

    def pdf_for(self, documents: list[LetterDocument]) -> bytes | None:
        if self.future is None or documents != self.documents:
            return None
        try:
            return self.future.result()
        except DocumentError:
            return None


def _make_batch(campaign: Campaign, early: _EarlyBatch) -> bool:
    """The print batch of the letters made, once none is pending. False when a letter became
    pending again meanwhile (made again after its data was put right): make it first."""
    letters = list(campaign.letters.filter(status=LetterStatus.GENERATED).order_by("id"))
    documents = _batch_documents(letters, campaign)
    batch = (early.pdf_for(documents) or batch_pdf(documents, campaign)) if letters else None
    with transaction.atomic():
        status = Campaign.objects.select_for_update().values_list("status", flat=True).get(pk=campaign.pk)
        if status != CampaignStatus.GENERATING:
            return True
        if campaign.letters.filter(status=LetterStatus.PENDING).exists():
            return False
        Campaign.objects.filter(pk=campaign.pk).update(batch_pdf=batch, status=CampaignStatus.GENERATED,
                                                       progress_at=timezone.now())
    return True


def _threads() -> int:
    """Threads that set PDFs: one per core, at most GENERATION_THREADS."""
    return max(1, min(GENERATION_THREADS, os.cpu_count() or 1))


def campaign_generate(campaign_id: int) -> int:
    """Make every letter of the campaign that is not made yet, then the batch PDF. Returns the
    number of letters made by this run. A second job for the same campaign waits until the
    first has finished, and then makes what is left (a letter made again meanwhile).

    With two cores, two threads set the PDFs: the batch is set on one beside the letters (it no
    longer waits for the last of them), and both set letters; this thread saves what they made."""
    campaign = Campaign.objects.select_related("contact", "created_by").get(pk=campaign_id)
    made = 0
    threads = _threads()
    with generation_lock(campaign.pk, wait=True), \
            (ThreadPoolExecutor(threads, thread_name_prefix="letters") if threads > 1
             else contextlib.nullcontext()) as pool:
        try:
            early = _EarlyBatch(campaign, pool)
            while True:
                made += _make_letters(campaign, pool)
                if not Campaign.objects.filter(pk=campaign.pk, status=CampaignStatus.GENERATING).exists():
                    break
                if _make_batch(campaign, early):
                    break
        except BaseException:
            if pool is not None:
                pool.shutdown(wait=True, cancel_futures=True)
            raise
    return made
