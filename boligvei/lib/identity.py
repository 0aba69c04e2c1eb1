"""Norwegian identity numbers: fødselsnummer and D-nummer, under both check-digit rules.

An identity number is 11 digits: DDMMYY, three individual digits and two check digits. A
D-nummer adds 40 to the day. Skatteetaten's synthetic test numbers add 80 to the month.

Check digits (mod 11, weights 3 7 6 1 8 9 4 5 2 and 5 4 3 2 7 6 5 4 3 2): until 2032 the first
check digit makes the weighted sum of the first ten digits divisible by 11. From 2032-01-01
Skatteetaten issues numbers whose first weighted sum may leave remainder 0, 1, 2 or 3; the second
check digit rule is unchanged (Skatteetaten, Folkeregisteret API documentation, "nytt
fødselsnummer 2032"). Both kinds stay valid side by side, so we accept both. python-stdnum knows
only the old rule, which is why this module exists; the tests cross-check it against stdnum for
old-rule numbers.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

K1_WEIGHTS = (3, 7, 6, 1, 8, 9, 4, 5, 2, 1)  # the tenth weight is the check digit itself
K2_WEIGHTS = (5, 4, 3, 2, 7, 6, 5, 4, 3, 2, 1)
RULE_2032_REMAINDERS = frozenset({0, 1, 2, 3})


class InvalidIdentityNumber(ValueError):
    """The number is not a valid identity number; the message says why, in Norwegian."""


@dataclass(frozen=True)
class IdentityNumber:
    value: str
    is_d_number: bool
    is_synthetic: bool
    follows_2032_rule_only: bool  # valid only under the relaxed 2032 rule for the first check digit
    day: int
    month: int
    year_two_digits: int

    def birth_date(self, *, today: dt.date) -> dt.date | None:
        """The birth date the number seems to encode, or None where it cannot be trusted.

        Until 2032 the individual number told the century; numbers issued from 2032 (whatever
        their first check digit) do not, and one that follows the old rule cannot be told from an
        old number. So a derived date is only a proposal: None for numbers valid only under the
        2032 rule, and None where the century it gives is impossible (a date after `today`, or a
        year before 1900), since the person must then have been born in another century. Ask for
        the birth date (or take the register's) rather than store a guess.
        """
        if self.follows_2032_rule_only:
            return None
        century = _century(self.year_two_digits, int(self.value[6:9]))
        if century is None:
            return None
        try:
            born = dt.date(century + self.year_two_digits, self.month, self.day)
        except ValueError:
            return None
        return born if 1900 <= born.year and born <= today else None

    def matches_birth_date(self, born: dt.date) -> bool:
        """Whether a birth date agrees with the number's six first digits (day, month, two-digit
        year). The century is not compared: numbers issued from 2032 do not tell it."""
        return (born.day, born.month, born.year % 100) == (self.day, self.month, self.year_two_digits)

    def masked(self) -> str:
        return mask(self.value)


def mask(value: str) -> str:
    """Show the birth-date part and hide the personal part: 010180 *****."""
    digits = "".join(ch for ch in value if ch.isdigit())
    if len(digits) != 11:
        return "*" * 11
    return f"{digits[:6]} *****"


def looks_like_identity_number(text: str) -> bool:
    """Eleven digits once spaces, dots and dashes are gone: treat as an identity number."""
    digits = normalise(text)
    return digits.isascii() and digits.isdigit() and len(digits) == 11


def normalise(raw: str) -> str:
    """Digits only: people type spaces, dots and dashes inside the number."""
    return "".join(ch for ch in raw if ch not in " .-\u00a0\t")


def _weighted_remainder(digits: str, weights: tuple[int, ...]) -> int:
    return sum(int(d) * w for d, w in zip(digits, weights, strict=True)) % 11


def _century(year_two_digits: int, individual: int) -> int | None:
    """Century from the individual number, Skatteetaten's allocation for old-rule numbers."""
    if individual <= 499:
        return 1900
    if individual <= 749 and year_two_digits >= 54:
        return 1800
    if individual >= 900 and year_two_digits >= 40:
        return 1900
    if year_two_digits <= 39:
        return 2000
    return None


