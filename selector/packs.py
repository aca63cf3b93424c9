"""Checks beyond the schema for a rule base (built-in plus user packs), behind `selector kb validate`."""

from __future__ import annotations

import json
from itertools import combinations

from selector.loader import KnowledgeBase


def conflicting_rules(kb: KnowledgeBase) -> list[str]:
    """Two rules of one decision with the same condition and priority that choose different options."""
    problems = []
    for decision in kb.decisions.values():
        for a, b in combinations(decision.rules, 2):
            same_condition = json.dumps(a.when, sort_keys=True) == json.dumps(b.when, sort_keys=True)
            if same_condition and a.priority == b.priority and a.choose != b.choose:
                problems.append(f"{b.file}: rule {b.id!r} and rule {a.id!r} ({a.file}) choose different options for "
                                f"{decision.id!r} under the same condition and priority {a.priority}")
    return problems


def pack_problems(kb: KnowledgeBase) -> list[str]:
    return conflicting_rules(kb)
