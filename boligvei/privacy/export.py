"""A household's data export (GDPR article 15: the right of access), as JSON and as PDF/A.

The JSON is the record; the PDF sets the same content for reading. The structure is stable and
versioned (`schema_version`); a change that removes or renames a key raises the version.

    schema            "boligvei.innsyn"
    schema_version    1
    generated_at      ISO 8601 time with offset; municipality: the municipality's name
    household         id, name, address_line, postal_code, postal_place, team, savings,
                      debt_consumer, debt_student_loan, debt_other, debt_payments_monthly,
                      created_at, updated_at, anonymised_at
    persons[]         id, relation, first_name, last_name, identity_number (in full: it is the
                      person's own), birth_date, sex, phone, email, preferred_language,
                      other_language, needs_interpreter, interpreter_language, income{type: kr/year}
    tenancies[]       id, dwelling{id, street_address, unit_number, postal_code, postal_place, area},
                      start_date, end_date, rent_monthly, contract_type, is_active
    waiting_list[]    id, application_date, need_category, priority, status, status_date,
                      allocated_dwelling (address or null), notes
    cases[]           id, opened_at, status, status_changed_at, caseworker, channel, referred_by,
                      area, events[]{at, kind, from_status, to_status, text, actor} (notes are
                      events of kind "Notat"), tasks[]{title, due_on, assignee, done_at},
                      mappings[]{created_at, created_by, form_version, answers},
                      decisions[]{kind, amount, recommendation, recommended_by, recommended_at,
                      outcome, grounds, decided_by, decided_at, missing, override_reason,
                      guidelines (the version cited, or null), guideline_paragraphs}, purchase (null or {completed_on,
                      price, common_debt, startlan, bank_loan, grant, equity,
                      bought_rented_dwelling, address}), follow_ups[]{months, due_on, done_on,
                      recorded_by, wellbeing, payment_trouble, payment_notes, help_arranged, help_notes}
    assessments[]     id, created_at, created_by, year, affordable, max_price, note, request, result
    meetings[]        id, case_id, starts_at, ends_at, location, caseworker, status, form, attendees,
                      interpreter_used, notes, next_step, reason
    letters[]         id, campaign, kind, language, title, letter_date, status, generated_at,
                      sent_on, answered_on (metadata: the text and PDF are not repeated)
    referrals[]       id, kind, channel, partner, referrer_name, referrer_contact, name, phone,
                      email, address, message, consent_at, submission_count, last_submitted_at,
                      status, outcome, close_reason, close_note, handled_at
    consents[]        id, purpose, recipient, method, person, given_at, withdrawn_at, note
    decision_letters[] id, case_id, kind, language, reference, title, created_at, created_by, recipient
                      (metadata: the PDF can be printed again, the same bytes)
    certificates[]    id, case_id, amount, price_frame, conditions, issued_on, valid_until, issued_by
    lettings[]        id, case_id, dwelling (address), start_date, end_date, contract_type,
                      rent_monthly, status, rules, facts, grounds, children_interests, proposed_by,
                      proposed_at, decided_by, decided_at, rejection_reason
    access_report[]   at, who, role, what, why, action

Choices are given as their Norwegian labels, dates as YYYY-MM-DD, amounts in whole kroner.
"""

import datetime as dt
import json
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from boligvei.core.documents import TypstLayout
from boligvei.privacy.selectors import AccessRow, HouseholdRecord

SCHEMA = "boligvei.innsyn"
SCHEMA_VERSION = 1
LAYOUT = TypstLayout(Path(__file__).resolve().parent / "typst" / "record.typ")


def _when(value):
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).isoformat(timespec="seconds")
    return value.isoformat()


def _user(user) -> str | None:
    return None if user is None else (user.get_full_name() or user.username)


def _access(rows: list[AccessRow]) -> list[dict]:
    return [{"at": _when(row.at), "who": row.who, "role": row.role, "what": row.what, "why": row.why,
             "action": row.action} for row in rows]


def export_data(record: HouseholdRecord, *, now: dt.datetime | None = None) -> dict:
    """The export as a JSON-ready dict."""
    h = record.household
    return {
        "schema": SCHEMA,
        "schema_version": SCHEMA_VERSION,
        "generated_at": _when(now or timezone.now()),
        "municipality": settings.MUNICIPALITY_NAME,
        "household": {
            "id": h.pk, "name": h.name, "address_line": h.address_line, "postal_code": h.postal_code,
            "postal_place": h.postal_place, "team": str(h.team) if h.team_id else None, "savings": h.savings,
            "debt_consumer": h.debt_consumer, "debt_student_loan": h.debt_student_loan, "debt_other": h.debt_other,
            "debt_payments_monthly": h.debt_payments_monthly, "created_at": _when(h.created_at),
            "updated_at": _when(h.updated_at), "anonymised_at": _when(h.anonymised_at),
        },
        "persons": [{
            "id": p.pk, "relation": p.get_relation_display(), "first_name": p.first_name, "last_name": p.last_name,
            "identity_number": p.identity_number() or None, "birth_date": _when(p.birth_date),
            "sex": p.get_sex_display(), "phone": p.phone, "email": p.email,
            "preferred_language": p.get_preferred_language_display(), "other_language": p.other_language,
            "needs_interpreter": p.needs_interpreter, "interpreter_language": p.interpreter_language,
            "income": {field.removeprefix("income_"): getattr(p, field) for field in p.INCOME_FIELDS},
        } for p in record.persons],
        "tenancies": [{
            "id": t.pk,
            "dwelling": {"id": t.dwelling_id, "street_address": t.dwelling.street_address,
                         "unit_number": t.dwelling.unit_number, "postal_code": t.dwelling.postal_code,
                         "postal_place": t.dwelling.postal_place, "area": t.dwelling.area},
            "start_date": _when(t.start_date), "end_date": _when(t.end_date), "rent_monthly": t.rent_monthly,
            "contract_type": t.get_contract_type_display(), "is_active": t.is_active,
        } for t in record.tenancies],
        "waiting_list": [{
            "id": e.pk, "application_date": _when(e.application_date), "need_category": e.get_need_category_display(),
            "priority": e.get_priority_display(), "status": e.get_status_display(), "status_date": _when(e.status_date),
            "allocated_dwelling": str(e.allocated_dwelling) if e.allocated_dwelling_id else None, "notes": e.notes,
        } for e in record.waiting_list],
        "cases": [_case(case) for case in record.cases],
        "assessments": [{
            "id": a.pk, "created_at": _when(a.created_at), "created_by": _user(a.created_by), "year": a.year,
            "affordable": a.affordable, "max_price": a.max_price, "note": a.note, "request": a.request,
            "result": a.result,
        } for a in record.assessments],
        "meetings": [{
            "id": m.pk, "case_id": m.case_id, "starts_at": _when(m.slot.starts_at), "ends_at": _when(m.slot.ends_at),
            "location": m.slot.location, "caseworker": _user(m.slot.caseworker), "status": m.get_status_display(),
            "form": m.get_form_display(), "attendees": m.attendees, "interpreter_used": m.interpreter_used, "notes": m.notes,
            "next_step": m.next_step, "reason": m.reason,
        } for m in record.meetings],
        "letters": [{
            "id": letter.pk, "campaign": letter.campaign.name, "kind": letter.template.get_kind_display(),
            "language": letter.get_language_display(), "title": letter.title,
            "letter_date": _when(letter.campaign.letter_date), "status": letter.get_status_display(),
            "generated_at": _when(letter.generated_at), "sent_on": _when(letter.sent_on),
            "answered_on": _when(letter.answered_on),
        } for letter in record.letters],
        "referrals": [{
            "id": s.pk, "kind": s.get_kind_display(), "channel": s.get_channel_display(),
            "partner": s.partner.name if s.partner_id else None, "referrer_name": s.referrer_name,
            "referrer_contact": s.referrer_contact, "name": s.name, "phone": s.phone, "email": s.email,
            "address": s.address, "message": s.message, "consent_at": _when(s.consent_at),
            "submission_count": s.submission_count, "last_submitted_at": _when(s.last_submitted_at),
            "status": s.get_status_display(), "outcome": s.get_outcome_display(),
            "close_reason": s.get_close_reason_display(), "close_note": s.close_note, "handled_at": _when(s.handled_at),
        } for s in record.submissions],
        "consents": [{
            "id": c.pk, "purpose": c.get_purpose_display(), "recipient": c.recipient, "method": c.get_method_display(),
            "person": c.person.full_name if c.person_id else None, "given_at": _when(c.given_at),
            "withdrawn_at": _when(c.withdrawn_at), "note": c.note,
        } for c in record.consents],
        "access_report": _access(record.access),
        "decision_letters": [{
            "id": x.pk, "case_id": x.case_id, "kind": x.get_kind_display(), "language": x.get_language_display(),
            "reference": x.reference, "title": x.title, "created_at": _when(x.created_at),
            "created_by": _user(x.created_by), "recipient": x.recipient,
        } for x in record.decision_letters],
        "certificates": [{
            "id": c.pk, "case_id": c.case_id, "amount": c.amount, "price_frame": c.price_frame,
            "conditions": c.conditions, "issued_on": _when(c.issued_on), "valid_until": _when(c.valid_until),
            "issued_by": _user(c.issued_by),
        } for c in record.certificates],
        "lettings": [{
            "id": x.pk, "case_id": x.case_id, "dwelling": str(x.dwelling), "start_date": _when(x.start_date),
            "end_date": _when(x.end_date), "contract_type": x.get_contract_type_display(),
            "rent_monthly": x.rent_monthly, "status": x.get_status_display(), "rules": x.rules, "facts": x.facts,
            "grounds": x.grounds, "children_interests": x.children_interests, "proposed_by": _user(x.proposed_by),
            "proposed_at": _when(x.proposed_at), "decided_by": _user(x.decided_by), "decided_at": _when(x.decided_at),
            "rejection_reason": x.rejection_reason,
        } for x in record.lettings],
    }


