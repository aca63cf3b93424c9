"""User knowledge packs and the checks beyond the schema behind `selector kb validate`.

A pack is a directory with `rules/` (decision files) and/or `knowledge/` (node files, and vocabulary in
`knowledge/vocabulary/`). It is loaded after the built-in base by the same loader, as data only: YAML is read with a
safe loader (no object tags), conditions are a closed vocabulary compiled by selector, and a rule can name a
calculator only from selector.calculators. Nothing in a pack is imported or executed.

The loader already reports schema errors, unknown facts, options and nodes, and duplicate ids, each with file and key
path. This module adds the checks that need the whole loaded base:

- conflicting rules: two rules of one decision, with the same condition (compared in disjunctive normal form, so the
  order of the leaves does not matter) and the same priority, that choose different options;
- unreachable rules: a rule none of whose `fire` examples fires it.
"""

from __future__ import annotations

import json
from itertools import combinations
from pathlib import Path
from typing import Any

from selector.errors import ScenarioError, SelectorError
from selector.loader import KnowledgeBase, _label, _yaml_files, read_yaml, to_dnf
from selector.models import Example, Rule


class PackError(SelectorError):
    """A pack directory that cannot be used (missing, or with neither rules/ nor knowledge/)."""


def pack_dirs(directory: Path) -> tuple[list[Path], list[Path]]:
    """The rules and knowledge directories of a pack (either may be absent, not both)."""
    if not directory.is_dir():
        raise PackError(f"{directory}: pack directory not found")
    rules, knowledge = directory / "rules", directory / "knowledge"
    found = ([rules] if rules.is_dir() else []), ([knowledge] if knowledge.is_dir() else [])
    if not found[0] and not found[1]:
        raise PackError(f"{directory}: a pack holds rules/ and/or knowledge/ directories; found neither")
    return found


def rule_locations(rules_dirs: list[Path]) -> dict[tuple[str, str], int]:
    """(file label, rule id) -> index of the rule in its file's `rules` list, read from the files themselves."""
    where: dict[tuple[str, str], int] = {}
    for root in rules_dirs:
        if not root.is_dir():
            continue
        for path in _yaml_files(root):
            label = _label(path, root)
            data = read_yaml(path, label, [])
            rules = data.get("rules") if isinstance(data, dict) else None
            if not isinstance(rules, list):
                continue
            for i, rule in enumerate(rules):
                if isinstance(rule, dict) and isinstance(rule.get("id"), str):
                    where[(label, rule["id"])] = i
    return where


def _key(rule: Rule, where: dict[tuple[str, str], int]) -> str:
    index = where.get((rule.file, rule.id))
    return f"{rule.file}: rules[{index}]" if index is not None else f"{rule.file}: rule {rule.id}"


def _canonical(condition: dict[str, Any]) -> frozenset[str]:
    """A condition as a set of conjunctions, each a sorted tuple of leaves, so equivalent writings compare equal."""
    conjunctions = set()
    for conjunction in to_dnf(condition):
        leaves = []
        for leaf in conjunction:
            leaf = {k: (sorted(v, key=repr) if isinstance(v, list) else v) for k, v in leaf.items()}
            leaves.append(json.dumps(leaf, sort_keys=True))
        conjunctions.add(json.dumps(sorted(set(leaves))))
    return frozenset(conjunctions)


def conflicting_rules(kb: KnowledgeBase, where: dict[tuple[str, str], int] | None = None) -> list[str]:
    """Two rules of one decision with the same condition and priority that choose different options."""
    where = where or {}
    problems = []
    for decision in kb.decisions.values():
        for a, b in combinations(decision.rules, 2):
            if a.priority != b.priority or a.choose == b.choose:
                continue
            if _canonical(a.when) == _canonical(b.when):
                problems.append(f"{_key(b, where)}.when: rule {b.id!r} chooses {b.choose!r} but rule {a.id!r} "
                                f"({a.file}) chooses {a.choose!r} for {decision.id!r} under the same condition and "
                                f"priority {a.priority}: change one condition or priority")
    return problems


def unreachable_rules(kb: KnowledgeBase, where: dict[tuple[str, str], int] | None = None) -> list[str]:
    """Rules none of whose `fire` examples fires them (the rule, or its vocabulary, can never be reached)."""
    from selector.kb import example_facts
    from selector.recommend import evaluate

    def fires(rule: Rule, example: Example) -> bool:
        try:
            return rule.id in evaluate(kb, example_facts(kb, example))[0].fired
        except ScenarioError:  # e.g. an example of blanks: it reaches nothing
            return False

    where = where or {}
    problems = []
    for rule in kb.rules.values():
        if not rule.fire_examples or any(fires(rule, e) for e in rule.fire_examples):
            continue
        problems.append(f"{_key(rule, where)}.examples.fire: none of its {len(rule.fire_examples)} `fire` examples "
                        f"fires rule {rule.id!r} (run `selector kb test --rule {rule.id}`)")
    return problems


def pack_problems(kb: KnowledgeBase, rules_dirs: list[Path] | None = None) -> list[str]:
    where = rule_locations(rules_dirs or [])
    return conflicting_rules(kb, where) + unreachable_rules(kb, where)
