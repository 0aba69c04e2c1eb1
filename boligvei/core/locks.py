"""A lock held by one process at a time, which dies with that process: for background work that
must not run twice at once (a campaign's letters, the SvarUt shipments).

PostgreSQL keeps it with the session (a killed worker's connection drops and the lock with it);
SQLite, on one machine, with a lock file that the operating system releases with the process.
"""

import contextlib
import fcntl
import hashlib
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from django.db import connection

LOCK_POLL_SECONDS = 0.5


@contextlib.contextmanager
def process_lock(namespace: int, key: int, *, name: str, wait: bool = False) -> Iterator[bool]:
    """Hold the lock (`namespace`, `key`): yields whether it got it (with `wait`, always, once the
    process holding it has finished). `name` names the lock file on SQLite."""
    with _lock(namespace, key, name) as try_lock:
        held = try_lock()
        while wait and not held:
            time.sleep(LOCK_POLL_SECONDS)
            held = try_lock()
        yield held


@contextlib.contextmanager
def _lock(namespace: int, key: int, name: str):
    if connection.vendor == "postgresql":
        held = []

        def try_lock() -> bool:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_try_advisory_lock(%s, %s)", [namespace, key])
                held[:] = [cursor.fetchone()[0]]
            return held[0]

        try:
            yield try_lock
        finally:
            if held and held[0]:
                with connection.cursor() as cursor:
                    cursor.execute("SELECT pg_advisory_unlock(%s, %s)", [namespace, key])
        return
    database = hashlib.sha256(str(connection.settings_dict["NAME"]).encode()).hexdigest()[:16]
    path = Path(tempfile.gettempdir()) / f"boligvei-{database}-{name}-{key}.lock"
    with path.open("a") as handle:

        def try_lock() -> bool:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                return False
            return True

        yield try_lock  # closing the file releases the lock
