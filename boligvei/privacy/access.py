"""Who may answer a household's requests about its own data."""

from functools import wraps

from django.core.exceptions import PermissionDenied

from boligvei.core.access import staff_required
from boligvei.core.roles import Role

# A request for access (who has looked at my data, a copy of everything) is answered by the
# programme's leaders and administrators, not by the caseworker who follows the household: the
# answer lists the caseworkers' own reads. Both roles see every household (core.roles.ALL_TEAMS).
SUBJECT_REQUESTS = frozenset({Role.PROGRAMME_LEADER, Role.ADMINISTRATOR})


def subject_requests_required(view):
    """Logged in with register access (core.access.staff_required), as a programme leader or an
    administrator."""

    @wraps(view)
    def checked(request, *args, **kwargs):
        if request.user.role not in SUBJECT_REQUESTS:
            raise PermissionDenied("Bare programledere og administratorer svarer på krav om innsyn.")
        return view(request, *args, **kwargs)

    return staff_required()(checked)
