import io
import json

from boligvei.finance.cli import run_cli

from .conftest import BASE_REQUEST


def call(payload):
    stream_in = io.StringIO(payload if isinstance(payload, str) else json.dumps(payload))
    stream_out = io.StringIO()
    code = run_cli(stream_in, stream_out)
    return code, json.loads(stream_out.getvalue())


def test_it_assesses_one_request():
    code, out = call(BASE_REQUEST)
    assert code == 0
    assert out["affordable"] is False
    assert isinstance(out["max_loan"], int)


def test_it_assesses_a_list_of_requests_in_order():
    cheaper = {**BASE_REQUEST, "dwelling": {"price": 1_500_000, "running_costs_monthly": 4000}}
    code, out = call([BASE_REQUEST, cheaper])
    assert code == 0
    assert [r["affordable"] for r in out] == [False, True]


def test_it_exits_with_two_and_names_each_bad_field():
    bad = {**BASE_REQUEST, "year": 2019, "loan": {"rate_percent": 31, "years": 45}}
    code, out = call(bad)
    assert code == 2
    assert {e["field"] for e in out["errors"]} == {"year", "loan.rate_percent", "loan.years"}
    assert all(e["message"] for e in out["errors"])


def test_in_a_list_it_prefixes_each_error_with_the_requests_index():
    bad = {**BASE_REQUEST, "equity": -5}
    code, out = call([BASE_REQUEST, bad])
    assert code == 2
    assert out == {"errors": [{"field": "[1].equity", "message": "kan ikke være negativ"}]}


def test_it_rejects_text_that_is_not_json():
    code, out = call("{not json")
    assert code == 2
    assert out["errors"][0]["field"] == ""
