"""The demo's cases at the stages of help to buy and after the purchase, made through the
services (boligvei/demo/cases.py): a checklist partly done, follow-ups after the purchase
recorded (one with payment trouble) and a twelve-month follow-up due."""

import datetime as dt
from unittest import mock

import pytest
from django.utils import timezone

from boligvei.cases.models import Case, CaseChecklist, PurchaseFollowUp
from boligvei.cases.selectors import follow_ups_due
from boligvei.core.models import AuditEvent, User
from boligvei.demo.services import demo_load

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    with mock.patch("boligvei.demo.services.demo_outreach_create", return_value=0):
        return demo_load(seed=2012, households=400, dwellings=300)


def test_households_looking_for_a_home_have_ticked_the_first_steps_of_the_checklist(demo):
    looking = CaseChecklist.objects.filter(case__status="financing_approved", by_hand=False)
    assert looking.exists()
    for checklist in looking:
        assert checklist.tasks.filter(done_at__isnull=False).count() == 2 < checklist.tasks.count()
    bought = CaseChecklist.objects.filter(case__purchase__isnull=False)
    assert bought.exists() and not any(c.tasks.filter(done_at__isnull=True).exists() for c in bought)


def test_households_that_bought_were_followed_up_and_one_has_payment_trouble(demo):
    today = timezone.localdate()
    done = PurchaseFollowUp.objects.filter(done_on__isnull=False).select_related("case__purchase")
    assert done.count() == 3 and {f.months for f in done} == {3}
    assert all(f.case.status == "after_purchase" and f.done_on >= f.case.purchase.completed_on for f in done)
    assert [f.payment_trouble for f in done if f.has_payment_trouble] == ["startlan_arrears"]
    assert AuditEvent.objects.filter(action="case.follow_up.record").count() == 3
    due = follow_ups_due(user=User.objects.get(username="saksbehandler"), today=today)
    assert [f.months for f in due["follow_ups_upcoming"]] == [12]
    assert Case.objects.filter(status="purchased", follow_ups__done_on__isnull=True).exists()  # bought last week
    assert not PurchaseFollowUp.objects.filter(due_on__lt=today, done_on__isnull=True).exists()
