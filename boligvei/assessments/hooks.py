"""What apps above assessments add to it, which it may not import (import-linter).

`cases` registers two things in its AppConfig.ready: an overlay that lays the figures from the
household's latest mapping conversation over the engine request built from the register (so the
calculator opens with what the household said, nothing typed twice), and a listener told when an
assessment is saved (the household's case moves on to «Betjeningsevne vurdert»).
"""

from collections.abc import Callable

_overlays: list[Callable] = []
_saved_listeners: list[Callable] = []


def register_request_overlay(overlay: Callable) -> None:
    """`overlay(household, request)` changes the engine request in place."""
    if overlay not in _overlays:
        _overlays.append(overlay)


def register_saved_listener(listener: Callable) -> None:
    """`listener(actor=..., assessment=...)` runs in the transaction that saves the assessment."""
    if listener not in _saved_listeners:
        _saved_listeners.append(listener)


def request_overlaid(household, request: dict) -> dict:
    for overlay in _overlays:
        overlay(household, request)
    return request


def assessment_saved(*, actor, assessment) -> None:
    for listener in _saved_listeners:
        listener(actor=actor, assessment=assessment)
