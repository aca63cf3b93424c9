"""Held-out scenarios written in the team's own words (tests/scenarios/*.yaml), not from the rules' vocabulary.

The count of scenarios whose recommendation names the textbook choice must not fall below the recorded figure.
"""

from __future__ import annotations

import json
from pathlib import Path

import yaml

from selector.kb import check_scenario

HERE = Path(__file__).resolve().parent
BASELINE = json.loads((HERE / "baselines.json").read_text())


def load_scenarios() -> list[dict]:
    items = []
    for path in sorted((HERE / "scenarios").glob("*.yaml")):
        items.extend(yaml.safe_load(path.read_text()))
    return items


def test_paraphrase_scenarios_name_the_textbook_choice(kb):
    items = load_scenarios()
    checks = [check_scenario(kb, item) for item in items]
    passed = sum(c.passed for c in checks)
    report = "\n".join(f"{c.id}: missing {c.missing} wrongly chose {c.wrongly_chosen} unknown {c.unknown}"
                       for c in checks if not c.passed)
    assert len(items) >= 40
    assert passed >= BASELINE["paraphrase_scenarios_passed"], f"{passed}/{len(items)} passed\n{report}"
