"""The access matrix: every page × every role × a household of the own team and of another team.

Generated from the URL configuration like tests/test_url_access.py: a page that opens an object
must say here which object it opens (`OBJECTS`), or the test that every page is covered fails,
so a new page cannot be added without its row in the matrix. For each page and role the answer
must be the one `expected()` derives from the rules in core/roles.py and people/access.py:

- a role that may not use the page is refused (403), whatever the team;
- a household of another team does not exist for a caseworker or an approver (404, the answer
  for an id never used), unless it was opened to them with a grant; programme leaders and
  administrators see every team;
- nothing a caseworker of one team can open names a household of the other team.
"""

import datetime as dt
from dataclasses import dataclass

import pytest
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from boligvei.api.services import api_token_create
from boligvei.archive.models import ArchiveMessage
from boligvei.assessments.selectors import household_request
from boligvei.assessments.services import assessment_create
from boligvei.cases.certificates import certificate_issue
from boligvei.cases.decisions import decision_decide, decision_recommend
from boligvei.cases.lettings import letting_propose
from boligvei.cases.models import Case, Decision, FollowUpTask, Purchase, PurchaseFollowUp
from boligvei.cases.services import case_open
from boligvei.core.models import Team
from boligvei.demo.guidelines import demo_guidelines_create
from boligvei.core.roles import ALL_TEAMS, READ, REPORTS, WRITE, Role
from boligvei.imports.models import ImportRun
from boligvei.outreach.models import Campaign, Letter
from boligvei.outreach.selection import Criteria
from boligvei.outreach.services import campaign_create
from boligvei.core.models import AuditEvent
from boligvei.people.models import AccessGrant, Consent, ConsentPurpose
from tests.conftest import _client_for, make_user
from tests.dispatch.factories import shipment_for
from tests.housing.factories import DwellingFactory, TenancyFactory, WaitingListEntryFactory
from tests.meetings.factories import MeetingFactory, MeetingSlotFactory, at
from tests.people.factories import PersonFactory, household_with_main_person
from tests.referrals.factories import ReferralPartnerFactory, submission
from tests.security.rows import row_counts
from tests.security.states import waiting_upload
from tests.test_url_access import PAGES, _sample

ROLES = [Role.CASEWORKER, Role.APPROVER, Role.PROGRAMME_LEADER, Role.ADMINISTRATOR, Role.STATISTICS]
TEAMS = ["own", "other"]
# Each team's households carry a name no other row has, to look for leaks in every page.
SURNAME = {"own": "Aasheim", "other": "Bergersvik"}

# How a page's object relates to the team scope:
SCOPED = "scoped"  # as open as its household: 404 outside the scope
OPEN = "open"  # the municipality's, open to every role that may use the page (dwellings, slots)
WHOLE = "whole"  # an action on every letter of a campaign: needs every household in scope (403)
TEAM = "team"  # a caseworker's own time (a meeting slot): writers of another team are refused (403)
SESSION = "session"  # an upload kept in the session of whoever uploaded it: not found from another

# Page → (object in the world, kwarg names, scope). Pages without kwargs need no entry.
OBJECTS = {
    "people:household_detail": ("household", SCOPED),
    "people:household_edit": ("household", SCOPED),
    "people:person_add": ("household", SCOPED),
    "people:person_edit": ("person", SCOPED),
    "people:person_reveal": ("person", SCOPED),
    "people:consent_give": ("household", SCOPED),
    "people:consent_withdraw": ("consent", SCOPED),
    "people:access_grant_give": ("household", SCOPED),
    "people:household_place": ("household", SCOPED),
    "people:access_grant_revoke": ("grant", SCOPED),
    "people:household_place": ("household", SCOPED),
    "housing:dwelling_detail": ("dwelling", OPEN),
    "housing:dwelling_edit": ("dwelling", OPEN),
    "housing:tenancy_create": ("vacant_dwelling", OPEN),
    "housing:tenancy_end": ("tenancy", SCOPED),
    "housing:waiting_list_create": ("household", SCOPED),
    "housing:waiting_list_edit": ("entry", SCOPED),
    "cases:letting_create": ("entry", SCOPED),
    "cases:letting_detail": ("letting", SCOPED),
    "cases:letting_approve": ("letting", SCOPED),
    "cases:letting_reject": ("letting", SCOPED),
    "assessments:calculator": ("household", SCOPED),
    "assessments:assessment_detail": ("assessment", SCOPED),
    "assessments:assessment_pdf": ("assessment", SCOPED),
    "cases:case_detail": ("case", SCOPED),
    "cases:case_move": ("case", SCOPED),
    "cases:case_note": ("case", SCOPED),
    "cases:case_reopen": ("case", SCOPED),
    "cases:case_open": ("waiting_household", SCOPED),
    "cases:case_purchase": ("case", SCOPED),
    "cases:case_contact": ("case", SCOPED),
    "cases:task_create": ("case", SCOPED),
    "cases:task_complete": ("task", SCOPED),
    "cases:decision_recommend": ("case", SCOPED),
    "cases:case_mapping": ("case", SCOPED),
    "cases:case_assign": ("case", SCOPED),
    "cases:decision_decide": ("decision", SCOPED),
    "meetings:slot_delete": ("slot", TEAM),
    "cases:decision_letter_pdf": ("decision_letter", SCOPED),
    "cases:decision_template_edit": (None, OPEN),
    "cases:certificate_extend": ("certificate", SCOPED),
    "cases:checklist_add": ("case", SCOPED),
    "cases:follow_up_record": ("follow_up", SCOPED),
    "meetings:meeting_book": ("waiting_household", SCOPED),
    "meetings:meeting_record": ("waiting_household", SCOPED),
    "meetings:meeting_detail": ("meeting", SCOPED),
    "meetings:meeting_hold": ("meeting", SCOPED),
    "meetings:meeting_record": ("household", SCOPED),
    "meetings:meeting_no_show": ("meeting", SCOPED),
    "meetings:meeting_move": ("meeting", SCOPED),
    "meetings:meeting_cancel": ("meeting", SCOPED),
    "meetings:meeting_letter": ("meeting", SCOPED),
    "meetings:meeting_ics": ("meeting", SCOPED),
    "referrals:submission_detail": ("submission", SCOPED),
    "referrals:submission_open_case": ("submission", SCOPED),
    "referrals:submission_close": ("submission", SCOPED),
    "referrals:partner_deactivate": ("partner", OPEN),
    "referrals:partner_activate": ("partner", OPEN),
    "referrals:partner_renew": ("partner", OPEN),
    "outreach:campaign_detail": ("campaign", OPEN),
    "outreach:campaign_progress": ("campaign", OPEN),
    "outreach:campaign_pdf": ("campaign", WHOLE),
    "outreach:campaign_send": ("campaign", WHOLE),
    "outreach:campaign_resume": ("campaign", WHOLE),
    "outreach:reminder_create": ("campaign", WHOLE),
    "outreach:letter_pdf": ("letter", SCOPED),
    "outreach:letter_status": ("letter", SCOPED),
    "outreach:letter_remake": ("letter", SCOPED),
    "outreach:template_edit": (None, OPEN),
    "reports:table_export": (None, OPEN),
    "reports:annual_report": (None, OPEN),
    "reports:after_purchase": (None, OPEN),
    "imports:mapping": ("upload", SESSION),
    "imports:dry_run": ("upload", SESSION),
    "imports:commit": ("upload", SESSION),
    "imports:run_detail": ("import_run", OPEN),
    "imports:run_rollback": ("import_run", OPEN),
    "privacy:access_report": ("household", SCOPED),
    "privacy:access_report_pdf": ("household", SCOPED),
    "privacy:export_json": ("household", SCOPED),
    "privacy:export_pdf": ("household", SCOPED),
    "privacy:erase": ("household", SCOPED),
    "guidelines:guideline_detail": ("guideline", OPEN),
    "archive:package": ("archive_message", OPEN),
    "dispatch:shipment_detail": ("shipment", SCOPED),
    "dispatch:shipment_refresh": ("shipment", SCOPED),
    "dispatch:campaign_send": ("campaign", WHOLE),
    "dispatch:letter_send": ("letter", SCOPED),
    "dispatch:decision_letter_send": ("decision_letter", SCOPED),
    "core:user_detail": ("staff_user", OPEN),
    "core:user_deactivate": ("staff_user", OPEN),
    "core:user_reactivate": ("staff_user", OPEN),
    "core:user_first_login_link": ("staff_user", OPEN),
    "core:user_two_factor_reset": ("staff_user", OPEN),
    "api:token_revoke": ("api_token", OPEN),
}


