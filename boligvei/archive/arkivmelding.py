"""The Fiks Arkiv message that puts a case document in the municipality's archive (Noark 5).

`arkivmelding(...)` returns the `arkivmelding.xml` of message type
`no.ks.fiks.arkiv.v1.arkivering.arkivmelding.opprett`: one *saksmappe* (the case, found again by
our own id as its external key) and one *journalpost* with its documents (the PDF/A files, named as
they travel beside the XML in the package). Element order follows the V1 schema
(`Schema/V1/no.ks.fiks.arkiv.v1.arkivering.arkivmelding.opprett.xsd` in KS's specification); the
tests validate every kind of document Boligvei makes against it.

Everything about a household is personal data: the folder, the entry and each document are
screened (`skjerming`: tilgangsrestriksjon 13, offentleglova § 13 with forvaltningsloven § 13), the
public titles carry no names, and correspondence parties are marked screened.

Pure Python (the standard library's ElementTree): no Django, no network.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from xml.etree import ElementTree as ET

NS = "https://ks-no.github.io/standarder/fiks-protokoll/fiks-arkiv/arkivmelding/opprett/v1"
MDK = "https://ks-no.github.io/standarder/fiks-protokoll/fiks-arkiv/metadatakatalog/v1"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
MESSAGE_TYPE = "no.ks.fiks.arkiv.v1.arkivering.arkivmelding.opprett"

SYSTEM = "Boligvei"
# Offentleglova § 13 (duty of confidentiality) with forvaltningsloven § 13 (personal matters).
RESTRICTION_CODE = "13"
RESTRICTION_GROUNDS = "Offl. § 13 jf. fvl. § 13 første ledd nr. 1"

ET.register_namespace("", NS)
ET.register_namespace("n5mdk", MDK)
ET.register_namespace("xsi", XSI)


@dataclass(frozen=True)
class Document:
    """A file of the entry: a PDF/A as it is stored, named as it travels in the package."""

    title: str
    filename: str
    content: bytes
    document_type: str = "KORR"  # code list dokumenttype: VEDTAK, KORR, ...
    main: bool = True  # hoveddokument (H) or vedlegg (V)


@dataclass(frozen=True)
class Party:
    """A correspondence party: the household (a person) or the housing office."""

    name: str
    kind: str  # code list korrespondanseparttype: EM recipient, EA sender, IA/IM internal
    address: str = ""
    postal_code: str = ""
    postal_place: str = ""
    is_person: bool = True


@dataclass(frozen=True)
class CaseFolder:
    """The saksmappe: one per case, found by `key` (our case id) when it already exists."""

    key: str
    title: str
    public_title: str
    case_date: dt.date
    unit: str  # administrativ enhet: the housing office
    caseworker: str
    closed: bool = False
    classification: tuple[str, str] | None = None  # (klassifikasjonssystemID, klasseID)


@dataclass(frozen=True)
class Entry:
    """The journalpost: a document going out (U), coming in (I) or internal (N, X)."""

    key: str
    title: str
    public_title: str
    journal_type: str
    document_date: dt.date
    created_by: str
    parties: tuple[Party, ...]
    documents: tuple[Document, ...] = field(default_factory=tuple)
    sent_at: dt.datetime | None = None  # with its time zone


def _el(parent, tag: str, text: str | None = None, ns: str = NS):
    element = ET.SubElement(parent, f"{{{ns}}}{tag}")
    if text is not None:
        element.text = text
    return element


def _code(parent, tag: str, code: str) -> None:
    _el(_el(parent, tag), "kode", code, MDK)


def _external_key(parent, tag: str, key: str, ns: str = NS) -> None:
    element = _el(parent, tag, ns=ns)
    _el(element, "fagsystem", SYSTEM, MDK)
    _el(element, "noekkel", key, MDK)


def _screening(parent) -> None:
    screening = _el(parent, "skjerming")
    _code(screening, "tilgangsrestriksjon", RESTRICTION_CODE)
    _el(screening, "skjermingshjemmel", RESTRICTION_GROUNDS)


def _folder(root, folder: CaseFolder) -> None:
    mappe = _el(root, "mappe")
    mappe.set(f"{{{XSI}}}type", "saksmappe")
    _el(mappe, "tittel", folder.title)
    _el(mappe, "offentligTittel", folder.public_title)
    _el(mappe, "opprettetAv", SYSTEM)
    _screening(mappe)
    if folder.classification:
        klass = _el(mappe, "klassifikasjon")
        _el(klass, "klassifikasjonssystemID", folder.classification[0])
        _el(klass, "klasseID", folder.classification[1])
    _external_key(mappe, "referanseEksternNoekkel", folder.key)
    _el(mappe, "saksdato", folder.case_date.isoformat())
    _el(_el(mappe, "administrativEnhet"), "navn", folder.unit, MDK)
    _el(_el(mappe, "saksansvarlig"), "navn", folder.caseworker, MDK)
    _code(mappe, "saksstatus", "A" if folder.closed else "B")


def _document(parent, document: Document, number: int) -> None:
    description = _el(parent, "dokumentbeskrivelse")
    _code(description, "dokumenttype", document.document_type)
    _code(description, "dokumentstatus", "F")
    _el(description, "tittel", document.title)
    _code(description, "tilknyttetRegistreringSom", "H" if document.main else "V")
    _el(description, "dokumentnummer", str(number))
    _screening(description)
    obj = _el(description, "dokumentobjekt")
    _el(obj, "versjonsnummer", "1")
    _code(obj, "variantformat", "A")  # arkivformat: the PDF/A
    _code(obj, "format", "RA-PDF")
    _el(obj, "mimeType", "application/pdf")
    _el(obj, "filnavn", document.filename)
    _el(obj, "referanseDokumentfil", document.filename)
    _el(obj, "sjekksum", hashlib.sha256(document.content).hexdigest())
    _el(obj, "sjekksumAlgoritme", "SHA-256")
    _el(obj, "filstoerrelse", str(len(document.content)))


def _party(parent, party: Party) -> None:
    element = _el(parent, "korrespondansepart")
    _code(element, "korrespondanseparttype", party.kind)
    _el(element, "korrespondansepartNavn", party.name)
    for tag, value in (("postadresse", party.address), ("postnummer", party.postal_code),
                       ("poststed", party.postal_place)):
        if value:
            _el(element, tag, value)
    if party.is_person:
        _el(element, "erSkjermet", "true")
        _el(element, "erPersonnavn", "true")


def _entry(root, entry: Entry, folder: CaseFolder) -> None:
    post = _el(root, "registrering")
    post.set(f"{{{XSI}}}type", "journalpost")
    _el(post, "opprettetAv", entry.created_by)
    _el(post, "arkivertAv", SYSTEM)
    parent = _el(post, "referanseForelderMappe")
    _external_key(parent, "referanseEksternNoekkel", folder.key, ns=MDK)
    _screening(post)
    for number, document in enumerate(entry.documents, start=1):
        _document(post, document, number)
    _el(post, "tittel", entry.title)
    _el(post, "offentligTittel", entry.public_title)
    for party in entry.parties:
        _party(post, party)
    _external_key(post, "referanseEksternNoekkel", entry.key)
    _code(post, "journalposttype", entry.journal_type)
    _code(post, "journalstatus", "F")
    _el(post, "dokumentetsDato", entry.document_date.isoformat())
    if entry.sent_at:
        _el(post, "sendtDato", entry.sent_at.isoformat(timespec="seconds"))


def arkivmelding(*, folder: CaseFolder, entry: Entry) -> bytes:
    """The arkivmelding.xml (UTF-8) that files `entry` in the case `folder`."""
    root = ET.Element(f"{{{NS}}}arkivmelding")
    _el(root, "system", SYSTEM)
    _el(root, "antallFiler", str(len(entry.documents)))
    _folder(root, folder)
    _entry(root, entry, folder)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)
