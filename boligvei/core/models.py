from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from boligvei.core.roles import READ, WRITE, Role


class TimestampedModel(models.Model):
    """When a row was created and last changed (who did it is in the audit log)."""

    created_at = models.DateTimeField("opprettet", auto_now_add=True)
    updated_at = models.DateTimeField("endret", auto_now=True)

    class Meta:
        abstract = True


class Team(models.Model):
    """A group of caseworkers who share a set of households (e.g. one housing office)."""

    name = models.CharField("navn", max_length=100, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = "team"

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    """A member of staff. The role decides what they may see and do."""

    role = models.CharField(_("rolle"), max_length=20, choices=Role.choices, default=Role.CASEWORKER)
    team = models.ForeignKey(Team, verbose_name=_("team"), null=True, blank=True, on_delete=models.PROTECT)
    phone = models.CharField("telefon", max_length=20, blank=True)
    # The identity provider's `sub` claim for a user who logs in with the municipality's account.
    oidc_subject = models.CharField("ID hos identitetsleverandøren", max_length=255, unique=True, null=True,
                                    blank=True, editable=False)
    # The user's own language for the pages; blank: the municipality's målform.
    language = models.CharField("språk", max_length=2, blank=True, choices=[
        ("", _("Kommunens målform")), ("nb", "Bokmål"), ("nn", "Nynorsk"), ("en", "English")])

    class Meta:
        verbose_name = "bruker"

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    @property
    def can_read_register(self) -> bool:
        return self.is_active and self.role in READ

    @property
    def can_write_register(self) -> bool:
        return self.is_active and self.role in WRITE


class ApiToken(models.Model):
    """A key another of the municipality's systems calls the API with (boligvei.api).

    One row per system and key: its scopes (what it may read or change), its team scope (every
    team, or one team's households, as a caseworker of that team sees them), when it expires and
    when it was last used. The secret is shown once when the key is made and stored only as a
    SHA-256 hash (a 256-bit random secret needs no slow hash); `prefix` finds the row. A revoked
    key is refused from the next request on. Keys are never deleted: the audit log names them.
    """

    system = models.CharField("system", max_length=100)
    prefix = models.CharField("nøkkel-id", max_length=16, unique=True, editable=False)
    secret_hash = models.CharField(max_length=64, editable=False)
    scopes = models.JSONField("tilganger", default=list)
    all_teams = models.BooleanField("alle team", default=False)
    team = models.ForeignKey(Team, verbose_name="team", null=True, blank=True, on_delete=models.PROTECT)
    expires_at = models.DateTimeField("gjelder til")
    created_at = models.DateTimeField("opprettet", auto_now_add=True)
    created_by = models.ForeignKey(User, verbose_name="opprettet av", on_delete=models.PROTECT, related_name="+")
    revoked_at = models.DateTimeField("trukket tilbake", null=True, blank=True, editable=False)
    revoked_by = models.ForeignKey(User, verbose_name="trukket tilbake av", null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+", editable=False)
    last_used_at = models.DateTimeField("sist brukt", null=True, blank=True, editable=False)

    # Read by people.access: a system is not a staff user; its team scope is its own.
    is_system = True

    class Meta:
        ordering = ["system", "id"]
        verbose_name = "API-nøkkel"
        verbose_name_plural = "API-nøkler"
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(all_teams=True, team__isnull=True) | models.Q(all_teams=False, team__isnull=False)),
                name="api_token_one_team_scope",
                violation_error_message="Velg enten alle team eller ett team."),
        ]

    def __str__(self) -> str:
        return f"{self.system} ({self.prefix})"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()

    @property
    def username(self) -> str:
        """The audit log's label for what the system did."""
        return f"API: {self.system}"


class AuditEvent(models.Model):
    """One read or change of personal data: who acted, what they did, to what, and when.

    Rows are append-only: the model refuses updates and deletes, so the log can be trusted in
    an access request ("who has looked at my data"). The acting user is kept apart from the
    object acted on; `changes` holds old and new values with identity numbers masked.
    """

    at = models.DateTimeField("tidspunkt", auto_now_add=True, db_index=True)
    actor = models.ForeignKey(User, null=True, on_delete=models.PROTECT, related_name="+")
    actor_label = models.CharField("utført av", max_length=150)
    # A system that acted through the API with this key (then `actor` is empty).
    api_token = models.ForeignKey(ApiToken, verbose_name="system (API-nøkkel)", null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="+")
    action = models.CharField("handling", max_length=60, db_index=True)
    object_type = models.CharField("objekttype", max_length=40)
    object_id = models.CharField("objekt-id", max_length=40, blank=True)
    household_id = models.BigIntegerField("husstand", null=True, blank=True, db_index=True)
    changes = models.JSONField("endringer", default=dict, blank=True)
    reason = models.TextField("begrunnelse", blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"])]
        verbose_name = "revisjonshendelse"

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.action} {self.object_type}#{self.object_id}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValidationError("Revisjonsloggen kan ikke endres.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError("Revisjonsloggen kan ikke slettes.")
