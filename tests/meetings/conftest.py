"""Meetings depend on the date: "now" is frozen at Tuesday 1 December 2026, 08:00 in Oslo."""

import datetime as dt

import pytest
from django.utils import timezone

from tests.meetings.factories import at

TODAY = dt.date(2026, 12, 1)
NOW = at(TODAY, 8)


@pytest.fixture(autouse=True)
def frozen_now(monkeypatch):
    """Services and selectors read the time through django.utils.timezone.now."""
    clock = {"now": NOW}
    monkeypatch.setattr(timezone, "now", lambda: clock["now"])
    return clock


@pytest.fixture
def later(frozen_now):
    """Move the clock: later(dt.timedelta(days=2))."""
    def move(delta: dt.timedelta) -> None:
        frozen_now["now"] = frozen_now["now"] + delta
    return move
