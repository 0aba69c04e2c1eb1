"""The printable summary for the tenant, as a PDF/A made with Typst.

The layout is `typst/summary.typ`; the figures go in as JSON through Typst's `sys.inputs`, so
no name or number from the register is ever read as markup. The summary is made from a saved
assessment as it was stored, so a reprint years later shows the same figures.
"""

from pathlib import Path

from django.conf import settings
from django.utils import timezone

from boligvei.assessments.models import Assessment
from boligvei.core.documents import TypstLayout

LAYOUT = TypstLayout(Path(__file__).resolve().parent / "typst" / "summary.typ")
LANGUAGES = {"nb": "bokmål", "nn": "nynorsk"}


def summary_language(assessment: Assessment, requested: str | None) -> str:
    """The language asked for, else the main person's written language where it is nb or nn."""
    if requested in LANGUAGES:
        return requested
    main = assessment.household.members.filter(relation="main").first()
    return main.preferred_language if main and main.preferred_language in LANGUAGES else "nb"


def summary_pdf(*, assessment: Assessment, lang: str) -> bytes:
    request, result = assessment.request, assessment.result
    dwelling = request.get("dwelling", {})
    data = {
        "lang": lang,
        "municipality": settings.MUNICIPALITY_NAME,
        "household": assessment.household.name,
        "date": timezone.localtime(assessment.created_at).strftime("%d.%m.%Y"),
        "caseworker": str(assessment.created_by),
        "phone": assessment.created_by.phone,
        "equity": request.get("equity", 0),
        "price_total": dwelling.get("price", 0) + dwelling.get("common_debt", 0),
        "result": result,
    }
    return LAYOUT.pdf(data, timestamp=int(assessment.created_at.timestamp()))
