"""Two-factor login: setting up an authenticator app, the code after the password, recovery codes,
who is forced to give one, and an administrator's reset."""

import base64
import datetime as dt

import pytest
import time_machine
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django_otp.oath import hotp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from boligvei.core.mfa import OPEN_BEFORE_VERIFICATION, SSO_SESSION_KEY
from boligvei.core.models import AuditEvent
from boligvei.core.roles import Role
from tests.conftest import _client_for, make_user, totp_code, two_factor_device

VERIFY = reverse("core:two_factor_verify")
ENROL = reverse("core:two_factor_enrol")
HOUSEHOLDS = reverse("people:household_list")
NOON = dt.datetime(2026, 3, 2, 11, 0, 10, tzinfo=dt.UTC)


@pytest.fixture
def clock():
    """Time stands still (a TOTP code changes every 30 seconds); `clock.shift(seconds)` moves it."""
    with time_machine.travel(NOON, tick=False) as traveller:
        yield traveller


def password_only(user) -> Client:
    """A client past the password, before the second factor."""
    client = Client()
    client.force_login(user)
    return client


def wrong(code: str) -> str:
    return f"{(int(code) + 1) % 1_000_000:06d}"


def actions(user) -> list[str]:
    return list(AuditEvent.objects.filter(actor=user, action__startswith="two_factor.")
                .order_by("id").values_list("action", flat=True))


# Who must give a second factor, and where they are sent


def test_a_caseworker_without_an_app_is_sent_to_set_one_up(alice):
    response = password_only(alice).get(HOUSEHOLDS)
    assert response.status_code == 302 and response.url == f"{ENROL}?next={HOUSEHOLDS}"


def test_a_caseworker_with_an_app_is_asked_for_a_code_on_every_kind_of_page(alice):
    two_factor_device(alice)
    client = password_only(alice)
    for url in (reverse("start"), HOUSEHOLDS, reverse("cases:case_list")):
        for method in (client.get, client.post):
            response = method(url)
            assert response.status_code == 302 and response.url.startswith(f"{VERIFY}?next="), url
    htmx = client.get(HOUSEHOLDS, headers={"HX-Request": "true", "HX-Current-URL": f"http://testserver{HOUSEHOLDS}"})
    assert htmx.status_code == 200 and htmx["HX-Redirect"].startswith(f"{VERIFY}?next=")
    assert b"<table" not in htmx.content


def test_the_way_in_and_out_and_the_public_pages_stay_open_before_the_code(alice):
    two_factor_device(alice)
    client = password_only(alice)
    for url in (VERIFY, reverse("core:health"), reverse("assessments:self_check"), reverse("referrals:interest"),
                "/static/boligvei/boligvei.css"):
        assert client.get(url).status_code == 200, url
    assert client.post(reverse("logout")).status_code == 302
    assert client.get(HOUSEHOLDS).url.startswith(reverse("login"))


def test_every_public_page_is_open_before_the_code():
    from boligvei.core.mfa import OPEN_NAMESPACES_BEFORE_VERIFICATION
    from tests.test_url_access import PUBLIC

    # The JSON API opens by its namespace: it reads no session and answers only to a key.
    by_namespace = {name for name in PUBLIC if name.partition(":")[0] in OPEN_NAMESPACES_BEFORE_VERIFICATION}
    assert by_namespace and PUBLIC - by_namespace <= OPEN_BEFORE_VERIFICATION


def test_the_statistics_role_is_not_forced_but_may_set_up_an_app(charlie):
    client = password_only(charlie)
    assert client.get(reverse("reports:dashboard")).status_code == 200
    assert client.get(ENROL).status_code == 200


def test_a_session_from_single_sign_on_with_a_second_factor_counts_as_verified(alice):
    client = password_only(alice)
    session = client.session
    session[SSO_SESSION_KEY] = "yes"  # only True counts
    session.save()
    assert client.get(HOUSEHOLDS).status_code == 302
    session[SSO_SESSION_KEY] = True
    session.save()
    assert client.get(HOUSEHOLDS).status_code == 200


def test_the_shared_test_clients_are_verified(alice_client):
    assert alice_client.get(HOUSEHOLDS).status_code == 200


# Setting up the app


def test_setting_up_the_app_with_a_code_from_it(alice, clock):
    client = password_only(alice)
    page = client.get(f"{ENROL}?next={HOUSEHOLDS}").content.decode()
    device = TOTPDevice.objects.get(user=alice, confirmed=False)
    secret = base64.b32encode(device.bin_key).decode()
    assert 'src="data:image/svg+xml;base64,' in page and secret[:4] + " " + secret[4:8] in page

    response = client.post(ENROL, {"code": totp_code(device), "next": HOUSEHOLDS})
    assert response.status_code == 200
    codes = response.context["codes"]
    assert len(codes) == 10 and all(code in response.content.decode() for code in codes)
    device.refresh_from_db()
    assert device.confirmed
    assert set(StaticToken.objects.filter(device__user=alice).values_list("token", flat=True)) == set(codes)
    assert client.get(HOUSEHOLDS).status_code == 200  # verified from now on
    assert actions(alice) == ["two_factor.enrol"]


def test_setting_up_with_a_wrong_code_says_so_and_confirms_nothing(alice, clock):
    client = password_only(alice)
    client.get(ENROL)
    device = TOTPDevice.objects.get(user=alice)
    response = client.post(ENROL, {"code": wrong(totp_code(device))})
    assert "Koden stemmer ikke" in response.content.decode()
    response = client.post(ENROL, {"code": "12ab"})
    assert "Koden har seks sifre" in response.content.decode()
    device.refresh_from_db()
    assert not device.confirmed and not StaticDevice.objects.exists()
    assert client.get(HOUSEHOLDS).url.startswith(ENROL)


