"""Knowledge-base checks behind `selector kb`: run every rule's examples, count what the base holds."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from selector.loader import KnowledgeBase
from selector.models import AREAS, Example, Fact, Rule, line_numbers
from selector.recommend import evaluate
from selector.similarity import read_facts


@dataclass
class ExampleResult:
    rule: Rule
    expect: str  # fire | not_fire
    example: Example
    passed: bool
    fired: bool


def example_facts(kb: KnowledgeBase, example: Example) -> list[Fact]:
    if example.text is not None:
        return read_facts(kb, example.text)
    facts = []
    for name, value in (example.facts or {}).items():
        if name in kb.facts and kb.facts[name].type == "numbers":  # one fact whose value is the list
            facts.append(Fact(name, tuple(value), "example", "option"))
        else:
            facts.extend(Fact(name, item, "example", "option") for item in (value if isinstance(value, list) else [value]))
    return facts


def run_examples(kb: KnowledgeBase, area: str | None = None, rule_id: str | None = None) -> list[ExampleResult]:
    results = []
    for rule in kb.rules.values():
        decision = kb.decisions[rule.decision_id]
        if area and decision.area != area:
            continue
        if rule_id and rule.id != rule_id:
            continue
        for expect, examples in (("fire", rule.fire_examples), ("not_fire", rule.not_fire_examples)):
            for example in examples:
                result, _, _ = evaluate(kb, example_facts(kb, example))
                fired = rule.id in result.fired
                results.append(ExampleResult(rule, expect, example, fired == (expect == "fire"), fired))
    return results


@dataclass
class AreaStats:
    area: str
    decisions: int = 0
    rules: int = 0
    nodes: int = 0
    sourced_rules: int = 0
    rules_with_examples: int = 0
    claims: int = 0


def stats(kb: KnowledgeBase) -> list[AreaStats]:
    by_area = {area: AreaStats(area) for area in AREAS}
    for decision in kb.decisions.values():
        row = by_area[decision.area]
        row.decisions += 1
        for rule in decision.rules:
            row.rules += 1
            row.sourced_rules += bool(rule.sources)
            row.rules_with_examples += bool(rule.fire_examples and rule.not_fire_examples)
    node_areas = Counter(data.get("area") for _, data in kb.graph.nodes(data=True))
    for area, count in node_areas.items():
        if area in by_area:
            by_area[area].nodes = count
    for claim in kb.claims.values():
        area = kb.graph.nodes[claim.node_id].get("area")
        if area in by_area:
            by_area[area].claims += 1
    return list(by_area.values())


@dataclass
class ScenarioCheck:
    id: str
    area: str
    passed: bool
    missing: list[str]  # expected names the recommendation did not choose
    wrongly_chosen: list[str]  # rejected names it chose
    unknown: list[str]  # names the knowledge base does not know


def _resolve(kb: KnowledgeBase, name: str) -> str | None:
    from selector.answer import mentioned_nodes

    found = mentioned_nodes(kb, name)
    return found[0] if found else None


def _chosen_closure(kb: KnowledgeBase, chosen: set[str]) -> set[str]:
    """Chosen nodes and what they are a kind of (P3 instances are GPU instances)."""
    return set(chosen).union(*(kb.kinds_of(node) for node in chosen))


def check_scenario(kb: KnowledgeBase, item: dict) -> ScenarioCheck:
    """Does the recommendation for a scenario choose the expected components and avoid the rejected ones?"""
    from selector.recommend import recommend

    rec = recommend(kb, item["text"])
    chosen = _chosen_closure(kb, {d.choice_id for d in rec.decisions} | {n.id for n in rec.nodes})
    missing, unknown, wrong = [], [], []
    settings = {(d.setting.value, d.setting.unit) for d in rec.decisions if d.setting and d.setting.value is not None}
    for name in item.get("expect", []):
        number = re.fullmatch(r"(\d+)\s+(\w+)", name.strip())
        if number:  # a computed setting such as "4 shards"
            if (int(number.group(1)), number.group(2)) not in settings:
                missing.append(name)
            continue
        node = _resolve(kb, name)
        if node is None:
            unknown.append(name)
        elif node not in chosen:
            missing.append(name)
    for name in item.get("reject", []):
        node = _resolve(kb, name)
        if node is not None and node in {d.choice_id for d in rec.decisions}:
            wrong.append(name)
    return ScenarioCheck(item["id"], item.get("area", ""), not (missing or unknown or wrong), missing, wrong, unknown)


# ---- coverage: which lines of the notes the knowledge base cites (rules, node facts, claims)

MIN_CONTENT_CHARS = 4  # a shorter line (blank, a bullet, a page number) is not content
RUN_GAP = 3  # uncited content lines at most this far apart belong to one uncited run


@dataclass
class NoteCoverage:
    file: str
    content_lines: int
    cited_lines: int
    uncited_runs: list[tuple[int, int, int, str]]  # (first line, last line, content lines, first line's text)

    @property
    def percent(self) -> float:
        return round(100.0 * self.cited_lines / self.content_lines, 1) if self.content_lines else 0.0


def cited_lines(kb: KnowledgeBase) -> dict[str, set[int]]:
    """Seed file -> the line numbers any rule, node fact or claim cites."""
    cited: dict[str, set[int]] = {}

    def add(seed: str, lines: str) -> None:
        cited.setdefault(seed, set()).update(line_numbers(lines))

    for rule in kb.rules.values():
        for source in rule.sources:
            add(source.seed, source.lines)
    for claim in kb.claims.values():
        for source in claim.sources:
            add(source.seed, source.lines)
    for _, data in kb.graph.nodes(data=True):
        for fact in data.get("facts") or []:
            for source in fact.get("sources") or []:
                add(source["seed"], source["lines"])
    return cited


def coverage(kb: KnowledgeBase, min_run: int = 8) -> list[NoteCoverage]:
    """Per note file: content lines, how many the knowledge base cites, and the uncited runs of `min_run`+ lines."""
    cited = cited_lines(kb)
    report = []
    for path in sorted((p for d in kb.notes_dirs for p in d.glob("*.txt")), key=lambda p: p.name):
        lines = path.read_text(encoding="utf-8", errors="replace").split("\n")
        content = [n for n, line in enumerate(lines, 1) if len(line.strip()) >= MIN_CONTENT_CHARS]
        here = cited.get(path.name, set())
        runs: list[tuple[int, int, int, str]] = []
        run: list[int] = []
        for n in [*content, None]:
            if n is not None and n not in here and (not run or n - run[-1] <= RUN_GAP):
                run.append(n)
                continue
            if len(run) >= min_run:
                runs.append((run[0], run[-1], len(run), lines[run[0] - 1].strip()))
            run = [n] if n is not None and n not in here else []
        report.append(NoteCoverage(path.name, len(content), sum(1 for n in content if n in here), runs))
    return report
