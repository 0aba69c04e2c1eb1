from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Upper

from boligvei.core.models import TimestampedModel
from boligvei.core.search import folded_column
from boligvei.people.models import Household

postal_code_validator = RegexValidator(r"^\d{4}$", "Postnummer har fire siffer.")
municipality_number_validator = RegexValidator(r"^\d{4}$", "Kommunenummer har fire siffer.")
unit_number_validator = RegexValidator(
    r"^[HKUL]\d{4}$", "Bruksenhetsnummer skrives som H0101: bokstav (H, K, U eller L) og fire siffer."
)


class BuildingType(models.TextChoices):
    DETACHED = "detached", "Enebolig"
    SEMI_DETACHED = "semi_detached", "Tomannsbolig"
    TERRACED = "terraced", "Rekkehus/kjedehus"
    APARTMENT = "apartment", "Leilighet i blokk"
    SHARED = "shared", "Bofellesskap"
    OTHER = "other", "Annet"


class Tenure(models.TextChoices):
    OWNED = "owned", "Eid av kommunen"
    RENTED_IN = "rented_in", "Innleid"


class OwnershipForm(models.TextChoices):
    FREEHOLD = "freehold", "Selveier"
    SECTION = "section", "Eierseksjon"
    COOPERATIVE = "cooperative", "Borettslag"


class DwellingStatus(models.TextChoices):
    IN_USE = "in_use", "I bruk"
    SOLD = "sold", "Solgt"
    DISPOSED = "disposed", "Avhendet på annen måte"


