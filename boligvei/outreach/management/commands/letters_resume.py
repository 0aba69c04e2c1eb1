"""`boligvei letters_resume`: queue again every campaign whose letters are not all made and
whose job is lost or was left «running» by a killed worker. Safe to run at any time: a job still
queued or running is left alone, and a campaign's job makes only the letters still missing.
`boligvei db_worker` does the same when it starts; `make run` runs it before it starts the worker."""

from django.core.management.base import BaseCommand

from boligvei.outreach import services


class Command(BaseCommand):
    help = "Queue again the letter generation of campaigns that did not finish."

    def handle(self, *args, **options):
        campaigns = services.campaigns_interrupted_requeue()
        for campaign in campaigns:
            self.stdout.write(f"Utsendelse {campaign.pk} «{campaign.name}»: satt i kø igjen.")
        if not campaigns:
            self.stdout.write("Ingen utsendelser venter.")
