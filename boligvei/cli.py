"""The `boligvei` console script: Django's management commands for operators.

`boligvei migrate`, `boligvei demo`, `boligvei runserver`, `boligvei check --deploy` ... are the
same commands as `manage.py`, with the settings module set so that an operator never needs to.
"""

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "boligvei.settings")
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    try:
        execute_from_command_line(["boligvei", *(sys.argv[1:] if argv is None else argv)])
    except ImproperlyConfigured as exc:
        # A missing setting (SECRET_KEY in production, say) is the operator's to fix: say which
        # in one line, without a traceback (docs/operations.md lists the settings).
        first_line = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        sys.stderr.write(f"boligvei: innstillingene er ikke komplette: {first_line}\n")
        raise SystemExit(1) from None


if __name__ == "__main__":
    main()
