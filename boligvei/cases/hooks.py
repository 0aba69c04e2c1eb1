"""What apps above cases tell the case services, which may not import them (import-linter).

`meetings` registers a function giving a case's meetings still booked from now on (as text such
as "tirsdag 9. mars 2027 kl. 10.00"), so that a case is not set to «Samtale holdt» by hand while
the conversation is still to come.
"""

from collections.abc import Callable

_booked_meetings: list[Callable[[int], list[str]]] = []


def register_booked_meetings(source: Callable[[int], list[str]]) -> None:
    if source not in _booked_meetings:
        _booked_meetings.append(source)


def booked_meetings(case_id: int) -> list[str]:
    """When the case's meetings still to come are, from every app that books them."""
    return [when for source in _booked_meetings for when in source(case_id)]
