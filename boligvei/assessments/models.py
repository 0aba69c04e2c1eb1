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
    parameter_texts = models.JSONField("parametere brukt", default=dict,
                                       help_text="Parameterfilene slik de var, så vurderingen kan gjentas nøyaktig.")
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


class ParameterKind(models.TextChoices):
    TAX = "tax", "Skattesatser (per år)"
    SIFO = "sifo", "SIFOs referansebudsjett (per år)"
    TAX_INCOME_CLASSES = "tax_income_classes", "Inntektstyper i skatteberegningen"
    GUIDELINE_RATES = "guideline_rates", "Statens veiledende satser for livsopphold"
    STRESS_TEST = "stress_test", "Styringsrente og stresstest"
    HUSBANKEN_STARTLAN = "husbanken_startlan", "Vilkår for startlån (løpetider, kommunens påslag og gebyrer)"
    BANK_LENDING_RULES = "bank_lending_rules", "Bankenes utlånsregler"


YEARLY_KINDS = frozenset({ParameterKind.TAX, ParameterKind.SIFO})


class ParameterVersion(models.Model):
    """An administrator's version of one parameter file (the engine's dated, sourced data).

    Versions are never changed; the newest for a kind (and year) is in force. The file shipped
    with Boligvei is used where no version has been saved.
    """

    kind = models.CharField("type", max_length=30, choices=ParameterKind.choices)
    year = models.PositiveSmallIntegerField("år", null=True, blank=True)
    text = models.TextField("innhold (JSON)")
    note = models.CharField("hva er endret", max_length=300)
    created_by = models.ForeignKey(User, verbose_name="lagret av", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField("lagret", auto_now_add=True)

    class Meta:
        ordering = ["kind", "year", "-created_at", "-id"]
        verbose_name = "parameterversjon"
        verbose_name_plural = "parameterversjoner"
        indexes = [models.Index(fields=["kind", "year", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.year or ''} ({self.created_at:%d.%m.%Y})"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValidationError("En lagret parameterversjon kan ikke endres. Lagre en ny versjon.")
        super().save(*args, **kwargs)
