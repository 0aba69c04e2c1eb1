import json
import os
import subprocess
import sys
from pathlib import Path

REQUEST = {
    "year": 2026, "members": [{"age": 40, "sex": "female"}], "car": "none", "income": {"wage": 520000},
    "other_fixed_costs_monthly": 0, "dwelling": {"price": 2500000, "common_debt": 0, "running_costs_monthly": 3000},
    "equity": 50000,
    "loan": {"rate_percent": 5.0, "stress_rate_percent": 6.5, "years": 30, "kind": "annuity",
             "interest_tax_deduction": True},
}


def _boligvei(*args, stdin: str = "", env: dict | None = None) -> subprocess.CompletedProcess:
    """Run the real console script, as an operator or another system would."""
    script = Path(sys.executable).with_name("boligvei")
    return subprocess.run([str(script), *args], input=stdin, capture_output=True, text=True, timeout=120,
                          env={**os.environ, **(env or {})})


def test_it_assesses_a_request_from_standard_input():
    result = _boligvei("assess", "-", stdin=json.dumps(REQUEST))
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout)
    for field in ("net_income_monthly", "living_costs_monthly", "available_for_housing_monthly",
                  "available_for_loan_monthly", "loan_amount", "payment_monthly", "stressed_payment_monthly",
                  "surplus_monthly", "affordable", "max_loan", "max_price", "lines", "parameters"):
        assert field in answer, field
    assert answer["loan_amount"] == 2_450_000


def test_it_assesses_a_list_from_a_file(tmp_path):
    path = tmp_path / "requests.json"
    path.write_text(json.dumps([REQUEST, {**REQUEST, "equity": 500000}]), encoding="utf-8")
    result = _boligvei("assess", str(path))
    assert result.returncode == 0, result.stderr
    first, second = json.loads(result.stdout)
    assert second["loan_amount"] == first["loan_amount"] - 450_000


def test_invalid_input_exits_2_naming_each_bad_field():
    bad = {**REQUEST, "year": 1999, "loan": {**REQUEST["loan"], "rate_percent": 45}}
    result = _boligvei("assess", "-", stdin=json.dumps(bad))
    assert result.returncode == 2
    fields = {error["field"] for error in json.loads(result.stdout)["errors"]}
    assert "year" in fields and any("rate_percent" in field for field in fields)


def test_a_missing_file_is_a_clear_error():
    result = _boligvei("assess", "/nonexistent/requests.json")
    assert result.returncode != 0 and "Kan ikke lese" in result.stderr


def test_it_uses_the_parameters_an_administrator_saved(tmp_path):
    """Against a migrated database of its own: a higher policy rate saved there raises the
    stress rate the command assesses with."""
    env = {"DATABASE_URL": f"sqlite:///{tmp_path / 'boligvei.sqlite3'}"}
    assert _boligvei("migrate", "-v0", env=env).returncode == 0
    assert _boligvei("createcachetable", env=env).returncode == 0  # as every installation does (README)
    before = json.loads(_boligvei("assess", "-", stdin=json.dumps({**REQUEST, "loan": {
        k: v for k, v in REQUEST["loan"].items() if k != "stress_rate_percent"}}), env=env).stdout)
    script = (
        "import json; from boligvei.assessments.parameters import text_in_force, parameter_version_create;"
        "from boligvei.core.models import User;"
        "text, _ = text_in_force('stress_test', None); data = json.loads(text);"
        "data['policy_rates'].append({**data['policy_rates'][-1], 'valid_from': '2026-01-01', 'policy_rate_percent': 6.0});"
        "admin = User.objects.create(username='admin', role='administrator');"
        "parameter_version_create(actor=admin, kind='stress_test', year=None, text=json.dumps(data), note='test')"
    )
    assert _boligvei("shell", "-c", script, env=env).returncode == 0
    after = json.loads(_boligvei("assess", "-", stdin=json.dumps({**REQUEST, "loan": {
        k: v for k, v in REQUEST["loan"].items() if k != "stress_rate_percent"}}), env=env).stdout)
    assert before["stress_rate_percent"] == 6.5 and after["stress_rate_percent"] == 8.5


def test_without_a_configured_production_environment_it_says_so_in_one_line_without_a_traceback():
    script = Path(sys.executable).with_name("boligvei")
    bare = {key: value for key, value in os.environ.items()
            if key not in ("DEBUG", "SECRET_KEY", "SECRET_KEY_FILE", "DJANGO_SETTINGS_MODULE", "DATABASE_URL")}
    result = subprocess.run([str(script), "assess", "-"], input=json.dumps(REQUEST), capture_output=True,
                            text=True, timeout=120, env=bare)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert result.stderr.startswith("boligvei: innstillingene er ikke komplette: SECRET_KEY")
