"""Administrators keep the staff users on pages (boligvei/core/users.py, core/user_views.py)."""

import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from boligvei.core.models import AuditEvent, Team, User
from boligvei.core.roles import Role
from boligvei.core.users import LAST_ADMINISTRATOR, staff_list, user_first_login_link
from tests.conftest import _client_for, count_queries, make_user, two_factor_device


@pytest.fixture
def admin(team):
    return make_user("ada", Role.ADMINISTRATOR, team)


@pytest.fixture
def admin_client(admin):
    return _client_for(admin)


def test_a_caseworker_cannot_open_user_administration(alice_client):
    assert alice_client.get(reverse("core:user_list")).status_code == 403
    assert alice_client.post(reverse("core:user_create"), {"username": "x"}).status_code == 403
    assert not User.objects.filter(username="x").exists()


def test_an_administrator_creates_a_user_without_a_password_and_it_is_audited(admin_client, team):
    response = admin_client.post(reverse("core:user_create"), {
        "username": "nora", "first_name": "Nora", "last_name": "Berg", "email": "nora@kommune.example.no",
        "role": Role.APPROVER, "team": team.pk})
    nora = User.objects.get(username="nora")
    assert response.status_code == 302 and response["Location"] == reverse("core:user_detail", args=[nora.pk])
    assert nora.role == Role.APPROVER and nora.team == team and not nora.has_usable_password()
    event = AuditEvent.objects.get(action="user.create")
    assert event.actor_label == "ada" and event.changes["role"] == Role.APPROVER


def test_a_username_in_use_is_refused_in_norwegian_whatever_its_case(admin_client, alice, team):
    response = admin_client.post(reverse("core:user_create"), {
        "username": "ALICE", "first_name": "A", "last_name": "B", "role": Role.CASEWORKER, "team": team.pk})
    assert response.status_code == 200
    assert "Brukernavnet «ALICE» er i bruk" in response.content.decode()
    assert User.objects.filter(username__iexact="alice").count() == 1


def test_changing_role_and_team_is_audited_with_old_and_new_values(admin_client, alice, team):
    north = Team.objects.create(name="Bydel Nord")
    admin_client.post(reverse("core:user_detail", args=[alice.pk]), {
        "first_name": "Alice", "last_name": "Testesen", "email": "", "role": Role.APPROVER, "team": north.pk})
    alice.refresh_from_db()
    assert alice.role == Role.APPROVER and alice.team == north
    changes = AuditEvent.objects.get(action="user.update").changes
    assert changes["role"] == {"old": Role.CASEWORKER, "new": Role.APPROVER}
    assert changes["team"] == {"old": team.pk, "new": north.pk}


def test_the_last_administrator_can_neither_deactivate_nor_demote_themself(admin_client, admin):
    admin_client.post(reverse("core:user_deactivate", args=[admin.pk]), {"reason": "Slutter"})
    admin_client.post(reverse("core:user_detail", args=[admin.pk]), {
        "first_name": "Ada", "last_name": "Testesen", "role": Role.CASEWORKER})
    admin.refresh_from_db()
    assert admin.is_active and admin.role == Role.ADMINISTRATOR
    assert not AuditEvent.objects.filter(action__in=["user.deactivate", "user.update"]).exists()
    response = admin_client.post(reverse("core:user_deactivate", args=[admin.pk]), {"reason": "Slutter"}, follow=True)
    assert str(LAST_ADMINISTRATOR) in response.content.decode()


def test_an_administrator_may_be_deactivated_when_another_remains(admin_client, admin, team):
    other = make_user("bea", Role.ADMINISTRATOR, team)
    admin_client.post(reverse("core:user_deactivate", args=[other.pk]), {"reason": "Sluttet 30.11."})
    other.refresh_from_db()
    assert not other.is_active
    assert AuditEvent.objects.get(action="user.deactivate").reason == "Sluttet 30.11."


def _password_login(username: str) -> bool:
    response = Client().post(reverse("login"), {"username": username, "password": "password-for-tests"})
    return response.status_code == 302


