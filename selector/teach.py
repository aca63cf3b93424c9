"""Teaching views over the knowledge base: compare, explain, and graph exploration.

Every function returns plain data (dicts and lists in a fixed order) so the JSON output is byte-identical for the
same knowledge base and input; cli_teach renders the same data as text. Nothing here runs the rule engine except the
quiz (see quiz.py): compare and explain read the decisions, rules and graph as they are written.
"""

from __future__ import annotations

import difflib
import re
from typing import Any

import networkx as nx

from selector.errors import SelectorError
from selector.loader import KnowledgeBase, condition_leaves, leaf_operator
from selector.models import FLOW_EDGES, STAGES, ArchEdge, ArchNode, Decision, Rule, Source

# Attributes shown first (in this order) when present; the rest follow alphabetically.
ATTRIBUTE_ORDER = ("purpose", "best_for", "use_for", "when_not", "latency", "cost_model", "management", "limits",
                   "retention", "training_hardware", "inference_hardware", "input_formats", "key_hyperparameters")
MAX_DEPTH = 5
MAX_PATHS = 5
DEFAULT_STAGE = "prepare"


class UnknownItemError(SelectorError):
    """The id or name the user gave matches nothing in the knowledge base (or several things)."""


# ---------------------------------------------------------------- lookup

def _norm(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "", text.casefold())


def _node_names(kb: KnowledgeBase) -> dict[str, list[str]]:
    """normalised id, name or alias -> node ids (sorted), for lookups by any of them."""
    names: dict[str, list[str]] = {}
    for node_id, data in sorted(kb.graph.nodes(data=True)):
        for label in [node_id, data.get("name", ""), *(data.get("aliases") or [])]:
            key = _norm(str(label))
            if key and node_id not in names.setdefault(key, []):
                names[key].append(node_id)
    return names


def _suggest(ref: str, candidates: list[str]) -> str:
    close = difflib.get_close_matches(ref.casefold(), sorted(set(candidates)), n=4, cutoff=0.6)
    return f" (did you mean {', '.join(close)}?)" if close else ""


def resolve_node(kb: KnowledgeBase, ref: str) -> str:
    """A node id from an id, name or alias (case and punctuation do not matter)."""
    if ref in kb.graph:
        return ref
    matches = _node_names(kb).get(_norm(ref), [])
    if len(matches) == 1:
        return matches[0]
    if len(matches) > 1:
        raise UnknownItemError(f"{ref!r} names several knowledge nodes: {', '.join(matches)}; give the id")
    candidates = list(kb.graph.nodes) + [str(a).casefold() for _, d in kb.graph.nodes(data=True)
                                         for a in (d.get("aliases") or [])]
    raise UnknownItemError(f"{ref!r} is not a knowledge node id, name or alias{_suggest(ref, candidates)}; "
                           f"`selector graph show ID` needs an existing node")


KINDS = ("rule", "decision", "node", "fact")


def resolve_any(kb: KnowledgeBase, ref: str) -> tuple[str, str]:
    """(kind, id) for a rule, decision, node (id, name or alias) or fact. `kind:ID` forces the kind."""
    kind, sep, rest = ref.partition(":")
    if sep and kind in KINDS:
        ref = rest.strip()
        found = {"rule": ref in kb.rules, "decision": ref in kb.decisions, "fact": ref in kb.facts}
        if kind == "node":
            return "node", resolve_node(kb, ref)
        if not found[kind]:
            pool = {"rule": kb.rules, "decision": kb.decisions, "fact": kb.facts}[kind]
            raise UnknownItemError(f"no {kind} {ref!r}{_suggest(ref, list(pool))}")
        return kind, ref
    if ref in kb.rules:
        return "rule", ref
    if ref in kb.decisions:
        return "decision", ref
    if ref in kb.graph:
        return "node", ref
    if ref in kb.facts:
        return "fact", ref
    try:
        return "node", resolve_node(kb, ref)
    except UnknownItemError as exc:
        if "several" in str(exc):
            raise
    candidates = list(kb.rules) + list(kb.decisions) + list(kb.graph.nodes) + list(kb.facts)
    raise UnknownItemError(f"{ref!r} is not a rule, decision, knowledge node or fact{_suggest(ref, candidates)}")


# ---------------------------------------------------------------- shared pieces

def source_dict(source: Source) -> dict[str, str]:
    return {"seed": source.seed, "lines": source.lines, "section": source.section}


