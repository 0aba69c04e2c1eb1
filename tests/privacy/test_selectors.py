"""Which audit events are about a household: those naming it, and lists that showed it."""

from boligvei.core.audit import audit_record
from boligvei.core.models import AuditEvent
from boligvei.privacy.selectors import about_household, access_report
from tests.people.factories import household_with_main_person


def test_a_list_counts_when_the_household_was_on_it_and_only_then(alice):
    on_list = [audit_record(actor=alice, action="household.list", changes={"households": ids}).pk
               for ids in ([12], [5, 12], [12, 40], [3, 12, 99])]
    for ids in ([112], [121], [5, 120], []):
        audit_record(actor=alice, action="household.list", changes={"households": ids})
    audit_record(actor=alice, action="report.export", changes={"table": "12"})
    named = audit_record(actor=alice, action="household.view", household_id=12).pk
    assert set(AuditEvent.objects.filter(about_household(12)).values_list("pk", flat=True)) == {*on_list, named}


def test_the_access_report_says_who_when_what_and_why_oldest_first(alice, bob):
    household = household_with_main_person()
    audit_record(actor=alice, action="household.view", household_id=household.pk)
    audit_record(actor=bob, action="person.identity_number.reveal", household_id=household.pk, reason="Startlån")
    audit_record(actor=None, action="referral.receive", household_id=household.pk)
    audit_record(actor=alice, action="household.view", household_id=household.pk + 1)
    rows = access_report(household=household)
    assert [(r.who, r.role, r.what, r.why) for r in rows] == [
        ("Alice Testesen", "Saksbehandler", "så husstanden", ""),
        ("Bob Testesen", "Programleder", "viste fullt fødselsnummer", "Startlån"),
        ("Boligvei (automatisk)", "", "tok imot en henvendelse (interessemelding eller henvisning)", ""),
    ]
