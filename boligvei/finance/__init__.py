"""Boligvei's affordability engine: can a household carry a startlån, and how large a one?

Pure Python with no Django and nothing else of Boligvei (an import-linter contract keeps it
so). Money is exact `Decimal`; every rate and amount the rules use is dated, sourced data in
`data/`. Start at `assess.assess` or the JSON layer `assess.from_json` / `assess.to_json`;
`cli.run_cli` is the command-line entry. The method and the JSON interface are described in
docs/finance.md.
"""

from .assess import Assessment, AssessmentRequest, InvalidRequest, assess, from_json, to_json, validate

__all__ = ["Assessment", "AssessmentRequest", "InvalidRequest", "assess", "from_json", "to_json", "validate"]