def _case(case) -> dict:
    purchase = getattr(case, "purchase", None)
    return {
        "id": case.pk, "opened_at": _when(case.created_at), "status": case.get_status_display(),
        "status_changed_at": _when(case.status_changed_at), "caseworker": _user(case.caseworker),
        "channel": case.get_channel_display(), "referred_by": case.referred_by, "area": case.area,
        "events": [{"at": _when(e.at), "kind": e.get_kind_display(), "from_status": e.get_from_status_display(),
                    "to_status": e.get_to_status_display(), "text": e.text, "actor": _user(e.actor)}
                   for e in case.events.all()],
        "tasks": [{"title": t.title, "due_on": _when(t.due_on), "assignee": _user(t.assignee),
                   "done_at": _when(t.done_at)} for t in case.tasks.all()],
        "mappings": [{"created_at": _when(m.created_at), "created_by": _user(m.created_by),
                      "form_version": m.form_version, "answers": m.answers} for m in case.mappings.all()],
        "decisions": [{"kind": d.get_kind_display(), "amount": d.amount, "recommendation": d.recommendation,
                       "recommended_by": _user(d.recommended_by), "recommended_at": _when(d.recommended_at),
                       "outcome": d.get_outcome_display(), "grounds": d.grounds, "decided_by": _user(d.decided_by),
                       "decided_at": _when(d.decided_at), "missing": d.missing,
                       "override_reason": d.override_reason,
                       "guidelines": str(d.guideline) if d.guideline_id else None,
                       "guideline_paragraphs": d.guideline_paragraphs} for d in case.decisions.all()],
        "purchase": None if purchase is None else {
            "completed_on": _when(purchase.completed_on), "price": purchase.price, "common_debt": purchase.common_debt,
            "startlan": purchase.startlan, "bank_loan": purchase.bank_loan, "grant": purchase.grant,
            "equity": purchase.equity, "bought_rented_dwelling": purchase.bought_rented_dwelling,
            "address": purchase.address},
        "follow_ups": [{"months": f.months, "due_on": _when(f.due_on), "done_on": _when(f.done_on),
                        "recorded_by": _user(f.recorded_by), "wellbeing": f.wellbeing,
                        "payment_trouble": f.get_payment_trouble_display(), "payment_notes": f.payment_notes,
                        "help_arranged": f.help_arranged_labels, "help_notes": f.help_notes}
                       for f in case.follow_ups.all()],
    }


def export_json(data: dict) -> bytes:
    return json.dumps(data, ensure_ascii=False, indent=2).encode()


# --- PDF -----------------------------------------------------------------------------------------

def _text(value) -> str:
    """A value as the PDF shows it."""
    if value is None or value == "":
        return "–"
    if isinstance(value, bool):
        return "Ja" if value else "Nei"
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, str) and len(value) >= 10 and value[4] == "-" and value[7] == "-":
        return _date_text(value)
    return str(value)


def _date_text(value: str) -> str:
    """An ISO date or time as dd.mm.yyyy (hh:mm)."""
    try:
        moment = dt.datetime.fromisoformat(value)
    except ValueError:
        return value
    return moment.strftime("%d.%m.%Y %H:%M" if "T" in value else "%d.%m.%Y")


