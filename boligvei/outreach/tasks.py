"""Background tasks (django-tasks, stored in the database; `boligvei db_worker` runs them)."""

from django_tasks import task

from boligvei.outreach.generation import campaign_generate


@task()
def generate_campaign_letters(campaign_id: int) -> int:
    return campaign_generate(campaign_id)