def _raw_sources(raw: list[dict[str, Any]]) -> list[dict[str, str]]:
    return [{"seed": s["seed"], "lines": str(s["lines"]), "section": s.get("section", "")} for s in raw]


def cite(source: dict[str, str]) -> str:
    text = f"{source['seed']} lines {source['lines']}"
    return f"{text} ({source['section']})" if source.get("section") else text


def _value_text(value: Any) -> str:
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, list):
        return "[" + ", ".join(_value_text(v) for v in value) + "]"
    return str(value)


_OP_WORDS = {"eq": "=", "ne": "!=", "in": "in", "not_in": "not in", "lt": "<", "le": "<=", "gt": ">", "ge": ">="}


def condition_text(condition: dict[str, Any], top: bool = True) -> str:
    """A condition in words: `data_arrival = streaming and (needs_replay = true or consumers > 1)`."""
    for joiner in ("all", "any"):
        if joiner in condition:
            parts = [condition_text(child, top=False) for child in condition[joiner]]
            text = f" {'and' if joiner == 'all' else 'or'} ".join(parts)
            return text if top or len(parts) == 1 else f"({text})"
    op, value = leaf_operator(condition)
    if op == "present":
        return f"{condition['fact']} is {'given' if value else 'not given'}"
    return f"{condition['fact']} {_OP_WORDS[op]} {_value_text(value)}"


def _attributes(data: dict[str, Any]) -> dict[str, Any]:
    attrs = data.get("attributes") or {}
    first = [k for k in ATTRIBUTE_ORDER if k in attrs]
    return {k: attrs[k] for k in first + sorted(k for k in attrs if k not in first)}


def node_dict(kb: KnowledgeBase, node_id: str) -> dict[str, Any]:
    data = kb.node(node_id)
    return {
        "id": node_id,
        "name": data.get("name", node_id),
        "kind": data.get("kind", ""),
        "area": data.get("area", ""),
        "stage": data.get("stage", ""),
        "aliases": list(data.get("aliases") or []),
        "summary": " ".join(str(data.get("summary", "")).split()),
        "attributes": _attributes(data),
        "facts": [{"text": " ".join(f["text"].split()), "sources": _raw_sources(f.get("sources") or [])}
                  for f in (data.get("facts") or [])],
        "claims": [{"id": c.id, "claim": c.claim, "current": " ".join(c.current.split()), "status": c.status,
                    "rules_use": c.rules_use, "sources": [source_dict(s) for s in c.sources]}
                   for c in sorted(kb.claims.values(), key=lambda c: c.id) if c.node_id == node_id],
    }


def _edges_of(kb: KnowledgeBase, node_id: str) -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    out = sorted({(t, k) for _, t, k in kb.graph.out_edges(node_id, keys=True)})
    into = sorted({(s, k) for s, _, k in kb.graph.in_edges(node_id, keys=True)})
    return ([{"type": k, "to": t, "name": kb.name_of(t)} for t, k in out],
            [{"type": k, "from": s, "name": kb.name_of(s)} for s, k in into])


def _rule_brief(kb: KnowledgeBase, rule: Rule) -> dict[str, Any]:
    return {"id": rule.id, "title": rule.title, "decision": rule.decision_id, "chooses": rule.choose,
            "priority": rule.priority, "when": condition_text(rule.when)}


def _decisions_with_option(kb: KnowledgeBase, node_id: str) -> list[Decision]:
    return sorted((d for d in kb.decisions.values() if d.option(node_id) is not None), key=lambda d: d.id)


# ---------------------------------------------------------------- compare

