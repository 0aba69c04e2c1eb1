"""Writing the audit log.

`audit_record` is called by every service that reads or changes personal data, inside the
service's transaction, so that a change and its audit row are saved or rolled back together.
Action codes are dotted (`person.update`); `ACTION_LABELS` turns each into a Norwegian phrase
for the audit pages.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from boligvei.core.models import ApiToken, AuditEvent, User

ACTION_LABELS = {
    "household.view": _("så husstanden"),
    "household.form_view": _("åpnet et skjema med husstandens opplysninger"),
    "household.access_via_grant": _("åpnet husstanden med tilgang utenfor teamet"),
    "access_grant.give": _("ga en bruker tilgang til husstanden utenfor teamet"),
    "access_grant.revoke": _("trakk tilbake tilgang utenfor teamet"),
    "household.list": _("så en liste over husstander"),
    "household.create": _("opprettet husstanden"),
    "household.update": _("endret husstanden"),
    "household.place": _("plasserte husstanden i et team"),
    "person.identity_number.conflict": _("prøvde å registrere et fødselsnummer som husstanden har, i en husstand utenfor teamet"),
    "identity_conflict.list": _("så listen over fødselsnumre registrert to steder"),
    "person.create": _("la til en person"),
    "person.view": _("så en person"),
    "person.update": _("endret en person"),
    "person.identity_number.reveal": _("viste fullt fødselsnummer"),
    "person.search_by_identity_number": _("søkte på fødselsnummer"),
    "consent.give": _("registrerte et samtykke fra husstanden"),
    "consent.withdraw": _("registrerte at husstanden trakk tilbake et samtykke"),
    "dwelling.view": _("så boligen og leietakerne"),
    "dwelling.list": _("så en liste over boliger og leietakere"),
    "dwelling.create": _("opprettet boligen"),
    "dwelling.update": _("endret boligen"),
    "tenancy.create": _("opprettet leieforholdet"),
    "tenancy.end": _("avsluttet leieforholdet"),
    "tenancy.list": _("så en liste over leieforhold"),
    "tenancy.household_choices": _("så husstandene på ventelisten som kan få boligen"),
    "waiting_list.create": _("satte husstanden på ventelisten"),
    "waiting_list.update": _("endret ventelisteoppføringen"),
    "waiting_list.list": _("så ventelisten"),
    "assessment.view": _("så beregningsgrunnlaget for betjeningsevne"),
    "assessment.create": _("lagret en vurdering av betjeningsevne"),
    "assessment.print": _("skrev ut oppsummeringen av betjeningsevne"),
    "screening.list": _("så kandidatlisten (betjeningsevne for leietakerne)"),
    "screening.export": _("eksporterte kandidatlisten"),
    "case.open": _("opprettet saken"),
    "case.move": _("endret status i saken"),
    "case.reopen": _("gjenåpnet saken"),
    "case.note": _("skrev et notat i saken"),
    "case.view": _("så saken"),
    "case.purchase": _("registrerte boligkjøpet"),
    "case.contact": _("registrerte et svar til husstanden"),
    "case.task.create": _("la til en oppgave i oppfølgingsplanen"),
    "case.task.complete": _("fullførte en oppgave"),
    "work.view": _("så arbeidslisten sin"),
    "decision.list": _("så innstillingene som venter på vedtak"),
    "case.decision_letter.make": _("laget vedtaksbrevet til husstanden"),
    "case.decision_letter.print": _("skrev ut et vedtaksbrev"),
    "case.certificate.issue": _("utstedte finansieringsbevis"),
    "decision_template.save": _("lagret en ny versjon av en vedtaksbrevmal"),
    "case.decision.recommend": _("innstilte til vedtak"),
    "case.mapping": _("lagret en kartlegging"),
    "case.assign": _("ga saken til en annen saksbehandler"),
    "case.decision.decide": _("fattet vedtak"),
    "case.list": _("så en liste over saker"),
    "campaign.create": _("laget en utsendelse med brev"),
    "campaign.selection": _("så utvalget til en utsendelse (hvem som får brev, og hvem som holdes utenfor)"),
    "campaign.view": _("så brevene i en utsendelse"),
    "campaign.print": _("lastet ned alle brevene i en utsendelse"),
    "campaign.send": _("markerte brevene som sendt"),
    "campaign.resume": _("startet brevgenereringen igjen"),
    "letter.generate": _("laget brevet (PDF)"),
    "letter.fail": _("brevet kunne ikke lages (PDF)"),
    "letter.remake": _("lagde brevet på nytt med husstandens opplysninger slik de er nå"),
    "letter.print": _("lastet ned et brev"),
    "letter.status": _("endret status på et brev"),
    "letter_template.save": _("lagret en ny versjon av en brevmal"),
    "letter_template.preview": _("forhåndsviste en brevmal med en husstand"),
    "referral.receive": _("tok imot en henvendelse (interessemelding eller henvisning)"),
    "referral.merge": _("la en ny innsending til en henvendelse som venter"),
    "referral.list": _("så listen over henvendelser"),
    "referral.view": _("så henvendelsen"),
    "referral.case_open": _("koblet henvendelsen til husstanden og saken"),
    "referral.close": _("avsluttet henvendelsen"),
    "referral.partner.create": _("la til en samarbeidspartner for henvisninger"),
    "referral.partner.deactivate": _("deaktiverte lenken til en samarbeidspartner"),
    "referral.partner.activate": _("aktiverte lenken til en samarbeidspartner igjen"),
    "referral.partner.renew": _("ga en samarbeidspartner en ny lenke"),
    "referral.flyer": _("lagde et flygeblad"),
    "referral.purge": _("slettet henvendelser behandlet for over et år siden"),
    "meeting.slot.publish": _("publiserte møtetider"),
    "meeting.slot.delete": _("fjernet en ledig møtetid"),
    "meeting.slots.view": _("så ledige møtetider for å avtale møte med husstanden"),
    "meeting.book": _("avtalte et møte med husstanden"),
    "meeting.hold": _("skrev møtereferat"),
    "meeting.no_show": _("registrerte at husstanden ikke møtte"),
    "meeting.move": _("flyttet et møte"),
    "meeting.cancel": _("avlyste et møte"),
    "meeting.view": _("så møtet"),
    "meeting.list": _("så en liste over møter"),
    "meeting.print": _("lastet ned et brev om møtet"),
    "meeting.calendar": _("lastet ned møter som kalenderfil"),
    "parameters.update": _("lagret en ny versjon av beregningsparametere"),
    "demo.load": _("lastet demokommunen"),
    "two_factor.enrol": _("tok i bruk tofaktorinnlogging med autentiseringsapp"),
    "two_factor.verify": _("logget inn med tofaktorkode"),
    "two_factor.verify_failed": _("skrev feil tofaktorkode"),
    "two_factor.reset": _("nullstilte tofaktorinnloggingen til en bruker"),
    "guideline.version_create": _("lagret en ny versjon av retningslinjene for startlån"),
    "archive.export": _("leverte et dokument til arkivintegrasjonen"),
    "archive.receipt": _("registrerte svaret fra arkivet"),
    "archive.package_download": _("lastet ned en arkivpakke"),
    "user.create": _("opprettet en bruker"),
    "user.update": _("endret en brukers navn, e-post, rolle eller team"),
    "user.deactivate": _("deaktiverte en bruker"),
    "user.reactivate": _("aktiverte en bruker igjen"),
    "user.first_login_link": _("lagde en lenke der brukeren velger passord"),
    "user.password_set": _("valgte passord med en innloggingslenke"),
    "user.language": _("valgte språk for sidene"),
    "import.commit": _("importerte boliger eller leieforhold fra en fil"),
    "import.rollback": _("rullet tilbake en import"),
    "tenancy.update": _("endret leieforholdet"),
    "report.export": _("lastet ned en tabell fra resultatene"),
    "household.export": _("lastet ned listen over husstander"),
    "dwelling.export": _("lastet ned listen over boliger og leietakere"),
    "tenancy.export": _("lastet ned listen over leieforhold"),
    "waiting_list.export": _("lastet ned ventelisten"),
    "case.export": _("lastet ned listen over saker"),
    "referral.export": _("lastet ned listen over henvendelser"),
    "campaign.export": _("lastet ned brevene i en utsendelse som liste"),
    "meeting.export": _("lastet ned en liste over møter"),
    "import.dry_run": _("prøvde en import (tørrkjøring) og så resultatet"),
    "report.annual": _("lagde årsrapporten"),
    "sso.login": _("logget inn med kommunens konto"),
    "sso.refuse": _("ble avvist ved innlogging med kommunens konto"),
    "user.sso_create": _("ble opprettet som bruker fra kommunens konto"),
    "user.sso_update": _("fikk rolle, team eller navn endret fra kommunens konto"),
    "audit.view": _("så revisjonsloggen"),
    "privacy.access_report": _("så hvem som har sett husstandens opplysninger (innsynsrapport)"),
    "privacy.export": _("eksporterte alt som er lagret om husstanden (innsyn etter GDPR artikkel 15)"),
    "privacy.erase": _("slettet husstandens personopplysninger etter krav om sletting"),
    "privacy.anonymise": _("anonymiserte husstanden etter at lagringstiden var ute"),
    "privacy.rotate_keys": _("krypterte fødselsnumrene på nytt med ny nøkkel"),
    "privacy.backup": _("tok sikkerhetskopi av hele databasen"),
    "privacy.restore": _("gjenopprettet databasen fra en sikkerhetskopi"),
    "letting.propose": _("foreslo å tildele en kommunal bolig"),
    "letting.decide": _("vedtok tildelingen av en kommunal bolig"),
    "letting.reject": _("godkjente ikke en foreslått tildeling"),
    "letting.view": _("så en tildeling av kommunal bolig"),
    "letting.list": _("så tildelingene som venter på godkjenning"),
    "case.checklist.add": _("la sjekklisten for kjøpsprosessen til i saken"),
    "purchase_checklist.save": _("lagret en ny versjon av sjekklisten for kjøpsprosessen"),
    "case.follow_up.plan": _("planla oppfølging etter kjøpet"),
    "case.follow_up.record": _("registrerte en oppfølging etter kjøpet"),
    "dispatch.queue": _("la et brev i kø for sending gjennom SvarUt"),
    "dispatch.campaign": _("sendte brevene i en utsendelse gjennom SvarUt"),
    "dispatch.send": _("sendte et brev gjennom SvarUt"),
    "dispatch.found": _("fant igjen et brev SvarUt allerede hadde tatt imot"),
    "dispatch.fail": _("fikk et brev avvist av SvarUt"),
    "dispatch.status": _("hentet status for et brev fra SvarUt"),
    "dispatch.view": _("så en forsendelse gjennom SvarUt"),
    "dispatch.list": _("så listen over forsendelser gjennom SvarUt"),
    "dispatch.refresh": _("ba om ny status fra SvarUt"),
    "api_token.create": _("opprettet en API-nøkkel for et system"),
    "api_token.revoke": _("trakk tilbake en API-nøkkel"),
    "person.identity_number.list": _("leste fulle fødselsnumre gjennom API-et"),
    "case_event.list": _("så statushistorikken til saker"),
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
