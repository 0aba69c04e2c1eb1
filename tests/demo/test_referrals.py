from django.utils import timezone

from boligvei.demo.referrals import demo_referrals_create
from boligvei.demo.services import _register_delete, demo_staff_create
from boligvei.referrals.models import ReferralPartner, Submission
from boligvei.referrals.services import submission_open_case
from tests.housing.factories import TenancyFactory
from tests.people.factories import household_with_main_person


def test_demo_referrals_fill_the_queue_through_the_services(db):
    demo_staff_create()
    for _ in range(6):
        TenancyFactory(household=household_with_main_person())
    waiting = demo_referrals_create(seed=1, today=timezone.localdate())
    assert set(ReferralPartner.objects.values_list("name", flat=True)) == {"NAV Fjordvik", "Servicetorget", "A-LARM"}
    assert 6 <= waiting == Submission.objects.filter(status="open").count() <= 8
    assert Submission.objects.filter(partner__isnull=False).exists()
    assert Submission.objects.filter(submission_count=2).exists()  # one sent twice, merged
    assert all(phone.startswith("000 ") for phone in Submission.objects.values_list("phone", flat=True))
    demo_referrals_create(seed=2, today=timezone.localdate())  # partners are not made twice
    assert ReferralPartner.objects.count() == 3


def test_a_demo_reset_deletes_submissions_linked_to_households(db):
    staff = {user.username: user for user in demo_staff_create()}
    TenancyFactory(household=household_with_main_person())
    demo_referrals_create(seed=1, today=timezone.localdate())
    submission = Submission.objects.first()
    submission_open_case(actor=staff["saksbehandler"], submission=submission,
                         household=household_with_main_person())
    _register_delete()
    assert not Submission.objects.exists()
