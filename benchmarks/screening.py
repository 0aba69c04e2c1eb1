"""Benchmark: screening the portfolio with NumPy against the exact per-household engine.

Generates N synthetic households (`screening.synthetic_input`: 1–7 members, incomes by type,
overrides, annuity and serial loans), times the vectorised path (`screening.screen`) on all of
them, times the exact engine (`assess`, one `Decimal` assessment per household) on a random
sample, extrapolates the exact engine's time to all N, and checks that the two agree on the
sample (every amount within 1 kr). Pure Python and NumPy: no database, no Django.

    .venv/bin/python -m benchmarks.screening                       # 1 000 000 households, 20 000 exact
    .venv/bin/python -m benchmarks.screening --households 200000 --exact-sample 5000 --repeat 5

Results go to bench-results/screening.json too.
"""

import argparse
import json
import os
import platform
import statistics
import time
from pathlib import Path

import numpy as np

from boligvei.finance.assess import assess
from boligvei.finance.params import load_parameters
from boligvei.finance.screening import ScreeningResult, result_from_assessments, screen, synthetic_input

BOOLEANS = ("affordable", "can_buy_own_dwelling")


def _agreement(fast: ScreeningResult, exact: ScreeningResult) -> dict:
    rows = {}
    for name in ScreeningResult.field_names():
        a, b = getattr(fast, name), getattr(exact, name)
        if name in BOOLEANS:
            margin = np.abs(exact.max_price - exact.total_price) if name == "can_buy_own_dwelling" \
                else np.abs(exact.surplus_monthly)
            differ = a != b
            rows[name] = {"differ": int(differ.sum()), "differ_outside_1_kr_margin": int((differ & (margin > 1)).sum())}
        else:
            diff = np.abs(a - b)
            rows[name] = {"max_abs_diff_kr": float(diff.max()), "rows_over_1_kr": int((diff > 1).sum()),
                          "rows_at_least_half_kr": int((diff >= 0.5).sum())}
    return rows


def _fmt(value: float) -> str:
    """Thousands separated by a space: 1 000 000."""
    return f"{value:,.0f}".replace(",", " ")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--households", type=int, default=1_000_000)
    parser.add_argument("--exact-sample", type=int, default=20_000)
    parser.add_argument("--year", type=int, default=2025)
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument("--repeat", type=int, default=5, help="timed runs of the vectorised path (median)")
    args = parser.parse_args()
    n, sample_size = args.households, min(args.exact_sample, args.households)

    print(f"Generating {_fmt(n)} synthetic households ({args.year} parameters, seed {args.seed}) …")
    started = time.perf_counter()
    inp = synthetic_input(n, seed=args.seed, year=args.year)
    generate_seconds = time.perf_counter() - started
    params = load_parameters(args.year)

    # Vectorised: the first call builds the lookup tables from the parameter set (cold); later
    # calls with the same ParameterSet reuse them (warm). Median of the warm runs.
    started = time.perf_counter()
    fast = screen(inp, params)
    cold_seconds = time.perf_counter() - started
    warm = []
    for _ in range(args.repeat):
        started = time.perf_counter()
        screen(inp, params)
        warm.append(time.perf_counter() - started)
    vector_seconds = statistics.median(warm)

    # Exact: a random sample, timed as `assess` per household (the request objects are built
    # from the columns first and timed apart; the exact path would need them too).
    rows = np.sort(np.random.default_rng(args.seed + 1).choice(n, size=sample_size, replace=False))
    started = time.perf_counter()
    requests = [inp.request(int(i)) for i in rows]
    build_seconds = time.perf_counter() - started
    started = time.perf_counter()
    assessments = [assess(r, params) for r in requests]
    exact_seconds = time.perf_counter() - started
    exact = result_from_assessments(assessments)
    agreement = _agreement(fast.take(rows), exact)

    vector_rate = n / vector_seconds
    exact_rate = sample_size / exact_seconds
    exact_all_seconds = n / exact_rate
    worst = max(v["max_abs_diff_kr"] for v in agreement.values() if "max_abs_diff_kr" in v)
    over = sum(v.get("rows_over_1_kr", 0) + v.get("differ_outside_1_kr_margin", 0) for v in agreement.values())

    print()
    print(f"{'':46s} {'households':>12s} {'seconds':>10s} {'households/s':>14s}")
    print(f"{'vectorised, screen() warm (median of ' + str(args.repeat) + ')':46s} "
          f"{_fmt(n):>12s} {vector_seconds:10.3f} {_fmt(vector_rate):>14s}")
    print(f"{'vectorised, first call (builds tables)':46s} {_fmt(n):>12s} {cold_seconds:10.3f} "
          f"{_fmt(n / cold_seconds):>14s}")
    print(f"{'exact, assess() per household (measured)':46s} {_fmt(sample_size):>12s} {exact_seconds:10.3f} "
          f"{_fmt(exact_rate):>14s}")
    print(f"{'exact, all households (extrapolated)':46s} {_fmt(n):>12s} {exact_all_seconds:10.1f} "
          f"{_fmt(exact_rate):>14s}")
    print()
    print(f"speed-up, vectorised over exact: {_fmt(vector_rate / exact_rate)}× "
          f"(first call, with the tables: {_fmt(n / cold_seconds / exact_rate)}×)")
    print(f"exact time is extrapolated from {_fmt(sample_size)} households "
          f"({exact_seconds / sample_size * 1e6:.0f} µs each; building their request objects from "
          f"the columns took another {build_seconds / sample_size * 1e6:.0f} µs each, not counted)")
    print(f"agreement on the sample: largest difference {worst:.6f} kr; "
          f"{over} rows or booleans outside the 1-kr tolerance")
    for name, row in agreement.items():
        if name in BOOLEANS:
            print(f"  {name:32s} differ {row['differ']} (outside the 1-kr margin: {row['differ_outside_1_kr_margin']})")
        else:
            unit = "points" if name == "stress_rate_percent" else "kr"
            print(f"  {name:32s} max |diff| {row['max_abs_diff_kr']:.2e} {unit}, "
                  f"rows ≥ 0.5 kr: {row['rows_at_least_half_kr']}")
    print(f"\nsynthetic data generated in {generate_seconds:.1f} s; Python {platform.python_version()}, "
          f"NumPy {np.__version__}, {os.cpu_count()} CPUs, {platform.machine()}")

    out = Path("bench-results")
    out.mkdir(exist_ok=True)
    (out / "screening.json").write_text(json.dumps({
        "households": n, "exact_sample": sample_size, "year": args.year, "seed": args.seed,
        "vectorised_seconds_warm_median": vector_seconds, "vectorised_seconds_first_call": cold_seconds,
        "vectorised_households_per_second": vector_rate, "exact_seconds_sample": exact_seconds,
        "exact_households_per_second": exact_rate, "exact_seconds_all_extrapolated": exact_all_seconds,
        "speed_up": vector_rate / exact_rate, "agreement": agreement,
        "python": platform.python_version(), "numpy": np.__version__,
    }, indent=2), encoding="utf-8")
    if over:
        raise SystemExit("the vectorised path disagrees with the exact engine beyond 1 kr")


if __name__ == "__main__":
    main()
