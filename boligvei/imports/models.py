from django.db import models

from boligvei.core.models import TimestampedModel, User
from boligvei.imports.mapping import Kind


class ImportSource(TimestampedModel):
    """A system or spreadsheet the municipality imports from, with the column mapping that fits
    its files (`{target field: column header}`), remembered for the next file."""

    name = models.CharField("navn", max_length=100, unique=True)
    kind = models.CharField("type", max_length=20, choices=Kind.choices)
    mapping = models.JSONField("kolonner", default=dict, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = "importkilde"
        verbose_name_plural = "importkilder"

    def __str__(self) -> str:
        return self.name


class RunStatus(models.TextChoices):
    COMMITTED = "committed", "Importert"
    ROLLED_BACK = "rolled_back", "Rullet tilbake"


class ImportRun(models.Model):
    """One committed import: who, when, which file (name and SHA-256), and what it did.

    A dry run is not stored: it changes nothing. The records a run created or changed are its
    `ImportedRecord`s, which is what a rollback undoes.
    """

    kind = models.CharField("type", max_length=20, choices=Kind.choices)
    source = models.ForeignKey(ImportSource, verbose_name="kilde", null=True, blank=True,
                               on_delete=models.PROTECT, related_name="runs")
    actor = models.ForeignKey(User, verbose_name="importert av", null=True, blank=True,
                              on_delete=models.PROTECT, related_name="+")
    actor_label = models.CharField("importert av", max_length=150)
    started_at = models.DateTimeField("tidspunkt", auto_now_add=True, db_index=True)
    file_name = models.CharField("filnavn", max_length=255)
    file_sha256 = models.CharField("SHA-256", max_length=64, db_index=True)
    rows = models.PositiveIntegerField("rader", default=0)
    created = models.PositiveIntegerField("nye", default=0)
    updated = models.PositiveIntegerField("endret", default=0)
    unchanged = models.PositiveIntegerField("uendret", default=0)
    status = models.CharField("status", max_length=20, choices=RunStatus.choices, default=RunStatus.COMMITTED)
    rolled_back_at = models.DateTimeField("rullet tilbake", null=True, blank=True)
    rolled_back_by = models.CharField("rullet tilbake av", max_length=150, blank=True)

    class Meta:
        ordering = ["-started_at", "-id"]
        verbose_name = "import"
        verbose_name_plural = "importer"

    def __str__(self) -> str:
        return f"Import {self.pk} ({self.get_kind_display().lower()}, {self.file_name})"


class RecordAction(models.TextChoices):
    CREATED = "created", "Opprettet"
    UPDATED = "updated", "Endret"


class ImportedRecord(models.Model):
    """A record an import created or changed: enough to undo it.

    `previous` holds the changed fields' values before the import (for an update), `values` the
    fields' values the import left, so that a rollback can tell whether anyone changed the record
    since. Identity numbers are never kept here: persons are matched by them, not changed.
    """

    run = models.ForeignKey(ImportRun, on_delete=models.CASCADE, related_name="records")
    model = models.CharField("modell", max_length=60)  # app_label.model_name
    object_id = models.BigIntegerField("objekt-id")
    action = models.CharField("handling", max_length=10, choices=RecordAction.choices)
    previous = models.JSONField("verdier før", default=dict, blank=True)
    values = models.JSONField("verdier etter", default=dict, blank=True)

    class Meta:
        ordering = ["run", "id"]
        indexes = [models.Index(fields=["model", "object_id"])]
        verbose_name = "importert post"
        verbose_name_plural = "importerte poster"
