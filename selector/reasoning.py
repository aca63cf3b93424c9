"""Stage 3: graph reasoning. Settle each decision from the rules that fired, then compose the architecture.

A decision's winner is the fired rule with the highest priority, then the most specific condition (most leaves),
then the first in file order. The architecture places each chosen node in its decision's stage, pulls in what the
chosen nodes `require`, follows flow edges to destinations the scenario names, and joins placed nodes by the edges
the knowledge states. A placed node that no stated edge reaches is joined to the nearest earlier stage (marked
inferred), so the diagram reads as one pipeline.
"""

from __future__ import annotations

from typing import Any

from selector import calculators
from selector.loader import KnowledgeBase, condition_leaves
from selector.models import (FLOW_EDGES, STAGES, Alternative, ArchEdge, ArchNode, Decision, DecisionResult, Fact,
                             Rule)

MAX_NODE_FACTS = 4


def _specificity(rule: Rule) -> int:
    return sum(1 for _ in condition_leaves(rule.when))


def rank_rules(rules: list[Rule]) -> list[Rule]:
    """Fired rules of one decision, strongest first."""
    return sorted(rules, key=lambda r: (-r.priority, -_specificity(r), r.order))


def fact_values(facts: list[Fact]) -> dict[str, Any]:
    """name -> value (the first value of a multi-valued fact), as calculators expect."""
    values: dict[str, Any] = {}
    for fact in facts:
        values.setdefault(fact.name, fact.value)
    return values


def resolve_decision(kb: KnowledgeBase, decision: Decision, fired: list[str], facts: list[Fact]) -> DecisionResult | None:
    candidates = [kb.rules[r] for r in fired if r in kb.rules and kb.rules[r].decision_id == decision.id]
    if not candidates:
        return None
    ranked = rank_rules(candidates)
    winner = ranked[0]
    supporting = [r for r in ranked if r.choose == winner.choose]
    overruled = [(r.id, r.choose) for r in ranked if r.choose != winner.choose]
    alternatives = []
    for option in decision.options:
        if option.id == winner.choose:
            continue
        reason = next((r.why_not[option.id] for r in supporting if option.id in r.why_not), None)
        if reason is None:
            reason = f"it is the choice for {option.best_for}, which this scenario does not call for"
        alternatives.append(Alternative(id=option.id, name=kb.name_of(option.id), why_not=reason))
    node = kb.node(winner.choose)
    sources = []
    for rule in supporting:
        sources.extend(s for s in rule.sources if s not in sources)
    claim_ids = []
    for rule in supporting:
        claim_ids.extend(c for c in rule.claims if c not in claim_ids)
    setting = None
    if winner.compute:
        setting = calculators.CALCULATORS[winner.compute](fact_values(facts))
    node_facts = [f["text"] for f in (node.get("facts") or [])][:MAX_NODE_FACTS]
    return DecisionResult(
        decision=decision, choice_id=winner.choose, choice_name=node.get("name", winner.choose),
        choice_kind=node.get("kind", ""), rationale=winner.rationale, rules=[r.id for r in supporting],
        sources=sources, alternatives=alternatives, overruled=overruled, setting=setting, node_facts=node_facts,
        claims=[kb.claims[c] for c in claim_ids])


def resolve_decisions(kb: KnowledgeBase, relevant: list[str], fired: list[str], facts: list[Fact]
                      ) -> tuple[list[DecisionResult], list[Decision]]:
    """Results for decisions a rule settled, and the relevant decisions no rule settled."""
    results, unsettled = [], []
    # Pipeline order; within a stage, the order in which decisions became relevant (derived ones come after).
    for decision_id in sorted(relevant, key=lambda d: (STAGES.index(kb.decisions[d].stage), relevant.index(d))):
        decision = kb.decisions[decision_id]
        result = resolve_decision(kb, decision, fired, facts)
        if result is None:
            unsettled.append(decision)
        else:
            results.append(result)
    return results, unsettled


def _flow_edges(kb: KnowledgeBase, source: str, target: str) -> list[str]:
    data = kb.graph.get_edge_data(source, target) or {}
    return sorted(t for t in data if t in FLOW_EDGES)


def compose_architecture(kb: KnowledgeBase, results: list[DecisionResult], facts: list[Fact]
                         ) -> tuple[list[ArchNode], list[ArchEdge]]:
    placed: dict[str, ArchNode] = {}

    def place(node_id: str, stage: str, reason: str) -> None:
        if node_id not in placed and node_id in kb.graph:
            data = kb.node(node_id)
            placed[node_id] = ArchNode(node_id, data.get("name", node_id), stage, data.get("kind", ""), reason)

    for result in results:
        place(result.choice_id, result.decision.stage, f"chosen: {result.decision.question}")
    # What the chosen components require, transitively.
    frontier = list(placed)
    while frontier:
        node_id = frontier.pop(0)
        for _, target, edge_type in sorted(kb.graph.out_edges(node_id, keys=True)):
            if edge_type == "requires" and target not in placed:
                place(target, kb.node(target).get("stage", placed[node_id].stage), f"required by {kb.name_of(node_id)}")
                frontier.append(target)
    # Destinations the scenario names, reached by a flow edge from a placed node (Firehose -> S3).
    named = {f.value for f in facts if isinstance(f.value, str)}
    for node_id in sorted(placed):
        for _, target, edge_type in sorted(kb.graph.out_edges(node_id, keys=True)):
            if edge_type in ("delivers_to", "writes_to", "feeds") and target in named and target not in placed:
                place(target, kb.node(target).get("stage", "store"), f"{kb.name_of(node_id)} {edge_type.replace('_', ' ')} it")

    edges: list[ArchEdge] = []
    ids = sorted(placed)
    for source in ids:
        for target in ids:
            if source == target:
                continue
            labels = _flow_edges(kb, source, target)
            # `requires` says no more than a data-flow edge between the same two nodes already shows.
            if "requires" in labels and (len(labels) > 1 or [t for t in _flow_edges(kb, target, source) if t != "requires"]):
                labels.remove("requires")
            edges.extend(ArchEdge(source, target, label.replace("_", " ")) for label in labels)
    connected = {e.source for e in edges} | {e.target for e in edges}
    order = sorted(placed.values(), key=lambda n: (STAGES.index(n.stage), n.id))
    for node in order:
        if node.id in connected:
            continue
        earlier = [n for n in order if STAGES.index(n.stage) < STAGES.index(node.stage)]
        if earlier:
            nearest_stage = earlier[-1].stage
            anchor = next(n for n in earlier if n.stage == nearest_stage)
            edges.append(ArchEdge(anchor.id, node.id, "then", inferred=True))
            connected.update((anchor.id, node.id))
    edges.sort(key=lambda e: (e.source, e.target, e.label))
    return order, edges