def compare(kb: KnowledgeBase, refs: list[str]) -> dict[str, Any]:
    """Side-by-side data for two or more nodes and the decisions in which they compete."""
    if len(refs) < 2:
        raise UnknownItemError("compare needs at least two services, algorithms or techniques")
    ids: list[str] = []
    for ref in refs:
        node_id = resolve_node(kb, ref)
        if node_id in ids:
            raise UnknownItemError(f"{ref!r} is {node_id!r}, which is already in the comparison")
        ids.append(node_id)
    items = [node_dict(kb, i) for i in ids]
    keys: list[str] = []
    for item in items:
        keys.extend(k for k in item["attributes"] if k not in keys)
    first = [k for k in ATTRIBUTE_ORDER if k in keys]
    attribute_keys = first + sorted(k for k in keys if k not in first)

    wins: dict[str, list[dict[str, Any]]] = {i: [] for i in ids}
    loses: dict[str, list[dict[str, Any]]] = {i: [] for i in ids}
    best_for: dict[str, list[dict[str, str]]] = {i: [] for i in ids}
    decisions = []
    for decision in sorted(kb.decisions.values(), key=lambda d: d.id):
        present = [i for i in ids if decision.option(i) is not None]
        for i in present:
            best_for[i].append({"decision": decision.id, "best_for": decision.option(i).best_for})  # type: ignore[union-attr]
        if len(present) < 2:
            continue
        entry: dict[str, Any] = {"id": decision.id, "question": decision.question, "area": decision.area,
                                 "stage": decision.stage, "options": present, "rules": []}
        for rule in decision.rules:
            if rule.choose not in present:
                continue
            beats = {}
            for other in present:
                if other == rule.choose:
                    continue
                reason = rule.why_not.get(other)
                if reason is None:
                    reason = (f"not named by this rule; it is the choice for "
                              f"{decision.option(other).best_for}")  # type: ignore[union-attr]
                beats[other] = reason
                loses[other].append({"decision": decision.id, "rule": rule.id, "to": rule.choose,
                                     "when": rule.title, "why": reason})
            wins[rule.choose].append({"decision": decision.id, "rule": rule.id, "when": rule.title,
                                      "condition": condition_text(rule.when), "priority": rule.priority,
                                      "rationale": rule.rationale})
            entry["rules"].append({**_rule_brief(kb, rule), "rationale": rule.rationale, "beats": beats,
                                   "sources": [source_dict(s) for s in rule.sources]})
        decisions.append(entry)
    edges = sorted({(s, t, k) for s in ids for t in ids if s != t
                    for k in (kb.graph.get_edge_data(s, t) or {})})
    sources: list[dict[str, str]] = []
    for item in items:
        for fact in item["facts"]:
            sources.extend(s for s in fact["sources"] if s not in sources)
    for entry in decisions:
        for rule in entry["rules"]:
            sources.extend(s for s in rule["sources"] if s not in sources)
    return {
        "items": items,
        "attribute_keys": attribute_keys,
        "best_for": best_for,
        "wins": wins,
        "loses": loses,
        "decisions": decisions,
        "edges_between": [{"from": s, "to": t, "type": k} for s, t, k in edges],
        "shared_decisions": len(decisions),
        "sources": sorted(sources, key=lambda s: (s["seed"], _line_key(s["lines"]), s["section"])),
    }


def _line_key(lines: str) -> int:
    head = lines.split("-")[0]
    return int(head) if head.isdigit() else 0


def _stage_of(kb: KnowledgeBase, node_id: str) -> str:
    stage = kb.node(node_id).get("stage")
    return stage if stage in STAGES else DEFAULT_STAGE


def neighbourhood_diagram(kb: KnowledgeBase, centre: list[str], depth: int = 1, flow_only: bool = True,
                          max_neighbours: int = 12) -> tuple[list[ArchNode], list[ArchEdge]]:
    """The centre nodes and their neighbours (within `depth` hops) placed in their stages, joined by their edges."""
    keep: list[str] = list(centre)
    frontier = list(centre)
    for _ in range(depth):
        found: list[str] = []
        for node_id in frontier:
            near = sorted({t for _, t, k in kb.graph.out_edges(node_id, keys=True) if not flow_only or k in FLOW_EDGES}
                          | {s for s, _, k in kb.graph.in_edges(node_id, keys=True) if not flow_only or k in FLOW_EDGES})
            found.extend(n for n in near[:max_neighbours] if n not in keep and n not in found)
        keep.extend(found)
        frontier = found
    reason = {n: ("compared" if n in centre else "neighbour") for n in keep}
    nodes = [ArchNode(n, kb.name_of(n), _stage_of(kb, n), kb.node(n).get("kind", ""), reason[n]) for n in keep]
    nodes.sort(key=lambda n: (STAGES.index(n.stage), n.id))
    members = set(keep)
    triples = sorted({(s, t, k.replace("_", " ")) for s in members for t in members if s != t
                      for k in (kb.graph.get_edge_data(s, t) or {})
                      if not flow_only or k in FLOW_EDGES or (s in centre and t in centre)})
    return nodes, [ArchEdge(s, t, label) for s, t, label in triples]


# ---------------------------------------------------------------- explain