class Dwelling(TimestampedModel):
    """A municipal rental dwelling (kommunal utleiebolig), with the fields Husbanken's Kobo has."""

    street_address = models.CharField("adresse", max_length=200)
    street_address_folded = folded_column("street_address")  # what search compares (core.search)
    unit_number = models.CharField("bruksenhetsnummer", max_length=5, blank=True,
                                   validators=[unit_number_validator])
    postal_code = models.CharField("postnummer", max_length=4, validators=[postal_code_validator], db_index=True)
    postal_place = models.CharField("poststed", max_length=100)
    postal_place_folded = folded_column("postal_place")
    municipality_number = models.CharField("kommunenummer", max_length=4,
                                           validators=[municipality_number_validator])
    area = models.CharField("område", max_length=100, blank=True, db_index=True)
    building_type = models.CharField("boligtype", max_length=20, choices=BuildingType.choices)
    ownership_form = models.CharField("eieform", max_length=20, choices=OwnershipForm.choices,
                                      default=OwnershipForm.FREEHOLD)
    rooms = models.PositiveSmallIntegerField("antall rom", validators=[MinValueValidator(1), MaxValueValidator(20)])
    bedrooms = models.PositiveSmallIntegerField("antall soverom", null=True, blank=True,
                                                validators=[MaxValueValidator(15)])
    floor_area = models.DecimalField("bruksareal (m²)", max_digits=6, decimal_places=1,
                                     validators=[MinValueValidator(5)])
    floor = models.SmallIntegerField("etasje", null=True, blank=True)
    wheelchair_accessible = models.BooleanField("tilgjengelig for rullestolbruker", default=False)
    accessibility_notes = models.CharField("om tilgjengelighet", max_length=200, blank=True)
    tenure = models.CharField("disposisjonsform", max_length=20, choices=Tenure.choices, default=Tenure.OWNED)
    market_value = models.PositiveIntegerField("markedsverdi (kr)", null=True, blank=True)
    valuation_date = models.DateField("verdsatt dato", null=True, blank=True)
    rent_monthly = models.PositiveIntegerField("husleie per måned (kr)")
    common_costs_monthly = models.PositiveIntegerField(
        "felleskostnader per måned ved salg (kr)", default=0,
        help_text="Uten renter og avdrag på fellesgjelden: fellesgjelden regnes med i lånet i betjeningsevnen.")
    municipal_fees_monthly = models.PositiveIntegerField("kommunale avgifter per måned (kr)", default=0)
    common_debt = models.PositiveIntegerField("andel fellesgjeld (kr)", default=0)
    rent_to_own_potential = models.BooleanField(
        "leie-til-eie-potensial", default=False,
        help_text="Kan selges til leietaker (leieTilEiePotensial i Kobo).")
    status = models.CharField("status", max_length=20, choices=DwellingStatus.choices,
                              default=DwellingStatus.IN_USE)
    acquired_on = models.DateField("anskaffet", null=True, blank=True,
                                   help_text="Når kommunen kjøpte eller leide inn boligen (fornyelse av boligmassen).")
    acquisition_price = models.PositiveIntegerField("kjøpesum ved anskaffelse (kr)", null=True, blank=True)
    sold_on = models.DateField("solgt dato", null=True, blank=True)
    sale_price = models.PositiveIntegerField("salgspris (kr)", null=True, blank=True)
    kobo_id = models.UUIDField("Kobo-id", null=True, blank=True, unique=True)
    source_id = models.CharField("id i fagsystem", max_length=64, blank=True, db_index=True)
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
        verbose_name = "bolig"
        verbose_name_plural = "boliger"
        constraints = [
            models.CheckConstraint(
                condition=Q(market_value__isnull=True) | Q(valuation_date__isnull=False),
                name="dwelling_market_value_has_date",
                violation_error_message="Markedsverdi må ha en dato for verdsettelsen.",
            ),
            models.CheckConstraint(
                condition=Q(acquisition_price__isnull=True) | Q(acquired_on__isnull=False),
                name="dwelling_acquisition_price_has_date",
                violation_error_message="En kjøpesum ved anskaffelse må ha en anskaffelsesdato.",
            ),
            models.CheckConstraint(
                condition=~Q(status="sold") | Q(sold_on__isnull=False),
                name="dwelling_sold_has_date",
                violation_error_message="En solgt bolig må ha salgsdato.",
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
    FIXED_TERM = "fixed_term", "Tidsbestemt"
    INDEFINITE = "indefinite", "Tidsubestemt"


class Tenancy(TimestampedModel):
    """A tenancy (leieforhold): a household renting a dwelling from a start to an end.

    A tenancy is active until it is ended (`is_active`); a fixed-term contract's agreed end date
    does not end it by itself. The database allows one active tenancy per dwelling and per
    household.
    """

    dwelling = models.ForeignKey(Dwelling, verbose_name="bolig", on_delete=models.PROTECT, related_name="tenancies")
    household = models.ForeignKey(Household, verbose_name="husstand", on_delete=models.PROTECT,
                                  related_name="tenancies")
    start_date = models.DateField("startdato")
    end_date = models.DateField("sluttdato", null=True, blank=True)
    rent_monthly = models.PositiveIntegerField("husleie per måned (kr)")
    contract_type = models.CharField("kontraktstype", max_length=20, choices=ContractType.choices)
    is_active = models.BooleanField("aktiv", default=True)
    source_id = models.CharField("id i fagsystem", max_length=64, blank=True, db_index=True)

    class Meta:
        ordering = ["-start_date", "id"]
        verbose_name = "leieforhold"
        verbose_name_plural = "leieforhold"
        constraints = [
            models.UniqueConstraint(fields=["dwelling"], condition=Q(is_active=True),
                                    name="tenancy_one_active_per_dwelling",
                                    violation_error_message="Boligen har allerede et aktivt leieforhold."),
            models.UniqueConstraint(fields=["household"], condition=Q(is_active=True),
                                    name="tenancy_one_active_per_household",
                                    violation_error_message="Husstanden har allerede et aktivt leieforhold."),
            models.CheckConstraint(condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                                   name="tenancy_ends_after_start",
                                   violation_error_message="Sluttdato kan ikke være før startdato."),
            models.CheckConstraint(condition=~Q(contract_type="fixed_term") | Q(end_date__isnull=False),
                                   name="tenancy_fixed_term_has_end",
                                   violation_error_message="Et tidsbestemt leieforhold må ha sluttdato."),
            models.CheckConstraint(condition=Q(is_active=True) | Q(end_date__isnull=False),
                                   name="tenancy_ended_has_end_date",
                                   violation_error_message="Et avsluttet leieforhold må ha sluttdato."),
        ]

    def __str__(self) -> str:
        return f"{self.household} – {self.dwelling.street_address}"


class NeedCategory(models.TextChoices):
    HOMELESS = "homeless", "Bostedsløs eller uten egnet bolig"
    HEALTH = "health", "Helse eller funksjonsnedsettelse"
    SUBSTANCE = "substance", "Rus eller psykisk helse"
    REFUGEE = "refugee", "Flyktning (bosetting)"
    FAMILY = "family", "Barnefamilie i uegnet bolig"
    ECONOMY = "economy", "Økonomi"
    OTHER = "other", "Annet"


class Priority(models.IntegerChoices):
    URGENT = 1, "Akutt"
    HIGH = 2, "Høy"
    NORMAL = 3, "Normal"


class WaitingListStatus(models.TextChoices):
    WAITING = "waiting", "Venter"
    ALLOCATED = "allocated", "Tildelt bolig"
    WITHDRAWN = "withdrawn", "Trukket"
    REJECTED = "rejected", "Avslått"


class WaitingListEntry(TimestampedModel):
    """A household's application for a municipal dwelling, on the waiting list (venteliste)."""

    household = models.ForeignKey(Household, verbose_name="husstand", on_delete=models.PROTECT,
                                  related_name="waiting_list_entries")
    application_date = models.DateField("søknadsdato")
    need_category = models.CharField("behovskategori", max_length=20, choices=NeedCategory.choices)
    priority = models.PositiveSmallIntegerField("prioritet", choices=Priority.choices, default=Priority.NORMAL)
    status = models.CharField("status", max_length=20, choices=WaitingListStatus.choices,
                              default=WaitingListStatus.WAITING)
    status_date = models.DateField("statusdato", null=True, blank=True)
    allocated_dwelling = models.ForeignKey(Dwelling, verbose_name="tildelt bolig", null=True, blank=True,
                                           on_delete=models.PROTECT, related_name="+")
    notes = models.TextField("merknad", blank=True)
    source_id = models.CharField("id i fagsystem", max_length=64, blank=True, db_index=True)
    # Raised by every change through the services; edit forms carry the version they showed, so a
    # save from a stale page is refused (core.services.version_claim).
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["priority", "application_date", "id"]
        verbose_name = "ventelisteoppføring"
        verbose_name_plural = "venteliste"
        constraints = [
            models.UniqueConstraint(fields=["household"], condition=Q(status="waiting"),
                                    name="waiting_list_one_open_entry_per_household",
                                    violation_error_message="Husstanden står allerede på ventelisten."),
            models.CheckConstraint(condition=~Q(status="allocated") | Q(allocated_dwelling__isnull=False),
                                   name="waiting_list_allocated_has_dwelling",
                                   violation_error_message="En tildeling må ha en bolig."),
        ]
        indexes = [models.Index(fields=["status", "priority", "application_date"])]

    def __str__(self) -> str:
        return f"{self.household} ({self.get_status_display()})"
