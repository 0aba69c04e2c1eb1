"""The guard behind the audit log's SQLite triggers (migration 0001_audit_log_append_only).

SQLite has no session variables, so its triggers ask a function that Boligvei registers on each
of its connections: `boligvei_audit_locked()` is 1, and 0 only inside `audit_log_flush()`, which
the `flush` command (emptying the whole database, as tests do between transactional tests) uses.
PostgreSQL needs none of this: its flush is a TRUNCATE, which fires no row triggers.
"""

import threading
from contextlib import contextmanager

_state = threading.local()


def _locked() -> int:
    return 0 if getattr(_state, "flushing", False) else 1


def register_guard(sender, connection, **kwargs) -> None:
    """`connection_created` receiver: give each SQLite connection the guard function."""
    if connection.vendor == "sqlite":
        connection.connection.create_function("boligvei_audit_locked", 0, _locked)


@contextmanager
def audit_log_flush():
    """Let this thread empty the audit log's table, for a flush of the whole database only."""
    _state.flushing = True
    try:
        yield
    finally:
        _state.flushing = False
