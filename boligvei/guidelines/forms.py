"""The guidelines as an administrator writes them: one form per version, built into the document
rules.py describes (and filled from the version in force, so a new version starts from the last)."""

import re

from django import forms

from boligvei.core.forms import DateInput, StyledFormMixin
from boligvei.guidelines import rules

_FRAME_LINE = re.compile(r"^\s*(\d{1,2})\s*;\s*([^;]*?)\s*;\s*([\d\s.]+)\s*$")


def _paragraph(label: str) -> forms.CharField:
    return forms.CharField(label=label, max_length=30, required=False, help_text="For eksempel «§ 3».")


class GuidelineVersionForm(StyledFormMixin, forms.Form):
    title = forms.CharField(label="Tittel", max_length=200, initial="Retningslinjer for startlån")
    adopted_by = forms.CharField(label="Vedtatt av", max_length=200, help_text="For eksempel «Bystyret».")
    adopted_on = forms.DateField(label="Vedtatt dato", widget=DateInput())
    case_number = forms.CharField(label="Saksnummer", max_length=50, required=False)
    link = forms.URLField(label="Lenke til vedtaket", required=False, assume_scheme="https")
    valid_from = forms.DateField(label="Gjelder fra", widget=DateInput(),
                                 help_text="Det som skjer fra denne dagen, vurderes etter denne versjonen.")
    note = forms.CharField(label="Hva er endret fra forrige versjon?", max_length=300, required=False)

    target_paragraph = _paragraph("Paragraf for målgruppen")
    criteria = forms.MultipleChoiceField(label="Målgruppen", choices=rules.CRITERIA.items(),
                                         widget=forms.CheckboxSelectMultiple)
    target_text = forms.CharField(label="Målgruppen med kommunens ord", required=False, max_length=2000,
                                  widget=forms.Textarea(attrs={"rows": 3}))
    priority_paragraph = _paragraph("Paragraf for prioritering")
    priorities = forms.CharField(label="Prioritering mellom gruppene", required=False, max_length=2000,
                                 widget=forms.Textarea(attrs={"rows": 3}))
    waiver_paragraph = _paragraph("Paragraf for unntak")
    waived = forms.MultipleChoiceField(label="Vilkår i forskriften kommunen fraviker", required=False,
                                       choices=rules.CONDITIONS.items(), widget=forms.CheckboxSelectMultiple,
                                       help_text="Forskriften lar kommunen fravike de to første for noen grupper.")
    waiver_groups = forms.CharField(label="For hvem gjelder unntakene?", required=False, max_length=2000,
                                    widget=forms.Textarea(attrs={"rows": 2}))
    frames_paragraph = _paragraph("Paragraf for prisrammer")
    price_frames = forms.CharField(
        label="Prisrammer", required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Én linje per ramme: husstandens størrelse; område (tomt for alle områder); høyeste totalpris. "
                  "For eksempel «3; Sentrum; 3 900 000».")
    loan_paragraph = _paragraph("Paragraf for lånet")
    max_amount = forms.IntegerField(label="Største startlån (kr)", required=False, min_value=0, max_value=50_000_000)
    min_amount = forms.IntegerField(label="Minste startlån (kr)", required=False, min_value=0, max_value=50_000_000)
    own_contribution_percent = forms.DecimalField(label="Egeninnsats (prosent av kjøpesummen)", required=False,
                                                  min_value=0, max_value=100, decimal_places=1)
    financing = forms.ChoiceField(label="Finansiering", choices=rules.FINANCING.items())
    max_term_years = forms.IntegerField(label="Lengste nedbetalingstid (år)", min_value=1, max_value=50, initial=30)
    term_text = forms.CharField(label="Om nedbetalingstiden", required=False, max_length=2000,
                                widget=forms.Textarea(attrs={"rows": 2}))
    grant_paragraph = _paragraph("Paragraf for tilskudd")
    grant_criteria = forms.CharField(label="Hvem kan få tilskudd til etablering?", required=False, max_length=2000,
                                     widget=forms.Textarea(attrs={"rows": 2}),
                                     help_text="Tomt hvis kommunen ikke gir tilskudd.")
    grant_max_amount = forms.IntegerField(label="Største tilskudd (kr)", required=False, min_value=0,
                                          max_value=5_000_000)

    def clean_price_frames(self) -> list[dict]:
        frames, problems = [], []
        for number, line in enumerate(self.cleaned_data["price_frames"].splitlines(), start=1):
            if not line.strip():
                continue
            match = _FRAME_LINE.match(line)
            if not match:
                problems.append(f"Linje {number}: skriv størrelse; område; pris, for eksempel «3; Sentrum; 3 900 000».")
                continue
            size, area, price = match.groups()
            frames.append({"household_size": int(size), "area": area,
                           "max_price": int(re.sub(r"[\s.]", "", price))})
        if problems:
            raise forms.ValidationError(problems)
        return frames

    def clean(self):
        data = super().clean()
        low, high = data.get("min_amount"), data.get("max_amount")
        if low is not None and high is not None and low > high:
            self.add_error("min_amount", "Minste lån kan ikke være større enn største lån.")
        return data

    def document(self) -> dict:
        d = self.cleaned_data
        own = d.get("own_contribution_percent")
        return {
            "target_groups": {"paragraph": d["target_paragraph"], "criteria": d["criteria"], "text": d["target_text"]},
            "priorities": {"paragraph": d["priority_paragraph"], "text": d["priorities"]},
            "waivers": {"paragraph": d["waiver_paragraph"], "conditions": d["waived"], "groups": d["waiver_groups"]},
            "price_frames": {"paragraph": d["frames_paragraph"], "frames": d["price_frames"]},
            "loan": {"paragraph": d["loan_paragraph"], "max_amount": d["max_amount"], "min_amount": d["min_amount"],
                     "own_contribution_percent": str(own) if own is not None else None,
                     "financing": d["financing"], "max_term_years": d["max_term_years"], "term_text": d["term_text"]},
            "grant": {"paragraph": d["grant_paragraph"], "criteria": d["grant_criteria"],
                      "max_amount": d["grant_max_amount"]},
        }

    def version_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in
                ("title", "adopted_by", "adopted_on", "case_number", "link", "valid_from", "note")}

    @staticmethod
    def initial_from(version) -> dict:
        """A new version starts as a copy of the one in force (the dates and the note are new)."""
        if version is None:
            return {}
        doc = version.document
        groups, loan, grant = doc.get("target_groups", {}), doc.get("loan", {}), doc.get("grant", {})
        frames = doc.get("price_frames", {})
        return {
            "title": version.title, "adopted_by": version.adopted_by,
            "target_paragraph": groups.get("paragraph", ""), "criteria": groups.get("criteria", []),
            "target_text": groups.get("text", ""),
            "priority_paragraph": doc.get("priorities", {}).get("paragraph", ""),
            "priorities": doc.get("priorities", {}).get("text", ""),
            "waiver_paragraph": doc.get("waivers", {}).get("paragraph", ""),
            "waived": doc.get("waivers", {}).get("conditions", []), "waiver_groups": doc.get("waivers", {}).get("groups", ""),
            "frames_paragraph": frames.get("paragraph", ""),
            "price_frames": "\n".join(f"{f['household_size']}; {f.get('area', '')}; {f['max_price']:,}".replace(",", " ")
                                      for f in frames.get("frames", [])),
            "loan_paragraph": loan.get("paragraph", ""), "max_amount": loan.get("max_amount"),
            "min_amount": loan.get("min_amount"), "own_contribution_percent": loan.get("own_contribution_percent"),
            "financing": loan.get("financing", "full_or_top_up"), "max_term_years": loan.get("max_term_years", 30),
            "term_text": loan.get("term_text", ""),
            "grant_paragraph": grant.get("paragraph", ""), "grant_criteria": grant.get("criteria", ""),
            "grant_max_amount": grant.get("max_amount"),
        }
