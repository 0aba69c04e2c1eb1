"""What each kind of letter is to SvarUt: its title, its PDF, its recipient and whose it is.

Reads only. A letter Boligvei makes elsewhere (outreach's invitations and reminders, cases'
decision letters and financing certificates) is sent through SvarUt as it was stored: the same
PDF/A bytes the print would have had.
"""

from dataclasses import dataclass

from django.conf import settings

from boligvei.cases.models import DecisionLetter
from boligvei.dispatch.client import Document
from boligvei.dispatch.models import LetterKind, Shipment
from boligvei.outreach.models import Letter


@dataclass(frozen=True)
class Outgoing:
    kind: str
    object_id: int
    household_id: int
    campaign_id: int | None
    case_id: int | None
    title: str
    recipient: list[str]
    document: Document
    document_type: str


def outgoing_letter(letter: Letter) -> Outgoing:
    return Outgoing(kind=LetterKind.LETTER, object_id=letter.pk, household_id=letter.household_id,
                    campaign_id=letter.campaign_id, case_id=None, title=letter.title, recipient=list(letter.recipient),
                    document=Document(f"brev-{letter.pk}.pdf", bytes(letter.pdf) if letter.pdf else b""),
                    document_type="Brev")


def outgoing_decision_letter(letter: DecisionLetter) -> Outgoing:
    return Outgoing(kind=LetterKind.DECISION_LETTER, object_id=letter.pk,
                    household_id=letter.decision.case.household_id, campaign_id=None, case_id=letter.decision.case_id,
                    title=letter.title, recipient=list(letter.recipient),
                    document=Document(f"vedtaksbrev-{letter.pk}.pdf", bytes(letter.pdf)),
                    document_type="Vedtak" if letter.kind != "certificate" else "Finansieringsbevis")


def outgoing(kind: str, object_id: int) -> Outgoing:
    """The letter a shipment carries (DoesNotExist when it was deleted since)."""
    if kind == LetterKind.LETTER:
        return outgoing_letter(Letter.objects.get(pk=object_id))
    return outgoing_decision_letter(DecisionLetter.objects.select_related("decision").get(pk=object_id))


def external_reference(kind: str, object_id: int) -> str:
    """Our id for the letter in SvarUt (`eksternReferanse`): the same for every attempt."""
    prefix = "boligvei-brev" if kind == LetterKind.LETTER else "boligvei-vedtaksbrev"
    return f"{prefix}-{object_id}"


def postal_parts(recipient: list[str]) -> dict[str, str]:
    """The letter's address block (name, street lines, «postcode place») as SvarUt's Adresse
    fields; empty where the block has no Norwegian postcode."""
    if len(recipient) < 3:
        return {}
    code, _, place = recipient[-1].partition(" ")
    if not (len(code) == 4 and code.isdigit() and place.strip()):
        return {}
    streets = recipient[1:-1][:3]
    fields = {f"adresselinje{n}": line for n, line in enumerate(streets, start=1)}
    return {**fields, "postnummer": code, "poststed": place.strip()}


def forsendelse(shipment: Shipment, letter: Outgoing, *, digital_id: str) -> dict:
    """The Forsendelse JSON (REST v2) for one letter. SvarUt chooses the channel: the person's
    digital mailbox or Altinn when `digitalId` is given and the person is not reserved, else print
    to the postal address; never digital-only, so a letter is printed when nothing else works."""
    recipient = {"navn": letter.recipient[0], **postal_parts(letter.recipient)}
    if digital_id:
        recipient["digitalId"] = digital_id
    body = {
        "tittel": letter.title,
        "mottaker": recipient,
        "avgivendeSystem": "Boligvei",
        "eksternReferanse": shipment.external_reference,
        "kunDigitalLevering": False,
        "kryptert": False,
        "krevNiva4Innlogging": False,
        "utskriftskonfigurasjon": {"tosidig": True, "utskriftMedFarger": False},
        "dokumenter": [{"filnavn": letter.document.filename, "mimeType": letter.document.mime_type,
                        "dokumentType": letter.document_type, "inneholderPersonsensitivInformasjon": True}],
    }
    if letter.campaign_id:
        body["korrelasjonsid"] = f"boligvei-utsendelse-{letter.campaign_id}"
    if settings.SVARUT_FORSENDELSESTYPE:
        body["forsendelsestype"] = settings.SVARUT_FORSENDELSESTYPE
    if settings.SVARUT_KONTERINGSKODE:
        body["konteringskode"] = settings.SVARUT_KONTERINGSKODE
    return body
