from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from boligvei.cases.models import Case
from boligvei.core.models import TimestampedModel, User
from boligvei.people.models import Household


class MeetingSlot(TimestampedModel):
    """A time a caseworker has set aside for a meeting with a household, where they meet.

    A slot is free until a meeting is booked in it; a cancelled or moved meeting frees it again.
    """

    caseworker = models.ForeignKey(User, verbose_name=_("saksbehandler"), on_delete=models.PROTECT,
                                   related_name="meeting_slots")
    starts_at = models.DateTimeField(_("starter"))
    ends_at = models.DateTimeField(_("slutter"))
    location = models.CharField(_("sted"), max_length=200)

    class Meta:
        ordering = ["starts_at", "id"]
        verbose_name = _("møtetid")
        verbose_name_plural = _("møtetider")
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="meeting_slot_ends_after_start",
                                   violation_error_message=_("Møtet må slutte etter at det starter.")),
        ]
        indexes = [
            # "My slots and meetings from now on": the caseworker's slots in time order.
            models.Index(fields=["caseworker", "starts_at"], name="meeting_slot_mine"),
            models.Index(fields=["starts_at"], name="meeting_slot_start"),
        ]

    def __str__(self) -> str:
        return f"Møtetid {self.starts_at:%d.%m.%Y %H:%M}"


class MeetingStatus(models.TextChoices):
    BOOKED = "booked", _("Avtalt")
    HELD = "held", _("Holdt")
    CANCELLED = "cancelled", _("Avlyst")
    MOVED = "moved", _("Flyttet")
    NO_SHOW = "no_show", _("Møtte ikke")


class MeetingForm(models.TextChoices):
    """How the household and the caseworker met: a booked meeting at the office, or one that
    happened without a booking and is recorded afterwards."""

    BOOKED = "booked", _("Avtalt møte")
    WALK_IN = "walk_in", _("Kom innom uten avtale")
    PHONE = "phone", _("Telefon")
    VIDEO = "video", _("Video")
    HOME_VISIT = "home_visit", _("Hjemmebesøk")


# A meeting in one of these statuses takes its slot; a cancelled or moved one gives it back.
TAKES_SLOT = (MeetingStatus.BOOKED, MeetingStatus.HELD, MeetingStatus.NO_SHOW)


class Meeting(TimestampedModel):
    """A household booked into a slot, and what came of it: the meeting record when it was held.

    A slot holds at most one meeting that takes it (a database constraint, so two caseworkers
    booking the same time at once cannot both succeed). A moved meeting keeps its place in the
    history and points to the meeting that replaced it.
    """

    slot = models.ForeignKey(MeetingSlot, verbose_name=_("tidspunkt"), on_delete=models.PROTECT, related_name="meetings")
    household = models.ForeignKey(Household, verbose_name=_("husstand"), on_delete=models.PROTECT,
                                  related_name="meetings")
    case = models.ForeignKey(Case, verbose_name=_("sak"), null=True, blank=True, on_delete=models.PROTECT,
                             related_name="meetings")
    status = models.CharField(_("status"), max_length=20, choices=MeetingStatus.choices, default=MeetingStatus.BOOKED)
    form = models.CharField(_("møteform"), max_length=20, choices=MeetingForm.choices, default=MeetingForm.BOOKED)
    status_changed_at = models.DateTimeField(_("status endret"))
    booked_by = models.ForeignKey(User, verbose_name=_("avtalt av"), on_delete=models.PROTECT, related_name="+")
    replaces = models.OneToOneField("self", verbose_name=_("erstatter"), null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="replaced_by")
    attendees = models.TextField(_("hvem kom"), blank=True)
    interpreter_used = models.BooleanField(_("tolk var med"), default=False)
    notes = models.TextField(_("notater"), blank=True)
    next_step = models.TextField(_("neste steg"), blank=True)
    reason = models.TextField(_("begrunnelse for flytting eller avlysning"), blank=True)

    class Meta:
        ordering = ["-status_changed_at", "-id"]
        verbose_name = _("møte")
        verbose_name_plural = _("møter")
        constraints = [
            models.UniqueConstraint(fields=["slot"], condition=Q(status__in=[s.value for s in TAKES_SLOT]),
                                    name="meeting_one_per_slot",
                                    violation_error_message=_("Tidspunktet er allerede tatt.")),
        ]
        indexes = [
            models.Index(fields=["status", "slot"], name="meeting_status_slot"),
            models.Index(fields=["household", "status"], name="meeting_household_status"),
        ]

    def __str__(self) -> str:
        return f"Møte {self.pk}"

    @property
    def is_booked(self) -> bool:
        return self.status == MeetingStatus.BOOKED
