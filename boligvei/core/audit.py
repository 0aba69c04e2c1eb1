"""Writing the audit log.

`audit_record` is called by every service that reads or changes personal data, inside the
service's transaction, so that a change and its audit row are saved or rolled back together.
Action codes are dotted (`person.update`); `ACTION_LABELS` turns each into a Norwegian phrase
for the audit pages.
"""

from django.db import models

from boligvei.core.models import ApiToken, AuditEvent, User

ACTION_LABELS = {
    "household.view": "så husstanden",
    "household.form_view": "åpnet et skjema med husstandens opplysninger",
    "household.access_via_grant": "åpnet husstanden med tilgang utenfor teamet",
    "access_grant.give": "ga en bruker tilgang til husstanden utenfor teamet",
    "access_grant.revoke": "trakk tilbake tilgang utenfor teamet",
    "household.list": "så en liste over husstander",
    "household.create": "opprettet husstanden",
    "household.update": "endret husstanden",
    "household.place": "plasserte husstanden i et team",
    "person.identity_number.conflict": "prøvde å registrere et fødselsnummer som husstanden har, i en husstand utenfor teamet",
    "identity_conflict.list": "så listen over fødselsnumre registrert to steder",
    "person.create": "la til en person",
    "person.view": "så en person",
    "person.update": "endret en person",
    "person.identity_number.reveal": "viste fullt fødselsnummer",
    "person.search_by_identity_number": "søkte på fødselsnummer",
    "consent.give": "registrerte et samtykke fra husstanden",
    "consent.withdraw": "registrerte at husstanden trakk tilbake et samtykke",
    "dwelling.view": "så boligen og leietakerne",
    "dwelling.list": "så en liste over boliger og leietakere",
    "dwelling.create": "opprettet boligen",
    "dwelling.update": "endret boligen",
    "tenancy.create": "opprettet leieforholdet",
    "tenancy.end": "avsluttet leieforholdet",
    "tenancy.list": "så en liste over leieforhold",
    "tenancy.household_choices": "så husstandene på ventelisten som kan få boligen",
    "waiting_list.create": "satte husstanden på ventelisten",
    "waiting_list.update": "endret ventelisteoppføringen",
    "waiting_list.list": "så ventelisten",
    "assessment.view": "så beregningsgrunnlaget for betjeningsevne",
    "assessment.create": "lagret en vurdering av betjeningsevne",
    "assessment.print": "skrev ut oppsummeringen av betjeningsevne",
    "screening.list": "så kandidatlisten (betjeningsevne for leietakerne)",
    "screening.export": "eksporterte kandidatlisten",
    "case.open": "opprettet saken",
    "case.move": "endret status i saken",
    "case.reopen": "gjenåpnet saken",
    "case.note": "skrev et notat i saken",
    "case.view": "så saken",
    "case.purchase": "registrerte boligkjøpet",
    "case.contact": "registrerte et svar til husstanden",
    "case.task.create": "la til en oppgave i oppfølgingsplanen",
    "case.task.complete": "fullførte en oppgave",
    "work.view": "så arbeidslisten sin",
    "decision.list": "så innstillingene som venter på vedtak",
    "case.decision_letter.make": "laget vedtaksbrevet til husstanden",
    "case.decision_letter.print": "skrev ut et vedtaksbrev",
    "letting.propose": "foreslo å tildele en kommunal bolig",
    "letting.decide": "vedtok tildelingen av en kommunal bolig",
    "letting.reject": "godkjente ikke en foreslått tildeling",
    "letting.view": "så en tildeling av kommunal bolig",
    "letting.list": "så tildelingene som venter på godkjenning",
    "case.certificate.issue": "utstedte finansieringsbevis",
    "case.checklist.add": "la sjekklisten for kjøpsprosessen til i saken",
    "purchase_checklist.save": "lagret en ny versjon av sjekklisten for kjøpsprosessen",
    "case.follow_up.plan": "planla oppfølging etter kjøpet",
    "case.follow_up.record": "registrerte en oppfølging etter kjøpet",
    "decision_template.save": "lagret en ny versjon av en vedtaksbrevmal",
    "case.decision.recommend": "innstilte til vedtak",
    "case.mapping": "lagret en kartlegging",
    "case.assign": "ga saken til en annen saksbehandler",
    "case.decision.decide": "fattet vedtak",
    "case.list": "så en liste over saker",
    "campaign.create": "laget en utsendelse med brev",
    "campaign.selection": "så utvalget til en utsendelse (hvem som får brev, og hvem som holdes utenfor)",
    "campaign.view": "så brevene i en utsendelse",
    "campaign.print": "lastet ned alle brevene i en utsendelse",
    "campaign.send": "markerte brevene som sendt",
    "campaign.resume": "startet brevgenereringen igjen",
    "letter.generate": "laget brevet (PDF)",
    "letter.fail": "brevet kunne ikke lages (PDF)",
    "letter.remake": "lagde brevet på nytt med husstandens opplysninger slik de er nå",
    "letter.print": "lastet ned et brev",
    "letter.status": "endret status på et brev",
    "letter_template.save": "lagret en ny versjon av en brevmal",
    "letter_template.preview": "forhåndsviste en brevmal med en husstand",
    "referral.receive": "tok imot en henvendelse (interessemelding eller henvisning)",
    "referral.merge": "la en ny innsending til en henvendelse som venter",
    "referral.list": "så listen over henvendelser",
    "referral.view": "så henvendelsen",
    "referral.case_open": "koblet henvendelsen til husstanden og saken",
    "referral.close": "avsluttet henvendelsen",
    "referral.partner.create": "la til en samarbeidspartner for henvisninger",
    "referral.partner.deactivate": "deaktiverte lenken til en samarbeidspartner",
    "referral.partner.activate": "aktiverte lenken til en samarbeidspartner igjen",
    "referral.partner.renew": "ga en samarbeidspartner en ny lenke",
    "referral.flyer": "lagde et flygeblad",
    "referral.purge": "slettet henvendelser behandlet for over et år siden",
    "meeting.slot.publish": "publiserte møtetider",
    "meeting.slot.delete": "fjernet en ledig møtetid",
    "meeting.slots.view": "så ledige møtetider for å avtale møte med husstanden",
    "meeting.book": "avtalte et møte med husstanden",
    "meeting.hold": "skrev møtereferat",
    "meeting.no_show": "registrerte at husstanden ikke møtte",
    "meeting.move": "flyttet et møte",
    "meeting.cancel": "avlyste et møte",
    "meeting.view": "så møtet",
    "meeting.list": "så en liste over møter",
    "meeting.print": "lastet ned et brev om møtet",
    "meeting.calendar": "lastet ned møter som kalenderfil",
    "parameters.update": "lagret en ny versjon av beregningsparametere",
    "demo.load": "lastet demokommunen",
    "two_factor.enrol": "tok i bruk tofaktorinnlogging med autentiseringsapp",
    "two_factor.verify": "logget inn med tofaktorkode",
    "two_factor.verify_failed": "skrev feil tofaktorkode",
    "two_factor.reset": "nullstilte tofaktorinnloggingen til en bruker",
    "guideline.version_create": "lagret en ny versjon av retningslinjene for startlån",
    "archive.export": "leverte et dokument til arkivintegrasjonen",
    "archive.receipt": "registrerte svaret fra arkivet",
    "archive.package_download": "lastet ned en arkivpakke",
    "dispatch.queue": "la et brev i kø for sending gjennom SvarUt",
    "dispatch.campaign": "sendte brevene i en utsendelse gjennom SvarUt",
    "dispatch.send": "sendte et brev gjennom SvarUt",
    "dispatch.found": "fant igjen et brev SvarUt allerede hadde tatt imot",
    "dispatch.fail": "fikk et brev avvist av SvarUt",
    "dispatch.status": "hentet status for et brev fra SvarUt",
    "dispatch.view": "så en forsendelse gjennom SvarUt",
    "dispatch.list": "så listen over forsendelser gjennom SvarUt",
    "dispatch.refresh": "ba om ny status fra SvarUt",
    "user.create": "opprettet en bruker",
    "user.update": "endret en brukers navn, e-post, rolle eller team",
    "user.deactivate": "deaktiverte en bruker",
    "user.reactivate": "aktiverte en bruker igjen",
    "user.first_login_link": "lagde en lenke der brukeren velger passord",
    "user.password_set": "valgte passord med en innloggingslenke",
    "user.language": "valgte språk for sidene",
    "import.commit": "importerte boliger eller leieforhold fra en fil",
    "import.rollback": "rullet tilbake en import",
    "tenancy.update": "endret leieforholdet",
    "report.export": "lastet ned en tabell fra resultatene",
    "household.export": "lastet ned listen over husstander",
    "dwelling.export": "lastet ned listen over boliger og leietakere",
    "tenancy.export": "lastet ned listen over leieforhold",
    "waiting_list.export": "lastet ned ventelisten",
    "case.export": "lastet ned listen over saker",
    "referral.export": "lastet ned listen over henvendelser",
    "campaign.export": "lastet ned brevene i en utsendelse som liste",
    "meeting.export": "lastet ned en liste over møter",
    "import.dry_run": "prøvde en import (tørrkjøring) og så resultatet",
    "report.annual": "lagde årsrapporten",
    "sso.login": "logget inn med kommunens konto",
    "sso.refuse": "ble avvist ved innlogging med kommunens konto",
    "user.sso_create": "ble opprettet som bruker fra kommunens konto",
    "user.sso_update": "fikk rolle, team eller navn endret fra kommunens konto",
    "audit.view": "så revisjonsloggen",
    "privacy.access_report": "så hvem som har sett husstandens opplysninger (innsynsrapport)",
    "privacy.export": "eksporterte alt som er lagret om husstanden (innsyn etter GDPR artikkel 15)",
    "privacy.erase": "slettet husstandens personopplysninger etter krav om sletting",
    "privacy.anonymise": "anonymiserte husstanden etter at lagringstiden var ute",
    "privacy.rotate_keys": "krypterte fødselsnumrene på nytt med ny nøkkel",
    "privacy.backup": "tok sikkerhetskopi av hele databasen",
    "privacy.restore": "gjenopprettet databasen fra en sikkerhetskopi",
    "api_token.create": "opprettet en API-nøkkel for et system",
    "api_token.revoke": "trakk tilbake en API-nøkkel",
    "person.identity_number.list": "leste fulle fødselsnumre gjennom API-et",
    "case_event.list": "så statushistorikken til saker",
}


