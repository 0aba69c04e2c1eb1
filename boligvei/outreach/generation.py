"""Making the PDFs of a campaign, in the background: one PDF/A per letter, then the batch.

`campaign_generate` can be stopped at any point (a crash, a restart, a deploy, `kill -9`) and run
again: each letter's PDF is saved in its own transaction together with its status and its audit
row, and only a letter still «pending» is made, so a second run makes the rest and repeats
nothing. The run holds the campaign's generation lock (`generation_lock`) while it works, which
the database or the operating system releases when the process dies: a second run waits for the
first, and a restarted worker tells a job whose worker was killed from one still running
(`services.campaigns_interrupted_requeue`).

A letter whose PDF cannot be made (a name in a script no font has) is marked «failed» with the
reason, in Norwegian for the campaign page, and the rest of the batch goes on. The batch PDF for
the print shop is made from the letters that were made, when none is pending any more.
"""

import datetime as dt
import logging
import re

from django.db import DatabaseError, transaction
from django.utils import timezone

from boligvei.core.audit import audit_record
from boligvei.core.documents import DocumentError
from boligvei.core.locks import process_lock
from boligvei.core.letters import Letter as LetterDocument
from boligvei.core.letters import letters_pdf
from boligvei.outreach import defaults
from boligvei.outreach.models import Campaign, CampaignStatus, Letter, LetterStatus

logger = logging.getLogger(__name__)

CHUNK = 100
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


def _save_made(campaign: Campaign, letter: Letter, pdf: bytes) -> int:
    """The letter's PDF, status and audit row in one transaction: two writes per letter."""
    with transaction.atomic():
        made = Letter.objects.filter(pk=letter.pk, status=LetterStatus.PENDING).update(
            pdf=pdf, status=LetterStatus.GENERATED, generated_at=timezone.now(), failure="")
        if made:
            audit_record(actor=campaign.created_by, action="letter.generate", obj=letter,
                         household_id=letter.household_id, changes={"campaign": campaign.pk})
    return made


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


def _make_letters(campaign: Campaign) -> int:
    made = 0
    heartbeat = _Heartbeat(campaign)
    while True:
        pending = list(campaign.letters.filter(status=LetterStatus.PENDING).order_by("id")[:CHUNK])
        if not pending:
            return made
        for letter in pending:
            letter.campaign = campaign
            try:
                pdf = letter_pdf(letter)
            except DatabaseError:
                raise
            except Exception as exc:  # one letter must never stop the others
                logger.warning("Letter %s of campaign %s could not be made (%s)", letter.pk, campaign.pk,
                               type(exc).__name__)
                _save_failed(campaign, letter, failure_reason(exc))
            else:
                made += _save_made(campaign, letter, pdf)
            heartbeat.beat()


def _make_batch(campaign: Campaign) -> bool:
    """The print batch of the letters made, once none is pending. False when a letter became
    pending again meanwhile (made again after its data was put right): make it first."""
    letters = list(campaign.letters.filter(status=LetterStatus.GENERATED).order_by("id"))
    for letter in letters:
        letter.campaign = campaign
    batch = letters_pdf([letter_document(letter, campaign) for letter in letters], duplex=True,
                        timestamp=campaign.created_at, title=campaign.name) if letters else None
    with transaction.atomic():
        status = Campaign.objects.select_for_update().values_list("status", flat=True).get(pk=campaign.pk)
        if status != CampaignStatus.GENERATING:
            return True
        if campaign.letters.filter(status=LetterStatus.PENDING).exists():
            return False
        Campaign.objects.filter(pk=campaign.pk).update(batch_pdf=batch, status=CampaignStatus.GENERATED,
                                                       progress_at=timezone.now())
    return True


def campaign_generate(campaign_id: int) -> int:
    """Make every letter of the campaign that is not made yet, then the batch PDF. Returns the
    number of letters made by this run. A second job for the same campaign waits until the
    first has finished, and then makes what is left (a letter made again meanwhile)."""
    campaign = Campaign.objects.select_related("contact", "created_by").get(pk=campaign_id)
    made = 0
    with generation_lock(campaign.pk, wait=True):
        while True:
            made += _make_letters(campaign)
            if not Campaign.objects.filter(pk=campaign.pk, status=CampaignStatus.GENERATING).exists():
                break
            if _make_batch(campaign):
                break
    return made
