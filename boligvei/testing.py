"""Test-run environment, loaded as a pytest plugin (`-p boligvei.testing`) before Django starts.

Tests run with DEBUG off, as production does, but with test keys and Skatteetaten's synthetic
identity numbers allowed. DATABASE_URL, when set, picks the database (PostgreSQL in CI).
"""

import os

os.environ.setdefault("BOLIGVEI_TESTING", "true")
os.environ.setdefault("SECRET_KEY", "test-only-secret-key-that-is-long-enough-for-checks-0123456789")
os.environ.setdefault("ALLOW_SYNTHETIC_IDENTITY_NUMBERS", "true")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
os.environ.setdefault("SECURE_COOKIES", "false")
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop
