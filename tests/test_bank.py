"""The team's question bank: the test half must stay at or above the recorded number of correct answers."""

from __future__ import annotations

import json
from pathlib import Path

from selector.bench import load_bank, run_bench

HERE = Path(__file__).resolve().parent
BANK = HERE.parent / "examples" / "questions"
BASELINE = json.loads((HERE / "baselines.json").read_text())


def test_bank_has_a_development_and_a_test_half_of_at_least_100_questions_each():
    dev, test = load_bank([BANK / "dev"]), load_bank([BANK / "test"])
    assert len(dev) >= 100 and len(test) >= 100
    assert not {q.id for q in dev} & {q.id for q in test}


def test_test_half_accuracy_does_not_drop(kb):
    result = run_bench(kb, load_bank([BANK / "test"]))
    misses = "\n".join(f"{m['id']}: chose {m['chosen']} correct {m['correct']}" for m in result.misses)
    assert result.correct >= BASELINE["bank_test_correct"], f"{result.correct}/{result.total}\n{misses}"
