"""The `boligvei` console script: Django's management commands for operators.

`boligvei migrate`, `boligvei demo`, `boligvei runserver`, `boligvei check --deploy` ... are the
same commands as `manage.py`, with the settings module set so that an operator never needs to.
"""

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "boligvei.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["boligvei", *(sys.argv[1:] if argv is None else argv)])


if __name__ == "__main__":
    main()
