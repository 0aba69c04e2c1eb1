"""`boligvei db_worker`: django-tasks' database worker, which first queues again the letter
batches a killed worker left behind.

A worker killed mid-batch (`kill -9`, a power cut) cannot mark its job as ended: django-tasks
would show it «running» for ever and never run it again. Started again, this worker marks such a
job failed (its campaign's generation lock is free, so no live process is on it) and queues the
campaign again (`outreach.services.campaigns_interrupted_requeue`), before it takes jobs as
usual; the letters already made are kept and not made again. Everything else is django-tasks'
own command (this app comes before django_tasks_db in INSTALLED_APPS, so Django runs this one).
"""

from django_tasks_db.management.commands import db_worker

from boligvei.outreach import services


class Command(db_worker.Command):
    help = "Run the database background worker (letter batches), after queueing interrupted batches again."

    def handle(self, *args, **options):
        for campaign in services.campaigns_interrupted_requeue():
            self.stdout.write(f"Utsendelse {campaign.pk}: avbrutt, satt i kø igjen.")
        return super().handle(*args, **options)
