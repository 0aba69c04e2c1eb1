"""Demo referrals: partners with their links and a queue of submissions to work through.

Made through the real services, so merges and audit rows are as in use. Most submissions come
from tenants in the demo register (so the queue's household suggestions find them); a few come
from people who do not rent from the municipality. Phone numbers are in the fictional
"000 NN NNN" pattern, e-mail addresses at example.com.
"""

import datetime as dt
import random

from django.utils import timezone

from boligvei.cases.models import Channel
from boligvei.core.models import User
from boligvei.housing.models import Tenancy
from boligvei.referrals import services
from boligvei.referrals.models import ReferralPartner, Submission

PARTNERS = [("NAV Fjordvik", Channel.NAV), ("Servicetorget", Channel.SERVICE_CENTRE),
            ("A-LARM", Channel.USER_ORGANISATION)]
REFERRERS = {"NAV Fjordvik": "Marte Lunde", "Servicetorget": "Jonas Vik", "A-LARM": "Silje Berg"}
MESSAGES = [
    "Kan dere ringe etter klokka 15?",
    "Vi har bodd her i ni år og vil gjerne kjøpe leiligheten.",
    "Jeg har fast jobb nå og lurer på om jeg kan få startlån.",
    "",
    "Trenger tolk (arabisk).",
]
NOT_TENANTS = ["Eva Strand", "Tomasz Nowak", "Halima Yusuf"]  # rent privately: to be told about other options


def _phone(rng: random.Random) -> str:
    return f"000 {rng.randint(0, 99):02d} {rng.randint(0, 999):03d}"


def demo_referrals_create(*, seed: int, today: dt.date, count: int = 8) -> int:
    """Create the demo partners (if missing) and `count` submissions in the queue, the first of
    them sent twice (merged). Returns the number of submissions in the queue."""
    rng = random.Random(seed + 7)
    admin = User.objects.filter(username="administrator").first()
    partners = []
    for name, channel in PARTNERS:
        partner = (ReferralPartner.objects.filter(name=name).first()
                   or services.partner_create(actor=admin, name=name, channel=channel))
        partners.append(partner)
    tenancies = list(Tenancy.objects.filter(is_active=True, household__cases__isnull=True)
                     .select_related("household", "dwelling").order_by("pk")[:200])
    rng.shuffle(tenancies)
    made: list[Submission] = []
    for n in range(count):
        if n < count - len(NOT_TENANTS) and n < len(tenancies):
            tenancy = tenancies[n]
            last, _, first = tenancy.household.name.partition(", ")
            name, address = f"{first} {last}".strip(), tenancy.dwelling.street_address
        else:
            name, address = NOT_TENANTS[n % len(NOT_TENANTS)], ""
        phone = _phone(rng)
        local = "".join(ch for ch in name.split()[0].lower().replace("æ", "ae").replace("ø", "o").replace("å", "aa")
                        if ch.isascii() and ch.isalnum())
        email = f"{local}{n}@example.com" if rng.random() < 0.4 else ""
        message = rng.choice(MESSAGES)
        if n % 3 == 1:
            partner = partners[n % len(partners)]
            submission, _ = services.submission_receive(
                channel=partner.channel, partner=partner, referrer_name=REFERRERS[partner.name],
                referrer_contact=_phone(rng), name=name, phone=phone, email=email, address=address, message=message)
        else:
            submission, _ = services.submission_receive(
                channel=rng.choice([Channel.FLYER, Channel.LETTER, Channel.SELF_REFERRAL, Channel.NAV]),
                name=name, phone=phone, email=email, address=address, message=message)
        made.append(submission)
    if made:  # someone who sent the form twice
        first = made[0]
        services.submission_receive(channel=first.channel, name=first.name, phone=first.phone,
                                    message="Sendte skjemaet en gang til – har ikke hørt noe ennå.")
    # Spread the submissions over the last three weeks, as a queue would look.
    base = timezone.now() - dt.timedelta(days=max((timezone.localdate() - today).days, 0))
    for n, submission in enumerate(made):
        at = base - dt.timedelta(days=rng.randint(1, 20), hours=rng.randint(0, 8))
        last = base - dt.timedelta(hours=2) if n == 0 else at
        Submission.objects.filter(pk=submission.pk).update(created_at=at, consent_at=last, last_submitted_at=last)
    return Submission.objects.filter(status="open").count()
