import io

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone
from pypdf import PdfReader

from boligvei.outreach import generation
from boligvei.outreach.models import Campaign, CampaignStatus, Letter, LetterStatus
from boligvei.outreach.selection import Criteria
from boligvei.cases.models import Case
from boligvei.core.errors import DomainError
from boligvei.core.models import AuditEvent
from boligvei.outreach.services import campaign_create, campaign_mark_sent, letter_remake
from boligvei.people.models import Household, Person
from tests.outreach.factories import tenant

pytestmark = pytest.mark.django_db


def _text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_each_letter_becomes_a_pdf_a_and_the_batch_one_print_file(tenants, make_campaign):
    campaign = make_campaign()
    assert generation.campaign_generate(campaign.pk) == 3
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.GENERATED
    letters = list(campaign.letters.order_by("id"))
    for letter in letters:
        pdf = bytes(letter.pdf)
        reader = PdfReader(io.BytesIO(pdf))
        assert b"pdfaid:part" in pdf  # PDF/A identification in the XMP metadata
        assert len(reader.pages) == 1
        text = _text(pdf)
        assert letter.recipient[0] in text and letter.reference in text
    assert "Would you like to own the home you rent?" in _text(bytes(letters[2].pdf))
    batch = PdfReader(io.BytesIO(bytes(campaign.batch_pdf)))
    assert len(batch.pages) == 5  # each letter starts on a front page (odd page) for two-sided printing
    batch_text = _text(bytes(campaign.batch_pdf))
    assert all(letter.recipient[0] in batch_text for letter in letters)


