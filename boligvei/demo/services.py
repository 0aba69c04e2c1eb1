"""Loading the demo municipality: staff to log in with and a synthetic register to work on.

`demo_load` fills an empty register with Fjordvik kommune's synthetic households and dwellings
(see `boligvei.demo.generator`) and creates one demo user per role, all in one transaction with
one audit row. With `reset` it first deletes the register (tenancies, waiting list, persons,
households, dwellings); the audit log stays, because it is append-only.
"""

from __future__ import annotations

import base64
import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_otp import devices_for_user
from django_otp.plugins.otp_totp.models import TOTPDevice

from boligvei.assessments.models import Assessment
from boligvei.cases.models import Case, Letting, Purchase
from boligvei.core.audit import audit_record
from boligvei.core.errors import DomainError
from boligvei.core.models import Team, User
from boligvei.core.roles import Role
from boligvei.demo.cases import demo_cases_create
from boligvei.demo.guidelines import demo_decisions_cite, demo_guidelines_create
from boligvei.demo.lettings import demo_lettings_create
from boligvei.demo.history import demo_history_create
from boligvei.demo.meetings import demo_meetings_create
from boligvei.demo.outreach import demo_outreach_create
from boligvei.demo.referrals import demo_referrals_create
from boligvei.demo.generator import DEMO_DWELLINGS, DEMO_HOUSEHOLDS, SOURCE_PREFIX, generate_register
from boligvei.guidelines.models import GuidelineVersion
from boligvei.housing.models import Dwelling, Tenancy, WaitingListEntry
from boligvei.meetings.models import Meeting, MeetingSlot
from boligvei.outreach.models import Campaign, Letter
from boligvei.people.models import Consent, Household, Person
from boligvei.referrals.models import Submission

DEMO_PASSWORD = "leie-til-eie-demo"
# Every demo user's authenticator app has this key (base32, as typed into an app; TOTP, six
# digits, 30 seconds), so a tester can add it once and log in as any of them. Demo only: a real
# user's key is random and shown only to them (core/mfa.py).
DEMO_TOTP_SECRET = "BOLIGVEIDEMOTOTPFJORDVIKKOMMUNE2"
MAIN_TEAM = "Boligkontoret"
NORTH_TEAM = "Bydel Nord"

# username, role, first name, last name, team, phone (the fictional 000 pattern, see generator)
DEMO_STAFF = (
    ("saksbehandler", Role.CASEWORKER, "Ingrid", "Solheim", MAIN_TEAM, "000 10 001"),
    ("fullmaktshaver", Role.APPROVER, "Tor Egil", "Bakke", MAIN_TEAM, "000 10 002"),
    ("programleder", Role.PROGRAMME_LEADER, "Hanne", "Aasen", MAIN_TEAM, "000 10 003"),
    ("administrator", Role.ADMINISTRATOR, "Erik", "Dalen", MAIN_TEAM, "000 10 004"),
    ("saksbehandler2", Role.CASEWORKER, "Sindre", "Holm", NORTH_TEAM, "000 10 005"),
    ("statistikk", Role.STATISTICS, "Lars", "Nygård", MAIN_TEAM, "000 10 006"),
)


@dataclass(frozen=True)
class DemoSummary:
    dwellings: int
    households: int
    persons: int
    active_tenancies: int
    ended_tenancies: int
    waiting: int
    waiting_list_history: int
    staff: int
    cases: int = 0
    letters: int = 0
    reset: bool = False

    def as_dict(self) -> dict:
        return dict(self.__dict__)


def register_is_empty() -> bool:
    return not (Dwelling.objects.exists() or Household.objects.exists())


def demo_is_loaded() -> bool:
    return Dwelling.objects.filter(source_id__startswith=SOURCE_PREFIX).exists()


def demo_logins() -> list[tuple[str, str, str]]:
    """(role label, username, password) for each demo user, in the order of DEMO_STAFF."""
    return [(str(Role(role).label), username, DEMO_PASSWORD) for username, role, *_ in DEMO_STAFF]


def register_counts() -> DemoSummary:
    """What the register holds now, in the same shape as a load's summary."""
    return DemoSummary(
        dwellings=Dwelling.objects.count(),
        households=Household.objects.count(),
        persons=Person.objects.count(),
        active_tenancies=Tenancy.objects.filter(is_active=True).count(),
        ended_tenancies=Tenancy.objects.filter(is_active=False).count(),
        waiting=WaitingListEntry.objects.filter(status="waiting").count(),
        waiting_list_history=WaitingListEntry.objects.exclude(status="waiting").count(),
        staff=User.objects.filter(username__in=[row[0] for row in DEMO_STAFF]).count(),
        cases=Case.objects.count(),
        letters=Letter.objects.count(),
    )


