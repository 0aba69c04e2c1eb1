"""The flyer as a PDF/A made with Typst: what rent-to-own is, whom to call, a QR code to the
public interest form.

The layout and wording are `typst/flyer.typ`; the contact person, the address and the QR code go
in as JSON through Typst's `sys.inputs`, so nothing is ever read as markup.
"""

from pathlib import Path

from django.conf import settings
from django.utils import timezone

from boligvei.core.documents import TypstLayout
from boligvei.core.models import User
from boligvei.lib.qr import qr_svg
from boligvei.referrals.selectors import interest_link

LAYOUT = TypstLayout(Path(__file__).resolve().parent / "typst" / "flyer.typ")
LANGUAGES = ("nb", "nn", "en")


def flyer_pdf(*, contact: User, lang: str = "nb") -> bytes:
    url = interest_link()
    data = {
        "lang": lang if lang in LANGUAGES else "nb",
        "municipality": settings.MUNICIPALITY_NAME,
        "office": settings.HOUSING_OFFICE_NAME,
        "office_address": settings.HOUSING_OFFICE_ADDRESS,
        "contact_name": str(contact),
        "contact_phone": contact.phone or settings.HOUSING_OFFICE_PHONE,
        "contact_email": contact.email,
        "url": url,
        "qr": qr_svg(url),
    }
    return LAYOUT.pdf(data, timestamp=int(timezone.now().timestamp()))
