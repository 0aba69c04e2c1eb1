"""Pages in the person's language: the municipality's målform by default, a switch on the public
pages, each staff user's own preference (core.middleware.LanguageMiddleware, boligvei/locale/)."""

import gettext
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from boligvei.core.models import AuditEvent
from tests.referrals.factories import ReferralPartnerFactory

LOCALE = Path(settings.BASE_DIR) / "locale"
INTEREST_HEADING = {"nb": "Vil du eie boligen du leier?", "nn": "Vil du eige bustaden du leiger?",
                    "en": "Would you like to own the home you rent?"}


def _switch(client, language: str, next_url: str):
    return client.post(reverse("set_language"), {"language": language, "next": next_url})


@pytest.mark.django_db
def test_public_pages_speak_the_municipalitys_written_form_whatever_the_browser_asks(client, settings):
    page = client.get(reverse("referrals:interest"), headers={"accept-language": "en"})
    assert INTEREST_HEADING["nb"] in page.content.decode() and page["Content-Language"] == "nb"
    settings.MUNICIPALITY_LANGUAGE = "nn"
    page = client.get(reverse("referrals:interest"), headers={"accept-language": "nb"}).content.decode()
    assert INTEREST_HEADING["nn"] in page and '<html lang="nn"' in page


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["nb", "nn", "en"])
def test_the_language_switch_turns_every_public_page(client, language):
    response = _switch(client, language, reverse("referrals:interest"))
    assert response.status_code == 302 and response["Location"] == reverse("referrals:interest")
    partner = ReferralPartnerFactory()
    pages = [reverse("referrals:interest"), reverse("referrals:interest_thanks"), reverse("assessments:self_check"),
             reverse("login"), reverse("referrals:partner_referral", args=[partner.token]),
             reverse("referrals:partner_thanks", args=[partner.token]), "/finnes-ikke/"]
    for url in pages:
        response = client.get(url)
        html = response.content.decode()
        assert f'<html lang="{language}"' in html, url
        assert response["Content-Language"] == language, url
    interest = client.get(reverse("referrals:interest")).content.decode()
    assert INTEREST_HEADING[language] in interest
    if language != "nb":
        # The bokmål frame, labels and consent text are all gone.
        for bokmaal in ("Hopp til hovedinnhold", "Hvordan hørte du om dette?", "Slik bruker vi opplysningene",
                        "Jeg samtykker til"):
            assert bokmaal not in interest, bokmaal


@pytest.mark.django_db
def test_form_errors_on_a_public_page_follow_the_language(client):
    _switch(client, "nn", "/")
    page = client.post(reverse("referrals:interest"), {"name": "Kari", "phone": "12"}).content.decode()
    assert "Skriv eit telefonnummer med åtte siffer" in page
    assert "Skjemaet har feil. Ingenting er lagra enno." in page


@pytest.mark.django_db
def test_a_staff_user_chooses_their_own_language_and_it_is_audited(alice_client, alice):
    response = alice_client.post(reverse("core:language_preference"), {"language": "nn"})
    assert response.status_code == 302
    alice.refresh_from_db()
    assert alice.language == "nn"
    assert AuditEvent.objects.get(action="user.language").changes["language"] == {"old": "", "new": "nn"}
    page = alice_client.get(reverse("people:household_list")).content.decode()
    assert '<html lang="nn"' in page and ">Hushald</a>" in page and ">Arbeidet mitt</a>" in page


@pytest.mark.django_db
def test_a_staff_preference_wins_over_the_public_switch(alice_client, alice):
    alice.language = "en"
    alice.save()
    _switch(alice_client, "nn", "/")
    assert ">Households</a>" in alice_client.get(reverse("people:household_list")).content.decode()


@pytest.mark.parametrize("language", ["nn", "en"])
def test_every_message_in_the_catalogues_is_translated_and_compiled(language):
    po = (LOCALE / language / "LC_MESSAGES" / "django.po").read_text(encoding="utf-8")
    entries = re.findall(r'\nmsgid ((?:"[^\n]*"\n)+)msgstr ((?:"[^\n]*"\n)+)', po)
    assert len(entries) > 100
    untranslated = [mid for mid, mstr in entries if mid.strip() != '""' and mstr.strip() == '""']
    assert untranslated == []
    assert "#, fuzzy" not in po
    # The compiled catalogue Django reads says the same as the .po (`boligvei compilemessages`).
    with (LOCALE / language / "LC_MESSAGES" / "django.mo").open("rb") as mo:
        compiled = gettext.GNUTranslations(mo)
    for mid, mstr in entries:
        msgid, msgstr = _unquote(mid), _unquote(mstr)
        if msgid:
            assert compiled.gettext(msgid) == msgstr, msgid


def _unquote(lines: str) -> str:
    return "".join(re.findall(r'"(.*)"', lines)).replace('\\"', '"').replace("\\n", "\n").replace("\\\\", "\\")
