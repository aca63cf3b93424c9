"""Stage 4: the recommendation. Wires scenario reading, the rule engine and graph reasoning into one object.

Missing facts: the engine runs once on what the scenario states. For every decision that turned out relevant, a
fact it `needs` that is missing is assumed at its vocabulary default (and reported); the engine then runs again
with the assumptions. A needed fact with no default is reported as missing.
"""

from __future__ import annotations

from selector import reasoning
from selector.engine import Engine, EngineResult
from selector.loader import KnowledgeBase
from selector.models import Fact, Recommendation, format_value
from selector.similarity import read_facts
from selector.scenario import merge_facts, parse_fact_options


def assume_missing(kb: KnowledgeBase, relevant: list[str], facts: list[Fact]) -> tuple[list[Fact], list[str]]:
    """Assumed facts for the needs of relevant decisions, and the needs that could not be assumed."""
    known = {f.name for f in facts}
    assumed: list[Fact] = []
    missing: list[str] = []
    for decision_id in relevant:
        decision = kb.decisions[decision_id]
        for need in decision.needs:
            if need in known:
                continue
            known.add(need)
            default = kb.facts[need].default
            if default is None:
                missing.append(f"{need} (needed by {decision.id}: {kb.facts[need].description})")
            else:
                assumed.append(Fact(need, default, f"assumed for {decision.id}: the scenario does not say", "assumed"))
    return assumed, missing


MAX_SETTLE_ROUNDS = 4


def losing_derivers(kb: KnowledgeBase, result: EngineResult) -> set[str]:
    """Fired rules with derived facts whose decision is not relevant or whose option lost the decision."""
    fired_by_decision: dict[str, list] = {}
    for rule_id in result.fired:
        rule = kb.rules[rule_id]
        fired_by_decision.setdefault(rule.decision_id, []).append(rule)
    losers = set()
    for decision_id, rules in fired_by_decision.items():
        winner = reasoning.rank_rules(rules)[0].choose if decision_id in result.relevant else None
        losers.update(r.id for r in rules if r.derive and r.choose != winner)
    return losers


def run_settled(kb: KnowledgeBase, facts: list[Fact]) -> EngineResult:
    """Run the engine so that only rules whose option wins a relevant decision assert derived facts.

    A losing rule's derived facts would make other decisions relevant on a conclusion the recommendation rejects,
    so they are silenced and the engine runs again, until the set of silenced rules stops growing.
    """
    engine = Engine.for_kb(kb)
    quiet: set[str] = set()
    result = engine.run(facts)
    for _ in range(MAX_SETTLE_ROUNDS):
        losers = losing_derivers(kb, result)
        if losers <= quiet:
            break
        quiet |= losers
        result = engine.run(facts, frozenset(quiet))
    return result


def evaluate(kb: KnowledgeBase, facts: list[Fact]) -> tuple[EngineResult, list[Fact], list[str]]:
    """Run the engine, add assumptions for relevant decisions, run again. Returns result, assumed, missing."""
    result = run_settled(kb, facts)
    assumed, missing = assume_missing(kb, result.relevant, facts)
    if assumed:
        result = run_settled(kb, facts + assumed)
        # A decision made relevant by an assumption may need more assumptions of its own.
        more, more_missing = assume_missing(kb, result.relevant, facts + assumed)
        missing.extend(m for m in more_missing if m not in missing)
        if more:
            assumed += more
            result = run_settled(kb, facts + assumed)
    return result, assumed, missing


def recommend(kb: KnowledgeBase, text: str, fact_options: tuple[str, ...] | list[str] = ()) -> Recommendation:
    overrides = parse_fact_options(fact_options, kb.facts)
    stated = read_facts(kb, text) if text.strip() or not overrides else []
    facts = merge_facts(stated, overrides)
    return recommend_from_facts(kb, text, facts)


def recommend_from_facts(kb: KnowledgeBase, text: str, facts: list[Fact]) -> Recommendation:
    result, assumed, missing = evaluate(kb, facts)
    all_facts = facts + assumed + result.derived
    decisions, unsettled = reasoning.resolve_decisions(kb, result.relevant, result.fired, all_facts)
    nodes, edges = reasoning.compose_architecture(kb, decisions, all_facts)
    assumptions = [f"{f.name} = {format_value(f.value)} ({f.evidence.split(':')[0]}; say otherwise with "
                   f"--fact {f.name}=...)" for f in assumed]
    warnings = [f"missing fact: {m}" for m in missing]
    for decision in unsettled:
        warnings.append(f"no rule settled '{decision.question}' ({decision.id}): the scenario does not give enough "
                        f"to choose among {', '.join(kb.name_of(o.id) for o in decision.options)}")
    for d in decisions:
        if d.setting is not None and d.setting.missing:
            warnings.append(f"{d.decision.id}: cannot compute {d.setting.unit}: missing {', '.join(d.setting.missing)}")
        for claim in d.claims:
            if claim.status != "ok":
                relied = "the current fact" if claim.rules_use == "current" else "the note's claim"
                warnings.append(f"{d.decision.id} relies on a note that is {claim.status}: \"{claim.claim}\" "
                                f"Current: {claim.current} This rule uses {relied}.")
    if not decisions and not unsettled:
        warnings.append("no decision applies: the scenario names no data, task or service the knowledge base "
                        "recognises; try describing the data, how it arrives and what the model must do")
    return Recommendation(scenario=text, facts=all_facts, decisions=decisions, nodes=nodes, edges=edges,
                          assumptions=assumptions, warnings=warnings, fired_rules=list(result.fired))