@dataclass
class Outcome:
    allowed: bool
    status: int | None = None  # the refusal: 403 or 404

    def __str__(self):
        return "allowed" if self.allowed else f"refused with {self.status}"


def expected(pattern, role: str, team: str, scope: str, *, granted: bool = False) -> Outcome:
    marks = pattern.callback.staff_required
    if marks.get("reports"):
        return Outcome(True) if role in REPORTS else Outcome(False, 403)
    if marks.get("administrator") or marks.get("roles"):
        if role not in marks.get("roles", {Role.ADMINISTRATOR}):
            return Outcome(False, 403)
    if scope == SESSION and team == "other":
        return Outcome(False, 404)  # another administrator's upload: not found in this session
    if role not in READ or (marks["write"] and role not in WRITE):
        return Outcome(False, 403)
    if team == "other" and role not in ALL_TEAMS and not granted:
        if scope == SCOPED:
            return Outcome(False, 404)
        if scope == WHOLE or (scope == TEAM and marks["write"]):
            return Outcome(False, 403)
    return Outcome(True)


def observed(response) -> Outcome:
    if response.status_code in (403, 404):
        return Outcome(False, response.status_code)
    return Outcome(True)


# The world ------------------------------------------------------------------------------------

def _team_world(team: Team, caseworker, approver, surname: str) -> dict:
    household = household_with_main_person(first_name="Kari", last_name=surname)
    household.team = team
    household.save()
    person = household.members.get()
    PersonFactory(household=household, relation="child", first_name="Emil", last_name=surname,
                  with_identity_number=False)
    tenancy = TenancyFactory(household=household, dwelling__street_address="Storgata 1" if surname == SURNAME["own"] else "Lillegata 1",
                             dwelling__area="Sentrum")
    for purpose in ConsentPurpose.values:
        consent = Consent.objects.create(household=household, purpose=purpose, method="signed_form",
                                         given_at=timezone.now(), given_recorded_by=caseworker)
    waiting = household_with_main_person(first_name="Ola", last_name=f"{surname}-Venter")
    waiting.team = team
    waiting.save()
    entry = WaitingListEntryFactory(household=waiting)
    # Before the case: a household in an open case gets no invitation.
    campaign = campaign_create(actor=caseworker, name=f"Invitasjon {team}", contact=caseworker,
                               criteria=Criteria(), letter_date=timezone.localdate())
    Campaign.objects.filter(pk=campaign.pk).update(status="generated", batch_pdf=b"%PDF-1.7 test")
    Letter.objects.filter(campaign=campaign).update(pdf=b"%PDF-1.7 test")
    letter = campaign.letters.get(household=household)
    case = case_open(actor=caseworker, household=household, status="conversation_held")
    task = FollowUpTask.objects.create(case=case, title="Ta med lønnsslipper", due_on=timezone.localdate(),
                                       assignee=caseworker, created_by=caseworker)
    decision = Decision.objects.create(case=case, kind="startlan", amount=2_000_000, recommendation="Innvilges.",
                                       recommended_by=caseworker, recommended_at=timezone.now())
    approved = decision_recommend(actor=caseworker, case=case, kind="grant", amount=100_000, recommendation="Ja.")
    decision_letter = decision_decide(actor=approver, decision=approved, outcome="approved", grounds="").letters.get()
    startlan = Decision.objects.create(case=case, kind="startlan", amount=1_500_000, approved_amount=1_500_000,
                                       recommendation="Innvilges.", recommended_by=caseworker,
                                       recommended_at=timezone.now(), outcome="approved", decided_by=approver,
                                       decided_at=timezone.now(), rules="Forskriften.")
    certificate = certificate_issue(actor=approver, decision=startlan, price_frame=1_900_000)
    assessment = assessment_create(actor=caseworker, household=household,
                                   request=household_request(household=household, today=timezone.localdate()))
    day = timezone.localdate() + dt.timedelta(days=30)
    slot = MeetingSlotFactory(caseworker=caseworker, starts_at=at(day, 10 if surname == SURNAME["own"] else 12))
    meeting = MeetingFactory(slot=slot, household=household, case=case, booked_by=caseworker)
    linked = submission(name=f"Kari {surname}", phone=f"000 0{len(surname)} 111")
    linked.household = household
    linked.save()
    # A household that bought, with its follow-up after the purchase due today.
    bought = household_with_main_person(first_name="Per", last_name=surname)
    bought.team = team
    bought.save()
    bought_case = Case.objects.create(household=bought, caseworker=caseworker, team=team, status="purchased",
                                      status_changed_at=timezone.now())
    Purchase.objects.create(case=bought_case, completed_on=timezone.localdate(), price=1_000_000, equity=1_000_000,
                            bought_rented_dwelling=False, address="Nyveien 1")
    follow_up = PurchaseFollowUp.objects.create(case=bought_case, months=3, due_on=timezone.localdate())
    archive_message = ArchiveMessage.objects.create(kind="letter", object_id=letter.pk, case=case,
                                                    key=f"boligvei-brev-{letter.pk}")
    # A letting proposed by the caseworker, waiting for a second approver (who approves it when
    # the page is tried by POST: the page's answer is what the matrix checks).
    with override_settings(LETTING_REQUIRES_SECOND_APPROVER=True):
        letting = letting_propose(
            actor=caseworker, entry=entry, dwelling=DwellingFactory(street_address=f"Tildelingsveien {len(surname)}"),
            start_date=timezone.localdate(), contract_type="indefinite", facts="Har ventet i to år.",
            grounds="Boligen passer.")
    shipment = shipment_for(decision_letter, actor=caseworker, household=household)
    return {"archive_message": archive_message, "follow_up": follow_up, "shipment": shipment,
            "household": household, "person": person, "tenancy": tenancy, "dwelling": tenancy.dwelling,
            "entry": entry, "waiting_household": waiting, "consent": consent, "case": case, "task": task,
            "decision": decision, "decision_letter": decision_letter, "certificate": certificate, "assessment": assessment, "slot": slot, "meeting": meeting,
            "campaign": campaign, "letter": letter, "submission": linked, "letting": letting}


