"""`boligvei svarut_status`: fetch the status and events of every letter SvarUt has that is not
final (SvarUt has no callback; run it from a timer, or let the worker poll)."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from boligvei.dispatch import services
from boligvei.dispatch.client import SvarUtError


class Command(BaseCommand):
    help = "Fetch the SvarUt status and events of the letters sent that are not final."

    def handle(self, *args, **options):
        if not settings.SVARUT_ENABLED:
            raise CommandError("SvarUt is off (SVARUT_ENABLED).")
        try:
            changed = services.shipments_poll()
        except SvarUtError as exc:
            raise CommandError(f"SvarUt: {exc}") from exc
        self.stdout.write(f"Ny status for {changed} brev.")