def parse(raw: str, *, allow_synthetic: bool) -> IdentityNumber:
    """Validate and describe an identity number, or raise InvalidIdentityNumber."""
    value = normalise(raw)
    if not (value.isascii() and value.isdigit() and len(value) == 11):
        raise InvalidIdentityNumber("Fødselsnummer og D-nummer har 11 siffer.")

    day, month, yy = int(value[0:2]), int(value[2:4]), int(value[4:6])
    is_d_number = day > 40
    if is_d_number:
        day -= 40
    is_synthetic = month > 80
    if is_synthetic:
        month -= 80
    if is_synthetic and not allow_synthetic:
        raise InvalidIdentityNumber(
            "Dette er et syntetisk testnummer (måned + 80), som ikke kan brukes om virkelige personer."
        )
    if not 1 <= month <= 12:
        raise InvalidIdentityNumber("De seks første sifrene er ikke en gyldig dato (måned).")
    # Without the century, 29 February is allowed in any year divisible by four.
    leap_year = 2000 if yy % 4 == 0 else 2001
    try:
        dt.date(leap_year, month, day)
    except ValueError:
        raise InvalidIdentityNumber("De seks første sifrene er ikke en gyldig dato (dag).") from None

    if _weighted_remainder(value, K2_WEIGHTS) != 0:
        raise InvalidIdentityNumber("Kontrollsifrene stemmer ikke. Sjekk at nummeret er skrevet riktig.")
    first_remainder = _weighted_remainder(value[:10], K1_WEIGHTS)
    if first_remainder not in RULE_2032_REMAINDERS:
        raise InvalidIdentityNumber("Kontrollsifrene stemmer ikke. Sjekk at nummeret er skrevet riktig.")

    return IdentityNumber(
        value=value,
        is_d_number=is_d_number,
        is_synthetic=is_synthetic,
        follows_2032_rule_only=first_remainder != 0,
        day=day,
        month=month,
        year_two_digits=yy,
    )


def _check_digits(first_nine: str, *, k1_remainder: int = 0) -> str | None:
    """The two check digits for nine digits, or None where no digit fits."""
    partial = sum(int(d) * w for d, w in zip(first_nine, K1_WEIGHTS[:9], strict=True))
    k1 = (k1_remainder - partial) % 11
    if k1 == 10:
        return None
    ten = first_nine + str(k1)
    k2 = (-sum(int(d) * w for d, w in zip(ten, K2_WEIGHTS[:10], strict=True))) % 11
    if k2 == 10:
        return None
    return f"{k1}{k2}"


def _individual_number(birth_date: dt.date, rng: random.Random) -> int:
    if 1900 <= birth_date.year <= 1999:
        return rng.randint(0, 499)
    if 2000 <= birth_date.year <= 2039:
        return rng.randint(500, 999)
    raise ValueError("synthetic numbers are generated for births 1900–2039 only")


def synthetic_identity_number(
    birth_date: dt.date, rng: random.Random, *, d_number: bool = False, rule_2032: bool = False
) -> str:
    """A synthetic test number (month + 80) for a birth date; never a real person's number.

    With rule_2032 the first check digit uses one of the relaxed remainders 1–3, as numbers
    issued from 2032 may.
    """
    day = birth_date.day + (40 if d_number else 0)
    prefix = f"{day:02d}{birth_date.month + 80:02d}{birth_date.year % 100:02d}"
    while True:
        first_nine = prefix + f"{_individual_number(birth_date, rng):03d}"
        remainder = rng.choice((1, 2, 3)) if rule_2032 else 0
        digits = _check_digits(first_nine, k1_remainder=remainder)
        if digits is not None:
            return first_nine + digits
