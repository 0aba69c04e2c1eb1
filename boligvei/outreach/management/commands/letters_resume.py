"""`boligvei letters_resume`: queue again every campaign whose letters are not all made (after a
crash or a restart of the worker). Safe to run at any time: a campaign's job makes only the
letters still missing. `make run` runs it before it starts the worker."""

from django.core.management.base import BaseCommand

from boligvei.outreach import services


class Command(BaseCommand):
    help = "Queue again the letter generation of campaigns that did not finish."

    def handle(self, *args, **options):
        campaigns = services.campaigns_unfinished()
        for campaign in campaigns:
            services.campaign_generation_start(campaign)
            self.stdout.write(f"Utsendelse {campaign.pk} «{campaign.name}»: satt i kø igjen.")
        if not campaigns:
            self.stdout.write("Ingen utsendelser venter.")