@pytest.fixture
def world(db, team):
    other_team = Team.objects.create(name="Bydel Nord")
    users = {role: make_user(f"own_{role}", role, team) for role in ROLES}
    other_caseworker = make_user("other_caseworker", Role.CASEWORKER, other_team)
    other_approver = make_user("other_approver", Role.APPROVER, other_team)
    objects = {
        "own": _team_world(team, users[Role.CASEWORKER], users[Role.APPROVER], SURNAME["own"]),
        "other": _team_world(other_team, other_caseworker, other_approver, SURNAME["other"]),
    }
    admin = users[Role.ADMINISTRATOR]
    grantee = make_user("grantee", Role.CASEWORKER)  # a grant to revoke on each side
    run = ImportRun.objects.create(kind="dwellings", actor=admin, actor_label=admin.username, file_name="boliger.csv",
                                   file_sha256="0" * 64)
    for side in TEAMS:
        objects[side]["import_run"] = run
        objects[side]["grant"] = AccessGrant.objects.create(
            user=grantee, household=objects[side]["household"], reason="Kollega i permisjon.", granted_by=admin,
            expires_at=timezone.now() + dt.timedelta(days=7))
    vacant = DwellingFactory(street_address="Ledig vei 2")
    guideline = demo_guidelines_create(actor=admin)[-1]
    partner = ReferralPartnerFactory()
    api_token, _ = api_token_create(actor=admin, system="Boligforvaltning", scopes=["register:read"], all_teams=True,
                                    team=None, expires_at=timezone.now() + dt.timedelta(days=30))
    for side in TEAMS:
        objects[side].update(vacant_dwelling=vacant, partner=partner, staff_user=grantee, guideline=guideline,
                             api_token=api_token)
    clients = {role: _client_for(user) for role, user in users.items()}
    # An upload waiting for its import lives in the session of whoever uploaded it: the own
    # administrator's, and another administrator's (not found from the first).
    objects["own"]["upload"] = _upload(clients[Role.ADMINISTRATOR], "Storgata 9")
    objects["other"]["upload"] = _upload(_client_for(make_user("other_administrator", Role.ADMINISTRATOR, other_team)),
                                         "Lillegata 9")
    return {"users": users, "objects": objects, "other_caseworker": other_caseworker, "clients": clients}


