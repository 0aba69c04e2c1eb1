"""Shipments through KS Fiks SvarUt: one row per letter sent (or being sent) that way.

A shipment points at its letter generically (`kind`, `object_id`): an invitation or reminder
(outreach) or a decision letter or financing certificate (cases). Its external reference
(`eksternReferanse`) is fixed when it is queued, so that a worker that dies mid-send can ask
SvarUt whether the letter arrived before it sends it again.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from boligvei.people.models import Household


class LetterKind(models.TextChoices):
    LETTER = "letter", "Brev i utsendelse"
    DECISION_LETTER = "decision_letter", "Vedtaksbrev"


class ShipmentState(models.TextChoices):
    """Where a shipment is, in the words the caseworker needs: SvarUt's many statuses fall into
    the last four (`SVARUT_STATUSES`)."""

    QUEUED = "queued", "Venter på sending"
    SENDING = "sending", "Sendes"
    SENT = "sent", "Sendt"
    DIGITAL = "digital", "Levert digitalt"
    PRINTED = "printed", "Skrevet ut av SvarUt"
    FAILED = "failed", "Feilet"


# SvarUt REST v2's status values (forsendelse-status-api-v2.json): the Norwegian label, the state
# it puts the shipment in, and whether it is final (no more polling).
SVARUT_STATUSES = {
    "MOTTATT": ("Mottatt av SvarUt", ShipmentState.SENT, False),
    "AKSEPTERT": ("Godtatt for sending", ShipmentState.SENT, False),
    "AVVIST": ("Avvist av SvarUt", ShipmentState.FAILED, True),
    "VARSLET": ("Mottakeren er varslet (Altinn)", ShipmentState.DIGITAL, False),
    "LEST": ("Lest av mottakeren", ShipmentState.DIGITAL, True),
    "SENDT_PRINT": ("Sendt til utskrift", ShipmentState.PRINTED, False),
    "PRINTET": ("Skrevet ut og sendt i posten", ShipmentState.PRINTED, True),
    "MANUELT_HANDTERT": ("Håndtert manuelt hos KS", ShipmentState.SENT, True),
    "SENDT_DIGITALT": ("Sendt digitalt (Altinn)", ShipmentState.DIGITAL, False),
    "SENDT_SDP": ("Sendt til digital postkasse", ShipmentState.SENT, False),
    "LEVERT_SDP": ("Levert i digital postkasse", ShipmentState.DIGITAL, True),
    "KLAR_FOR_MOTTAK": ("Klar for henting i mottakerens fagsystem", ShipmentState.DIGITAL, False),
    "IKKE_LEVERT": ("Ikke levert", ShipmentState.FAILED, True),
}
FINAL_STATUSES = [code for code, (_, _, final) in SVARUT_STATUSES.items() if final]
UNSENT_STATES = [ShipmentState.QUEUED, ShipmentState.SENDING]


class Shipment(models.Model):
    kind = models.CharField("brevtype", max_length=20, choices=LetterKind.choices)
    object_id = models.PositiveIntegerField("brevets id")
    household = models.ForeignKey(Household, verbose_name="husstand", on_delete=models.CASCADE,
                                  related_name="shipments")
    campaign_id = models.PositiveIntegerField("utsendelse", null=True, blank=True)
    title = models.CharField("tittel", max_length=200)
    external_reference = models.CharField("ekstern referanse", max_length=100, unique=True)
    state = models.CharField("status", max_length=20, choices=ShipmentState.choices, default=ShipmentState.QUEUED)
    forsendelse_id = models.UUIDField("forsendelses-id i SvarUt", null=True, blank=True, unique=True)
    svarut_status = models.CharField("status i SvarUt", max_length=30, blank=True)
    svarut_status_at = models.DateTimeField("siste statusendring i SvarUt", null=True, blank=True)
    error = models.CharField("feil", max_length=500, blank=True)
    attempts = models.PositiveSmallIntegerField("forsøk", default=0)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="sendt av", on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField("lagt i kø", auto_now_add=True)
    attempted_at = models.DateTimeField("siste forsøk", null=True, blank=True)
    sent_at = models.DateTimeField("tatt imot av SvarUt", null=True, blank=True)
    checked_at = models.DateTimeField("status hentet", null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "forsendelse"
        verbose_name_plural = "forsendelser"
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="shipment_one_per_letter"),
            models.CheckConstraint(condition=Q(state__in=["queued", "sending", "failed"]) | Q(forsendelse_id__isnull=False),
                                   name="shipment_sent_has_forsendelse_id"),
        ]
        indexes = [models.Index(fields=["state", "id"]), models.Index(fields=["campaign_id", "state"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.object_id} ({self.get_state_display()})"

    @property
    def svarut_status_label(self) -> str:
        return SVARUT_STATUSES.get(self.svarut_status, (self.svarut_status,))[0]


class ShipmentEvent(models.Model):
    """One line of a shipment's history: SvarUt's own (`hendelser`) or Boligvei's (queued,
    attempts, found again after a restart)."""

    shipment = models.ForeignKey(Shipment, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField("tidspunkt")
    text = models.CharField("hendelse", max_length=500)
    from_svarut = models.BooleanField("fra SvarUt", default=False)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = "hendelse"
        verbose_name_plural = "hendelser"

    def __str__(self) -> str:
        return self.text
