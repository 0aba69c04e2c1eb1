"""`boligvei anonymise`: anonymise the households whose retention period has run out.

A household whose cases are all closed, with no tenancy in force, no place on the waiting list
and no activity for `RETENTION_YEARS` years (settings) is anonymised: see
`privacy.services`. Safe to run at any time, for instance nightly: a second run finds nothing
to do and says so. `--dry-run` counts what would change and changes nothing.
"""

from django.core.management.base import BaseCommand
from django.db import transaction

from boligvei.privacy import services

LABELS = {
    "households": "husstander anonymisert", "persons": "personer slettet", "cases": "saker (henvist av)",
    "case_events": "sakshendelser (tekst)", "tasks": "oppgaver", "mappings": "kartlegginger",
    "decisions": "vedtak (tekst)", "purchases": "boligkjøp (adresse)", "tenancies": "leieforhold (id i fagsystem)",
    "waiting_list": "ventelisteoppføringer", "assessments": "vurderinger", "meetings": "møter", "letters": "brev",
    "referrals": "henvendelser", "consents": "samtykker (merknad)",
}


class Command(BaseCommand):
    help = "Anonymise households whose cases closed and that have had no activity for RETENTION_YEARS years."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Count what would be anonymised; change nothing.")
        parser.add_argument("--years", type=int, default=None, help="Retention in years (default: RETENTION_YEARS).")

    def handle(self, *args, dry_run: bool, years: int | None, **options):
        with transaction.atomic():
            counts = services.households_anonymise_expired(years=years)
            if dry_run:  # the same work, rolled back: the counts are exactly what a real run does
                transaction.set_rollback(True)
        if not counts.get("households"):
            self.stdout.write("Ingen husstander å anonymisere.")
            return
        prefix = "Tørrkjøring, ingenting er endret. Ville ha endret:" if dry_run else "Anonymisert:"
        self.stdout.write(prefix)
        for kind, label in LABELS.items():
            self.stdout.write(f"  {label}: {counts.get(kind, 0)}")