@dataclass
class Upload:
    pk: str  # the token in the import pages' addresses


def _upload(client: Client, address: str) -> Upload:
    return Upload(pk=waiting_upload(client, "M1", address))


@pytest.fixture(autouse=True)
def _upload_dir(settings, tmp_path):
    settings.IMPORT_UPLOAD_DIR = tmp_path / "opplastinger"


def _kwargs(name: str, pattern, objects: dict) -> dict:
    key, _ = OBJECTS[name]
    kwargs = {}
    for kwarg, converter in pattern.pattern.converters.items():
        if key is None:
            kwargs[kwarg] = _fixed_value(name, kwarg, converter)
        else:
            kwargs[kwarg] = objects[key].pk
    return kwargs


def _fixed_value(name: str, kwarg: str, converter):
    if name == "cases:decision_template_edit" and kwarg == "kind":
        return "refused"
    values = {"kind": "invitation", "language": "nb", "slug": "kjop", "year": timezone.localdate().year,
              "token": "x" * 22}
    return values.get(kwarg, _sample(converter))


def _request(client: Client, url: str):
    """GET, or for an action that only takes POST, an empty POST (the form is refused, but only
    after the access check)."""
    response = client.get(url)
    if response.status_code == 405:
        response = client.post(url)
    return response


def _refused_request(client: Client, url: str) -> Outcome:
    """A request the rules refuse, by GET and by POST (a form sent by hand): both refused the
    same way, and neither writes a row (the audit log and the session excepted)."""
    before = row_counts()
    response = client.get(url)
    got = observed(response)
    if response.status_code == 405:
        got = observed(client.post(url, FORM_BY_HAND))
    elif not got.allowed:
        posted = observed(client.post(url, FORM_BY_HAND))
        assert (posted.allowed, posted.status) == (got.allowed, got.status), f"POST {url}: {posted}, GET: {got}"
    assert row_counts() == before, f"a refused request wrote rows: {url}"
    return got


FORM_BY_HAND = {"confirm": "on", "reason": "Forsøk", "status": "answered", "note": "Forsøk"}


OBJECT_PAGES = [(name, pattern) for name, pattern in PAGES if pattern.pattern.converters]
PLAIN_PAGES = [(name, pattern) for name, pattern in PAGES if not pattern.pattern.converters]


def test_every_page_that_opens_an_object_is_in_the_matrix():
    missing = [name for name, _ in OBJECT_PAGES if name not in OBJECTS]
    assert missing == [], f"add these pages to OBJECTS in {__file__}: {missing}"


def _household_of(obj) -> int:
    if hasattr(obj, "household_id"):
        return obj.household_id
    if hasattr(obj, "case"):  # a task or a decision
        return obj.case.household_id
    if hasattr(obj, "decision"):  # a decision letter: not its own id taken for a household's
        return obj.decision.case.household_id
    return obj.pk  # a household


