"""Every rule's examples: each `fire` example fires the rule, each `not_fire` example does not."""

from __future__ import annotations

import pytest

from selector import loader
from selector.kb import run_examples
from tests.conftest import REPO

KB = loader.load([REPO / "rules"], [REPO / "knowledge"])


@pytest.mark.parametrize("rule_id", sorted(KB.rules))
def test_rule_examples(rule_id):
    failures = [f"{r.expect}: {r.example.label()}" for r in run_examples(KB, rule_id=rule_id) if not r.passed]
    assert not failures, f"{rule_id} examples that failed:\n" + "\n".join(failures)


def test_every_rule_has_examples_both_ways_and_a_seed_source():
    for rule in KB.rules.values():
        assert rule.fire_examples and rule.not_fire_examples, rule.id
        assert rule.sources, rule.id
