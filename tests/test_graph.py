"""Invariants of the knowledge graph."""

import networkx as nx

from selector.models import FLOW_EDGES, STAGES


def test_no_dangling_edges(kb):
    for source, target in kb.graph.edges():
        assert source in kb.graph and target in kb.graph


def test_every_option_and_chosen_node_is_a_graph_node(kb):
    for decision in kb.decisions.values():
        for option in decision.options:
            assert option.id in kb.graph, (decision.id, option.id)
        for rule in decision.rules:
            assert rule.choose in kb.graph, rule.id


def test_requires_has_no_cycles(kb):
    requires = nx.DiGraph([(u, v) for u, v, k in kb.graph.edges(keys=True) if k == "requires"])
    assert list(nx.simple_cycles(requires)) == []


def test_every_node_has_a_stage_and_summary(kb):
    for node_id, data in kb.graph.nodes(data=True):
        assert data["stage"] in STAGES, node_id
        assert data["summary"].strip(), node_id


def test_aliases_are_unique_across_nodes(kb):
    owner = {}
    clashes = []
    for node_id, data in kb.graph.nodes(data=True):
        for alias in [data["name"], *data.get("aliases", [])]:
            key = alias.lower()
            if key in owner and owner[key] != node_id:
                clashes.append((alias, owner[key], node_id))
            owner.setdefault(key, node_id)
    assert clashes == []


def test_flow_edges_are_a_subset_of_edge_types():
    from selector.models import EDGE_TYPES

    assert set(FLOW_EDGES) <= set(EDGE_TYPES)
