"""Money in kroner: exact `Decimal` arithmetic, rounding only for display.

Amounts are kept exact through a calculation; they are rounded to whole kroner (half up, as
people round) only where a person reads them, and to øre where a payment is actually made.
"""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

ZERO = Decimal(0)
ONE_ORE = Decimal("0.01")
MONTHS_PER_YEAR = 12


class NotAnAmountError(ValueError):
    """A value that cannot be read as an amount or a rate."""


def to_decimal(value: object) -> Decimal:
    """Read an int, a decimal string or a float as an exact `Decimal`.

    Floats go through `str` so that 0.1 stays 0.1 and does not become its binary neighbour.
    Booleans are refused: `True` is an int in Python, never an amount here.
    """
    if isinstance(value, Decimal):
        result = value
    elif isinstance(value, bool) or value is None:
        raise NotAnAmountError(f"not a number: {value!r}")
    elif isinstance(value, int | float | str):
        try:
            result = Decimal(str(value).strip())
        except InvalidOperation:
            raise NotAnAmountError(f"not a number: {value!r}") from None
    else:
        raise NotAnAmountError(f"not a number: {value!r}")
    if not result.is_finite():
        raise NotAnAmountError(f"not a finite number: {value!r}")
    return result


def percent(value: object) -> Decimal:
    """A percentage (22, 7.7) as a fraction (0.22, 0.077)."""
    return to_decimal(value) / 100


def whole_kroner(amount: Decimal) -> int:
    """Round to whole kroner for display, half up."""
    return int(amount.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def to_ore(amount: Decimal) -> Decimal:
    """Round to øre, the unit a payment is made in."""
    return amount.quantize(ONE_ORE, rounding=ROUND_HALF_UP)


def monthly(yearly: Decimal) -> Decimal:
    return yearly / MONTHS_PER_YEAR
