from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from boligvei.core.models import Team, TimestampedModel
from boligvei.core.search import folded_column
from boligvei.lib import crypto, identity


class Language(models.TextChoices):
    BOKMAL = "nb", _("Bokmål")
    NYNORSK = "nn", _("Nynorsk")
    ENGLISH = "en", _("Engelsk")
    OTHER = "other", _("Annet språk")


class Household(TimestampedModel):
    """The people who live together and would buy together (husstand).

    `name` is the household's name in lists and letters ("Hansen, Kari"); the services set it
    from the main person so that lists can sort and page by an indexed column.
    """

    name = models.CharField(_("navn"), max_length=200, editable=False)
    address_line = models.CharField(_("postadresse"), max_length=200, blank=True,
                                     help_text=_("Fylles ut når husstanden ikke bor i en kommunal bolig."))
    address_line_folded = folded_column("address_line")
    postal_code = models.CharField(_("postnummer"), max_length=4, blank=True)
    postal_place = models.CharField(_("poststed"), max_length=100, blank=True)
    team = models.ForeignKey(Team, verbose_name=_("team"), null=True, blank=True, on_delete=models.PROTECT)
    source_id = models.CharField(_("id i fagsystem"), max_length=64, blank=True, db_index=True,
                                 help_text=_("Husstandens id i systemet den ble importert fra."))
    savings = models.PositiveIntegerField(_("sparepenger (kr)"), default=0)
    debt_consumer = models.PositiveIntegerField(_("forbruksgjeld (kr)"), default=0)
    debt_student_loan = models.PositiveIntegerField(_("studielån (kr)"), default=0)
    debt_other = models.PositiveIntegerField(_("annen gjeld (kr)"), default=0)
    debt_payments_monthly = models.PositiveIntegerField(_("betaling på gjeld per måned (kr)"), default=0)
    # Set when the household's personal data was removed (boligvei.privacy): erased on request or
    # anonymised after the retention period. The row stays so that the reports' history holds.
    anonymised_at = models.DateTimeField(_("anonymisert"), null=True, blank=True, editable=False)
    # Raised by every change through the services; edit forms carry the version they showed, so a
    # save from a stale page is refused (core.services.version_claim).
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["name", "id"]
        indexes = [models.Index(fields=["name", "id"], name="household_name_order")]
        verbose_name = _("husstand")
        verbose_name_plural = _("husstander")

    def __str__(self) -> str:
        return self.name or f"Husstand {self.pk}"

    @property
    def active_tenancy(self):
        """The tenancy the household lives in now."""
        if hasattr(self, "current_tenancies"):  # prefetched by housing.selectors.active_tenancies
            return self.current_tenancies[0] if self.current_tenancies else None
        return self.tenancies.filter(is_active=True).first()

    @property
    def main_person(self):
        return next((person for person in self.members.all() if person.relation == "main"), None)


class Relation(models.TextChoices):
    MAIN = "main", _("Hovedperson")
    PARTNER = "partner", _("Ektefelle/samboer")
    CHILD = "child", _("Barn")
    OTHER_ADULT = "other_adult", _("Annen voksen")


class Sex(models.TextChoices):
    FEMALE = "female", _("Kvinne")
    MALE = "male", _("Mann")


