from django.core.exceptions import ValidationError
from django.db import models

from boligvei.core.models import TimestampedModel, User
from boligvei.people.models import Household


class Assessment(TimestampedModel):
    """A saved debt-servicing assessment: what the engine was asked, what it answered, and with
    which parameters, so that the answer can be shown and reproduced exactly later.

    Saved assessments are never changed; a new situation is a new assessment.
    """

    household = models.ForeignKey(Household, verbose_name="husstand", on_delete=models.PROTECT,
                                  related_name="assessments")
    created_by = models.ForeignKey(User, verbose_name="utført av", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField("parameterår")
    request = models.JSONField("grunnlag")
    result = models.JSONField("resultat")
    engine_version = models.CharField("beregningsversjon", max_length=40)
    affordable = models.BooleanField("kan betjene lånet")
    max_price = models.PositiveIntegerField("høyeste totalpris (kr)")
    note = models.TextField("merknad", blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "betjeningsevnevurdering"
        verbose_name_plural = "betjeningsevnevurderinger"

    def __str__(self) -> str:
        return f"Vurdering {self.created_at:%d.%m.%Y} for {self.household}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValidationError("En lagret vurdering kan ikke endres. Lag en ny vurdering.")
        super().save(*args, **kwargs)