def test_the_secret_stays_the_same_until_it_is_confirmed(alice):
    client = password_only(alice)
    client.get(ENROL)
    client.get(ENROL)
    assert TOTPDevice.objects.filter(user=alice).count() == 1


def test_a_user_with_an_app_cannot_set_up_another_before_giving_a_code(alice):
    two_factor_device(alice)
    response = password_only(alice).post(ENROL, {"code": "123456"})
    assert response.status_code == 302 and response.url.startswith(VERIFY)
    assert TOTPDevice.objects.filter(user=alice).count() == 1


# The code after the password


def test_password_then_code_opens_the_page_asked_for(alice, clock):
    device = two_factor_device(alice)
    client = Client()
    response = client.post(reverse("login"), {"username": "alice", "password": "password-for-tests",
                                              "next": HOUSEHOLDS})
    response = client.get(response.url)
    assert response.status_code == 302 and response.url.startswith(VERIFY)
    page = client.get(response.url)
    assert "Skriv inn koden fra autentiseringsappen" in page.content.decode()
    response = client.post(VERIFY, {"code": totp_code(device), "next": HOUSEHOLDS})
    assert response.status_code == 302 and response.url == HOUSEHOLDS
    assert client.get(HOUSEHOLDS).status_code == 200
    assert actions(alice) == ["two_factor.verify"]


def test_a_wrong_code_is_refused_audited_and_the_next_try_must_wait(alice, clock):
    device = two_factor_device(alice)
    client = password_only(alice)
    response = client.post(VERIFY, {"code": wrong(totp_code(device))})
    assert response.status_code == 200 and "Koden stemmer ikke" in response.content.decode()
    response = client.post(VERIFY, {"code": totp_code(device)})  # within a second: django-otp's throttle
    assert "For mange feil koder på rad. Vent ett sekund" in response.content.decode()
    clock.shift(1)
    assert client.post(VERIFY, {"code": totp_code(device)}).status_code == 302
    assert actions(alice) == ["two_factor.verify_failed", "two_factor.verify"]


def test_a_code_is_accepted_only_once(alice, clock):
    device = two_factor_device(alice)
    code = totp_code(device)
    assert password_only(alice).post(VERIFY, {"code": code}).status_code == 302
    response = password_only(alice).post(VERIFY, {"code": code})
    assert response.status_code == 200 and "allerede brukt" in response.content.decode()


def test_a_recovery_code_works_once_instead_of_the_app(alice, clock):
    client = password_only(alice)
    client.get(ENROL)
    codes = client.post(ENROL, {"code": totp_code(TOTPDevice.objects.get(user=alice))}).context["codes"]
    typed = f" {codes[0][:4].upper()}-{codes[0][4:]} "  # as people copy it
    assert password_only(alice).post(VERIFY, {"code": typed}).status_code == 302
    clock.shift(60)
    response = password_only(alice).post(VERIFY, {"code": codes[0]})
    assert "Koden stemmer ikke" in response.content.decode()
    assert StaticToken.objects.filter(device__user=alice).count() == 9
    assert AuditEvent.objects.filter(actor=alice, action="two_factor.verify").get().changes == {
        "method": "recovery_code"}


def test_a_verified_user_is_sent_on_and_only_to_this_site(alice_client):
    assert alice_client.get(f"{VERIFY}?next={HOUSEHOLDS}").url == HOUSEHOLDS
    assert alice_client.get(f"{VERIFY}?next=https://example.com/").url == reverse("start")


# An administrator's reset


@pytest.fixture
def admin(team):
    return make_user("erik", Role.ADMINISTRATOR, team)


def test_an_administrator_resets_a_users_app(admin, alice, alice_client, clock):
    StaticDevice.objects.create(user=alice, name="Reservekoder", confirmed=True)
    url = reverse("core:two_factor_reset")
    client = _client_for(admin)
    assert client.post(url, {"user": alice.pk, "reason": " "}).status_code == 200  # no reason: nothing happens
    assert TOTPDevice.objects.filter(user=alice).exists()
    response = client.post(url, {"user": alice.pk, "reason": "Mistet telefonen"})
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=alice).exists() and not StaticDevice.objects.filter(user=alice).exists()
    event = AuditEvent.objects.get(action="two_factor.reset")
    assert (event.actor, event.object_id, event.reason, event.changes) == (admin, str(alice.pk), "Mistet telefonen",
                                                                           {"devices": 2})
    # Alice's session is no longer verified: she sets up a new app.
    assert alice_client.get(HOUSEHOLDS).url.startswith(ENROL)


def test_only_administrators_may_reset(bob_client, alice):
    url = reverse("core:two_factor_reset")
    assert bob_client.get(url).status_code == 403
    assert bob_client.post(url, {"user": alice.pk, "reason": "x"}).status_code == 403


def test_the_reset_command_is_audited(alice):
    two_factor_device(alice)
    call_command("reset_2fa", "alice", reason="Eneste administrator mistet telefonen")
    assert not TOTPDevice.objects.filter(user=alice).exists()
    event = AuditEvent.objects.get(action="two_factor.reset")
    assert (event.actor_label, event.reason) == ("system", "Eneste administrator mistet telefonen")


# The demo


def test_the_demo_staff_log_in_with_the_documented_key(db, clock):
    from boligvei.demo.services import DEMO_TOTP_SECRET, demo_staff_create

    user = demo_staff_create()[0]
    code = f"{hotp(base64.b32decode(DEMO_TOTP_SECRET), int(NOON.timestamp()) // 30):06d}"
    client = Client()
    client.post(reverse("login"), {"username": user.username, "password": "leie-til-eie-demo"})
    assert client.post(VERIFY, {"code": code}).status_code == 302
    assert client.get(HOUSEHOLDS).status_code == 200
