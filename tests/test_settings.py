"""Production settings: refuse to start without secrets, and pass Django's deployment checks."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.fernet import Fernet

SCRIPT = Path(sys.executable).with_name("boligvei")
CLEAN_ENV = {k: v for k, v in os.environ.items()
             if k not in {"BOLIGVEI_TESTING", "SECRET_KEY", "ALLOW_SYNTHETIC_IDENTITY_NUMBERS", "DEBUG",
                          "SECURE_SSL_REDIRECT", "SECURE_COOKIES", "FIELD_ENCRYPTION_KEY", "IDENTITY_HASH_KEY",
                          "DJANGO_ALLOW_ASYNC_UNSAFE"}}
PRODUCTION = {**CLEAN_ENV, "DEBUG": "false", "ALLOWED_HOSTS": "boligvei.kommune.no",
              "SECRET_KEY": "x8Jk2-production-like-secret-key-with-enough-entropy-9aQzL0pW3rT6yU1iO4",
              "FIELD_ENCRYPTION_KEY": Fernet.generate_key().decode(),
              "IDENTITY_HASH_KEY": "hash-key-for-the-settings-test-0123456789"}


def _check(env, *args):
    return subprocess.run([str(SCRIPT), "check", *args], env=env, capture_output=True, text=True, timeout=60)


def test_production_mode_refuses_to_start_without_a_secret_key():
    env = {k: v for k, v in PRODUCTION.items() if k != "SECRET_KEY"}
    result = _check(env)
    assert result.returncode != 0 and "SECRET_KEY" in result.stderr


def test_production_mode_refuses_to_start_without_the_encryption_key():
    env = {k: v for k, v in PRODUCTION.items() if k != "FIELD_ENCRYPTION_KEY"}
    result = _check(env)
    assert result.returncode != 0 and "FIELD_ENCRYPTION_KEY" in result.stderr


def test_a_secret_can_come_from_a_file(tmp_path):
    secret = tmp_path / "secret_key"
    secret.write_text(PRODUCTION["SECRET_KEY"] + "\n", encoding="utf-8")
    env = {k: v for k, v in PRODUCTION.items() if k != "SECRET_KEY"} | {"SECRET_KEY_FILE": str(secret)}
    assert _check(env, "--deploy", "--fail-level", "WARNING").returncode == 0


def test_production_mode_passes_the_deployment_checks_without_warnings():
    result = _check(PRODUCTION, "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_the_deployment_checks_warn_when_synthetic_identity_numbers_are_allowed():
    result = _check({**PRODUCTION, "ALLOW_SYNTHETIC_IDENTITY_NUMBERS": "true"}, "--deploy", "--fail-level", "WARNING")
    assert result.returncode != 0
    assert "boligvei.W001" in result.stderr and "ALLOW_SYNTHETIC_IDENTITY_NUMBERS is on" in result.stderr
    assert "boligvei.W001" not in _check(PRODUCTION, "--deploy").stderr  # off by default without DEBUG


def test_production_mode_sends_https_only_with_hsts_and_secure_cookies():
    """What `check --deploy` asks for, seen in the responses: HTTP is redirected to HTTPS, HSTS
    for a year with subdomains, the CSRF cookie only over HTTPS and never to scripts, no framing."""
    code = (
        "import django; django.setup()\n"
        "from django.conf import settings\n"
        "from django.test import Client\n"
        "client = Client(HTTP_HOST='boligvei.kommune.no')\n"
        "plain = client.get('/logg-inn/')\n"
        "secure = client.get('/logg-inn/', secure=True)\n"
        "cookie = secure.cookies['csrftoken']\n"
        "print(plain.status_code, plain['Location'])\n"
        "print(secure.status_code, secure['Strict-Transport-Security'], secure['X-Frame-Options'])\n"
        "print(bool(cookie['secure']), bool(cookie['httponly']), settings.SESSION_COOKIE_SECURE, "
        "settings.SESSION_COOKIE_HTTPONLY)\n"
    )
    # Static files straight from the folders: the login page needs no collectstatic here.
    env = {**PRODUCTION, "DJANGO_SETTINGS_MODULE": "boligvei.settings", "STATIC_MANIFEST": "false"}
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "301 https://boligvei.kommune.no/logg-inn/",
        "200 max-age=31536000; includeSubDomains; preload DENY",
        "True True True True",
    ]


def test_a_misspelt_boolean_is_an_error_not_a_guess():
    result = _check({**PRODUCTION, "DEBUG": "ja"})
    assert result.returncode != 0 and "DEBUG must be true or false" in result.stderr


def test_static_files_collect_with_hashed_names_for_production(tmp_path):
    """WhiteNoise's manifest storage rewrites every url() in the CSS; a missing font or image
    referenced by Designsystemet's CSS would fail here rather than in a deployment."""
    env = {**PRODUCTION, "STATIC_ROOT": str(tmp_path / "static")}
    result = subprocess.run([str(SCRIPT), "collectstatic", "--no-input", "-v0"], env=env, capture_output=True,
                            text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    manifest = (tmp_path / "static" / "staticfiles.json").read_text(encoding="utf-8")
    assert "designsystemet/src/index.css" in manifest and "django_htmx/htmx-2.min.js" in manifest


def test_with_redis_url_the_rate_limits_count_in_redis():
    """The rate limits on the public forms count exactly in Redis (this machine runs one on
    6379); without REDIS_URL they count in the database cache."""
    import socket

    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
    except OSError:
        pytest.skip("no Redis server on 127.0.0.1:6379")
    code = (
        "import django; django.setup()\n"
        "from django.core.cache import caches\n"
        "from django.test import RequestFactory\n"
        "from django_ratelimit.core import is_ratelimited\n"
        "print(type(caches['default']).__name__)\n"
        "request = RequestFactory().post('/interesse/')\n"
        "group = 'redis-test-' + __import__('secrets').token_hex(4)\n"
        "print([is_ratelimited(request, group=group, key='ip', rate='2/h', increment=True) for _ in range(3)])\n"
    )
    env = {**os.environ, "DEBUG": "true", "REDIS_URL": "redis://127.0.0.1:6379/15",
           "DJANGO_SETTINGS_MODULE": "boligvei.settings"}
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["RedisCache", "[False,", "False,", "True]"]