class Person(TimestampedModel):
    """A member of a household. The identity number is stored only encrypted and as a keyed hash."""

    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="members")
    relation = models.CharField(_("rolle i husstanden"), max_length=20, choices=Relation.choices)
    first_name = models.CharField(_("fornavn"), max_length=100)
    last_name = models.CharField(_("etternavn"), max_length=100)
    # What search compares (core.search): kept by the database itself, whatever writes the name.
    first_name_folded = folded_column("first_name")
    last_name_folded = folded_column("last_name")
    identity_number_encrypted = models.TextField(blank=True, editable=False)
    identity_number_hash = models.CharField(max_length=64, null=True, blank=True, editable=False)
    birth_date = models.DateField(_("fødselsdato"))
    sex = models.CharField(_("kjønn"), max_length=10, choices=Sex.choices,
                           help_text=_("Brukes til SIFOs referansebudsjett."))
    phone = models.CharField(_("telefon"), max_length=20, blank=True)
    email = models.EmailField(_("e-post"), blank=True)
    preferred_language = models.CharField(_("foretrukket skriftspråk"), max_length=10,
                                          choices=Language.choices, default=Language.BOKMAL)
    other_language = models.CharField(_("annet språk"), max_length=50, blank=True)
    needs_interpreter = models.BooleanField(_("trenger tolk"), default=False)
    interpreter_language = models.CharField(_("tolkespråk"), max_length=50, blank=True)
    # Yearly gross income by type (kr), as the affordability engine takes it.
    income_wage = models.PositiveIntegerField(_("lønn"), default=0)
    income_pension = models.PositiveIntegerField(_("pensjon"), default=0)
    income_disability_benefit = models.PositiveIntegerField(_("uføretrygd"), default=0)
    income_social_assistance = models.PositiveIntegerField(_("sosialhjelp"), default=0)
    income_other_taxable = models.PositiveIntegerField(_("annen skattepliktig inntekt"), default=0)
    income_child_benefit = models.PositiveIntegerField(_("barnetrygd"), default=0)
    income_housing_allowance = models.PositiveIntegerField(_("bostøtte"), default=0)
    income_other_tax_free = models.PositiveIntegerField(_("annen skattefri inntekt"), default=0)
    # Raised by every change through the services; edit forms carry the version they showed, so a
    # save from a stale page is refused (core.services.version_claim).
    version = models.PositiveIntegerField(default=1, editable=False)

    INCOME_FIELDS = (
        "income_wage", "income_pension", "income_disability_benefit", "income_social_assistance",
        "income_other_taxable", "income_child_benefit", "income_housing_allowance",
        "income_other_tax_free",
    )

    class Meta:
        ordering = ["household", "birth_date", "id"]
        verbose_name = _("person")
        verbose_name_plural = _("personer")
        constraints = [
            models.UniqueConstraint(fields=["identity_number_hash"], name="person_identity_number_unique",
                                    violation_error_message=_("En person med dette fødselsnummeret er allerede registrert.")),
            models.UniqueConstraint(fields=["household"], condition=Q(relation="main"),
                                    name="household_one_main_person",
                                    violation_error_message=_("Husstanden har allerede en hovedperson.")),
        ]
        indexes = [models.Index(fields=["last_name", "first_name"])]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def yearly_income(self) -> int:
        return sum(getattr(self, field) for field in self.INCOME_FIELDS)

    def set_identity_number(self, number: identity.IdentityNumber | None) -> None:
        if number is None:
            self.identity_number_encrypted, self.identity_number_hash = "", None
        else:
            self.identity_number_encrypted = crypto.encrypt(number.value)
            self.identity_number_hash = crypto.keyed_hash(number.value)

    def identity_number(self) -> str:
        """The number in clear text. Call only through the audited reveal service."""
        return crypto.decrypt(self.identity_number_encrypted) if self.identity_number_encrypted else ""

    @property
    def identity_number_masked(self) -> str:
        if not self.identity_number_encrypted:
            return "ikke registrert"
        return identity.mask(self.identity_number())


