"""Every example scenario in examples/scenarios/ still produces its stored outputs."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
SCENARIOS = sorted((EXAMPLES / "scenarios").glob("*.txt"))
_spec = importlib.util.spec_from_file_location("regenerate", EXAMPLES / "regenerate.py")
regenerate = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(regenerate)


def test_there_are_at_least_six_examples():
    assert len(SCENARIOS) >= 6


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda p: p.stem)
def test_example_output_is_current(kb, scenario):
    for path, text in regenerate.outputs(kb, scenario).items():
        assert path.exists(), f"{path.name} missing: run python examples/regenerate.py"
        assert path.read_text(encoding="utf-8") == text, f"{path.name} is stale: run python examples/regenerate.py"


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda p: p.stem)
def test_example_reaches_a_decision(kb, scenario):
    from selector.recommend import recommend

    assert recommend(kb, scenario.read_text()).decisions, f"{scenario.name} reaches no decision"
