"""`boligvei db_worker` picks up the letter batch of a worker that was killed, by itself."""

import io
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from boligvei.core.models import AuditEvent
from boligvei.outreach.models import Campaign, CampaignStatus, LetterStatus
from boligvei.outreach.selection import Criteria
from boligvei.outreach.services import campaign_create
from boligvei.outreach.tasks import generate_campaign_letters
from tests.outreach.factories import tenant

BOLIGVEI = str(Path(sys.executable).parent / "boligvei")
LETTERS = 60


def _database_url() -> str:
    db = connection.settings_dict
    return f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def _worker(*extra: str) -> subprocess.Popen:
    """The real command in a process of its own, on this test's database."""
    env = {**os.environ, "DATABASE_URL": _database_url()}
    return subprocess.Popen([BOLIGVEI, "db_worker", "--no-startup-delay", "--no-reload", "--interval", "0.2", *extra],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def _wait_for(condition, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"waited {timeout} s for {what}")
        time.sleep(0.05)


def _made(campaign) -> int:
    return campaign.letters.filter(status=LetterStatus.GENERATED).count()


@pytest.mark.skipif(not os.environ.get("DATABASE_URL", "").startswith("postgres"),
                    reason="a second process shares the test database only on PostgreSQL (SQLite's is in memory)")
@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_mid_batch_is_picked_up_by_the_next_one_and_each_letter_is_made_and_audited_once(alice):
    for i in range(LETTERS):
        tenant(first_name=f"Kari{i}", last_name="Aas")
    campaign = campaign_create(actor=alice, name="Drept arbeider", contact=alice, criteria=Criteria(),
                               letter_date=timezone.localdate())
    first = _worker()
    try:
        _wait_for(lambda: _made(campaign) >= 5, 120, "the first letters")
        out = io.StringIO()
        call_command("letters_resume", stdout=out)  # the job is alive: nothing is queued twice
        assert "Ingen utsendelser venter." in out.getvalue()
        first.send_signal(signal.SIGKILL)
        first.wait(10)
    finally:
        first.kill()
    before = {letter.pk: letter.generated_at for letter in campaign.letters.filter(status=LetterStatus.GENERATED)}
    assert 5 <= len(before) < LETTERS, "the worker was to be killed mid-batch"
    job = DBTaskResult.objects.get(task_path=generate_campaign_letters.module_path)
    assert job.status == TaskResultStatus.RUNNING  # what a killed worker leaves behind

    second = _worker("--batch")  # started again, it finds the interrupted batch by itself
    output, _ = second.communicate(timeout=300)
    assert second.returncode == 0, output
    assert f"Utsendelse {campaign.pk}: avbrutt, satt i kø igjen." in output

    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.GENERATED and campaign.batch_pdf
    assert _made(campaign) == LETTERS
    for letter in campaign.letters.filter(pk__in=before):
        assert letter.generated_at == before[letter.pk]  # made once: not made again
    audited = list(AuditEvent.objects.filter(action="letter.generate").values_list("object_id", flat=True))
    assert sorted(audited) == sorted(str(pk) for pk in campaign.letters.values_list("pk", flat=True))
    job.refresh_from_db()
    assert job.status == TaskResultStatus.FAILED  # no longer «running» for ever
    assert not DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING).exists()


@pytest.mark.django_db(transaction=True)
def test_letters_resume_marks_a_job_left_running_by_a_dead_worker_failed_and_queues_the_campaign(alice):
    tenant(first_name="Kari", last_name="Aas")
    campaign = campaign_create(actor=alice, name="Avbrutt", contact=alice, criteria=Criteria(),
                               letter_date=timezone.localdate())
    job = DBTaskResult.objects.get(task_path=generate_campaign_letters.module_path)
    job.claim("drept-arbeider")  # claimed by a worker that then died: nobody holds the campaign's lock
    out = io.StringIO()
    call_command("letters_resume", stdout=out)
    assert "Avbrutt" in out.getvalue()
    job.refresh_from_db()
    assert job.status == TaskResultStatus.FAILED
    assert DBTaskResult.objects.filter(status=TaskResultStatus.READY).count() == 1
    call_command("letters_resume", stdout=io.StringIO())  # queued once: a second run adds nothing
    assert DBTaskResult.objects.filter(status=TaskResultStatus.READY).count() == 1
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    assert Campaign.objects.get(pk=campaign.pk).status == CampaignStatus.GENERATED
