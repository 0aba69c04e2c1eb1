from django.db import models
from django.utils.translation import gettext_lazy as _

from boligvei.core.models import TimestampedModel, User
from boligvei.imports.mapping import Kind


class ImportSource(TimestampedModel):
    """A system or spreadsheet the municipality imports from, with the column mapping that fits
    its files (`{target field: column header}`), remembered for the next file."""

    name = models.CharField(_("navn"), max_length=100, unique=True)
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    mapping = models.JSONField(_("kolonner"), default=dict, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("importkilde")
        verbose_name_plural = _("importkilder")

    def __str__(self) -> str:
        return self.name


class RunStatus(models.TextChoices):
    COMMITTED = "committed", _("Importert")
    ROLLED_BACK = "rolled_back", _("Rullet tilbake")


class ImportRun(models.Model):
    """One committed import: who, when, which file (name and SHA-256), and what it did.

    A dry run is not stored: it changes nothing. The records a run created or changed are its
    `ImportedRecord`s, which is what a rollback undoes.
    """

    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    source = models.ForeignKey(ImportSource, verbose_name=_("kilde"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="runs")
    actor = models.ForeignKey(User, verbose_name=_("importert av"), null=True, blank=True,
                              on_delete=models.PROTECT, related_name="+")
    actor_label = models.CharField(_("importert av"), max_length=150)
    started_at = models.DateTimeField(_("tidspunkt"), auto_now_add=True, db_index=True)
    file_name = models.CharField(_("filnavn"), max_length=255)
    file_sha256 = models.CharField(_("SHA-256"), max_length=64, db_index=True)
    rows = models.PositiveIntegerField(_("rader"), default=0)
    created = models.PositiveIntegerField(_("nye"), default=0)
    updated = models.PositiveIntegerField(_("endret"), default=0)
    unchanged = models.PositiveIntegerField(_("uendret"), default=0)
    status = models.CharField(_("status"), max_length=20, choices=RunStatus.choices, default=RunStatus.COMMITTED)
    rolled_back_at = models.DateTimeField(_("rullet tilbake"), null=True, blank=True)
    rolled_back_by = models.CharField(_("rullet tilbake av"), max_length=150, blank=True)

    class Meta:
        ordering = ["-started_at", "-id"]
        verbose_name = _("import")
        verbose_name_plural = _("importer")

    def __str__(self) -> str:
        return f"Import {self.pk} ({self.get_kind_display().lower()}, {self.file_name})"


class RecordAction(models.TextChoices):
    CREATED = "created", _("Opprettet")
    UPDATED = "updated", _("Endret")


class ImportedRecord(models.Model):
    """A record an import created or changed: enough to undo it.

    `previous` holds the changed fields' values before the import (for an update), `values` the
    fields' values the import left, so that a rollback can tell whether anyone changed the record
    since. Identity numbers are never kept here: persons are matched by them, not changed.
    """

    run = models.ForeignKey(ImportRun, on_delete=models.CASCADE, related_name="records")
    model = models.CharField(_("modell"), max_length=60)  # app_label.model_name
    object_id = models.BigIntegerField(_("objekt-id"))
    action = models.CharField(_("handling"), max_length=10, choices=RecordAction.choices)
    previous = models.JSONField(_("verdier før"), default=dict, blank=True)
    values = models.JSONField(_("verdier etter"), default=dict, blank=True)

    class Meta:
        ordering = ["run", "id"]
        indexes = [models.Index(fields=["model", "object_id"])]
        verbose_name = _("importert post")
        verbose_name_plural = _("importerte poster")
