"""Who is asking: the client's network address, and a username as the lockout table keeps it.

Behind the municipality's TLS proxy every request comes from the proxy's address, so a count
per address would put every citizen in one bucket. With `BEHIND_TLS_PROXY` set, the address is
the one the trusted proxy appended to `X-Forwarded-For` (django-ipware reads the header; the
entries a client sent itself stand further left and are ignored). Without it, or from an address
that is not a trusted proxy (`TRUSTED_PROXIES`), the header is ignored: anyone can send it.

`client_address` is the one answer for every count: the public forms' rate limits
(django-ratelimit's `RATELIMIT_IP_META_KEY`) and the login lockout (django-axes'
`AXES_CLIENT_IP_CALLABLE`).
"""

import ipaddress

from django.conf import settings
from django.utils.crypto import salted_hmac
from ipware import get_client_ip


def _from_trusted_proxy(remote: str) -> bool:
    if not settings.TRUSTED_PROXIES:
        return True  # the proxy is the only way in (the app listens on its private network)
    try:
        address = ipaddress.ip_address(remote)
    except ValueError:
        return False
    return any(address in ipaddress.ip_network(proxy, strict=False) for proxy in settings.TRUSTED_PROXIES)


def client_address(request) -> str:
    """The client's address: the trusted proxy's word for it, else the connection's."""
    remote = request.META.get("REMOTE_ADDR", "")
    if not settings.BEHIND_TLS_PROXY or not _from_trusted_proxy(remote):
        return remote
    # Each trusted proxy appends the address it was connected from: the client is the entry
    # TRUSTED_PROXY_HOPS from the right. Not strict: a client may have sent a header of its own.
    address, _ = get_client_ip(request, proxy_count=settings.TRUSTED_PROXY_HOPS - 1,
                               request_header_order=["HTTP_X_FORWARDED_FOR"], strict=False)
    return address or remote


def lockout_username(request, credentials: dict | None) -> str | None:
    """The username as django-axes counts and stores it (`AXES_USERNAME_CALLABLE`): a keyed
    hash, never the text typed (people type their identity number in the username field). The
    same name always gives the same hash, so counting and locking work as before."""
    if credentials:
        typed = credentials.get("username")
    else:
        typed = getattr(request, "POST", {}).get("username")
    return lockout_key(typed) if typed is not None else None


def lockout_key(username: str) -> str:
    """The lockout table's key for a username (to look it up or reset it)."""
    return salted_hmac("boligvei.lockout.username", username, algorithm="sha256").hexdigest()