@pytest.mark.parametrize(("name", "pattern"), OBJECT_PAGES, ids=[name for name, _ in OBJECT_PAGES])
def test_each_role_gets_what_the_rules_say_for_each_team(world, name, pattern):
    """One page: every role on the own team's object and on the other team's (refusals first:
    they must change nothing), then the other team's caseworker with a grant for the own team's
    household, then the audit row a page about a household leaves."""
    key, scope = OBJECTS[name]
    wrong = []
    cells = [(role, team) for team in TEAMS for role in ROLES]
    cells.sort(key=lambda cell: expected(pattern, cell[0], cell[1], scope).allowed)
    for role, team in cells:
        url = reverse(name, kwargs=_kwargs(name, pattern, world["objects"][team]))
        want = expected(pattern, role, team, scope)
        client = world["clients"][role]
        got = observed(_request(client, url)) if want.allowed else _refused_request(client, url)
        if (want.allowed, want.status) != (got.allowed, got.status):
            wrong.append(f"{role} on the {team} team's object: expected {want}, got {got}")
    assert wrong == [], f"{name}: " + "; ".join(wrong)
    if scope == SCOPED:
        _check_grant(world, name, pattern, key)
        _check_audit(world, name, pattern, key)


def _check_grant(world, name, pattern, key):
    """A grant opens the own team's household to the other team's caseworker, and only while it
    holds: revoked, the household is gone again."""
    obj = world["objects"]["own"][key]
    grantee = world["other_caseworker"]
    grant = AccessGrant.objects.create(user=grantee, household_id=_household_of(obj), reason="Kollega i permisjon.",
                                       granted_by=world["users"][Role.ADMINISTRATOR],
                                       expires_at=timezone.now() + dt.timedelta(days=7))
    client = _client_for(grantee)
    url = reverse(name, kwargs=_kwargs(name, pattern, world["objects"]["own"]))
    want = expected(pattern, Role.CASEWORKER, "other", SCOPED, granted=True)
    got = observed(_request(client, url))
    assert (want.allowed, want.status) == (got.allowed, got.status), f"{name} with a grant: expected {want}, got {got}"
    AccessGrant.objects.filter(pk=grant.pk).update(revoked_at=timezone.now())
    if want.allowed:
        assert observed(_request(client, url)).status == 404, f"{name} after the grant was revoked"


def _check_audit(world, name, pattern, key):
    """Opening a page about a household (its page, a form filled with its data, a PDF, a
    calendar entry) leaves a row in the audit log naming it. Actions that take only POST are
    audited by their services when they change something; an empty POST changes nothing."""
    objects = world["objects"]["own"]
    household_id = _household_of(objects[key])
    client = world["clients"][Role.ADMINISTRATOR]
    last = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0
    response = client.get(reverse(name, kwargs=_kwargs(name, pattern, objects)))
    if response.status_code == 405:
        return
    assert response.status_code in (200, 302), (name, response.status_code)
    new = list(AuditEvent.objects.filter(id__gt=last))
    assert any(event.household_id == household_id or household_id in event.changes.get("households", [])
               for event in new), f"{name} showed household {household_id} without an audit row: {new}"


def test_no_page_names_a_household_of_another_team(world):
    """Lists, searches, work lists, calendars and downloads of a caseworker and an approver:
    the other team's surname appears nowhere; pages that reach the other team (a dwelling's
    history, a campaign's letters) show its households without a name."""
    urls = [reverse(name) + query for name, _ in PLAIN_PAGES
            for query in ("", "?scope=all&state=all&status=all", "?eksport=csv", "?eksport=xlsx")]
    for side in TEAMS:
        urls += [reverse(name, args=[world["objects"][side][key].pk]) for name, key in (
            ("housing:dwelling_detail", "dwelling"), ("outreach:campaign_detail", "campaign"))]
    urls += [reverse(name, args=[world["objects"]["own"][key].pk]) for name, key in (
        ("cases:case_detail", "case"), ("meetings:meeting_detail", "meeting"), ("people:household_detail", "household"))]
    for role in (Role.CASEWORKER, Role.APPROVER):
        for url in urls:
            response = world["clients"][role].get(url)
            assert response.status_code < 500, (url, role)
            assert SURNAME["other"].encode() not in response.content, (url, role)
    leader = world["clients"][Role.PROGRAMME_LEADER].get(reverse("people:household_list"))
    assert SURNAME["other"] in leader.content.decode()  # the check can see a leak