def demo_staff_create() -> list[User]:
    """Create or refresh the demo users, one per role, with the shared demo password and
    authenticator key."""
    teams = {name: Team.objects.get_or_create(name=name)[0] for name in (MAIN_TEAM, NORTH_TEAM)}
    users = []
    for username, role, first_name, last_name, team, phone in DEMO_STAFF:
        user = User.objects.filter(username=username).first() or User(username=username)
        user.role = role
        user.first_name, user.last_name = first_name, last_name
        user.email = f"{username}@fjordvik.example.com"
        user.team = teams[team]
        user.phone = phone
        user.is_active = True
        user.is_staff = user.is_superuser = role == Role.ADMINISTRATOR
        user.set_password(DEMO_PASSWORD)
        user.save()
        _demo_authenticator(user)
        users.append(user)
    return users


def _demo_authenticator(user: User) -> None:
    """The demo user's second factor: an app with the shared demo key, and no recovery codes."""
    for device in list(devices_for_user(user, confirmed=None)):
        device.delete()
    TOTPDevice.objects.create(user=user, name="Demo", confirmed=True,
                              key=base64.b32decode(DEMO_TOTP_SECRET).hex())


def _register_delete() -> None:
    # Dependents first: assessments, tenancies and waiting-list entries protect households and
    # dwellings. A new model that protects them must be added here.
    Meeting.objects.update(replaces=None)  # a moved meeting is protected by the one that replaced it
    Meeting.objects.all().delete()
    MeetingSlot.objects.all().delete()
    Submission.objects.all().delete()  # referrals point to households and cases
    Letter.objects.all().delete()
    Campaign.objects.exclude(reminder_of=None).delete()  # reminders protect the campaign they remind of
    Campaign.objects.all().delete()
    Purchase.objects.all().delete()
    Letting.objects.all().delete()  # with its letters; protects waiting-list entries, dwellings, tenancies
    Case.objects.all().delete()  # with its events
    GuidelineVersion.objects.all().delete()  # after the decisions that cite them
    Assessment.objects.all().delete()
    WaitingListEntry.objects.all().delete()
    Tenancy.objects.all().delete()
    Consent.objects.all().delete()
    Person.objects.all().delete()
    Household.objects.all().delete()
    Dwelling.objects.all().delete()


@transaction.atomic
def demo_load(*, actor: User | None = None, reset: bool = False, seed: int = 2012, today: dt.date | None = None,
              households: int = DEMO_HOUSEHOLDS, dwellings: int = DEMO_DWELLINGS) -> DemoSummary:
    """Load the synthetic demo municipality into an empty register (or, with reset, a wiped one).

    The data are the same for the same seed and reference date (`today`, default today).
    """
    if not settings.ALLOW_SYNTHETIC_IDENTITY_NUMBERS:
        # A production installation refuses synthetic numbers, and must never get demo users
        # with a published password.
        raise DomainError("Demokommunen kan bare lastes der syntetiske fødselsnumre er tillatt "
                          "(ALLOW_SYNTHETIC_IDENTITY_NUMBERS=true), aldri i en produksjonsinstallasjon.")
    if not reset and not register_is_empty():
        raise DomainError("Registeret er ikke tomt. Bruk reset for å slette det og laste demokommunen på nytt.")
    if reset:
        _register_delete()
    today = today or timezone.localdate()
    staff = demo_staff_create()
    teams = {"main": Team.objects.get(name=MAIN_TEAM), "north": Team.objects.get(name=NORTH_TEAM)}
    counts = generate_register(households=households, dwellings=dwellings, seed=seed, today=today, teams=teams)
    # A programme under way (only at demo size; benchmarks load their own): its history since
    # 2012, cases at every stage, meetings booked, a campaign sent a month ago and one ready to
    # send, referrals in the queue.
    if households <= 5_000:
        # The guidelines first, so that the decisions of the history and of today's cases cite
        # the version in force on their day.
        demo_guidelines_create(actor=next(user for user in staff if user.role == Role.ADMINISTRATOR))
        demo_history_create(seed=seed, today=today)
        demo_decisions_cite()
        demo_cases_create(seed=seed, today=today)
        demo_lettings_create(today=today)
        demo_meetings_create(today=today, seed=seed)
        demo_outreach_create(today=today)
        demo_referrals_create(seed=seed, today=today)
        counts = register_counts()  # the history added households, dwellings and tenancies
    summary = DemoSummary(**{**counts.as_dict(), "staff": len(staff), "cases": Case.objects.count(),
                             "letters": Letter.objects.count(), "reset": reset})
    audit_record(actor=actor, action="demo.load",
                 changes={**summary.as_dict(), "seed": seed, "today": str(today)})
    return summary