def explain(kb: KnowledgeBase, ref: str) -> dict[str, Any]:
    kind, item_id = resolve_any(kb, ref)
    body = {"rule": _explain_rule, "decision": _explain_decision, "node": _explain_node, "fact": _explain_fact}[kind]
    also = [k for k, present in (("rule", item_id in kb.rules), ("decision", item_id in kb.decisions),
                                 ("node", item_id in kb.graph), ("fact", item_id in kb.facts))
            if present and k != kind]
    data = {"what": kind, "id": item_id, **body(kb, item_id)}
    if also:
        data["also"] = [f"{k}:{item_id}" for k in also]
    return data


def _example_dict(example: Any) -> dict[str, Any]:
    return {"text": example.text} if example.text is not None else {"facts": dict(example.facts or {})}


def _explain_rule(kb: KnowledgeBase, rule_id: str) -> dict[str, Any]:
    rule = kb.rules[rule_id]
    decision = kb.decisions[rule.decision_id]
    why_not = {o.id: rule.why_not.get(o.id, f"(not named; it is the choice for {o.best_for})")
               for o in decision.options if o.id != rule.choose}
    return {
        "title": rule.title,
        "decision": {"id": decision.id, "question": decision.question},
        "chooses": {"id": rule.choose, "name": kb.name_of(rule.choose)},
        "priority": rule.priority,
        "when": condition_text(rule.when),
        "derive": dict(rule.derive),
        "compute": rule.compute,
        "rationale": rule.rationale,
        "why_not": why_not,
        "claims": [{"id": c, "claim": kb.claims[c].claim, "current": kb.claims[c].current,
                    "status": kb.claims[c].status, "rules_use": kb.claims[c].rules_use}
                   for c in rule.claims if c in kb.claims],
        "sources": [source_dict(s) for s in rule.sources],
        "examples": {"fire": [_example_dict(e) for e in rule.fire_examples],
                     "not_fire": [_example_dict(e) for e in rule.not_fire_examples]},
        "neighbours": [_rule_brief(kb, r) for r in decision.rules if r.id != rule.id],
        "file": rule.file,
    }


def _explain_decision(kb: KnowledgeBase, decision_id: str) -> dict[str, Any]:
    d = kb.decisions[decision_id]
    return {
        "question": d.question,
        "area": d.area,
        "stage": d.stage,
        "relevant_when": condition_text(d.relevant_when),
        "needs": list(d.needs),
        "options": [{"id": o.id, "name": kb.name_of(o.id), "best_for": o.best_for,
                     "rules": [r.id for r in d.rules if r.choose == o.id]} for o in d.options],
        "rules": [{**_rule_brief(kb, r), "rationale": r.rationale} for r in d.rules],
        "sources": _unique([source_dict(s) for r in d.rules for s in r.sources]),
        "examples": [{"rule": r.id, **_example_dict(e)} for r in d.rules for e in r.fire_examples
                     if e.text is not None],
        "file": d.file,
    }


def _explain_node(kb: KnowledgeBase, node_id: str) -> dict[str, Any]:
    out, into = _edges_of(kb, node_id)
    data = node_dict(kb, node_id)
    data.pop("id")
    decisions = _decisions_with_option(kb, node_id)
    chosen_by = sorted((r for r in kb.rules.values() if r.choose == node_id), key=lambda r: r.id)
    sources = [s for f in data["facts"] for s in f["sources"]] + [source_dict(s) for r in chosen_by for s in r.sources]
    return {
        **data,
        "decisions": [{"id": d.id, "question": d.question, "best_for": d.option(node_id).best_for,  # type: ignore[union-attr]
                       "competes_with": [o.id for o in d.options if o.id != node_id]} for d in decisions],
        "chosen_by": [{**_rule_brief(kb, r), "rationale": r.rationale} for r in chosen_by],
        "examples": [{"rule": r.id, "text": e.text} for r in chosen_by for e in r.fire_examples if e.text is not None],
        "edges_out": out,
        "edges_in": into,
        "sources": _unique(sources),
    }