class AccessGrant(TimestampedModel):
    """Access for one user to one household outside the user's team, given with a reason.

    Caseworkers and approvers see the households of their own team; a programme leader or an
    administrator may open one more household to one of them for a while (a case handed over, a
    colleague on leave). Every view through a grant is audited with the grant's reason.
    """

    user = models.ForeignKey("core.User", verbose_name=_("bruker"), on_delete=models.PROTECT,
                             related_name="access_grants")
    household = models.ForeignKey(Household, verbose_name=_("husstand"), on_delete=models.CASCADE,
                                  related_name="access_grants")
    reason = models.TextField(_("begrunnelse"))
    granted_by = models.ForeignKey("core.User", verbose_name=_("gitt av"), on_delete=models.PROTECT, related_name="+")
    expires_at = models.DateTimeField(_("gjelder til"))
    revoked_at = models.DateTimeField(_("trukket tilbake"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("tilgang utenfor teamet")
        verbose_name_plural = _("tilganger utenfor teamet")
        indexes = [models.Index(fields=["user", "household"])]
        constraints = [
            models.CheckConstraint(condition=~Q(reason=""), name="access_grant_has_reason",
                                   violation_error_message=_("Tilgang utenfor teamet må ha en begrunnelse.")),
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.household} til {self.expires_at:%d.%m.%Y}"


class ConsentPurpose(models.TextChoices):
    """What a household may agree to. Whether each purpose gathers or shares, and which actions
    need it, is in `people/consent.py`."""

    MAPPING = "mapping", _("Kartlegging av bolig- og økonomisituasjonen")
    INCOME_DATA = "income_data", _("Innhenting av opplysninger fra NAV, Skatteetaten og kredittopplysning")
    SHARE_HUSBANKEN = "share_husbanken", _("Deling med Husbanken (startlån, tilskudd)")
    SHARE_BANK = "share_bank", _("Deling med bank")
    SHARE_NAV = "share_nav", _("Deling med NAV")


class ConsentMethod(models.TextChoices):
    SIGNED_FORM = "signed_form", _("Signert skjema")
    DIGITAL = "digital", _("Digitalt")
    VERBAL = "verbal", _("Muntlig, notert av saksbehandler")


class Consent(TimestampedModel):
    """What a household agreed to: to gather or share its data for one purpose, with whom, how
    and when, and when it was withdrawn. Never deleted or changed afterwards but for the
    withdrawal; giving consent again after a withdrawal is a new row, so the history stays."""

    household = models.ForeignKey(Household, verbose_name=_("husstand"), on_delete=models.CASCADE,
                                  related_name="consents")
    person = models.ForeignKey(Person, verbose_name=_("gitt av"), null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="consents", help_text=_("Hvem i husstanden som ga samtykket."))
    purpose = models.CharField(_("formål"), max_length=30, choices=ConsentPurpose.choices)
    recipient = models.CharField(_("deles med"), max_length=200, blank=True,
                                 help_text=_("For deling: hvem opplysningene deles med (for eksempel banken)."))
    method = models.CharField(_("hvordan samtykket ble gitt"), max_length=20, choices=ConsentMethod.choices)
    given_at = models.DateTimeField(_("gitt"))
    given_recorded_by = models.ForeignKey("core.User", verbose_name=_("registrert av"), on_delete=models.PROTECT,
                                          related_name="+")
    withdrawn_at = models.DateTimeField(_("trukket tilbake"), null=True, blank=True)
    withdrawn_by = models.ForeignKey("core.User", verbose_name=_("tilbaketrekking registrert av"), null=True,
                                     blank=True, on_delete=models.PROTECT, related_name="+")
    note = models.TextField(_("merknad"), blank=True)

    class Meta:
        ordering = ["-given_at", "-id"]
        verbose_name = _("samtykke")
        verbose_name_plural = _("samtykker")
        indexes = [models.Index(fields=["household", "purpose"], name="consent_household_purpose")]
        constraints = [
            models.UniqueConstraint(
                fields=["household", "purpose", "recipient"], condition=Q(withdrawn_at__isnull=True),
                name="consent_one_active_per_purpose",
                violation_error_message=_("Husstanden har allerede et gyldig samtykke til dette.")),
            models.CheckConstraint(
                condition=Q(withdrawn_at__isnull=True, withdrawn_by__isnull=True)
                | Q(withdrawn_at__isnull=False, withdrawn_by__isnull=False),
                name="consent_withdrawal_has_who_and_when"),
            models.CheckConstraint(condition=Q(withdrawn_at__isnull=True) | Q(withdrawn_at__gte=models.F("given_at")),
                                   name="consent_withdrawn_after_given",
                                   violation_error_message=_("Et samtykke kan ikke trekkes tilbake før det ble gitt.")),
        ]

    def __str__(self) -> str:
        return f"{self.get_purpose_display()}{f' ({self.recipient})' if self.recipient else ''}"

    @property
    def is_active(self) -> bool:
        return self.withdrawn_at is None


class IdentityNumberConflict(TimestampedModel):
    """Someone registered an identity number that a person in a household they may not see
    already has. They were told only that the number could not be registered there (people.access:
    another team's household does not exist for them); the person was saved without it, and
    programme leaders and administrators, who see every team, get this to resolve."""

    person = models.ForeignKey(Person, verbose_name=_("registrert person"), on_delete=models.CASCADE,
                               related_name="identity_number_conflicts")
    household = models.ForeignKey(Household, verbose_name=_("husstanden det ble forsøkt registrert i"),
                                  on_delete=models.CASCADE, related_name="identity_number_conflicts")
    reported_by = models.ForeignKey("core.User", verbose_name=_("forsøkt av"), on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("fødselsnummer registrert to steder")
        verbose_name_plural = _("fødselsnumre registrert to steder")
