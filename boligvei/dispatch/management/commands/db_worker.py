"""`boligvei db_worker`: outreach's worker (which queues again the letter batches a killed worker
left behind), which also queues again the SvarUt shipments a killed worker left waiting.

This app comes before outreach and django_tasks_db in INSTALLED_APPS, so Django runs this one.
"""

from boligvei.dispatch import services
from boligvei.outreach.management.commands import db_worker


class Command(db_worker.Command):
    help = ("Run the database background worker (letter batches, SvarUt shipments), after queueing "
            "interrupted work again.")

    def handle(self, *args, **options):
        if services.shipments_interrupted_requeue():
            self.stdout.write("SvarUt: brev som venter på sending, satt i kø igjen.")
        return super().handle(*args, **options)
