from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from boligvei.core.models import TimestampedModel, User
from boligvei.people.models import Household


class LetterKind(models.TextChoices):
    INVITATION = "invitation", _("Invitasjon")
    REMINDER = "reminder", _("Påminnelse")


class LetterLanguage(models.TextChoices):
    BOKMAL = "nb", _("Bokmål")
    NYNORSK = "nn", _("Nynorsk")
    ENGLISH = "en", _("Engelsk")


class TemplateVersion(models.Model):
    """One saved version of a letter template (kind × language). Never changed: saving a
    template makes a new version, and each letter keeps the version it was written from."""

    kind = models.CharField(_("brevtype"), max_length=20, choices=LetterKind.choices)
    language = models.CharField(_("språk"), max_length=2, choices=LetterLanguage.choices)
    number = models.PositiveIntegerField(_("versjon"))
    title = models.CharField(_("overskrift"), max_length=200)
    body = models.TextField(_("tekst"))
    show_qr = models.BooleanField(_("QR-kode til kalkulatoren"), default=True)
    created_by = models.ForeignKey(User, verbose_name=_("lagret av"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("lagret"), auto_now_add=True)

    class Meta:
        ordering = ["kind", "language", "-number"]
        verbose_name = _("brevmal")
        verbose_name_plural = _("brevmaler")
        constraints = [models.UniqueConstraint(fields=["kind", "language", "number"], name="template_version_unique")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.get_language_display().lower()}), versjon {self.number}"


class CampaignStatus(models.TextChoices):
    GENERATING = "generating", _("Lager brev")
    GENERATED = "generated", _("Brevene er klare")
    SENT = "sent", _("Sendt")


class Campaign(TimestampedModel):
    """A mailing: who gets a letter (the criteria and the resulting letters), who signs it, and
    how far the background generation has come."""

    name = models.CharField(_("navn"), max_length=200)
    kind = models.CharField(_("brevtype"), max_length=20, choices=LetterKind.choices, default=LetterKind.INVITATION)
    reminder_of = models.ForeignKey("self", verbose_name=_("påminnelse om"), null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="reminders")
    contact = models.ForeignKey(User, verbose_name=_("kontaktperson"), on_delete=models.PROTECT, related_name="+")
    created_by = models.ForeignKey(User, verbose_name=_("opprettet av"), on_delete=models.PROTECT, related_name="+")
    criteria = models.JSONField(_("utvalg"), default=dict)
    letter_date = models.DateField(_("brevdato"))
    status = models.CharField(_("status"), max_length=20, choices=CampaignStatus.choices,
                              default=CampaignStatus.GENERATING)
    reminder_after_days = models.PositiveSmallIntegerField(_("påminnelse etter (dager)"))
    letters_total = models.PositiveIntegerField(_("antall brev"), default=0)
    progress_at = models.DateTimeField(_("sist framdrift"), null=True, blank=True)
    batch_pdf = models.BinaryField(_("samlet PDF"), null=True, editable=False)
    sent_on = models.DateField(_("sendt"), null=True, blank=True)
    task_id = models.CharField(max_length=64, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("utsendelse")
        verbose_name_plural = _("utsendelser")

    def __str__(self) -> str:
        return self.name


class LetterStatus(models.TextChoices):
    PENDING = "pending", _("Lages")
    GENERATED = "generated", _("Laget")
    FAILED = "failed", _("Kunne ikke lages")
    SENT = "sent", _("Sendt")
    ANSWERED = "answered", _("Svart")
    NO_ANSWER = "no_answer", _("Ikke svart")


class Letter(models.Model):
    """One letter to one household. Its text is merged when the campaign is made and kept as
    it was; the PDF (PDF/A, for the archive) is set by the background job exactly once. A letter
    whose PDF cannot be made is «failed» with the reason, and is merged again from the
    household's current data when someone has put that right (`services.letter_remake`)."""

    campaign = models.ForeignKey(Campaign, verbose_name=_("utsendelse"), on_delete=models.CASCADE, related_name="letters")
    household = models.ForeignKey(Household, verbose_name=_("husstand"), on_delete=models.PROTECT, related_name="letters")
    template = models.ForeignKey(TemplateVersion, verbose_name=_("brevmal"), on_delete=models.PROTECT, related_name="+")
    language = models.CharField(_("språk"), max_length=2, choices=LetterLanguage.choices)
    language_wanted = models.CharField(_("ønsket språk"), max_length=50, blank=True,
                                       help_text=_("Satt når husstanden ønsket et språk vi ikke har brevet på."))
    recipient = models.JSONField(_("mottaker"))
    title = models.CharField(_("overskrift"), max_length=200)
    body = models.TextField(_("tekst"))
    note = models.CharField(_("merknad"), max_length=300, blank=True)
    qr_url = models.CharField(max_length=300, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=LetterStatus.choices, default=LetterStatus.PENDING)
    failure = models.CharField(_("hvorfor brevet ikke kunne lages"), max_length=500, blank=True)
    pdf = models.BinaryField(_("PDF"), null=True, editable=False)
    generated_at = models.DateTimeField(_("laget"), null=True, blank=True)
    sent_on = models.DateField(_("sendt"), null=True, blank=True)
    answered_on = models.DateField(_("svar"), null=True, blank=True)

    class Meta:
        ordering = ["campaign", "id"]
        verbose_name = _("brev")
        verbose_name_plural = _("brev")
        constraints = [
            models.UniqueConstraint(fields=["campaign", "household"], name="letter_one_per_household"),
            models.CheckConstraint(condition=Q(status__in=["pending", "failed"]) | Q(pdf__isnull=False),
                                   name="letter_generated_has_pdf"),
        ]
        indexes = [models.Index(fields=["campaign", "status"]), models.Index(fields=["household", "-id"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.reference}"

    @property
    def reference(self) -> str:
        return f"{self.campaign_id}-{self.pk}"

    def get_kind_display(self) -> str:
        return self.template.get_kind_display()
