from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Upper
from django.utils.translation import gettext_lazy as _

from boligvei.core.models import TimestampedModel
from boligvei.core.search import folded_column
from boligvei.people.models import Household

postal_code_validator = RegexValidator(r"^\d{4}$", "Postnummer har fire siffer.")
municipality_number_validator = RegexValidator(r"^\d{4}$", "Kommunenummer har fire siffer.")
unit_number_validator = RegexValidator(
    r"^[HKUL]\d{4}$", "Bruksenhetsnummer skrives som H0101: bokstav (H, K, U eller L) og fire siffer."
)


class BuildingType(models.TextChoices):
    DETACHED = "detached", _("Enebolig")
    SEMI_DETACHED = "semi_detached", _("Tomannsbolig")
    TERRACED = "terraced", _("Rekkehus/kjedehus")
    APARTMENT = "apartment", _("Leilighet i blokk")
    SHARED = "shared", _("Bofellesskap")
    OTHER = "other", _("Annet")


class Tenure(models.TextChoices):
    OWNED = "owned", _("Eid av kommunen")
    RENTED_IN = "rented_in", _("Innleid")


class OwnershipForm(models.TextChoices):
    FREEHOLD = "freehold", _("Selveier")
    SECTION = "section", _("Eierseksjon")
    COOPERATIVE = "cooperative", _("Borettslag")


class DwellingStatus(models.TextChoices):
    IN_USE = "in_use", _("I bruk")
    SOLD = "sold", _("Solgt")
    DISPOSED = "disposed", _("Avhendet på annen måte")


