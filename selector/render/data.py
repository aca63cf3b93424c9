"""The recommendation as plain data: the JSON output and the source of the other text formats."""

from __future__ import annotations

from typing import Any

from selector.models import DecisionResult, Recommendation


def decision_to_dict(d: DecisionResult) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": d.decision.id,
        "question": d.decision.question,
        "area": d.decision.area,
        "stage": d.decision.stage,
        "choice": {"id": d.choice_id, "name": d.choice_name, "kind": d.choice_kind},
        "rationale": d.rationale,
        "alternatives": [{"id": a.id, "name": a.name, "why_not": a.why_not} for a in d.alternatives],
        "rules": list(d.rules),
        "overruled": [{"rule": rule, "option": option} for rule, option in d.overruled],
        "sources": [{"seed": s.seed, "lines": s.lines, "section": s.section} for s in d.sources],
        "node_facts": list(d.node_facts),
        "claims": [{"id": c.id, "claim": c.claim, "current": c.current, "status": c.status, "rules_use": c.rules_use}
                   for c in d.claims],
    }
    if d.setting is not None:
        data["setting"] = {"value": d.setting.value, "unit": d.setting.unit, "arithmetic": list(d.setting.steps),
                           "missing": list(d.setting.missing)}
    return data


def recommendation_to_dict(rec: Recommendation) -> dict[str, Any]:
    return {
        "scenario": rec.scenario,
        "facts": [f.to_dict() for f in rec.facts],
        "decisions": [decision_to_dict(d) for d in rec.decisions],
        "architecture": {
            "nodes": [{"id": n.id, "name": n.name, "stage": n.stage, "kind": n.kind, "reason": n.reason}
                      for n in rec.nodes],
            "edges": [{"from": e.source, "to": e.target, "label": e.label, "inferred": e.inferred} for e in rec.edges],
        },
        "assumptions": list(rec.assumptions),
        "warnings": list(rec.warnings),
        "fired_rules": list(rec.fired_rules),
    }
