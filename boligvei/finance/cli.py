"""The assessment CLI as a pure function, for a thin `boligvei assess FILE|-` command.

`run_cli` reads one JSON request or a list of them and writes the results as JSON. Bad input
gives exit code 2 and `{"errors": [{"field": ..., "message": ...}, ...]}` naming each bad field;
in a list, fields are prefixed with the request's index (`[1].loan.rate_percent`). Nothing is
written to the result stream for a list with any bad request, so a caller never acts on half.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from typing import Any, TextIO

from .assess import FieldError, InvalidRequest, assess, from_json, to_json
from .loans import LoanTermsError
from .params import ParameterSet, UnknownYearError

# Given a year, the parameters to assess with (an application's own, e.g. an administrator's).
ParametersForYear = Callable[[int], ParameterSet]

EXIT_OK = 0
EXIT_INVALID = 2


def _write(stream_out: TextIO, payload: Any) -> None:
    json.dump(payload, stream_out, ensure_ascii=False, indent=2)
    stream_out.write("\n")


def _assess_one(data: Any, parameters_for: ParametersForYear | None = None) -> dict[str, Any]:
    request = from_json(data)
    try:
        return to_json(assess(request, parameters_for(request.year) if parameters_for else None))
    except (UnknownYearError, LoanTermsError) as error:
        # from_json checks these first; this keeps the promise of field errors if data change.
        field = f"loan.{error.field}" if isinstance(error, LoanTermsError) else "year"
        raise InvalidRequest([FieldError(field, str(error))]) from error


def run_cli(stream_in: TextIO, stream_out: TextIO, parameters_for: ParametersForYear | None = None) -> int:
    """Assess the JSON request(s) on `stream_in`, write JSON to `stream_out`, return the exit code.

    `parameters_for(year)` supplies the parameters; without it, the shipped data files.
    """
    try:
        data = json.load(stream_in)
    except json.JSONDecodeError as error:
        _write(stream_out, {"errors": [{"field": "", "message": f"ugyldig JSON: {error}"}]})
        return EXIT_INVALID

    if not isinstance(data, list):
        try:
            _write(stream_out, _assess_one(data, parameters_for))
        except InvalidRequest as invalid:
            _write(stream_out, invalid.to_json())
            return EXIT_INVALID
        return EXIT_OK

    results, errors = [], []
    for index, item in enumerate(data):
        try:
            results.append(_assess_one(item, parameters_for))
        except InvalidRequest as invalid:
            errors += [{"field": f"[{index}].{e.field}" if e.field else f"[{index}]",
                        "message": e.message} for e in invalid.errors]
    if errors:
        _write(stream_out, {"errors": errors})
        return EXIT_INVALID
    _write(stream_out, results)
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(run_cli(sys.stdin, sys.stdout))
