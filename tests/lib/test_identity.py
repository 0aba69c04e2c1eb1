import datetime as dt
import random

import pytest
from stdnum.no import fodselsnummer as stdnum_fnr

from boligvei.lib import identity
from tests.people.factories import synthetic_number_with_individual

# Skatteetaten's synthetic test numbers (month + 80), generated and checked by hand below.
TODAY = dt.date(2026, 6, 1)
SYNTHETIC = identity.synthetic_identity_number(dt.date(1985, 3, 14), random.Random(1))


def test_it_accepts_a_synthetic_number_where_allowed():
    number = identity.parse(SYNTHETIC, allow_synthetic=True)
    assert number.is_synthetic and not number.is_d_number
    assert number.birth_date(today=TODAY) == dt.date(1985, 3, 14)


def test_it_refuses_a_synthetic_number_where_not_allowed():
    with pytest.raises(identity.InvalidIdentityNumber, match="syntetisk"):
        identity.parse(SYNTHETIC, allow_synthetic=False)


def test_it_ignores_spaces_and_dots():
    spaced = f"{SYNTHETIC[:6]} {SYNTHETIC[6:9]}.{SYNTHETIC[9:]}"
    assert identity.parse(spaced, allow_synthetic=True).value == SYNTHETIC


@pytest.mark.parametrize("raw", ["", "123", "1234567890a", "123456789012"])
def test_it_requires_eleven_digits(raw):
    with pytest.raises(identity.InvalidIdentityNumber, match="11 siffer"):
        identity.parse(raw, allow_synthetic=True)


def test_it_rejects_a_wrong_second_check_digit():
    wrong = SYNTHETIC[:10] + str((int(SYNTHETIC[10]) + 1) % 10)
    with pytest.raises(identity.InvalidIdentityNumber, match="Kontrollsifrene"):
        identity.parse(wrong, allow_synthetic=True)


def test_it_rejects_an_impossible_date():
    nine = "310285" + "123"  # 31 February, synthetic month 82
    number = nine + (identity._check_digits(nine) or "00")
    with pytest.raises(identity.InvalidIdentityNumber, match="dato"):
        identity.parse(number, allow_synthetic=True)


def test_it_knows_a_d_number():
    number = identity.synthetic_identity_number(dt.date(1990, 7, 5), random.Random(2), d_number=True)
    parsed = identity.parse(number, allow_synthetic=True)
    assert parsed.is_d_number and parsed.day == 5 and number.startswith("45")


def _number_with_first_remainder(remainder: int) -> str:
    """A synthetic number (15.08.1995, month 88) whose first weighted sum leaves `remainder`."""
    for individual in range(500, 1000):
        nine = f"158895{individual:03d}"
        partial = sum(int(d) * w for d, w in zip(nine, identity.K1_WEIGHTS[:9], strict=True))
        k1 = (remainder - partial) % 11
        if k1 == 10:
            continue
        ten = nine + str(k1)
        k2 = (-sum(int(d) * w for d, w in zip(ten, identity.K2_WEIGHTS[:10], strict=True))) % 11
        if k2 != 10:
            return ten + str(k2)
    raise AssertionError("no number found")


@pytest.mark.parametrize("remainder", [1, 2, 3])
def test_it_accepts_numbers_issued_under_the_2032_rule(remainder):
    parsed = identity.parse(_number_with_first_remainder(remainder), allow_synthetic=True)
    assert parsed.follows_2032_rule_only
    assert parsed.birth_date(today=TODAY) is None  # century and date can no longer be read


@pytest.mark.parametrize("remainder", [4, 5, 7, 10])
def test_it_rejects_first_check_digits_outside_the_2032_remainders(remainder):
    with pytest.raises(identity.InvalidIdentityNumber, match="Kontrollsifrene"):
        identity.parse(_number_with_first_remainder(remainder), allow_synthetic=True)


def test_old_rule_numbers_are_not_marked_as_2032_numbers():
    assert not identity.parse(_number_with_first_remainder(0), allow_synthetic=True).follows_2032_rule_only


def test_its_check_digits_agree_with_stdnum():
    """python-stdnum knows the pre-2032 rule; our old-rule check digits must match its own.

    Only synthetic numbers are used (month + 80), so no number here can be a real person's;
    stdnum's digit functions do not look at the date.
    """
    rng = random.Random(2032)
    for _ in range(2000):
        born = dt.date(1930, 1, 1) + dt.timedelta(days=rng.randrange(0, 34000))
        number = identity.synthetic_identity_number(born, rng)
        assert stdnum_fnr.calc_check_digit1(number[:9]) == number[9]
        assert stdnum_fnr.calc_check_digit2(number[:10]) == number[10]


def test_every_generated_synthetic_number_is_valid_and_synthetic():
    rng = random.Random(7)
    for _ in range(500):
        born = dt.date(1930, 1, 1) + dt.timedelta(days=rng.randrange(0, 34000))
        number = identity.synthetic_identity_number(born, rng, d_number=rng.random() < 0.1)
        parsed = identity.parse(number, allow_synthetic=True)
        assert parsed.is_synthetic and int(number[2:4]) > 80
        assert parsed.birth_date(today=TODAY) == born


def test_masking_hides_the_personal_part():
    assert identity.mask(SYNTHETIC) == f"{SYNTHETIC[:6]} *****"
    assert SYNTHETIC[6:] not in identity.mask(SYNTHETIC)


@pytest.mark.parametrize("translate", [
    str.maketrans("0123456789", "０１２３４５６７８９"),  # full-width digits
    str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"),  # Arabic-Indic digits
])
def test_it_refuses_digits_that_are_not_ascii(translate):
    with pytest.raises(identity.InvalidIdentityNumber, match="11 siffer"):
        identity.parse(SYNTHETIC.translate(translate), allow_synthetic=True)


def test_a_superscript_digit_is_a_clear_error_not_a_crash():
    with pytest.raises(identity.InvalidIdentityNumber):
        identity.parse(SYNTHETIC[:10] + "²", allow_synthetic=True)


def test_a_number_whose_individual_digits_would_give_a_birth_date_in_the_future_gives_none():
    """From 2032 the individual digits no longer tell the century: a person born in 1932 may get
    individual digits that the old allocation reads as 2032."""
    number = identity.parse(synthetic_number_with_individual(dt.date(1932, 8, 15), 600), allow_synthetic=True)
    assert not number.follows_2032_rule_only
    assert number.birth_date(today=TODAY) is None


def test_a_number_whose_individual_digits_would_give_a_year_before_1900_gives_none():
    number = identity.parse(synthetic_number_with_individual(dt.date(1960, 4, 2), 550), allow_synthetic=True)
    assert number.birth_date(today=TODAY) is None  # the old allocation says 1860


def test_a_birth_date_matches_the_number_in_day_month_and_two_digit_year_whatever_the_century():
    number = identity.parse(synthetic_number_with_individual(dt.date(1932, 8, 15), 600), allow_synthetic=True)
    assert number.matches_birth_date(dt.date(1932, 8, 15))
    assert number.matches_birth_date(dt.date(2032, 8, 15))
    assert not number.matches_birth_date(dt.date(1933, 8, 15))
    assert not number.matches_birth_date(dt.date(1932, 8, 16))


def test_a_d_number_matches_its_birth_date():
    number = identity.parse(identity.synthetic_identity_number(dt.date(1990, 7, 5), random.Random(2), d_number=True),
                            allow_synthetic=True)
    assert number.matches_birth_date(dt.date(1990, 7, 5))
