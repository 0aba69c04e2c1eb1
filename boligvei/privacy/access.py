"""Who may answer a household's requests about its own data."""

from boligvei.core.access import staff_required
from boligvei.core.roles import Role

# A request for access (who has looked at my data, a copy of everything) is answered by the
# programme's leaders and administrators, not by the caseworker who follows the household: the
# answer lists the caseworkers' own reads. Both roles see every household (core.roles.ALL_TEAMS).
SUBJECT_REQUESTS = frozenset({Role.PROGRAMME_LEADER, Role.ADMINISTRATOR})


subject_requests_required = staff_required(
    roles=SUBJECT_REQUESTS, refused="Bare programledere og administratorer svarer på krav om innsyn.")
