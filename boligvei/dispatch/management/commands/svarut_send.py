"""`boligvei svarut_send`: send the letters waiting for SvarUt now, in this process (and settle
those a killed worker left «sending», asked by reference first). Safe to run at any time: it
waits for a worker that is sending, and then has nothing left to send twice."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from boligvei.dispatch import services


class Command(BaseCommand):
    help = "Send the letters waiting for SvarUt (resumes what a killed worker left)."

    def handle(self, *args, **options):
        if not settings.SVARUT_ENABLED:
            raise CommandError("SvarUt is off (SVARUT_ENABLED).")
        result = services.shipments_send()
        self.stdout.write(f"Sendt: {result.sent}, funnet igjen hos SvarUt: {result.found}, avvist: {result.failed}, "
                          f"venter: {result.waiting}.")
        if result.stopped:
            raise CommandError("Stoppet: " + {"auth": services.AUTH, "unavailable": services.UNAVAILABLE}.get(
                result.stopped, services.NOT_ENABLED))
