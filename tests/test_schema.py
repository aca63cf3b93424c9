"""Every file is validated at load; every problem names its file and key path."""

from __future__ import annotations

from pathlib import Path

import pytest

from selector import loader
from selector.errors import KnowledgeError


def problems_for(rules: Path, knowledge: Path) -> list[str]:
    return loader.validate([rules], [knowledge])[1]


def test_built_in_knowledge_base_is_valid(kb):
    assert kb.rules and kb.decisions and kb.graph.number_of_nodes()


def test_schema_files_agree_with_model_constants():
    import json
    from importlib import resources

    from selector.models import AREAS, EDGE_TYPES, NODE_KINDS, OPERATORS, STAGES

    rules = json.loads(resources.files("selector.schemas").joinpath("rules.schema.json").read_text())
    knowledge = json.loads(resources.files("selector.schemas").joinpath("knowledge.schema.json").read_text())
    decision = rules["properties"]["decision"]["properties"]
    assert tuple(decision["area"]["enum"]) == AREAS
    assert tuple(decision["stage"]["enum"]) == STAGES
    node = knowledge["properties"]["nodes"]["items"]["properties"]
    assert tuple(node["kind"]["enum"]) == NODE_KINDS
    assert set(node["edges"]["properties"]) == set(EDGE_TYPES)
    assert set(rules["$defs"]["leaf"]["properties"]) - {"fact"} == set(OPERATORS)


def first_rule_file(rules: Path) -> Path:
    return sorted(rules.rglob("*.yaml"))[0]


def test_yaml_syntax_error_names_file_and_line(data_copy):
    rules, knowledge = data_copy
    target = first_rule_file(rules)
    target.write_text(target.read_text() + "\n  broken: [unclosed\n")
    found = problems_for(rules, knowledge)
    label = f"rules/{target.relative_to(rules).as_posix()}"
    assert any(p.startswith(f"{label}: line ") and "invalid YAML" in p for p in found)


def test_misspelled_key_and_bad_operator_are_reported_with_key_path(data_copy):
    rules, knowledge = data_copy
    target = first_rule_file(rules)
    text = target.read_text()
    text = text.replace("    rationale:", "    rationnale: typo\n    rationale:", 1)
    target.write_text(text)
    found = problems_for(rules, knowledge)
    label = f"rules/{target.relative_to(rules).as_posix()}"
    assert any(p.startswith(f"{label}: rules[0]: Additional properties") and "rationnale" in p for p in found)


def test_unknown_option_fact_and_node_are_cross_reference_errors(data_copy):
    rules, knowledge = data_copy
    bad = rules / "ingestion" / "bad-decision.yaml"
    bad.write_text("""
decision:
  id: bad-decision
  question: Broken on purpose?
  area: ingestion
  stage: ingest
  relevant_when: {all: [{fact: no_such_fact, eq: 1}]}
  options:
    - {id: no-such-node, best_for: nothing}
    - {id: s3, best_for: storing}
rules:
  - id: bad-rule
    title: Broken
    when: {all: [{fact: latency, eq: yesterday}]}
    choose: not-an-option
    rationale: This rule is broken in three different ways.
    why_not: {s3: not this one}
    sources: [{seed: 004_314976be6aba402a.txt, lines: 9999}]
    examples: {fire: [x], not_fire: [y]}
""")
    found = problems_for(rules, knowledge)
    label = "rules/ingestion/bad-decision.yaml"
    expected = [
        f"{label}: decision.relevant_when: unknown fact 'no_such_fact'",
        f"{label}: decision.options[0].id: 'no-such-node' is not a knowledge-graph node",
        f"{label}: rules[0].choose: 'not-an-option' is not an option of decision 'bad-decision'",
        f"{label}: rules[0].sources[0].lines: 9999 is outside 004_314976be6aba402a.txt (1-386)",
    ]
    for line in expected:
        assert line in found
    assert any(p.startswith(f"{label}: rules[0].when") and "'yesterday' is not one of" in p for p in found)


def test_dangling_edge_and_duplicate_node(data_copy):
    rules, knowledge = data_copy
    (knowledge / "zz-broken.yaml").write_text("""
nodes:
  - {id: s3, name: Again, kind: service, area: storage, stage: store, summary: dup}
  - {id: lonely, name: Lonely, kind: concept, area: storage, stage: store, summary: x, edges: {feeds: [nowhere]}}
""")
    found = problems_for(rules, knowledge)
    assert any(p.startswith("knowledge/zz-broken.yaml: nodes[0].id: node 's3' already defined") for p in found)
    assert "knowledge/zz-broken.yaml: nodes[1].edges.feeds[0]: unknown node 'nowhere'" in found


def test_python_object_tags_are_refused(data_copy):
    rules, knowledge = data_copy
    (knowledge / "zz-evil.yaml").write_text("nodes: !!python/object/apply:os.system ['echo hi']\n")
    found = problems_for(rules, knowledge)
    assert any(p.startswith("knowledge/zz-evil.yaml: line 1: invalid YAML") for p in found)


def test_load_raises_one_error_listing_the_count(data_copy):
    rules, knowledge = data_copy
    first_rule_file(rules).write_text("decision: [\n")
    with pytest.raises(KnowledgeError) as info:
        loader.load([rules], [knowledge])
    assert "invalid YAML" in str(info.value)
