from django import forms
from django.utils.translation import gettext_lazy as _

from boligvei.core.audit import ACTION_LABELS
from boligvei.core.forms import DateInput, StyledFormMixin
from boligvei.core.models import User


class AuditLogFilterForm(StyledFormMixin, forms.Form):
    """What an administrator looks for in the audit log. Posted and kept in the session, since a
    household id with a date says who was looked at: it must not go into a URL."""

    date_from = forms.DateField(label=_("Fra dato"), required=False, widget=DateInput())
    date_to = forms.DateField(label=_("Til dato"), required=False, widget=DateInput())
    user = forms.ModelChoiceField(label=_("Bruker"), required=False, empty_label=_("Alle brukere"),
                                  queryset=User.objects.order_by("first_name", "last_name", "username"))
    action = forms.ChoiceField(label=_("Handling"), required=False)
    household = forms.IntegerField(label=_("Husstandsnummer"), required=False, min_value=1, max_value=2**63 - 1,
                                   help_text=_("Nummeret i adressen til husstandens side."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["action"].choices = [("", _("Alle handlinger"))] + sorted(
            ((code, f"{label} ({code})") for code, label in ACTION_LABELS.items()), key=lambda c: c[1])
        self.fields["user"].label_from_instance = lambda user: f"{user.get_full_name() or user.username} ({user.username})"

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", _("Til dato kan ikke være før fra dato."))
        return cleaned


class EraseForm(StyledFormMixin, forms.Form):
    reason = forms.CharField(label=_("Hvorfor slettes opplysningene?"), widget=forms.Textarea(attrs={"rows": 3}),
                             help_text=_("For eksempel: krav om sletting fra husstanden, mottatt dato. "
                                       "Begrunnelsen lagres i revisjonsloggen."))
    confirm = forms.BooleanField(label=_("Jeg forstår at personopplysningene slettes for godt og ikke kan hentes "
                                       "tilbake."))
