"""The health and readiness checks the load balancer and monitoring ask (core.health)."""

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from boligvei.core import health


def _task(**fields) -> DBTaskResult:
    now = timezone.now()
    defaults = {"args_kwargs": {"args": [], "kwargs": {}}, "task_path": "boligvei.outreach.tasks.generate_campaign_letters",
                "queue_name": "default", "backend_name": "default", "run_after": now,
                "status": TaskResultStatus.READY}
    task = DBTaskResult.objects.create(**{**defaults, **fields})
    if "enqueued_at" in fields:  # auto_now_add: set it afterwards
        DBTaskResult.objects.filter(pk=task.pk).update(enqueued_at=fields["enqueued_at"])
    return task


def test_the_health_page_answers_without_asking_the_database(client, db):
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/helse/")
    assert response.status_code == 200 and response.content == b"ok"
    assert len(queries) == 0


def test_readiness_says_the_database_answers_and_every_migration_is_applied(client, db):
    response = client.get("/helse/klar/")
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    body = response.json()
    assert body["ready"] is True and body["database"] is True and body["migrations_pending"] == 0
    assert body["worker"] == {"ok": True, "tasks_waiting": 0, "oldest_waiting_seconds": 0,
                              "last_task_started_at": None}


def test_readiness_is_refused_while_migrations_are_pending(client, db, monkeypatch):
    monkeypatch.setattr(health, "_migrations_applied", False)
    MigrationRecorder.Migration.objects.filter(app="sessions").delete()  # as if not yet migrated
    response = client.get("/helse/klar/")
    assert response.status_code == 503
    assert response.json()["migrations_pending"] == 1


@pytest.mark.skipif(connection.vendor == "sqlite",
                    reason="the in-memory SQLite test database cannot be taken away from under the test")
def test_readiness_is_refused_when_the_database_does_not_answer(client, transactional_db):
    original = connection.settings_dict["NAME"]
    connection.close()
    connection.settings_dict["NAME"] = "boligvei_ops_no_such_database"
    try:
        response = client.get("/helse/klar/")
    finally:
        connection.close()
        connection.settings_dict["NAME"] = original
    assert response.status_code == 503
    assert response.json() == {"ready": False, "database": False, "migrations_pending": None, "worker": None}


def test_the_worker_is_late_when_a_task_has_waited_too_long(client, db, settings):
    settings.WORKER_LATE_SECONDS = 300
    _task(enqueued_at=timezone.now() - dt.timedelta(seconds=30))
    assert client.get("/helse/arbeider/").status_code == 200
    _task(enqueued_at=timezone.now() - dt.timedelta(minutes=10))
    response = client.get("/helse/arbeider/")
    assert response.status_code == 503
    worker = response.json()["worker"]
    assert worker["ok"] is False and worker["tasks_waiting"] == 2 and worker["oldest_waiting_seconds"] >= 600
    assert client.get("/helse/klar/").status_code == 200  # the web process still serves


def test_the_worker_reports_when_it_last_took_a_task(client, db):
    started = timezone.now() - dt.timedelta(minutes=3)
    _task(status=TaskResultStatus.SUCCESSFUL, started_at=started, finished_at=started,
          enqueued_at=started - dt.timedelta(days=2))
    worker = client.get("/helse/arbeider/").json()["worker"]
    assert worker["ok"] is True and worker["tasks_waiting"] == 0
    assert worker["last_task_started_at"] == started.isoformat(timespec="seconds")


@pytest.mark.parametrize("url", ["/helse/", "/helse/klar/", "/helse/arbeider/"])
def test_the_checks_need_no_login_and_say_nothing_about_people(client, db, alice, url):
    response = client.get(url)
    assert response.status_code == 200
    assert b"alice" not in response.content.lower()
