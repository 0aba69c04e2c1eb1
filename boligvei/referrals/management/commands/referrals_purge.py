"""`boligvei referrals_purge`: delete submissions handled more than a year ago without a case."""

from django.core.management.base import BaseCommand

from boligvei.referrals.services import submissions_purge


class Command(BaseCommand):
    help = ("Delete the submissions (interest forms and referrals) handled more than a year ago that did not "
            "become a case, as the consent text promises. Idempotent; run it daily. Prints the count.")

    def handle(self, *args, **options):
        self.stdout.write(f"Slettet {submissions_purge()} henvendelser.")
