"""Making the PDFs of a campaign, in the background: one PDF/A per letter, then the batch.

`campaign_generate` can be stopped at any point (a crash, a restart, a deploy) and run again:
each letter's PDF is saved in its own transaction together with its status, and only a letter
still «pending» is made, so a second run makes the rest and repeats nothing. Two runs at once
waste work but still save each letter once (the save is conditional on the letter still being
pending). The batch PDF for the print shop is made from the same stored letters when all are
done.
"""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from boligvei.core.audit import audit_record
from boligvei.core.letters import Letter as LetterDocument
from boligvei.core.letters import letters_pdf
from boligvei.outreach import defaults
from boligvei.outreach.models import Campaign, CampaignStatus, Letter, LetterStatus

CHUNK = 100
# How often a running job says it is alive (`Campaign.progress_at`): far inside the two minutes
# after which the campaign page calls it stalled, without a second write per letter.
PROGRESS_EVERY = dt.timedelta(seconds=10)


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


def campaign_generate(campaign_id: int) -> int:
    """Make every letter of the campaign that is not made yet, then the batch PDF. Returns the
    number of letters made by this run."""
    campaign = Campaign.objects.select_related("contact").get(pk=campaign_id)
    made = 0
    progress_at = None
    while True:
        pending = list(campaign.letters.filter(status=LetterStatus.PENDING).order_by("id")[:CHUNK])
        if not pending:
            break
        for letter in pending:
            letter.campaign = campaign
            pdf = letter_pdf(letter)
            now = timezone.now()
            made += Letter.objects.filter(pk=letter.pk, status=LetterStatus.PENDING).update(
                pdf=pdf, status=LetterStatus.GENERATED, generated_at=now)
            if progress_at is None or now - progress_at >= PROGRESS_EVERY:
                Campaign.objects.filter(pk=campaign.pk).update(progress_at=now)
                progress_at = now
    if made:
        audit_record(actor=campaign.created_by, action="letter.generate", obj=campaign,
                     changes={"letters": made})
    if not Campaign.objects.filter(pk=campaign.pk, batch_pdf__isnull=True).exists():
        return made
    letters = list(campaign.letters.order_by("id"))
    for letter in letters:
        letter.campaign = campaign
    batch = letters_pdf([letter_document(letter, campaign) for letter in letters], duplex=True,
                        timestamp=campaign.created_at, title=campaign.name)
    with transaction.atomic():
        Campaign.objects.filter(pk=campaign.pk, batch_pdf__isnull=True).update(
            batch_pdf=batch, progress_at=timezone.now())
        Campaign.objects.filter(pk=campaign.pk, status=CampaignStatus.GENERATING).update(
            status=CampaignStatus.GENERATED)
    return made