def audit_record(**fields) -> AuditEvent:
    """Save one audit row; takes the fields of `audit_event`."""
    event = audit_event(**fields)
    event.save(force_insert=True)
    return event


def audit_event(
    *,
    actor: User | ApiToken | None,
    action: str,
    obj: models.Model | None = None,
    household_id: int | None = None,
    changes: dict | None = None,
    reason: str = "",
) -> AuditEvent:
    """The audit row `audit_record` saves, unsaved: for writing many at once (`bulk_create`, the imports).
    The actor is a staff user, another system through its API key, or None (Boligvei itself)."""
    token = actor if isinstance(actor, ApiToken) else None
    return AuditEvent(
        actor=None if token else actor,
        api_token=token,
        actor_label=actor.username if actor is not None else "system",
        action=action,
        object_type=obj._meta.model_name if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        household_id=household_id,
        changes=changes or {},
        reason=reason,
    )


def audit_changes(before: dict, after: dict) -> dict:
    """Old and new values of the fields that changed, as JSON-safe strings."""
    return {
        field: {"old": _plain(before.get(field)), "new": _plain(after.get(field))}
        for field in after
        if before.get(field) != after.get(field)
    }


def plain_values(values: dict) -> dict:
    """Field values as JSON-safe values for an audit row."""
    return {field: _plain(value) for field, value in values.items()}


def _plain(value):
    if value is None or isinstance(value, bool | int | str):
        return value
    return str(value)
