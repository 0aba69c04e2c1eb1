"""Forms for dwellings, tenancies and the waiting list."""

from django import forms
from django.utils.translation import gettext_lazy as _, ngettext

from boligvei.core.forms import DateInput, ServiceFormMixin, StyledFormMixin, VersionedFormMixin
from boligvei.housing.models import (
    BuildingType, ContractType, Dwelling, DwellingStatus, NeedCategory, Priority, Tenancy, Tenure,
    WaitingListEntry, WaitingListStatus,
)
from boligvei.housing.selectors import dwelling_areas, waiting_households
from boligvei.people.models import Household


class DwellingForm(StyledFormMixin, ServiceFormMixin, VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Dwelling
        fields = [
            "street_address", "unit_number", "postal_code", "postal_place", "municipality_number", "area",
            "building_type", "ownership_form", "rooms", "bedrooms", "floor_area", "floor",
            "wheelchair_accessible", "accessibility_notes", "tenure", "market_value", "valuation_date",
            "rent_monthly", "common_costs_monthly", "municipal_fees_monthly", "common_debt",
            "rent_to_own_potential", "status", "acquired_on", "acquisition_price", "sold_on", "sale_price",
        ]
        widgets = {"valuation_date": DateInput(), "acquired_on": DateInput(), "sold_on": DateInput()}

    def clean(self):
        data = super().clean()
        if data.get("market_value") and not data.get("valuation_date"):
            self.add_error("valuation_date", _("Oppgi når markedsverdien ble satt."))
        if data.get("acquisition_price") and not data.get("acquired_on"):
            self.add_error("acquired_on", _("Oppgi når kommunen anskaffet boligen."))
        if data.get("bedrooms") and data.get("rooms") and data["bedrooms"] >= data["rooms"] + 1:
            self.add_error("bedrooms", _("En bolig kan ikke ha flere soverom enn rom."))
        return data


class TenancyForm(StyledFormMixin, forms.Form):
    """The first step of letting a vacant dwelling from its page: which household on the waiting
    list. The letting itself is a decision with its grounds and a letter (cases' letting form)."""

    household = forms.ModelChoiceField(
        label=_("Husstand fra ventelisten"), queryset=Household.objects.none(),
        help_text=_("Husstander som venter på bolig og ikke har et aktivt leieforhold, i ventelistens rekkefølge."))

    def __init__(self, *args, dwelling: Dwelling, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["household"].queryset = waiting_households(user=user)


class TenancyEndForm(StyledFormMixin, forms.Form):
    end_date = forms.DateField(label=_("Siste dag i leieforholdet"), widget=DateInput())


class WaitingListEntryForm(StyledFormMixin, ServiceFormMixin, VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = WaitingListEntry
        fields = ["application_date", "need_category", "priority", "status", "status_date", "notes"]
        widgets = {"application_date": DateInput(), "status_date": DateInput(),
                   "notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Allocation goes through its own form, which creates the tenancy.
        self.fields["status"].choices = [c for c in WaitingListStatus.choices if c[0] != WaitingListStatus.ALLOCATED
                                         or self.instance.status == WaitingListStatus.ALLOCATED]


def dwelling_choice_label(dwelling: Dwelling) -> str:
    """A dwelling as a picker shows it: flats in one building differ only by their unit number,
    so the unit number, rooms and area tell them apart («Storgata 1, H0201 – 3 rom, 64 m², Sentrum»)."""
    parts = [dwelling.street_address + (f", {dwelling.unit_number}" if dwelling.unit_number else "")]
    details = [ngettext("%(rooms)d rom", "%(rooms)d rom", dwelling.rooms) % {"rooms": dwelling.rooms}]
    if dwelling.floor_area:
        details.append(f"{dwelling.floor_area:.1f}".rstrip("0").rstrip(".").replace(".", ",") + " m²")
    if dwelling.area:
        details.append(dwelling.area)
    return f"{parts[0]} – {', '.join(details)}"


def _choices(choices, empty=_("Alle")):
    return [("", empty), *choices]


class AreaFilterMixin:
    """A filter form with an `area` field listing the areas the register has."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].choices = _choices([(a, a) for a in dwelling_areas()])


class DwellingFilterForm(AreaFilterMixin, StyledFormMixin, forms.Form):
    area = forms.ChoiceField(label=_("Område"), required=False)
    building_type = forms.ChoiceField(label=_("Boligtype"), required=False, choices=_choices(BuildingType.choices))
    tenure = forms.ChoiceField(label=_("Disposisjonsform"), required=False, choices=_choices(Tenure.choices))
    occupancy = forms.ChoiceField(label=_("Utleie"), required=False,
                                  choices=_choices([("let", _("Utleid")), ("vacant", _("Ledig"))]))
    potential = forms.ChoiceField(label=_("Leie til eie"), required=False,
                                  choices=_choices([("yes", _("Kan selges til leietaker"))]))
    status = forms.ChoiceField(label=_("Status"), required=False, choices=_choices(DwellingStatus.choices))


class TenancyFilterForm(AreaFilterMixin, StyledFormMixin, forms.Form):
    state = forms.ChoiceField(label=_("Status"), required=False,
                              choices=[("active", _("Aktive")), ("ended", _("Avsluttede")), ("all", _("Alle"))])
    contract_type = forms.ChoiceField(label=_("Kontraktstype"), required=False, choices=_choices(ContractType.choices))
    area = forms.ChoiceField(label=_("Område"), required=False)


class WaitingListFilterForm(StyledFormMixin, forms.Form):
    status = forms.ChoiceField(label=_("Status"), required=False,
                               choices=[("waiting", _("Venter")), *[c for c in WaitingListStatus.choices
                                                                 if c[0] != "waiting"], ("all", _("Alle"))])
    need_category = forms.ChoiceField(label=_("Behov"), required=False, choices=_choices(NeedCategory.choices))
    priority = forms.ChoiceField(label=_("Prioritet"), required=False, choices=_choices(Priority.choices))
