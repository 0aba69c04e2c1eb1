"""`boligvei demo`: load the synthetic demo municipality and print the demo logins."""

import datetime as dt
import time

from django.core.management.base import BaseCommand, CommandError

from boligvei.core.errors import DomainError
from boligvei.demo.generator import DEMO_DWELLINGS, DEMO_HOUSEHOLDS
from boligvei.demo.services import (
    DEMO_TOTP_SECRET,
    demo_load,
    demo_logins,
    register_counts,
    register_is_empty,
)


class Command(BaseCommand):
    help = (
        "Load the synthetic demo municipality (Fjordvik kommune) into an empty register, create one "
        "demo user per role and print the logins. Does nothing to a register that already has data "
        "unless --reset is given."
    )

    def add_arguments(self, parser):
        parser.add_argument("--reset", action="store_true",
                            help="Delete the register (not the audit log) and load the demo again.")
        parser.add_argument("--if-empty", action="store_true",
                            help="Load only if the register is empty; otherwise exit quietly with status 0.")
        parser.add_argument("--seed", type=int, default=2012, help="Random seed (default 2012).")
        parser.add_argument("--today", type=dt.date.fromisoformat, default=None,
                            help="Reference date YYYY-MM-DD for the data (default today).")
        parser.add_argument("--households", type=int, default=DEMO_HOUSEHOLDS,
                            help=f"Households in all, tenants, waiting and former (default {DEMO_HOUSEHOLDS}).")
        parser.add_argument("--dwellings", type=int, default=DEMO_DWELLINGS,
                            help=f"Dwellings (default {DEMO_DWELLINGS}).")

    def handle(self, *args, reset, if_empty, seed, today, households, dwellings, **options):
        if households < 0 or dwellings < 0:
            raise CommandError("--households and --dwellings cannot be negative.")
        if not reset and not register_is_empty():
            if if_empty:
                self.stdout.write("The register already has data; the demo was not loaded.")
            else:
                self.stdout.write("The register already has data; the demo was not loaded "
                                  "(use --reset to delete it and load the demo again).")
            # Never create users with a known password in a register that holds other data.
            self._print_counts(register_counts())
        else:
            started = time.monotonic()
            try:
                summary = demo_load(reset=reset, seed=seed, today=today, households=households,
                                    dwellings=dwellings)
            except DomainError as exc:
                raise CommandError(exc.message) from exc
            self.stdout.write(self.style.SUCCESS(
                f"Loaded Fjordvik kommune (seed {seed}) in {time.monotonic() - started:.1f} s."))
            self._print_counts(summary)
        self.stdout.write("Demo logins (role, username, password):")
        logins = demo_logins()
        role_width = max(len(role) for role, _, _ in logins)
        user_width = max(len(username) for _, username, _ in logins)
        for role, username, password in logins:
            self.stdout.write(f"  {role:<{role_width}}  {username:<{user_width}}  {password}")
        self.stdout.write(f"Two-factor code after the password: add the key {DEMO_TOTP_SECRET} to an "
                          "authenticator app (time-based, 6 digits, 30 s), or run: "
                          f"oathtool --totp -b {DEMO_TOTP_SECRET}")

    def _print_counts(self, summary):
        self.stdout.write(
            f"  dwellings {summary.dwellings}, households {summary.households}, persons {summary.persons}, "
            f"active tenancies {summary.active_tenancies}, ended tenancies {summary.ended_tenancies}, "
            f"waiting {summary.waiting}, earlier waiting-list entries {summary.waiting_list_history}, "
            f"cases {summary.cases}, letters {summary.letters}"
        )