def _explain_fact(kb: KnowledgeBase, name: str) -> dict[str, Any]:
    fact = kb.facts[name]
    used_by = sorted(r.id for r in kb.rules.values() if any(l["fact"] == name for l in condition_leaves(r.when)))
    relevant = sorted(d.id for d in kb.decisions.values()
                      if any(l["fact"] == name for l in condition_leaves(d.relevant_when)))
    return {
        "type": fact.type,
        "description": fact.description,
        "values": list(fact.values) if fact.type == "enum" else [],
        "unit": fact.unit,
        "default": fact.default,
        "multi": fact.multi,
        "derived": fact.derived,
        # as written: {concept} names, not the regexes they expand to
        "phrases": ({v: list(fact.written.get(v, p)) for v, p in fact.phrases.items() if p}
                    if fact.type != "number" else {}),
        "patterns": list(fact.patterns),
        "used_by_rules": used_by,
        "makes_relevant": relevant,
        "needed_by": sorted(d.id for d in kb.decisions.values() if name in d.needs),
        "derived_by": sorted(r.id for r in kb.rules.values() if name in r.derive),
        "file": fact.file,
    }


def _unique(items: list[dict[str, str]]) -> list[dict[str, str]]:
    seen: list[dict[str, str]] = []
    for item in items:
        if item not in seen:
            seen.append(item)
    return seen


# ---------------------------------------------------------------- graph

def _undirected(kb: KnowledgeBase) -> nx.Graph:
    """A simple undirected view built in sorted order, so searches are deterministic."""
    graph = nx.Graph()
    graph.add_nodes_from(sorted(kb.graph.nodes))
    graph.add_edges_from(sorted({tuple(sorted((s, t))) for s, t in kb.graph.edges() if s != t}))
    return graph


def _hop_edges(kb: KnowledgeBase, a: str, b: str) -> list[dict[str, str]]:
    found = [{"from": a, "to": b, "type": k} for k in sorted(kb.graph.get_edge_data(a, b) or {})]
    found += [{"from": b, "to": a, "type": k} for k in sorted(kb.graph.get_edge_data(b, a) or {})]
    return found


def graph_show(kb: KnowledgeBase, ref: str, depth: int = 1) -> dict[str, Any]:
    if not 1 <= depth <= MAX_DEPTH:
        raise UnknownItemError(f"--depth {depth}: give a depth from 1 to {MAX_DEPTH}")
    node_id = resolve_node(kb, ref)
    lengths = nx.single_source_shortest_path_length(_undirected(kb), node_id, cutoff=depth)
    members = sorted(lengths, key=lambda n: (lengths[n], n))
    keep = set(members)
    edges = sorted({(s, t, k) for s, t, k in kb.graph.edges(keys=True) if s in keep and t in keep})
    out, into = _edges_of(kb, node_id)
    return {
        "node": node_dict(kb, node_id),
        "depth": depth,
        "edges_out": out,
        "edges_in": into,
        "nodes": [{"id": n, "name": kb.name_of(n), "kind": kb.node(n).get("kind", ""),
                   "stage": kb.node(n).get("stage", ""), "distance": lengths[n]} for n in members],
        "edges": [{"from": s, "to": t, "type": k} for s, t, k in edges],
    }


def graph_diagram(kb: KnowledgeBase, shown: dict[str, Any]) -> tuple[list[ArchNode], list[ArchEdge]]:
    centre = shown["node"]["id"]
    nodes = [ArchNode(n["id"], n["name"], _stage_of(kb, n["id"]), n["kind"],
                      "shown" if n["id"] == centre else f"{n['distance']} hops") for n in shown["nodes"]]
    nodes.sort(key=lambda n: (STAGES.index(n.stage), n.id))
    edges = [ArchEdge(e["from"], e["to"], e["type"].replace("_", " ")) for e in shown["edges"]]
    return nodes, edges


def graph_path(kb: KnowledgeBase, ref_a: str, ref_b: str) -> dict[str, Any]:
    a, b = resolve_node(kb, ref_a), resolve_node(kb, ref_b)
    graph = _undirected(kb)
    try:
        paths = []
        for path in nx.all_shortest_paths(graph, a, b):
            paths.append(path)
            if len(paths) >= 50:
                break
    except nx.NetworkXNoPath:
        paths = []
    paths = sorted(paths)[:MAX_PATHS]
    return {
        "from": {"id": a, "name": kb.name_of(a)},
        "to": {"id": b, "name": kb.name_of(b)},
        "connected": bool(paths),
        "length": len(paths[0]) - 1 if paths else None,
        "paths": [{"nodes": [{"id": n, "name": kb.name_of(n)} for n in path],
                   "hops": [{"from": u, "to": v, "edges": _hop_edges(kb, u, v)} for u, v in zip(path, path[1:])]}
                  for path in paths],
    }
