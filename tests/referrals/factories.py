import factory

from boligvei.cases.models import Channel
from boligvei.referrals import services
from boligvei.referrals.models import ReferralPartner


class ReferralPartnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReferralPartner

    name = factory.Sequence(lambda n: f"NAV Fjordvik {n}")
    channel = Channel.NAV


def submission(**fields):
    """A submission through the real service (phone numbers in the fictional 000 range)."""
    values = {"channel": Channel.FLYER, "name": "Kari Nordmann", "phone": "000 12 345", "email": "",
              "address": "", "message": ""}
    values.update(fields)
    return services.submission_receive(**values)[0]


def browser_pages() -> list[str]:
    """The referral pages a caseworker opens, with a submission and a partner to show."""
    from django.urls import reverse

    partner = ReferralPartnerFactory(name="NAV Fjordvik")
    referral = submission(partner=partner, referrer_name="Per Veileder", message="Trenger tolk.")
    return [
        reverse("referrals:submission_list"),
        reverse("referrals:submission_detail", args=[referral.pk]),
        reverse("referrals:flyer"),
        reverse("referrals:interest"),
        reverse("referrals:partner_referral", args=[partner.token]),
    ]
