from django import forms
from django.utils.translation import gettext_lazy as _

from boligvei.core.forms import StyledFormMixin
from boligvei.imports.mapping import Kind, TARGETS, missing_columns
from boligvei.imports.models import ImportSource


class UploadForm(StyledFormMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Hva inneholder filen?"), choices=Kind.choices, widget=forms.RadioSelect,
                             help_text=_("Importer boligene først: leieforhold og tildelinger viser til boligens id."))
    source = forms.ModelChoiceField(
        label=_("Kildesystem"), queryset=ImportSource.objects.all(), required=False, empty_label=_("Ingen / nytt kildesystem"),
        help_text=_("Koblingen mellom kolonner og felt huskes for kildesystemet når importen lykkes."))
    new_source = forms.CharField(label=_("Nytt kildesystem"), max_length=100, required=False,
                                 help_text=_("Navnet på systemet eller regnearket filen kommer fra, for eksempel «FDV»."))
    file = forms.FileField(label=_("Fil"), help_text=_("CSV (semikolon eller komma), Excel (.xlsx) eller Kobo-JSON "
                                                  "(boliger og leieforhold)."),
                           widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,.json"}))

    def clean(self):
        data = super().clean()
        source, new_source, kind = data.get("source"), (data.get("new_source") or "").strip(), data.get("kind")
        if source is not None and new_source:
            self.add_error("new_source", _("Velg et kildesystem i listen, eller skriv et nytt, ikke begge."))
        elif new_source and ImportSource.objects.filter(name__iexact=new_source).exists():
            self.add_error("new_source", _("Kildesystemet «%(source)s» finnes allerede. Velg det i listen.") % {"source": new_source})
        if source is not None and kind and source.kind != kind:
            self.add_error("source", f"Kildesystemet «{source.name}» er for {source.get_kind_display().lower()}.")
        data["new_source"] = new_source
        return data


class MappingForm(StyledFormMixin, forms.Form):
    """One choice per column of the file: which field it fills, or none."""

    def __init__(self, *args, kind: str, headers: list[str], mapping: dict[str, str], **kwargs):
        super().__init__(*args, **kwargs)
        self.kind, self.headers = kind, headers
        choices = [("", _("Importeres ikke"))] + [(target.name, target.label) for target in TARGETS[Kind(kind)]]
        field_of = {header: name for name, header in mapping.items()}
        for index, header in enumerate(headers):
            self.fields[f"column_{index}"] = forms.ChoiceField(
                label=header or f"(kolonne {index + 1} uten overskrift)", choices=choices, required=False,
                initial=field_of.get(header, ""))

    def clean(self):
        data = super().clean()
        mapping, labels = {}, dict(self.fields["column_0"].choices) if self.headers else {}
        for index, header in enumerate(self.headers):
            name = data.get(f"column_{index}")
            if not name:
                continue
            if name in mapping:
                self.add_error(f"column_{index}", f"«{labels[name]}» er allerede valgt for kolonnen «{mapping[name]}».")
            mapping[name] = header
        if missing := missing_columns(self.kind, mapping, self.headers):
            raise forms.ValidationError(f"Velg en kolonne for: {', '.join(missing)}.")
        data["mapping"] = mapping
        return data


class ConfirmForm(forms.Form):
    confirm = forms.BooleanField(label=_("Ja, jeg vil rulle tilbake importen"), error_messages={
        "required": "Kryss av for å bekrefte at importen skal rulles tilbake."})