LABELS = {
    "id": "Nummer", "name": "Navn", "address_line": "Postadresse", "postal_code": "Postnummer",
    "postal_place": "Poststed", "team": "Team", "savings": "Sparepenger (kr)", "debt_consumer": "Forbruksgjeld (kr)",
    "debt_student_loan": "Studielån (kr)", "debt_other": "Annen gjeld (kr)",
    "debt_payments_monthly": "Betaling på gjeld per måned (kr)", "created_at": "Registrert", "updated_at": "Sist endret",
    "anonymised_at": "Anonymisert", "relation": "Rolle i husstanden", "first_name": "Fornavn", "last_name": "Etternavn",
    "identity_number": "Fødselsnummer", "birth_date": "Fødselsdato", "sex": "Kjønn", "phone": "Telefon",
    "email": "E-post", "preferred_language": "Skriftspråk", "other_language": "Annet språk",
    "needs_interpreter": "Trenger tolk", "interpreter_language": "Tolkespråk", "income": "Inntekt per år (kr)",
    "dwelling": "Bolig", "start_date": "Startdato", "end_date": "Sluttdato", "rent_monthly": "Husleie per måned (kr)",
    "contract_type": "Kontraktstype", "is_active": "Aktiv", "application_date": "Søknadsdato",
    "need_category": "Behov", "priority": "Prioritet", "status": "Status", "status_date": "Statusdato",
    "allocated_dwelling": "Tildelt bolig", "notes": "Merknad eller notater", "opened_at": "Opprettet",
    "status_changed_at": "Status endret", "caseworker": "Saksbehandler", "channel": "Kom inn via",
    "referred_by": "Henvist av", "area": "Område", "purchase": "Boligkjøp", "created_by": "Utført av",
    "year": "Parameterår", "affordable": "Kan betjene lånet", "max_price": "Høyeste totalpris (kr)", "note": "Merknad",
    "request": "Grunnlag", "result": "Resultat", "case_id": "Sak", "starts_at": "Starter", "ends_at": "Slutter",
    "location": "Sted", "attendees": "Hvem kom", "interpreter_used": "Tolk var med", "next_step": "Neste steg",
    "reason": "Begrunnelse", "form": "Møteform", "missing": "Manglet da innstillingen ble sendt",
    "override_reason": "Begrunnelse for å sende likevel", "campaign": "Utsendelse", "kind": "Type", "language": "Språk", "title": "Overskrift",
    "letter_date": "Brevdato", "generated_at": "Laget", "sent_on": "Sendt", "answered_on": "Svar",
    "partner": "Henvist fra", "referrer_name": "Henviser", "referrer_contact": "Henviserens kontakt",
    "address": "Adresse", "message": "Melding", "consent_at": "Samtykke gitt", "submission_count": "Antall innsendinger",
    "last_submitted_at": "Sist sendt inn", "outcome": "Utfall", "close_reason": "Grunn", "close_note": "Kommentar",
    "handled_at": "Behandlet", "purpose": "Formål", "recipient": "Deles med", "method": "Hvordan", "person": "Gitt av",
    "given_at": "Gitt", "withdrawn_at": "Trukket tilbake", "reference": "Referanse",
    "amount": "Startlån inntil (kr)", "price_frame": "Kjøpesum inntil (kr)", "conditions": "Vilkår",
    "issued_on": "Utstedt", "valid_until": "Gyldig til", "issued_by": "Utstedt av", "rules": "Regler",
    "facts": "Faktiske forhold", "grounds": "Hovedhensyn", "children_interests": "Barnets beste",
    "proposed_by": "Foreslått av", "proposed_at": "Foreslått", "decided_by": "Vedtatt av", "decided_at": "Vedtatt",
    "rejection_reason": "Begrunnelse for ikke å godkjenne",
    "due_on": "Frist", "assignee": "Ansvarlig", "done_at": "Fullført",
    "months": "Måneder etter kjøpet", "done_on": "Gjennomført", "recorded_by": "Registrert av",
    "wellbeing": "Hvordan det går med husstanden", "payment_trouble": "Betalingsproblemer",
    "payment_notes": "Om betalingene", "help_arranged": "Hjelp som er avtalt", "help_notes": "Om hjelpen",
}


def _facts(item: dict, skip=()) -> list[list[str]]:
    return [[LABELS.get(key, key), _text(value)] for key, value in item.items() if key not in skip]


def _section(title: str, items: list[dict], *, heading, empty: str, skip=()) -> dict:
    return {"title": title, "empty": empty, "table": None,
            "items": [{"heading": heading(item), "facts": _facts(item, skip)} for item in items]}


def _access_section(rows: list[dict]) -> dict:
    return {"title": "Hvem har sett eller endret opplysningene", "empty": "Ingen oppføringer i revisjonsloggen.",
            "items": [], "table": {"columns": ["Når", "Hvem", "Rolle", "Hva", "Hvorfor"],
                                   "rows": [[_text(r["at"]), r["who"], r["role"] or "–", r["what"], r["why"] or "–"]
                                            for r in rows]}}


