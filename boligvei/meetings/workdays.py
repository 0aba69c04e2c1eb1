"""Working days at the housing office, and meeting times in Norwegian (and English) words.

Public holidays come from the `holidays` package (Norway, in Norwegian). Its Norway class can
count every Sunday as a holiday (`include_sundays`); we ask it not to, and close weekends with a
message of their own, so that a refused Sunday says "weekend" and a refused 17 May says why.
"""

import datetime as dt
from functools import lru_cache

import holidays
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

WEEKDAYS = {
    "nb": ["mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag"],
    "nn": ["måndag", "tysdag", "onsdag", "torsdag", "fredag", "laurdag", "sundag"],
    "en": ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"],
}
MONTHS = {
    "nb": ["januar", "februar", "mars", "april", "mai", "juni", "juli", "august", "september", "oktober",
           "november", "desember"],
    "en": ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December"],
}
MONTHS["nn"] = MONTHS["nb"]


@lru_cache(maxsize=32)
def _norway(year: int) -> holidays.HolidayBase:
    return holidays.Norway(years=year, include_sundays=False, language="no")


def holiday_name(day: dt.date) -> str:
    """The public holiday on this day ("Grunnlovsdag"), or "" on an ordinary day."""
    return _norway(day.year).get(day, "") or ""


def is_weekend(day: dt.date) -> bool:
    return day.weekday() >= 5


def is_working_day(day: dt.date) -> bool:
    return not is_weekend(day) and not holiday_name(day)


def when_text(start: dt.datetime, lang: str = "nb", *, end: dt.datetime | None = None) -> str:
    """"tirsdag 9. mars kl. 10.00" (nb, nn) or "Tuesday 9 March at 10:00" (en), local time."""
    lang = lang if lang in WEEKDAYS else "nb"
    start = timezone.localtime(start)
    weekday, month = WEEKDAYS[lang][start.weekday()], MONTHS[lang][start.month - 1]
    if lang == "en":
        text = f"{weekday} {start.day} {month} {start.year} at {start:%H:%M}"
        return text + (f"–{timezone.localtime(end):%H:%M}" if end else "")
    text = f"{weekday} {start.day}. {month} {start.year} kl. {start:%H.%M}"
    return text + (f"–{timezone.localtime(end):%H.%M}" if end else "")
