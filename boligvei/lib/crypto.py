"""Encryption at rest and keyed hashing for identity numbers.

Identity numbers are stored encrypted with Fernet (AES-128-CBC with HMAC-SHA256, from the
maintained `cryptography` library). Several keys may be configured: the first encrypts, all
decrypt, so keys can be rotated by re-encrypting. Lookups use an HMAC-SHA256 of the normalised
number with a separate key, so that the database never holds the number in clear text, not even
in an index.
"""

import hashlib
import hmac
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings


@lru_cache(maxsize=4)
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    return MultiFernet([Fernet(key.encode()) for key in keys])


def encrypt(text: str) -> str:
    return _fernet(tuple(settings.FIELD_ENCRYPTION_KEYS)).encrypt(text.encode()).decode()


def decrypt(token: str) -> str:
    try:
        return _fernet(tuple(settings.FIELD_ENCRYPTION_KEYS)).decrypt(token.encode()).decode()
    except InvalidToken as exc:  # a wrong or rotated-away key: say so, never show the token
        raise ValueError("Kan ikke dekryptere: feil eller manglende nøkkel (FIELD_ENCRYPTION_KEY).") from exc


def keyed_hash(text: str) -> str:
    return hmac.new(settings.IDENTITY_HASH_KEY.encode(), text.encode(), hashlib.sha256).hexdigest()


def is_current(token: str) -> bool:
    """Whether a token is encrypted with the first (current) key."""
    try:
        Fernet(settings.FIELD_ENCRYPTION_KEYS[0].encode()).decrypt(token.encode())
    except InvalidToken:
        return False
    return True


def rotate(token: str) -> str:
    """The token re-encrypted with the first key (any configured key may have encrypted it)."""
    try:
        return _fernet(tuple(settings.FIELD_ENCRYPTION_KEYS)).rotate(token.encode()).decode()
    except InvalidToken as exc:
        raise ValueError("Kan ikke dekryptere: feil eller manglende nøkkel (FIELD_ENCRYPTION_KEY).") from exc


def fingerprint(key: str) -> str:
    """A short name for a key that does not reveal it: the first 16 hex digits of its SHA-256
    (the keys are random, so the fingerprint cannot be turned back into the key). Backups and
    `boligvei backup`'s manifest name keys by it."""
    return hashlib.sha256(b"boligvei-key:" + key.encode()).hexdigest()[:16]


def key_for(token: str) -> str | None:
    """The configured encryption key that decrypts a token, or None if none does."""
    for key in settings.FIELD_ENCRYPTION_KEYS:
        try:
            Fernet(key.encode()).decrypt(token.encode())
        except InvalidToken:
            continue
        return key
    return None
