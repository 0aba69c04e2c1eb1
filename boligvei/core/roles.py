"""Staff roles and what each may do with the register.

The matrix is data, so that it can be read, tested and shown to a data-protection officer:
`READ` may see personal data in the register, `WRITE` may change it. The statistics role sees
aggregates only, never a person.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    CASEWORKER = "caseworker", _("Saksbehandler")
    APPROVER = "approver", _("Fullmaktshaver")
    PROGRAMME_LEADER = "programme_leader", _("Programleder")
    ADMINISTRATOR = "administrator", _("Administrator")
    STATISTICS = "statistics", _("Statistikk (bare tall)")


READ = frozenset({Role.CASEWORKER, Role.APPROVER, Role.PROGRAMME_LEADER, Role.ADMINISTRATOR})
WRITE = frozenset({Role.CASEWORKER, Role.APPROVER, Role.ADMINISTRATOR})
# The programme's figures (aggregates, no person): the statistics role sees them, but not the
# breakdown per caseworker, which is about named employees.
# Who sees every household; caseworkers and approvers see their own team's (people/access.py).
ALL_TEAMS = frozenset({Role.PROGRAMME_LEADER, Role.ADMINISTRATOR})
# Who may open a household outside a team to one of its members, with a reason.
GRANTORS = frozenset({Role.PROGRAMME_LEADER, Role.ADMINISTRATOR})
REPORTS = frozenset({Role.PROGRAMME_LEADER, Role.ADMINISTRATOR, Role.STATISTICS})
CASEWORKER_FIGURES = frozenset({Role.PROGRAMME_LEADER, Role.ADMINISTRATOR})
# Who must prove a second factor (an authenticator app, or the identity provider's own) before
# any page: everyone who may see personal data. The statistics role may enrol, but need not.
TWO_FACTOR_REQUIRED = READ
