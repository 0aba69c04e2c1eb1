from django.core.exceptions import ValidationError
from django.db import models

from boligvei.core.models import User


class GuidelineVersion(models.Model):
    """One adopted version of the municipality's startlån guidelines (rules.py describes the
    document). A version is never changed: a change is a new version, and the version in force
    on a day is the one applied to what happened that day."""

    title = models.CharField("tittel", max_length=200, default="Retningslinjer for startlån")
    adopted_by = models.CharField("vedtatt av", max_length=200, help_text="For eksempel «Bystyret».")
    adopted_on = models.DateField("vedtatt")
    case_number = models.CharField("saksnummer", max_length=50, blank=True)
    link = models.URLField("lenke til vedtaket", blank=True)
    valid_from = models.DateField("gjelder fra", unique=True)
    document = models.JSONField("innhold")
    note = models.CharField("hva er endret", max_length=300, blank=True)
    created_by = models.ForeignKey(User, verbose_name="lagret av", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField("lagret", auto_now_add=True)

    class Meta:
        ordering = ["-valid_from"]
        verbose_name = "versjon av retningslinjene"
        verbose_name_plural = "versjoner av retningslinjene"

    def __str__(self) -> str:
        return f"{self.title} fra {self.valid_from:%d.%m.%Y}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValidationError("En lagret versjon av retningslinjene kan ikke endres. Lagre en ny versjon.")
        super().save(*args, **kwargs)
