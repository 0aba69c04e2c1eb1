"""Merge fields in letter templates: `{{ navn }}` is replaced by the household's name, and so on.

The fields an invitation or a reminder may use; the merging itself is `boligvei.lib.merge`.
"""

from django.utils.translation import gettext_lazy as _

from boligvei.lib import merge as lib_merge
from boligvei.lib.merge import fields_used, merge  # noqa: F401 (the outreach letters' merge)

FIELDS = {
    "navn": _("Mottakerens navn (hovedpersonen i husstanden)"),
    "adresse": _("Adressen brevet sendes til, på én linje"),
    "kommune": _("Kommunens navn"),
    "saksbehandler": _("Kontaktpersonens navn"),
    "saksbehandler_telefon": _("Kontaktpersonens telefon"),
    "saksbehandler_epost": _("Kontaktpersonens e-post"),
    "møtetid": _("Foreslått møtetid, eller «ring oss, så finner vi en tid»"),
    "ta_med": _("Hva husstanden bør ta med til samtalen (punktliste)"),
    "startlån": _("Kort forklaring av startlån fra Husbanken"),
    "kalkulator": _("Adressen til kalkulatoren der man kan regne selv (QR-koden viser hit)"),
    "dato": _("Brevets dato"),
}



def template_errors(text: str) -> list[str]:
    """What is wrong with an outreach template's merge fields, in Norwegian, or nothing."""
    return lib_merge.template_errors(text, FIELDS)