def test_a_deactivated_user_cannot_log_in_until_reactivated(admin_client, alice):
    assert _password_login("alice")
    admin_client.post(reverse("core:user_deactivate", args=[alice.pk]), {"reason": "Permisjon"})
    assert not _password_login("alice")
    admin_client.post(reverse("core:user_reactivate", args=[alice.pk]))
    assert _password_login("alice")


def test_deactivating_needs_a_reason(admin_client, alice):
    admin_client.post(reverse("core:user_deactivate", args=[alice.pk]), {"reason": ""})
    alice.refresh_from_db()
    assert alice.is_active


def test_the_first_login_link_lets_the_user_choose_a_password_once_then_set_up_two_factor(admin_client, team):
    nora = User.objects.create(username="nora", first_name="Nora", last_name="Berg", role=Role.CASEWORKER, team=team)
    nora.set_unusable_password()
    nora.save()
    page = admin_client.post(reverse("core:user_first_login_link", args=[nora.pk])).content.decode()
    path = re.search(r"http://[^/]+(/velkommen/[^<\s]+)", page).group(1)
    assert AuditEvent.objects.filter(action="user.first_login_link", object_id=str(nora.pk)).exists()

    new = Client()
    form_page = new.get(path, follow=True)
    assert "Velg passord" in form_page.content.decode()
    set_url = form_page.redirect_chain[-1][0]
    password = "et-langt-passord-for-nora-2026"
    response = new.post(set_url, {"new_password1": password, "new_password2": password})
    assert response.status_code == 302 and response["Location"] == reverse("login")
    assert AuditEvent.objects.filter(action="user.password_set", actor_label="nora").exists()

    again = Client().get(path, follow=True).content.decode()
    assert "Lenken virker ikke lenger" in again

    login = Client()
    response = login.post(reverse("login"), {"username": "nora", "password": password})
    assert response.status_code == 302
    assert login.get(reverse("start"))["Location"].startswith(reverse("core:two_factor_enrol"))


def test_a_weak_password_is_refused_with_the_reason(admin_client, team):
    nora = make_user("nora", Role.CASEWORKER, team)
    link = user_first_login_link(actor=User.objects.get(username="ada"), user=nora)
    client = Client()
    set_url = client.get("/" + link.url.split("/", 3)[3], follow=True).redirect_chain[-1][0]
    response = client.post(set_url, {"new_password1": "kort", "new_password2": "kort"})
    assert response.status_code == 200
    nora.refresh_from_db()
    assert nora.check_password("password-for-tests")


def test_the_link_is_emailed_when_the_installation_sends_email(admin, settings, team):
    settings.EMAIL_HOST = "smtp.kommune.example.no"
    nora = make_user("nora", Role.CASEWORKER, team)
    nora.email = "nora@kommune.example.no"
    nora.save()
    link = user_first_login_link(actor=admin, user=nora)
    assert link.emailed_to == "nora@kommune.example.no"
    assert link.url in mail.outbox[0].body


def test_single_sign_on_users_get_no_password_link(admin_client, team):
    sso = make_user("sso", Role.CASEWORKER, team)
    sso.oidc_subject = "abc-123"
    sso.save()
    response = admin_client.post(reverse("core:user_first_login_link", args=[sso.pk]), follow=True)
    assert "kommunens konto" in response.content.decode()
    assert not AuditEvent.objects.filter(action="user.first_login_link").exists()


def test_two_factor_is_reset_from_the_user_page_with_a_reason(admin_client, alice):
    two_factor_device(alice)
    admin_client.post(reverse("core:user_two_factor_reset", args=[alice.pk]), {"reason": "Mistet telefonen"})
    assert not alice.totpdevice_set.exists()
    assert AuditEvent.objects.get(action="two_factor.reset", object_id=str(alice.pk)).reason == "Mistet telefonen"


def test_the_user_list_costs_the_same_queries_for_many_users(admin_client, team):
    for i in range(3):
        make_user(f"u{i}", Role.CASEWORKER, team)
    few = count_queries(admin_client, reverse("core:user_list"))
    for i in range(3, 20):
        make_user(f"u{i}", Role.CASEWORKER, team)
    assert count_queries(admin_client, reverse("core:user_list")) == few
    assert staff_list().count() == 21
