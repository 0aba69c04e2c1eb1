from django.urls import reverse

from boligvei.cases import services
from boligvei.cases.models import Case, DecisionLetterTemplate
from boligvei.core.models import AuditEvent
from tests.conftest import _client_for, count_queries, make_user
from tests.housing.factories import TenancyFactory
from tests.people.factories import consent_to_everything_needed, household_with_main_person


def _case(alice, **kwargs):
    household = household_with_main_person(**kwargs)
    TenancyFactory(household=household)
    return services.case_open(actor=alice, household=household)


def test_a_caseworker_opens_a_case_from_the_household_page(alice_client, alice):
    household = household_with_main_person()
    page = alice_client.get(reverse("people:household_detail", args=[household.pk])).content.decode()
    assert reverse("cases:case_open", args=[household.pk]) in page
    response = alice_client.post(reverse("cases:case_open", args=[household.pk]),
                                 {"caseworker": alice.pk, "channel": "nav", "referred_by": "Per, NAV Fjordvik"})
    case = Case.objects.get()
    assert response.url == reverse("cases:case_detail", args=[case.pk])
    assert (case.channel, case.referred_by) == ("nav", "Per, NAV Fjordvik")


def test_the_case_page_shows_household_dwelling_timeline_and_next_step(alice_client, alice):
    case = _case(alice, first_name="Kari", last_name="Nordmann")
    services.case_note_add(actor=alice, case=case, text="Hyggelig første samtale")
    page = alice_client.get(reverse("cases:case_detail", args=[case.pk])).content.decode()
    assert "Nordmann, Kari" in page and "Bjørkeveien" in page
    assert "Hyggelig første samtale" in page and "Avtal et møte" in page
    assert AuditEvent.objects.filter(action="case.view", object_id=str(case.pk)).exists()


def test_moving_a_case_by_hand_from_the_page_needs_a_reason(alice_client, alice):
    case = _case(alice)
    url = reverse("cases:case_move", args=[case.pk])
    page = alice_client.post(url, {"to_status": "meeting_booked", "version": case.version}).content.decode()
    assert "Skriv hvorfor du endrer statusen for hånd" in page
    case.refresh_from_db()
    assert case.status == "invited"
    response = alice_client.post(url, {"to_status": "meeting_booked", "version": case.version,
                                       "reason": "Avtalte møte på telefon, tid kommer."})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == "meeting_booked"
    assert case.events.get(kind="status").text == "Avtalte møte på telefon, tid kommer."


def test_a_stale_page_gets_a_clear_conflict_message(alice_client, alice):
    case = _case(alice)
    old = case.version
    alice_client.post(reverse("cases:case_move", args=[case.pk]),
                      {"to_status": "meeting_booked", "version": old, "reason": "Ringte og avtalte møte."})
    page = alice_client.post(reverse("cases:case_move", args=[case.pk]),
                             {"to_status": "declined", "reason": "Nei takk", "version": old}).content.decode()
    assert "endret av noen andre" in page
    case.refresh_from_db()
    assert case.status == "meeting_booked"


def test_a_move_the_table_does_not_allow_is_not_offered(alice_client, alice):
    case = _case(alice)
    page = alice_client.post(reverse("cases:case_move", args=[case.pk]),
                             {"to_status": "purchased", "version": case.version}).content.decode()
    assert "Velg et gyldig valg" in page
    case.refresh_from_db()
    assert case.status == "invited"


def test_my_cases_lists_only_the_users_own_open_cases(alice_client, alice, team):
    from tests.conftest import make_user

    other = make_user("dora", "caseworker", team)
    mine = _case(alice, last_name="Min")
    _case(other, last_name="Andres")
    page = alice_client.get(reverse("cases:case_list")).content.decode()
    assert "Min, Kari" in page and "Andres, Kari" not in page
    page = alice_client.get(reverse("cases:case_list") + "?scope=all").content.decode()
    assert "Andres, Kari" in page
    assert mine.pk


