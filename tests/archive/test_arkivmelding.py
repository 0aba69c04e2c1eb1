"""Every case document Boligvei makes goes to the archive as a Fiks Arkiv arkivmelding that KS's
published V1 schema accepts (../shared/data/standards/fiks-arkiv, validated with lxml), screened
as personal data, with our ids as external keys; the outbox exports it as a package."""

import datetime as dt
import io
import zipfile
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from lxml import etree

from boligvei.archive import documents, services
from boligvei.archive.arkivmelding import CaseFolder, Document, Entry, Party, arkivmelding
from boligvei.archive.models import ArchiveMessage, MessageStatus
from boligvei.cases import services as case_services
from boligvei.cases.decisions import decision_decide, decision_recommend
from boligvei.cases.lettings import letting_propose
from boligvei.cases.models import DecisionLetter
from boligvei.core.models import AuditEvent
from boligvei.outreach.generation import campaign_generate
from boligvei.outreach.models import Letter
from boligvei.outreach.selection import Criteria
from boligvei.outreach.services import campaign_create, campaign_mark_sent
from tests.conftest import _client_for, make_user
from tests.housing.factories import DwellingFactory, TenancyFactory, WaitingListEntryFactory
from tests.outreach.factories import tenant
from tests.people.factories import household_with_main_person
from tests.cases.factories import ready_for_startlan

STANDARDS = Path(settings.BASE_DIR).parents[1] / "shared" / "data" / "standards" / "fiks-arkiv"
SCHEMA = STANDARDS / "fiks-arkiv-specification" / "Schema" / "V1" / "no.ks.fiks.arkiv.v1.arkivering.arkivmelding.opprett.xsd"
EXAMPLES = STANDARDS / "fiks-protokoll-validator" / "TestCases" / "no.ks.fiks.arkiv.v1"
M = "{https://ks-no.github.io/standarder/fiks-protokoll/fiks-arkiv/metadatakatalog/v1}"
A = "{https://ks-no.github.io/standarder/fiks-protokoll/fiks-arkiv/arkivmelding/opprett/v1}"

pytestmark = pytest.mark.skipif(not SCHEMA.exists(), reason=f"KS's schema is not beside the project ({SCHEMA})")


@pytest.fixture(scope="module")
def schema():
    return etree.XMLSchema(etree.parse(str(SCHEMA)))


def assert_valid(schema, xml: bytes) -> etree._Element:
    document = etree.fromstring(xml)
    assert schema.validate(document), "\n".join(str(error) for error in schema.error_log)
    return document


def test_the_validator_accepts_kss_example_and_refuses_kss_invalid_one(schema):
    # The check can fail: KS's own negative case (NySaksmappeFX) must be refused.
    assert schema.validate(etree.parse(str(EXAMPLES / "NyMappeMedJournalpostN1" / "arkivmelding.xml")))
    assert not schema.validate(etree.parse(str(EXAMPLES / "NySaksmappeFX" / "arkivmelding.xml")))


def test_a_minimal_message_is_valid_and_screened(schema):
    folder = CaseFolder(key="boligvei-sak-1", title="Leie til eie – Kari Nordmann", public_title="Leie til eie",
                        case_date=dt.date(2026, 3, 1), unit="Boligkontoret", caseworker="Ingrid Solheim")
    entry = Entry(key="boligvei-vedtaksbrev-1", title="Vedtak – Kari Nordmann", public_title="Vedtak", journal_type="U",
                  document_date=dt.date(2026, 12, 1), created_by="ingrid",
                  parties=(Party("Kari Nordmann", "EM", "Storgata 1", "3999", "Fjordvik"),),
                  documents=(Document("Vedtak", "vedtak.pdf", b"%PDF-1.7", "VEDTAK"),),
                  sent_at=dt.datetime(2026, 12, 1, 10, 0, tzinfo=dt.UTC))
    root = assert_valid(schema, arkivmelding(folder=folder, entry=entry))
    assert root.findtext(f"{A}antallFiler") == "1"
    assert root.find(f"{A}mappe/{A}skjerming/{A}tilgangsrestriksjon/{M}kode").text == "13"
    assert "Nordmann" not in root.findtext(f"{A}mappe/{A}offentligTittel")
    assert root.findtext(f"{A}registrering/{A}korrespondansepart/{A}erSkjermet") == "true"
    checksum = root.findtext(f"{A}registrering/{A}dokumentbeskrivelse/{A}dokumentobjekt/{A}sjekksum")
    assert len(checksum) == 64


