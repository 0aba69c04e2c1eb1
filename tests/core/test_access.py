import pytest
from django.urls import reverse


def test_it_sends_anonymous_users_to_the_login_page(client, db):
    response = client.get(reverse("start"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_the_start_page_shows_the_register_to_a_caseworker(alice_client):
    response = alice_client.get(reverse("start"))
    assert response.status_code == 200
    assert "Kommunale boliger i bruk" in response.content.decode()


def test_the_start_page_is_readable_for_a_programme_leader(bob_client):
    assert bob_client.get(reverse("start")).status_code == 200


def test_the_statistics_role_cannot_open_the_register(charlie_client):
    assert charlie_client.get(reverse("start")).url == reverse("reports:dashboard")  # the figures instead
    assert charlie_client.get(reverse("people:household_list")).status_code == 403


def test_login_with_a_wrong_password_says_so_in_norwegian(client, alice):
    response = client.post(reverse("login"), {"username": "alice", "password": "wrong"})
    assert response.status_code == 200
    assert "Feil brukernavn eller passord" in response.content.decode()


def test_login_with_the_right_password_opens_the_start_page(client, alice):
    response = client.post(reverse("login"), {"username": "alice", "password": "password-for-tests"})
    assert response.status_code == 302 and response.url == reverse("start")


def test_pages_carry_a_strict_content_security_policy(alice_client):
    response = alice_client.get(reverse("start"))
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert response["X-Frame-Options"] == "DENY"


def test_the_health_check_needs_no_login(client, db):
    response = client.get(reverse("core:health"))
    assert response.status_code == 200 and response.content == b"ok"


@pytest.mark.parametrize("name", ["logout"])
def test_logout_requires_post(alice_client, name):
    assert alice_client.get(reverse(name)).status_code == 405
    assert alice_client.post(reverse(name)).status_code == 302
