"""Ways into the programme from outside: the public interest form and partners' referrals.

A `Submission` is one household's contact, waiting in the caseworkers' queue until someone links
it to a household and opens a case, or closes it with a reason. Repeated submissions from the
same phone number or e-mail address are merged into the one still waiting, so the queue shows
each household once. A `ReferralPartner` (a NAV office, the service centre, a user
organisation) has a secret link to its own referral form.
"""

import secrets

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from boligvei.cases.models import Case, Channel
from boligvei.core.models import TimestampedModel, User
from boligvei.people.models import Household


def new_token() -> str:
    """A secret for a partner's link: 32 random bytes, URL-safe."""
    return secrets.token_urlsafe(32)


# The channels a partner can be (the rest are letters, flyers and the household itself).
PARTNER_CHANNELS = [Channel.NAV, Channel.SERVICE_CENTRE, Channel.OTHER_AGENCY, Channel.USER_ORGANISATION]


class ReferralPartner(TimestampedModel):
    """An agency whose staff refer households through their own bookmarkable link."""

    name = models.CharField(_("navn"), max_length=200, unique=True)
    channel = models.CharField(_("kanal"), max_length=20, choices=[(c.value, c.label) for c in PARTNER_CHANNELS])
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    active = models.BooleanField(_("aktiv"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("samarbeidspartner")
        verbose_name_plural = _("samarbeidspartnere")

    def __str__(self) -> str:
        return self.name


class Kind(models.TextChoices):
    INTEREST = "interest", _("Interessemelding")
    REFERRAL = "referral", _("Henvisning")


class SubmissionStatus(models.TextChoices):
    OPEN = "open", _("Ubehandlet")
    HANDLED = "handled", _("Behandlet")


class Outcome(models.TextChoices):
    CASE_OPENED = "case_opened", _("Sak opprettet")
    EXISTING_CASE = "existing_case", _("Lagt til en åpen sak")
    CLOSED = "closed", _("Avsluttet uten sak")


class CloseReason(models.TextChoices):
    NOT_MUNICIPAL_TENANT = "not_municipal_tenant", _("Leier ikke kommunal bolig (fikk informasjon om andre muligheter)")
    NOT_INTERESTED = "not_interested", _("Ønsket ikke å gå videre")
    NOT_REACHED = "not_reached", _("Fikk ikke kontakt")
    DUPLICATE = "duplicate", _("Allerede registrert")
    OTHER = "other", _("Annet")


class Submission(TimestampedModel):
    """One household's way in from outside, until a caseworker has handled it.

    `phone_key` and `email_key` are the normalised phone number and e-mail address that repeated
    submissions are merged on. Who handled it, when and how stays on the row.
    """

    kind = models.CharField(_("type"), max_length=10, choices=Kind.choices)
    channel = models.CharField(_("kom inn via"), max_length=20, choices=Channel.choices)
    partner = models.ForeignKey(ReferralPartner, verbose_name=_("henvist fra"), null=True, blank=True,
                                on_delete=models.PROTECT, related_name="submissions")
    referrer_name = models.CharField(_("henvist av"), max_length=200, blank=True)
    referrer_contact = models.CharField(_("henviserens telefon eller e-post"), max_length=200, blank=True)
    name = models.CharField(_("navn"), max_length=200)
    phone = models.CharField(_("telefon"), max_length=30)
    phone_key = models.CharField(max_length=30, db_index=True, editable=False)
    email = models.EmailField(_("e-post"), blank=True)
    email_key = models.CharField(max_length=254, blank=True, db_index=True, editable=False)
    address = models.CharField(_("adressen til boligen"), max_length=200, blank=True)
    message = models.TextField(_("melding"), blank=True)
    consent_at = models.DateTimeField(_("samtykke gitt"))
    submission_count = models.PositiveIntegerField(_("antall innsendinger"), default=1)
    last_submitted_at = models.DateTimeField(_("sist sendt inn"))

    status = models.CharField(_("status"), max_length=10, choices=SubmissionStatus.choices,
                              default=SubmissionStatus.OPEN)
    outcome = models.CharField(_("utfall"), max_length=20, choices=Outcome.choices, blank=True)
    close_reason = models.CharField(_("grunn"), max_length=30, choices=CloseReason.choices, blank=True)
    close_note = models.TextField(_("kommentar"), blank=True)
    household = models.ForeignKey(Household, verbose_name=_("husstand"), null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="referral_submissions")
    case = models.ForeignKey(Case, verbose_name=_("sak"), null=True, blank=True, on_delete=models.PROTECT,
                             related_name="referral_submissions")
    handled_by = models.ForeignKey(User, verbose_name=_("behandlet av"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    handled_at = models.DateTimeField(_("behandlet"), null=True, blank=True)

    class Meta:
        ordering = ["-last_submitted_at", "-id"]
        verbose_name = _("henvendelse")
        verbose_name_plural = _("henvendelser")
        constraints = [
            models.CheckConstraint(
                condition=Q(status="open", handled_at__isnull=True, outcome="")
                | Q(status="handled", handled_at__isnull=False) & ~Q(outcome=""),
                name="submission_handled_has_when_and_outcome"),
        ]
        indexes = [models.Index(fields=["status", "-last_submitted_at"], name="submission_queue_order")]

    def __str__(self) -> str:
        return f"Henvendelse {self.pk}"

    @property
    def is_open(self) -> bool:
        return self.status == SubmissionStatus.OPEN

    @property
    def referred_by(self) -> str:
        """For the case: the person who referred and the partner they work for."""
        if self.partner_id is None:
            return ""
        return f"{self.referrer_name}, {self.partner.name}" if self.referrer_name else self.partner.name
