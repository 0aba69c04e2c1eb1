"""What the load balancer and monitoring ask (docs/operations.md, "Health and readiness").

`/helse/` says only that the process answers: no database, no session, no personal data.
`readiness()` is what `/helse/klar/` and `/helse/arbeider/` report: whether the database answers,
whether every migration is applied, and whether the background worker keeps up, judged by the
oldest task waiting (a worker with nothing to do takes no task, and is not late). It reads no
personal data: the task queue's times only.
"""

import datetime as dt

from django.conf import settings
from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor
from django.db.models import Max, Min
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

# Once a process has seen every migration applied it stops checking: migrations are not undone
# under a running process (an upgrade stops it first, docs/operations.md).
_migrations_applied = False


def _pending_migrations() -> int:
    global _migrations_applied
    if _migrations_applied:
        return 0
    executor = MigrationExecutor(connection)
    pending = len(executor.migration_plan(executor.loader.graph.leaf_nodes()))
    _migrations_applied = pending == 0
    return pending


def _worker() -> dict:
    now = timezone.now()
    waiting = DBTaskResult.objects.filter(status=TaskResultStatus.READY, run_after__lte=now)
    oldest = waiting.aggregate(oldest=Min("enqueued_at"))["oldest"]
    last_started = DBTaskResult.objects.aggregate(last=Max("started_at"))["last"]
    late = dt.timedelta(seconds=settings.WORKER_LATE_SECONDS)
    return {
        "ok": oldest is None or now - oldest <= late,
        "tasks_waiting": waiting.count(),
        "oldest_waiting_seconds": int((now - oldest).total_seconds()) if oldest else 0,
        "last_task_started_at": last_started.isoformat(timespec="seconds") if last_started else None,
    }


def readiness() -> dict:
    """Database, migrations and worker; `ready` is whether this web process can serve."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        pending = _pending_migrations()
        worker = _worker()
    except DatabaseError:
        return {"ready": False, "database": False, "migrations_pending": None, "worker": None}
    return {"ready": pending == 0, "database": True, "migrations_pending": pending, "worker": worker}