def test_the_case_list_and_page_cost_a_fixed_number_of_queries(alice_client, alice):
    case = _case(alice)
    for _ in range(2):
        _case(alice)
    few_list = count_queries(alice_client, reverse("cases:case_list"))
    few_page = count_queries(alice_client, reverse("cases:case_detail", args=[case.pk]))
    for i in range(27):
        _case(alice)
        services.case_note_add(actor=alice, case=case, text=f"Notat {i}")
    assert count_queries(alice_client, reverse("cases:case_list")) == few_list
    assert count_queries(alice_client, reverse("cases:case_detail", args=[case.pk])) == few_page


def test_a_programme_leader_reads_cases_but_cannot_move_them(bob_client, alice):
    case = _case(alice)
    assert bob_client.get(reverse("cases:case_detail", args=[case.pk])).status_code == 200
    assert bob_client.post(reverse("cases:case_move", args=[case.pk]),
                           {"to_status": "meeting_booked", "version": case.version}).status_code == 403


def test_a_case_is_given_to_another_caseworker(alice_client, alice, team):
    from tests.conftest import make_user

    dora = make_user("dora", "caseworker", team)
    case = _case(alice)
    response = alice_client.post(reverse("cases:case_assign", args=[case.pk]),
                                 {"caseworker": dora.pk, "version": case.version})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.caseworker == dora and case.events.filter(kind="assigned").exists()


def test_the_case_shows_how_the_picture_changes_over_its_assessments(alice_client, alice):
    import datetime as dt

    from boligvei.assessments.selectors import household_request
    from boligvei.assessments.services import assessment_create

    case = _case(alice)
    consent_to_everything_needed(case.household)
    request = household_request(household=case.household, today=dt.date(2026, 11, 24))
    first = assessment_create(actor=alice, household=case.household, request=request)
    better = {**request, "equity": request["equity"] + 200_000}
    second = assessment_create(actor=alice, household=case.household, request=better)
    page = alice_client.get(reverse("cases:case_detail", args=[case.pk])).content.decode()
    assert "Betjeningsevne over tid" in page
    assert page.index(reverse("assessments:assessment_detail", args=[first.pk])) < page.index(
        reverse("assessments:assessment_detail", args=[second.pk]))
    assert second.max_price > first.max_price


def test_an_administrator_saves_a_decision_letter_template_as_a_new_version(team):
    client = _client_for(make_user("ada", "administrator", team))
    assert "Vedtak om avslag" in client.get(reverse("cases:decision_template_list")).content.decode()
    url = reverse("cases:decision_template_edit", args=["refused", "nn"])
    page = client.get(url).content.decode()
    assert "tre veker" in page and "{{ barnets_beste }}" in page
    response = client.post(url, {"title": "Avslag på {{ vedtak_om }}", "body": "Hei, {{ navn }}!\n\n{{ fakta }}"})
    assert response.status_code == 302
    assert DecisionLetterTemplate.objects.filter(kind="refused", language="nn").latest("number").number == 2


def test_a_decision_letter_template_with_an_unknown_field_is_shown_again_with_the_error(team):
    client = _client_for(make_user("ada", "administrator", team))
    response = client.post(reverse("cases:decision_template_edit", args=["approved", "nb"]),
                           {"title": "Vedtak", "body": "Hei, {{ nvan }}!"})
    assert response.status_code == 400 and "Ukjent flettefelt" in response.content.decode()
    assert "Hei, {{ nvan }}!" in response.content.decode()  # the text is kept
    assert not DecisionLetterTemplate.objects.filter(number=2).exists()


def test_only_administrators_edit_decision_letter_templates(alice_client):
    assert alice_client.get(reverse("cases:decision_template_list")).status_code == 403
    assert alice_client.get(reverse("cases:decision_template_edit", args=["approved", "nb"])).status_code == 403


def test_an_unknown_decision_letter_template_does_not_exist(team):
    client = _client_for(make_user("ada", "administrator", team))
    assert client.get(reverse("cases:decision_template_edit", args=["invitation", "nb"])).status_code == 404