def _case_items(case: dict) -> list[dict]:
    items = [{"heading": f"Sak {case['id']}",
               "facts": _facts(case, skip=("events", "tasks", "mappings", "decisions", "follow_ups"))}]
    items += [{"heading": f"Sak {case['id']}: hendelse", "facts": _facts(e)} for e in case["events"]]
    items += [{"heading": f"Sak {case['id']}: oppgave", "facts": _facts(t)} for t in case["tasks"]]
    items += [{"heading": f"Sak {case['id']}: kartlegging", "facts": _facts(m)} for m in case["mappings"]]
    items += [{"heading": f"Sak {case['id']}: vedtak", "facts": _facts(d)} for d in case["decisions"]]
    items += [{"heading": f"Sak {case['id']}: oppfølging etter kjøpet", "facts": _facts(f)} for f in case["follow_ups"]]
    return items


def _document(title: str, intro: list[str], sections: list[dict], *, generated_at: str) -> dict:
    """What the layout (typst/record.typ) is given: text only."""
    return {"title": title, "municipality": settings.MUNICIPALITY_NAME, "generated_at": generated_at,
            "made": f"Laget {dt.datetime.fromisoformat(generated_at):%d.%m.%Y}", "intro": intro, "sections": sections}


def _pdf(document: dict) -> bytes:
    return LAYOUT.pdf(document, timestamp=int(dt.datetime.fromisoformat(document["generated_at"]).timestamp()))


def export_document(data: dict) -> dict:
    """The export set for reading: the same content as the JSON, in sections with Norwegian labels."""
    h = data["household"]
    cases = {"title": "Saker", "empty": "Ingen saker.", "table": None,
             "items": [item for case in data["cases"] for item in _case_items(case)]}
    sections = [
        _section("Husstanden", [h], heading=lambda _: "", empty=""),
        _section("Personer", data["persons"], heading=lambda p: f"{p['first_name']} {p['last_name']}",
                 empty="Ingen personer er registrert."),
        _section("Leieforhold", data["tenancies"], heading=lambda t: t["dwelling"]["street_address"],
                 empty="Ingen leieforhold."),
        _section("Venteliste", data["waiting_list"], heading=lambda e: f"Søknad {_text(e['application_date'])}",
                 empty="Ikke på ventelisten."),
        cases,
        _section("Vurderinger av betjeningsevne", data["assessments"],
                 heading=lambda a: f"Vurdering {_text(a['created_at'])}", empty="Ingen vurderinger."),
        _section("Møter", data["meetings"], heading=lambda m: f"Møte {_text(m['starts_at'])}", empty="Ingen møter."),
        _section("Brev", data["letters"], heading=lambda x: x["title"], empty="Ingen brev."),
        _section("Henvendelser", data["referrals"], heading=lambda s: f"{s['kind']} {_text(s['last_submitted_at'])}",
                 empty="Ingen henvendelser."),
        _section("Samtykker", data["consents"], heading=lambda c: c["purpose"], empty="Ingen samtykker."),
        _section("Vedtaksbrev", data["decision_letters"], heading=lambda x: x["title"], empty="Ingen vedtaksbrev."),
        _section("Finansieringsbevis", data["certificates"], heading=lambda c: f"Finansieringsbevis {_text(c['issued_on'])}",
                 empty="Ingen finansieringsbevis."),
        _section("Tildelinger av kommunal bolig", data["lettings"], heading=lambda x: x["dwelling"],
                 empty="Ingen tildelinger."),
        _access_section(data["access_report"]),
    ]
    intro = [f"Alt {data['municipality']} har lagret om husstanden i Boligvei, etter personvernforordningen "
             "(GDPR) artikkel 15. Fødselsnumrene står i sin helhet: de tilhører personene selv.",
             "Brev er listet uten tekst; selve brevene kan skrives ut på nytt ved behov."]
    return _document(f"Innsyn: {h['name']}", intro, sections, generated_at=data["generated_at"])


def export_pdf(data: dict) -> bytes:
    """The export as PDF/A-2b in bokmål."""
    return _pdf(export_document(data))


def access_report_pdf(*, household_name: str, rows: list[AccessRow], now: dt.datetime | None = None) -> bytes:
    intro = ["Hvem i kommunen som har sett eller endret opplysningene om husstanden og personene i den, når, "
             "hva de gjorde og hvorfor, slik revisjonsloggen i Boligvei viser det. Rollen er brukerens rolle i dag."]
    return _pdf(_document(f"Hvem har sett opplysningene: {household_name}", intro, [_access_section(_access(rows))],
                          generated_at=_when(now or timezone.now())))
