"""The client's address behind the municipality's TLS proxy, and the lockout table's username key."""

import pytest
from django.test import RequestFactory

from boligvei.core.client_address import client_address, lockout_key, lockout_username

PROXY = "10.20.0.5"


def _request(remote=PROXY, forwarded=None):
    headers = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {}
    return RequestFactory().get("/", REMOTE_ADDR=remote, **headers)


@pytest.fixture
def behind_proxy(settings):
    settings.BEHIND_TLS_PROXY = True
    settings.TRUSTED_PROXIES = []
    settings.TRUSTED_PROXY_HOPS = 1
    return settings


def test_without_a_proxy_the_forwarded_header_is_ignored(settings):
    settings.BEHIND_TLS_PROXY = False
    assert client_address(_request(remote="192.0.2.10", forwarded="198.51.100.7")) == "192.0.2.10"


def test_behind_the_proxy_the_address_it_appended_is_the_clients(behind_proxy):
    assert client_address(_request(forwarded="198.51.100.7")) == "198.51.100.7"


def test_an_address_the_client_wrote_itself_is_not_believed(behind_proxy):
    """The proxy appends the address it was connected from: what stands left of it is the client's own."""
    assert client_address(_request(forwarded="203.0.113.66, 198.51.100.7")) == "198.51.100.7"
    assert client_address(_request(forwarded="garbage, 198.51.100.7")) == "198.51.100.7"


def test_two_proxies_in_a_row_each_append_one(behind_proxy):
    behind_proxy.TRUSTED_PROXY_HOPS = 2
    assert client_address(_request(forwarded="203.0.113.66, 198.51.100.7, 10.20.0.9")) == "198.51.100.7"


def test_a_request_that_did_not_come_through_the_trusted_proxy_is_counted_by_its_own_address(behind_proxy):
    behind_proxy.TRUSTED_PROXIES = ["10.20.0.0/24"]
    assert client_address(_request(remote="192.0.2.10", forwarded="198.51.100.7")) == "192.0.2.10"
    assert client_address(_request(remote=PROXY, forwarded="198.51.100.7")) == "198.51.100.7"


def test_without_a_usable_header_the_connections_address_counts(behind_proxy):
    assert client_address(_request()) == PROXY
    assert client_address(_request(forwarded="not an address")) == PROXY


def test_the_lockout_key_is_the_same_for_the_same_name_and_shows_nothing_of_it():
    key = lockout_key("01018012345")
    assert key == lockout_key("01018012345") != lockout_key("01018012346")
    assert len(key) == 64 and "0101801" not in key


def test_the_lockout_username_is_the_key_of_what_was_typed():
    request = RequestFactory().post("/logg-inn/", {"username": "kari"})
    assert lockout_username(request, None) == lockout_key("kari")
    assert lockout_username(request, {"username": "ola"}) == lockout_key("ola")
    assert lockout_username(RequestFactory().post("/logg-inn/", {}), None) is None