class Dwelling(TimestampedModel):
    """A municipal rental dwelling (kommunal utleiebolig), with the fields Husbanken's Kobo has."""

    street_address = models.CharField(_("adresse"), max_length=200)
    street_address_folded = folded_column("street_address")  # what search compares (core.search)
    unit_number = models.CharField(_("bruksenhetsnummer"), max_length=5, blank=True,
                                   validators=[unit_number_validator])
    postal_code = models.CharField(_("postnummer"), max_length=4, validators=[postal_code_validator], db_index=True)
    postal_place = models.CharField(_("poststed"), max_length=100)
    postal_place_folded = folded_column("postal_place")
    municipality_number = models.CharField(_("kommunenummer"), max_length=4,
                                           validators=[municipality_number_validator])
    area = models.CharField(_("område"), max_length=100, blank=True, db_index=True)
    building_type = models.CharField(_("boligtype"), max_length=20, choices=BuildingType.choices)
    ownership_form = models.CharField(_("eieform"), max_length=20, choices=OwnershipForm.choices,
                                      default=OwnershipForm.FREEHOLD)
    rooms = models.PositiveSmallIntegerField(_("antall rom"), validators=[MinValueValidator(1), MaxValueValidator(20)])
    bedrooms = models.PositiveSmallIntegerField(_("antall soverom"), null=True, blank=True,
                                                validators=[MaxValueValidator(15)])
    floor_area = models.DecimalField(_("bruksareal (m²)"), max_digits=6, decimal_places=1,
                                     validators=[MinValueValidator(5)])
    floor = models.SmallIntegerField(_("etasje"), null=True, blank=True)
    wheelchair_accessible = models.BooleanField(_("tilgjengelig for rullestolbruker"), default=False)
    accessibility_notes = models.CharField(_("om tilgjengelighet"), max_length=200, blank=True)
    tenure = models.CharField(_("disposisjonsform"), max_length=20, choices=Tenure.choices, default=Tenure.OWNED)
    market_value = models.PositiveIntegerField(_("markedsverdi (kr)"), null=True, blank=True)
    valuation_date = models.DateField(_("verdsatt dato"), null=True, blank=True)
    rent_monthly = models.PositiveIntegerField(_("husleie per måned (kr)"))
    common_costs_monthly = models.PositiveIntegerField(
        "felleskostnader per måned ved salg (kr)", default=0,
        help_text=_("Uten renter og avdrag på fellesgjelden: fellesgjelden regnes med i lånet i betjeningsevnen."))
    municipal_fees_monthly = models.PositiveIntegerField(_("kommunale avgifter per måned (kr)"), default=0)
    common_debt = models.PositiveIntegerField(_("andel fellesgjeld (kr)"), default=0)
    rent_to_own_potential = models.BooleanField(
        "leie-til-eie-potensial", default=False,
        help_text=_("Kan selges til leietaker (leieTilEiePotensial i Kobo)."))
    status = models.CharField(_("status"), max_length=20, choices=DwellingStatus.choices,
                              default=DwellingStatus.IN_USE)
    acquired_on = models.DateField(_("anskaffet"), null=True, blank=True,
                                   help_text=_("Når kommunen kjøpte eller leide inn boligen (fornyelse av boligmassen)."))
    acquisition_price = models.PositiveIntegerField(_("kjøpesum ved anskaffelse (kr)"), null=True, blank=True)
    sold_on = models.DateField(_("solgt dato"), null=True, blank=True)
    sale_price = models.PositiveIntegerField(_("salgspris (kr)"), null=True, blank=True)
    kobo_id = models.UUIDField(_("Kobo-id"), null=True, blank=True, unique=True)
    source_id = models.CharField(_("id i fagsystem"), max_length=64, blank=True, db_index=True)
    # Raised by every change through the services; edit forms carry the version they showed, so a
    # save from a stale page is refused (core.services.version_claim).
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["street_address", "id"]
        indexes = [
            models.Index(fields=["street_address", "id"], name="dwelling_address_order"),
            models.Index(Upper("unit_number"), name="dwelling_unit_number_upper"),
            # The start page's counts (housing.selectors.register_overview) read only these.
            models.Index(fields=["area", "rent_to_own_potential"], condition=Q(status="in_use"),
                         name="dwelling_in_use_by_area"),
            models.Index(fields=["id"], condition=Q(rent_to_own_potential=True), name="dwelling_rent_to_own_potential"),
        ]
        verbose_name = _("bolig")
        verbose_name_plural = _("boliger")
        constraints = [
            models.CheckConstraint(
                condition=Q(market_value__isnull=True) | Q(valuation_date__isnull=False),
                name="dwelling_market_value_has_date",
                violation_error_message=_("Markedsverdi må ha en dato for verdsettelsen."),
            ),
            models.CheckConstraint(
                condition=Q(acquisition_price__isnull=True) | Q(acquired_on__isnull=False),
                name="dwelling_acquisition_price_has_date",
                violation_error_message=_("En kjøpesum ved anskaffelse må ha en anskaffelsesdato."),
            ),
            models.CheckConstraint(
                condition=~Q(status="sold") | Q(sold_on__isnull=False),
                name="dwelling_sold_has_date",
                violation_error_message=_("En solgt bolig må ha salgsdato."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.street_address}, {self.postal_code} {self.postal_place}"

    @property
    def active_tenancy(self):
        """The tenancy the dwelling is let under now."""
        if hasattr(self, "current_tenancies"):  # prefetched by housing.selectors.active_tenancies
            return self.current_tenancies[0] if self.current_tenancies else None
        return self.tenancies.filter(is_active=True).first()

    @property
    def owner_costs_monthly(self) -> int:
        """Running costs the household would pay as owner (common costs and municipal fees)."""
        return self.common_costs_monthly + self.municipal_fees_monthly

    @property
    def price_with_common_debt(self) -> int | None:
        return None if self.market_value is None else self.market_value + self.common_debt


class ContractType(models.TextChoices):
    FIXED_TERM = "fixed_term", _("Tidsbestemt")
    INDEFINITE = "indefinite", _("Tidsubestemt")


class Tenancy(TimestampedModel):
    """A tenancy (leieforhold): a household renting a dwelling from a start to an end.

    A tenancy is active until it is ended (`is_active`); a fixed-term contract's agreed end date
    does not end it by itself. The database allows one active tenancy per dwelling and per
    household.
    """

    dwelling = models.ForeignKey(Dwelling, verbose_name=_("bolig"), on_delete=models.PROTECT, related_name="tenancies")
    household = models.ForeignKey(Household, verbose_name=_("husstand"), on_delete=models.PROTECT,
                                  related_name="tenancies")
    start_date = models.DateField(_("startdato"))
    end_date = models.DateField(_("sluttdato"), null=True, blank=True)
    rent_monthly = models.PositiveIntegerField(_("husleie per måned (kr)"))
    contract_type = models.CharField(_("kontraktstype"), max_length=20, choices=ContractType.choices)
    is_active = models.BooleanField(_("aktiv"), default=True)
    source_id = models.CharField(_("id i fagsystem"), max_length=64, blank=True, db_index=True)

    class Meta:
        ordering = ["-start_date", "id"]
        verbose_name = _("leieforhold")
        verbose_name_plural = _("leieforhold")
        constraints = [
            models.UniqueConstraint(fields=["dwelling"], condition=Q(is_active=True),
                                    name="tenancy_one_active_per_dwelling",
                                    violation_error_message=_("Boligen har allerede et aktivt leieforhold.")),
            models.UniqueConstraint(fields=["household"], condition=Q(is_active=True),
                                    name="tenancy_one_active_per_household",
                                    violation_error_message=_("Husstanden har allerede et aktivt leieforhold.")),
            models.CheckConstraint(condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                                   name="tenancy_ends_after_start",
                                   violation_error_message=_("Sluttdato kan ikke være før startdato.")),
            models.CheckConstraint(condition=~Q(contract_type="fixed_term") | Q(end_date__isnull=False),
                                   name="tenancy_fixed_term_has_end",
                                   violation_error_message=_("Et tidsbestemt leieforhold må ha sluttdato.")),
            models.CheckConstraint(condition=Q(is_active=True) | Q(end_date__isnull=False),
                                   name="tenancy_ended_has_end_date",
                                   violation_error_message=_("Et avsluttet leieforhold må ha sluttdato.")),
        ]

    def __str__(self) -> str:
        return f"{self.household} – {self.dwelling.street_address}"


class NeedCategory(models.TextChoices):
    HOMELESS = "homeless", _("Bostedsløs eller uten egnet bolig")
    HEALTH = "health", _("Helse eller funksjonsnedsettelse")
    SUBSTANCE = "substance", _("Rus eller psykisk helse")
    REFUGEE = "refugee", _("Flyktning (bosetting)")
    FAMILY = "family", _("Barnefamilie i uegnet bolig")
    ECONOMY = "economy", _("Økonomi")
    OTHER = "other", _("Annet")


class Priority(models.IntegerChoices):
    URGENT = 1, "Akutt"
    HIGH = 2, "Høy"
    NORMAL = 3, "Normal"


class WaitingListStatus(models.TextChoices):
    WAITING = "waiting", _("Venter")
    ALLOCATED = "allocated", _("Tildelt bolig")
    WITHDRAWN = "withdrawn", _("Trukket")
    REJECTED = "rejected", _("Avslått")


class WaitingListEntry(TimestampedModel):
    """A household's application for a municipal dwelling, on the waiting list (venteliste)."""

    household = models.ForeignKey(Household, verbose_name=_("husstand"), on_delete=models.PROTECT,
                                  related_name="waiting_list_entries")
    application_date = models.DateField(_("søknadsdato"))
    need_category = models.CharField(_("behovskategori"), max_length=20, choices=NeedCategory.choices)
    priority = models.PositiveSmallIntegerField(_("prioritet"), choices=Priority.choices, default=Priority.NORMAL)
    status = models.CharField(_("status"), max_length=20, choices=WaitingListStatus.choices,
                              default=WaitingListStatus.WAITING)
    status_date = models.DateField(_("statusdato"), null=True, blank=True)
    allocated_dwelling = models.ForeignKey(Dwelling, verbose_name=_("tildelt bolig"), null=True, blank=True,
                                           on_delete=models.PROTECT, related_name="+")
    notes = models.TextField(_("merknad"), blank=True)
    source_id = models.CharField(_("id i fagsystem"), max_length=64, blank=True, db_index=True)
    # Raised by every change through the services; edit forms carry the version they showed, so a
    # save from a stale page is refused (core.services.version_claim).
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["priority", "application_date", "id"]
        verbose_name = _("ventelisteoppføring")
        verbose_name_plural = _("venteliste")
        constraints = [
            models.UniqueConstraint(fields=["household"], condition=Q(status="waiting"),
                                    name="waiting_list_one_open_entry_per_household",
                                    violation_error_message=_("Husstanden står allerede på ventelisten.")),
            models.CheckConstraint(condition=~Q(status="allocated") | Q(allocated_dwelling__isnull=False),
                                   name="waiting_list_allocated_has_dwelling",
                                   violation_error_message=_("En tildeling må ha en bolig.")),
        ]
        indexes = [models.Index(fields=["status", "priority", "application_date"])]

    def __str__(self) -> str:
        return f"{self.household} ({self.get_status_display()})"