def test_a_crash_mid_batch_loses_nothing_and_the_rerun_repeats_nothing(tenants, make_campaign, monkeypatch):
    campaign = make_campaign()
    real = generation.letters_pdf
    calls = {"n": 0}

    def crash_on_the_third(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 3:
            raise SystemExit("worker killed")
        return real(*args, **kwargs)

    monkeypatch.setattr(generation, "letters_pdf", crash_on_the_third)
    with pytest.raises(SystemExit):
        generation.campaign_generate(campaign.pk)
    made = {letter.pk: (letter.generated_at, bytes(letter.pdf))
            for letter in campaign.letters.filter(status=LetterStatus.GENERATED)}
    assert len(made) == 2
    assert campaign.letters.filter(status=LetterStatus.PENDING).count() == 1
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.GENERATING and campaign.batch_pdf is None

    monkeypatch.setattr(generation, "letters_pdf", real)
    assert generation.campaign_generate(campaign.pk) == 1  # only the one left
    for letter in campaign.letters.filter(pk__in=made):
        assert (letter.generated_at, bytes(letter.pdf)) == made[letter.pk]
    assert Letter.objects.count() == 3
    assert generation.campaign_generate(campaign.pk) == 0  # a third run has nothing to do
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.GENERATED


@pytest.mark.django_db(transaction=True)
def test_the_database_worker_makes_the_letters_of_a_new_campaign(tenants, alice):
    campaign = campaign_create(actor=alice, name="Via køen", contact=alice, criteria=Criteria(),
                               letter_date=timezone.localdate())
    assert campaign.task_id  # queued when the campaign was committed
    assert Campaign.objects.get(pk=campaign.pk).status == CampaignStatus.GENERATING
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.GENERATED
    assert not campaign.letters.filter(status=LetterStatus.PENDING).exists()


@pytest.mark.django_db(transaction=True)
def test_letters_resume_queues_unfinished_campaigns_again(tenants, alice):
    campaign = campaign_create(actor=alice, name="Avbrutt", contact=alice, criteria=Criteria(),
                               letter_date=timezone.localdate())
    from django_tasks_db.models import DBTaskResult

    DBTaskResult.objects.all().delete()  # the queue lost the job (e.g. restored from backup)
    out = io.StringIO()
    call_command("letters_resume", stdout=out)
    assert "Avbrutt" in out.getvalue()
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.GENERATED


def test_names_in_every_script_print_and_each_letter_is_audited(alice, make_campaign):
    from tests.core.test_documents import NAMES

    households = [tenant(first_name=name, last_name="Testesen")[0] for name in NAMES.values()]
    campaign = make_campaign()
    assert generation.campaign_generate(campaign.pk) == len(NAMES)
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.GENERATED and campaign.batch_pdf
    audited = AuditEvent.objects.filter(action="letter.generate")
    assert sorted(audited.values_list("household_id", flat=True)) == sorted(h.pk for h in households)
    assert set(audited.values_list("object_id", flat=True)) == {str(pk) for pk in campaign.letters.values_list("pk", flat=True)}


def test_a_letter_that_cannot_be_made_fails_with_the_reason_and_the_rest_of_the_batch_completes(alice, tenants,
                                                                                                make_campaign):
    broken = tenant(first_name="Kari \U00010000", last_name="Aasen")[0]  # Linear B: no font has it
    campaign = make_campaign()
    assert generation.campaign_generate(campaign.pk) == 3
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.GENERATED
    failed = campaign.letters.get(household=broken)
    assert failed.status == LetterStatus.FAILED and failed.pdf is None
    assert failed.failure.startswith("Teksten har tegn som ingen av skriftene i brevet kan vise («\U00010000» (U+10000))")
    assert AuditEvent.objects.filter(action="letter.fail", household_id=broken.pk).count() == 1
    batch = _text(bytes(campaign.batch_pdf))
    assert all(letter.recipient[0] in batch for letter in campaign.letters.filter(status=LetterStatus.GENERATED))
    assert len(PdfReader(io.BytesIO(bytes(campaign.batch_pdf))).pages) == 5  # the three made letters


def test_a_failed_letter_is_merged_again_from_the_households_data_once_it_is_put_right(alice, tenants,
                                                                                    make_campaign):
    broken = tenant(first_name="Kari \U00010000", last_name="Aasen")[0]
    campaign = make_campaign()
    generation.campaign_generate(campaign.pk)
    letter = campaign.letters.get(household=broken)
    Person.objects.filter(household=broken).update(first_name="Kari")
    Household.objects.filter(pk=broken.pk).update(name="Aasen, Kari")
    letter_remake(actor=alice, letter=letter)
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.GENERATING and campaign.batch_pdf is None
    assert generation.campaign_generate(campaign.pk) == 1  # only the one made again
    letter.refresh_from_db()
    assert letter.status == LetterStatus.GENERATED and letter.failure == ""
    assert letter.recipient[0] == "Kari Aasen" and "Kari Aasen" in _text(bytes(letter.pdf))
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.GENERATED
    assert "Kari Aasen" in _text(bytes(campaign.batch_pdf))
    assert AuditEvent.objects.filter(action="letter.remake", household_id=broken.pk).exists()


def test_only_a_failed_letter_of_an_unsent_campaign_is_made_again(alice, tenants, make_campaign):
    campaign = make_campaign()
    generation.campaign_generate(campaign.pk)
    with pytest.raises(DomainError, match="Bare brev som ikke kunne lages"):
        letter_remake(actor=alice, letter=campaign.letters.first())


def test_marking_sent_sends_only_the_letters_that_were_made(alice, tenants, make_campaign):
    broken = tenant(first_name="Kari \U00010000", last_name="Aasen")[0]
    campaign = make_campaign()
    generation.campaign_generate(campaign.pk)
    campaign_mark_sent(actor=alice, campaign=campaign, sent_on=timezone.localdate())
    assert campaign.letters.get(household=broken).status == LetterStatus.FAILED
    assert campaign.letters.filter(status=LetterStatus.SENT).count() == 3
    assert not Case.objects.filter(household=broken).exists()
def _progress_writes(captured) -> int:
    return sum(1 for query in captured if query["sql"].startswith("UPDATE")
               and "outreach_campaign" in query["sql"] and "progress_at" in query["sql"]
               and "batch_pdf" not in query["sql"])


def test_the_job_says_it_is_alive_every_ten_seconds_not_after_every_letter(tenants, make_campaign,
                                                                            monkeypatch):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    campaign = make_campaign()
    with time_machine.travel(timezone.now(), tick=False), CaptureQueriesContext(connection) as captured:
        assert generation.campaign_generate(campaign.pk) == 3
    assert _progress_writes(captured) == 1  # three letters within ten seconds: one sign of life

    campaign.letters.update(status=LetterStatus.PENDING, pdf=None, generated_at=None)  # made again, slowly
    # One thread sets the letters, so each is saved before the next is set and the clock below
    # moves between saves (with two threads, both may be set before the first is saved).
    monkeypatch.setattr(generation, "GENERATION_THREADS", 1)
    real = generation.letters_pdf
    with time_machine.travel(timezone.now(), tick=False) as clock:
        def eleven_seconds_each(*args, **kwargs):
            clock.shift(11)
            return real(*args, **kwargs)

        monkeypatch.setattr(generation, "letters_pdf", eleven_seconds_each)
        with CaptureQueriesContext(connection) as captured:
            assert generation.campaign_generate(campaign.pk) == 3
    assert _progress_writes(captured) == 3  # eleven seconds per letter: a sign of life after each


def test_the_batch_set_beside_the_letters_is_the_batch_of_the_letters_made_byte_for_byte(tenants, make_campaign,
                                                                                          monkeypatch):
    monkeypatch.setattr(generation, "GENERATION_THREADS", 2)
    monkeypatch.setattr(generation.os, "cpu_count", lambda: 2)
    campaign = make_campaign()
    assert generation.campaign_generate(campaign.pk) == 3
    campaign.refresh_from_db()
    letters = list(campaign.letters.filter(status=LetterStatus.GENERATED).order_by("id"))
    again = generation.batch_pdf(generation._batch_documents(letters, campaign), campaign)
    assert bytes(campaign.batch_pdf) == again
    for letter in letters:  # each letter, set in either thread, is the letter set alone
        assert bytes(letter.pdf) == generation.letter_pdf(letter)


def test_the_letters_made_are_saved_in_groups_with_one_audit_row_each(tenants, make_campaign, monkeypatch):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    monkeypatch.setattr(generation, "SAVE_EVERY", 2)
    campaign = make_campaign()
    with CaptureQueriesContext(connection) as captured:
        assert generation.campaign_generate(campaign.pk) == 3
    audit_inserts = [q for q in captured if q["sql"].startswith("INSERT") and "core_auditevent" in q["sql"]]
    assert len(audit_inserts) == 2  # three letters in groups of two: two bulk inserts
    assert AuditEvent.objects.filter(action="letter.generate").count() == 3
