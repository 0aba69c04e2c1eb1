"""Error pages speak Norwegian in the page frame and tell the person what to do next.

Django's defaults are English («403 Forbidden», «Not Found», «Server Error (500)», «CSRF
verification failed»); these tests run with DEBUG off, as production does.
"""

import pytest
from django.test import Client, RequestFactory
from django.views import defaults

ENGLISH_DEFAULTS = ("Forbidden", "Not Found", "Server Error", "CSRF verification failed", "Bad Request")


def assert_norwegian_error_page(response, status: int, heading: str) -> str:
    assert response.status_code == status
    html = response.content.decode()
    assert heading in html
    assert "Hva kan du gjøre nå?" in html
    assert 'class="site-header"' in html, "the error is shown in the page frame"
    for english in ENGLISH_DEFAULTS:
        assert english not in html, english
    return html


@pytest.mark.django_db
def test_an_unknown_address_answers_a_norwegian_404(alice_client):
    html = assert_norwegian_error_page(alice_client.get("/finnes-ikke/"), 404, "Vi fant ikke siden")
    assert "et annet team" in html


@pytest.mark.django_db
def test_a_role_without_access_gets_a_norwegian_403_with_the_reason(charlie_client):
    html = assert_norwegian_error_page(charlie_client.get("/husstander/"), 403, "Du har ikke tilgang til dette")
    assert "programlederen eller en administrator" in html


@pytest.mark.django_db
def test_a_form_without_its_security_token_is_refused_in_norwegian(alice):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/logg-inn/", {"username": "alice", "password": "x"})
    html = assert_norwegian_error_page(response, 403, "Skjemaet ble ikke sendt")
    assert "last inn siden på nytt" in html


@pytest.mark.django_db
def test_a_server_error_page_renders_without_a_request_context():
    # Django renders 500.html with an empty context: no user, no context processors.
    response = defaults.server_error(RequestFactory().get("/"))
    assert_norwegian_error_page(response, 500, "Det oppstod en feil hos oss")


@pytest.mark.django_db
def test_a_bad_request_page_is_norwegian():
    response = defaults.bad_request(RequestFactory().get("/"), exception=Exception())
    assert_norwegian_error_page(response, 400, "Noe var galt med forespørselen")