@pytest.fixture
def approver(team):
    return make_user("frida", "approver", team)


def _recommended(alice, kind="startlan", amount=2_100_000):
    household = household_with_main_person(first_name="Kari", last_name="Nordmann")
    TenancyFactory(household=household, dwelling__street_address="Granliveien 4", dwelling__postal_code="3715",
                   dwelling__postal_place="Fjordvik")
    case = ready_for_startlan(alice, case_services.case_open(actor=alice, household=household))
    return decision_recommend(actor=alice, case=case, kind=kind, amount=amount, recommendation="Innvilges.")


def _decided(alice, approver):
    """One decision of each outcome that makes a letter (approval with its certificate, partial, refusal)."""
    decision_decide(actor=approver, decision=_recommended(alice), outcome="approved", grounds="", price_frame=2_500_000)
    decision_decide(actor=approver, decision=_recommended(alice, amount=2_400_000), outcome="partial",
                    approved_amount=2_000_000, facts="Lønn 580 000 kr.", grounds="Betjeningsevnen bærer 2 mill.",
                    price_frame=2_200_000)
    decision_decide(actor=approver, decision=_recommended(alice, kind="grant", amount=150_000), outcome="refused",
                    facts="Gjeld på 400 000 kr.", grounds="Gjelden må ned først.")


def test_every_decision_letter_and_certificate_is_a_valid_screened_entry_in_its_case(schema, alice, approver):
    _decided(alice, approver)
    letters = list(DecisionLetter.objects.select_related("decision__case__household", "created_by"))
    assert len({letter.kind for letter in letters}) >= 3
    for letter in letters:
        folder, entry = documents.decision_letter_entry(letter)
        root = assert_valid(schema, arkivmelding(folder=folder, entry=entry))
        assert root.findtext(f"{A}mappe/{A}referanseEksternNoekkel/{M}noekkel") == f"boligvei-sak-{letter.decision.case_id}"
        assert root.find(f"{A}registrering/{A}journalposttype/{M}kode").text == "U"
        assert "Nordmann" not in root.findtext(f"{A}registrering/{A}offentligTittel")
        party = root.find(f"{A}registrering/{A}korrespondansepart")
        assert party.findtext(f"{A}korrespondansepartNavn") == "Kari Nordmann"
        assert party.findtext(f"{A}postnummer") == "3715"


def test_a_sent_invitation_letter_is_a_valid_entry_in_the_case_it_opened(schema, alice):
    tenant(first_name="Kari", last_name="Aas")
    campaign = campaign_create(actor=alice, name="Våren", contact=alice, criteria=Criteria(),
                               letter_date=timezone.localdate())
    campaign_generate(campaign.pk)
    campaign.refresh_from_db()
    campaign_mark_sent(actor=alice, campaign=campaign, sent_on=timezone.localdate())
    assert services.archive_collect() == 1
    message = ArchiveMessage.objects.get(kind="letter")
    with zipfile.ZipFile(io.BytesIO(services.message_package(message))) as package:
        assert set(package.namelist()) == {"meldingstype.txt", "arkivmelding.xml", f"brev-{message.object_id}.pdf"}
        root = assert_valid(schema, package.read("arkivmelding.xml"))
        assert package.read(f"brev-{message.object_id}.pdf") == bytes(Letter.objects.get().pdf)
    assert root.findtext(f"{A}registrering/{A}offentligTittel") == "Invitasjon til samtale om leie til eie"


