"""Staff roles and what each may do with the register.

The matrix is data, so that it can be read, tested and shown to a data-protection officer:
`READ` may see personal data in the register, `WRITE` may change it. The statistics role sees
aggregates only, never a person.
"""

from django.db import models


class Role(models.TextChoices):
    CASEWORKER = "caseworker", "Saksbehandler"
    APPROVER = "approver", "Fullmaktshaver"
    PROGRAMME_LEADER = "programme_leader", "Programleder"
    ADMINISTRATOR = "administrator", "Administrator"
    STATISTICS = "statistics", "Statistikk (bare tall)"


READ = frozenset({Role.CASEWORKER, Role.APPROVER, Role.PROGRAMME_LEADER, Role.ADMINISTRATOR})
WRITE = frozenset({Role.CASEWORKER, Role.APPROVER, Role.ADMINISTRATOR})
# The programme's figures (aggregates, no person): the statistics role sees them, but not the
# breakdown per caseworker, which is about named employees.
REPORTS = frozenset({Role.PROGRAMME_LEADER, Role.ADMINISTRATOR, Role.STATISTICS})
CASEWORKER_FIGURES = frozenset({Role.PROGRAMME_LEADER, Role.ADMINISTRATOR})
