"""`boligvei rotate_keys`: re-encrypt every identity number with the first FIELD_ENCRYPTION_KEY
(and, with --rehash, recompute every search hash with IDENTITY_HASH_KEY). Idempotent: numbers
already under the current keys are left alone. The procedure is in docs/operations.md."""

from django.core.management.base import BaseCommand

from boligvei.privacy.keys import identity_numbers_rotate


class Command(BaseCommand):
    help = "Re-encrypt identity numbers with the first FIELD_ENCRYPTION_KEY; --rehash renews the search hashes."

    def add_arguments(self, parser):
        parser.add_argument("--rehash", action="store_true",
                            help="Also recompute every identity-number hash with the current IDENTITY_HASH_KEY.")
        parser.add_argument("--dry-run", action="store_true", help="Count what would change; change nothing.")
        parser.add_argument("--batch-size", type=int, default=500)

    def handle(self, *args, rehash: bool, dry_run: bool, batch_size: int, **options):
        counts = identity_numbers_rotate(rehash=rehash, dry_run=dry_run, batch_size=batch_size)
        if dry_run:
            self.stdout.write("Tørrkjøring: ingenting er endret. Tallene er det en kjøring ville endret.")
        self.stdout.write(f"Fødselsnumre lagret: {counts['numbers']}.")
        self.stdout.write(f"Kryptert på nytt med den første nøkkelen: {counts['reencrypted']}.")
        if rehash:
            self.stdout.write(f"Søkenøkkel (hash) beregnet på nytt: {counts['rehashed']}.")
        if not (counts["reencrypted"] or counts["rehashed"]):
            self.stdout.write("Alt er allerede kryptert med gjeldende nøkler. Ingenting å gjøre.")