def test_the_outbox_collects_once_exports_packages_and_records_the_receipt(alice, approver, tmp_path):
    _decided(alice, approver)
    count = DecisionLetter.objects.count()
    assert services.archive_collect() == count and services.archive_collect() == 0
    call_command("archive_export", str(tmp_path))
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(f"{m.key}.zip" for m in ArchiveMessage.objects.all())
    assert set(ArchiveMessage.objects.values_list("status", flat=True)) == {MessageStatus.EXPORTED}
    assert AuditEvent.objects.filter(action="archive.export").count() == count
    message = ArchiveMessage.objects.first()
    call_command("archive_receipt", message.key, "--saksnummer", "2026/1234", "--journalpostnummer", "7")
    message.refresh_from_db()
    assert (message.status, message.case_number, message.journal_number) == ("archived", "2026/1234", "7")


def test_the_outbox_page_is_for_administrators_and_a_package_download_is_audited(alice, approver, team):
    _decided(alice, approver)
    services.archive_collect()
    assert _client_for(alice).get(reverse("archive:outbox")).status_code == 403
    admin = _client_for(make_user("ada", "administrator", team))
    page = admin.get(reverse("archive:outbox")).content.decode()
    assert f"Venter: {DecisionLetter.objects.count()}" in page
    message = ArchiveMessage.objects.first()
    response = admin.get(reverse("archive:package", args=[message.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    assert AuditEvent.objects.filter(action="archive.package_download", object_id=str(message.pk)).exists()


def _let(alice, *, with_case: bool):
    """A waiting household let a dwelling: with an open case, or (most often) without one."""
    household = household_with_main_person(first_name="Amina", last_name="Hassan")
    household.address_line, household.postal_code, household.postal_place = "Hybelveien 2", "3715", "Fjordvik"
    household.save()
    if with_case:
        case_services.case_open(actor=alice, household=household)
    return letting_propose(actor=alice, entry=WaitingListEntryFactory(household=household),
                           dwelling=DwellingFactory(), start_date=dt.date(2026, 12, 1), contract_type="indefinite",
                           facts="Har ventet i to år.", grounds="Boligen passer husstanden.")


def test_a_letting_decision_without_a_case_is_archived_in_the_households_application_for_housing(schema, alice):
    letting = _let(alice, with_case=False)
    assert services.archive_collect() == 1
    message = ArchiveMessage.objects.get()
    assert message.case is None and message.household_id == letting.household_id
    letter = letting.letters.get()
    with zipfile.ZipFile(io.BytesIO(services.message_package(message))) as package:
        root = assert_valid(schema, package.read("arkivmelding.xml"))
        assert package.read(f"vedtaksbrev-{letter.pk}.pdf") == bytes(letter.pdf)
    assert root.findtext(f"{A}mappe/{A}referanseEksternNoekkel/{M}noekkel") == f"boligvei-boligsoknad-{letting.entry_id}"
    assert "Hassan" not in root.findtext(f"{A}mappe/{A}offentligTittel")
    assert root.findtext(f"{A}registrering/{A}offentligTittel") == "Vedtak om tildeling av bolig"
    assert root.find(f"{A}registrering/{A}korrespondansepart").findtext(f"{A}postnummer") == "3715"


def test_a_letting_decision_in_a_case_is_archived_in_the_case(schema, alice, tmp_path):
    letting = _let(alice, with_case=True)
    services.archive_collect()
    folder, entry = documents.decision_letter_entry(letting.letters.get())
    root = assert_valid(schema, arkivmelding(folder=folder, entry=entry))
    assert root.findtext(f"{A}mappe/{A}referanseEksternNoekkel/{M}noekkel") == f"boligvei-sak-{letting.case_id}"
    assert services.archive_export(directory=tmp_path) == (1, 0)
    assert AuditEvent.objects.filter(action="archive.export", household_id=letting.household_id).exists()
