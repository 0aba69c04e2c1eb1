from django.db import models

from boligvei.cases.models import Case


class MessageStatus(models.TextChoices):
    WAITING = "waiting", "Venter"
    EXPORTED = "exported", "Levert til integrasjonen"
    ARCHIVED = "archived", "Arkivert"
    FAILED = "failed", "Feilet"


class DocumentKind(models.TextChoices):
    DECISION_LETTER = "decision_letter", "Vedtaksbrev"
    INVITATION_LETTER = "letter", "Invitasjonsbrev"


class ArchiveMessage(models.Model):
    """One case document on its way to the municipality's archive: the arkivmelding.xml made for
    it, where it is, and the archive's own ids once the receipt has come back."""

    kind = models.CharField("dokument", max_length=30, choices=DocumentKind.choices)
    object_id = models.PositiveIntegerField("dokumentets id")
    # The case the document belongs to; none for a letting decision to a household without a case
    # (its folder is then the household's application for a municipal dwelling).
    case = models.ForeignKey(Case, verbose_name="sak", null=True, blank=True, on_delete=models.PROTECT,
                             related_name="archive_messages")
    household = models.ForeignKey("people.Household", verbose_name="husstand", null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="+")
    key = models.CharField("ekstern nøkkel", max_length=80, unique=True)
    status = models.CharField("status", max_length=20, choices=MessageStatus.choices, default=MessageStatus.WAITING)
    error = models.CharField("feil", max_length=500, blank=True)
    created_at = models.DateTimeField("lagt i utboksen", auto_now_add=True)
    exported_at = models.DateTimeField("levert", null=True, blank=True)
    archived_at = models.DateTimeField("arkivert", null=True, blank=True)
    case_number = models.CharField("saksnummer i arkivet", max_length=50, blank=True)
    journal_number = models.CharField("journalpostnummer i arkivet", max_length=50, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "arkivmelding"
        verbose_name_plural = "arkivmeldinger"
        constraints = [models.UniqueConstraint(fields=["kind", "object_id"], name="archive_one_message_per_document")]
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.object_id} ({self.get_status_display()})"
