"""compare, explain, graph show/path and calc through the CLI, and diagrams with and without AWS icons.

The knowledge comes from the frozen base in tests/broken_packs/_base (it stands in for the built-in rules and
knowledge, which change daily). Diagrams are rendered for real (dot or graphviz-pure).
"""

from __future__ import annotations

import base64
import json
import struct
import xml.etree.ElementTree as ET
import zlib
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from selector import loader, paths, teach
from selector.cli import cli
from selector.render import diagram, icons

BASE = Path(__file__).resolve().parent / "broken_packs" / "_base"
TEACHING = ("compare", "explain", "graph show", "graph path", "quiz", "calc")


@pytest.fixture(scope="module")
def kb() -> loader.KnowledgeBase:
    return loader.load([BASE / "rules"], [BASE / "knowledge"])


def invoke(*args: str, input: str | None = None, env: dict[str, str] | None = None):
    return CliRunner().invoke(cli, list(args), input=input, env=env)


def run_json(*args: str):
    result = invoke(*args, "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


# ---------------------------------------------------------------- help, errors, plain text

@pytest.mark.parametrize("path", TEACHING)
def test_every_teaching_command_has_an_example_and_json(path):
    command: click.Command = cli
    for part in path.split():
        command = command.commands[part]  # type: ignore[attr-defined]
    assert command.help and "Example:" in command.help
    assert any(o.name == "output_format" and "json" in o.type.choices for o in command.params)  # type: ignore


def test_graph_group_help_has_an_example():
    assert "Example:" in cli.commands["graph"].help  # type: ignore[operator]


@pytest.mark.parametrize("args, message", [
    (["compare", "firehose"], "compare needs at least two"),
    (["compare", "firehose", "nosuch-thing"], "'nosuch-thing' is not a knowledge node id, name or alias"),
    (["compare", "firehose", "kinesis-data-firehose"], "already in the comparison"),
    (["explain", "kinesis-data-firehos"], "did you mean kinesis-data-firehose"),
    (["explain", "rule:streaming-ingestion"], "no rule 'streaming-ingestion'"),
    (["graph", "show", "nothing-here"], "is not a knowledge node"),
    (["graph", "path", "s3", "nothing-here"], "is not a knowledge node"),
    (["calc", "shards"], "no calculator 'shards'"),
    (["calc", "kinesis_shards", "record_kb=lots"], "record_kb takes a number"),
    (["calc", "kinesis_shards", "record_kb=-5"], "zero or more"),
    (["calc", "kinesis_shards", "shard_count=3"], "has no input 'shard_count'"),
    (["calc", "kinesis_shards", "record_kb"], "write inputs as NAME=VALUE"),
    (["calc", "kinesis_shards", "record_kb=500"], "missing input records_per_s"),
    (["calc", "endpoint_instances", "peak_rps=10", "instance_max_rps=0"], "cannot compute"),
    (["calc", "variant_traffic", "weights=0,0"], "not all zero"),
])
def test_bad_input_is_one_line_and_exit_1(frozen, args, message):
    result = invoke(*args)
    assert result.exit_code == 1, result.output
    assert result.output.startswith("Error: ") and result.output.count("\n") == 1
    assert message in result.output


def test_output_is_plain_text_without_a_terminal_or_with_no_color(frozen):
    for env in (None, {"NO_COLOR": "1"}):
        for args in (["compare", "firehose", "kds"], ["explain", "firehose"], ["graph", "show", "s3"],
                     ["calc", "kinesis_shards", "record_kb=500", "records_per_s=2"]):
            result = invoke(*args, env=env)
            assert result.exit_code == 0 and "\x1b[" not in result.output


@pytest.mark.parametrize("args", [
    ["compare", "firehose", "kds", "xgboost"], ["explain", "streaming-ingestion"], ["explain", "fact:latency"],
    ["graph", "show", "s3", "--depth", "2"], ["graph", "path", "kinesis-video-streams", "athena"],
    ["calc", "confusion_metrics", "tp=1", "fp=1", "fn=8", "tn=90"], ["calc"],
])
def test_json_is_byte_identical_across_runs(frozen, args):
    first, second = invoke(*args, "--format", "json"), invoke(*args, "--format", "json")
    assert first.exit_code == 0 and first.stdout == second.stdout
    json.loads(first.stdout)


# ---------------------------------------------------------------- compare

def test_compare_by_alias_shows_the_trade_offs(frozen):
    data = run_json("compare", "firehose", "KDS")
    assert [i["id"] for i in data["items"]] == ["kinesis-data-firehose", "kinesis-data-streams"]
    assert data["attribute_keys"][:5] == ["purpose", "latency", "cost_model", "management", "limits"]
    firehose, kds = data["items"]
    assert firehose["attributes"]["management"] == "fully managed, serverless, scales automatically"
    assert kds["attributes"]["latency"] == "70-300 ms"
    assert [w["rule"] for w in data["wins"]["kinesis-data-firehose"]] == ["firehose-managed-delivery"]
    assert [w["rule"] for w in data["wins"]["kinesis-data-streams"]] == ["kds-real-time-custom-consumers",
                                                                         "kds-replay-or-many-consumers"]
    lost = {x["rule"]: x["why"] for x in data["loses"]["kinesis-data-firehose"]}
    assert lost["kds-replay-or-many-consumers"].startswith("keeps no copy of the data (no replay)")
    assert data["loses"]["kinesis-data-streams"][0]["why"].startswith("needs shards sized by hand")
    assert data["best_for"]["kinesis-data-streams"][0]["decision"] == "streaming-ingestion"
    (decision,) = data["decisions"]
    assert decision["id"] == "streaming-ingestion" and decision["options"] == ["kinesis-data-firehose",
                                                                                "kinesis-data-streams"]
    assert {"from": "kinesis-data-streams", "to": "kinesis-data-firehose", "type": "feeds"} in data["edges_between"]
    assert {"seed": "001_660e50563e26e4d5.txt", "lines": "59-71", "section": "Kinesis Firehose"} in data["sources"]
    assert [c["id"] for c in firehose["claims"]] == ["firehose-min-latency"]


def test_compare_text_is_a_table_with_the_reasons(frozen):
    result = invoke("compare", "xgboost", "Linear Learner", "athena")
    assert result.exit_code == 0, result.output
    out = result.output
    for text in ("SageMaker XGBoost", "SageMaker Linear Learner", "Amazon Athena", "wins when", "loses when",
                 "training hardware", "per TB scanned", "[xgboost-for-nonlinear-tables, priority 50]",
                 "Where they compete: Which built-in algorithm for a tabular prediction?", "Sources: "):
        assert text in out, text


def test_compare_of_items_that_never_compete_says_so(frozen):
    data = run_json("compare", "s3", "xgboost")
    assert data["decisions"] == [] and data["shared_decisions"] == 0
    assert "do not compete in any decision" in invoke("compare", "s3", "xgboost").output


def test_compare_diagram_places_items_and_neighbours_in_stages(frozen, tmp_path):
    target = tmp_path / "compare.dot"
    result = invoke("compare", "firehose", "kds", "--diagram", str(target))
    assert result.exit_code == 0
    assert f"diagram written to {target}" in result.stderr
    dot = target.read_text()
    assert 'label="compare: Amazon Data Firehose (Kinesis Data Firehose) vs Amazon Kinesis Data Streams"' in dot
    for fragment in ("subgraph cluster_ingest", "subgraph cluster_store", '"kinesis-data-streams" -> '
                     '"kinesis-data-firehose" [label=feeds', '"kinesis-data-firehose" -> s3 [label="delivers to"'):
        assert fragment in dot, fragment
    assert "alternative to" in dot  # the two compared items are joined by their own relation
    second = tmp_path / "again.dot"
    invoke("compare", "firehose", "kds", "--diagram", str(second))
    assert second.read_text() == dot


def test_compare_diagram_renders_to_real_svg(frozen, tmp_path):
    target = tmp_path / "compare.svg"
    assert invoke("compare", "athena", "redshift", "--diagram", str(target)).exit_code == 0
    root = ET.fromstring(target.read_bytes())
    titles = {el.text for el in root.iter() if el.tag.endswith("title")}
    assert {"athena", "redshift", "s3", "glue-data-catalog", "cluster_catalog"} <= titles


def test_a_diagram_is_written_only_where_asked(frozen, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for args in (["compare", "firehose", "kds"], ["graph", "show", "s3"], ["explain", "s3"],
                 ["recommend", "Click events stream in and must land in S3 within a few minutes."]):
        assert invoke(*args).exit_code == 0
    assert list(tmp_path.iterdir()) == []


# ---------------------------------------------------------------- explain

def test_explain_a_rule(frozen):
    data = run_json("explain", "kds-replay-or-many-consumers")
    assert data["what"] == "rule" and data["decision"]["id"] == "streaming-ingestion"
    assert data["when"] == "data_arrival = streaming and (needs_replay = true or consumers > 1)"
    assert data["why_not"]["kinesis-data-firehose"].startswith("keeps no copy")
    assert data["why_not"]["kinesis-video-streams"].startswith("(not named; it is the choice for ingesting live video")
    assert data["examples"]["fire"][1] == {"facts": {"data_arrival": "streaming", "needs_replay": True}}
    assert data["claims"][0]["id"] == "kds-retention-max" and data["sources"][0]["lines"] == "38-39"
    assert {r["id"] for r in data["neighbours"]} == {"kds-real-time-custom-consumers", "firehose-managed-delivery",
                                                     "kvs-for-live-video"}
    text = invoke("explain", "kds-replay-or-many-consumers").output
    assert "Why not the others" in text and "Note check (outdated)" in text and "fires: Sensor readings" in text


def test_explain_a_decision(frozen):
    data = run_json("explain", "streaming-ingestion")
    assert data["what"] == "decision" and data["needs"] == ["latency"]
    assert data["relevant_when"] == "data_arrival = streaming or data_type = video"
    assert [o["rules"] for o in data["options"]] == [["firehose-managed-delivery"], [
        "kds-real-time-custom-consumers", "kds-replay-or-many-consumers"], ["kvs-for-live-video"]]
    assert len(data["examples"]) == 4


def test_explain_a_node_by_name(frozen):
    data = run_json("explain", "Amazon Data Firehose (Kinesis Data Firehose)")
    assert data["what"] == "node" and data["id"] == "kinesis-data-firehose" and data["kind"] == "service"
    assert data["decisions"][0]["competes_with"] == ["kinesis-data-streams", "kinesis-video-streams"]
    assert [r["id"] for r in data["chosen_by"]] == ["firehose-managed-delivery"]
    assert {"type": "delivers_to", "to": "s3", "name": "Amazon S3"} in data["edges_out"]
    assert {"type": "feeds", "from": "kinesis-data-streams", "name": "Amazon Kinesis Data Streams"} in data["edges_in"]


def test_explain_a_fact(frozen):
    data = run_json("explain", "consumers")
    assert data["what"] == "fact" and data["type"] == "number" and data["unit"] == "consumers"
    assert data["used_by_rules"] == ["kds-replay-or-many-consumers"] and data["needed_by"] == ["kinesis-shard-count"]
    derived = run_json("explain", "fact:ingest_service")
    assert derived["derived"] and derived["derived_by"] == ["firehose-managed-delivery",
                                                            "kds-real-time-custom-consumers",
                                                            "kds-replay-or-many-consumers"]
    assert "Default when the scenario is silent: near-real-time" in invoke("explain", "latency").output


def kb_with_node(tmp_path: Path, node: str) -> loader.KnowledgeBase:
    """The frozen base plus one extra knowledge node (a YAML flow mapping)."""
    knowledge = tmp_path / "knowledge"
    knowledge.mkdir()
    (knowledge / "n.yaml").write_text(f"nodes:\n  - {node}\n")
    return loader.load([BASE / "rules"], [BASE / "knowledge", knowledge])


def test_an_id_naming_two_things_is_explained_with_a_pointer(tmp_path):
    kb = kb_with_node(tmp_path, "{id: latency, name: Latency (concept), kind: concept, "
                                "area: deployment, stage: deploy, summary: How long a request takes.}")
    assert teach.explain(kb, "latency")["what"] == "node" and teach.explain(kb, "latency")["also"] == ["fact:latency"]
    assert teach.explain(kb, "fact:latency")["what"] == "fact"


def test_ambiguous_alias_asks_for_the_id(tmp_path):
    kb = kb_with_node(tmp_path, "{id: kinesis-firehose-clone, name: Clone, kind: service, "
                                "area: ingestion, stage: ingest, aliases: [firehose], summary: A clone.}")
    with pytest.raises(teach.UnknownItemError, match="names several knowledge nodes: kinesis-data-firehose, "
                                                     "kinesis-firehose-clone"):
        teach.resolve_node(kb, "firehose")


def test_condition_text_reads_every_operator():
    condition = {"all": [{"fact": "a", "ne": "x"}, {"any": [{"fact": "b", "not_in": ["p", "q"]},
                                                            {"fact": "c", "le": 3}]},
                         {"fact": "d", "present": False}, {"fact": "e", "present": True}]}
    assert teach.condition_text(condition) == ("a != x and (b not in [p, q] or c <= 3) and d is not given "
                                               "and e is given")


# ---------------------------------------------------------------- graph

def test_graph_show_grows_with_depth(frozen):
    one = run_json("graph", "show", "s3")
    two = run_json("graph", "show", "s3", "--depth", "2")
    assert one["node"]["id"] == "s3" and one["nodes"][0] == {"id": "s3", "name": "Amazon S3", "kind": "service",
                                                             "stage": "store", "distance": 0}
    assert {n["id"] for n in one["nodes"]} == {"s3", "athena", "glue-data-catalog", "kinesis-data-firehose",
                                               "kinesis-video-streams", "linear-learner", "redshift", "xgboost"}
    assert {n["id"] for n in two["nodes"]} - {n["id"] for n in one["nodes"]} == {"kinesis-data-streams"}
    assert {"from": "athena", "to": "s3", "type": "queries"} in one["edges"]
    assert invoke("graph", "show", "s3", "--depth", "9").exit_code == 2  # click's range check: a usage error


def test_graph_show_diagram(frozen, tmp_path):
    target = tmp_path / "s3.dot"
    result = invoke("graph", "show", "athena", "--diagram", str(target))
    assert result.exit_code == 0
    dot = target.read_text()
    assert 'label="Amazon Athena: 1 hop"' in dot and '"glue-data-catalog" -> s3 [label=catalogs' in dot
    assert "athena -> redshift" in dot and 'label="alternative to"' in dot


def test_graph_path_follows_edges_either_way(frozen):
    data = run_json("graph", "path", "kinesis video streams", "athena")
    assert data["connected"] and data["length"] == 2
    (path,) = data["paths"]
    assert [n["id"] for n in path["nodes"]] == ["kinesis-video-streams", "s3", "athena"]
    assert path["hops"][1]["edges"] == [{"from": "athena", "to": "s3", "type": "queries"}]
    text = invoke("graph", "path", "kinesis-video-streams", "athena").output
    assert "2 hops, 1 shortest path" in text and "athena --queries--> s3" in text


def test_graph_path_between_unconnected_nodes(frozen):
    data = run_json("graph", "path", "parquet", "s3")
    assert data == {"from": {"id": "parquet", "name": "Apache Parquet"}, "to": {"id": "s3", "name": "Amazon S3"},
                    "connected": False, "length": None, "paths": []}
    assert "are not connected" in invoke("graph", "path", "parquet", "s3").output


# ---------------------------------------------------------------- calc

def test_calc_lists_calculators_with_inputs_and_sources(frozen):
    rows = run_json("calc")
    names = [r["name"] for r in rows]
    assert names == sorted(names) and {"kinesis_shards", "endpoint_instances", "confusion_metrics"} <= set(names)
    for row in rows:
        assert row["what"] and row["inputs"] and row["sources"], row["name"]


def test_calc_kinesis_shards_shows_the_arithmetic(frozen):
    data = run_json("calc", "kinesis-shards", "record_kb=500", "records_per_s=2", "consumers=7")
    assert data["value"] == 4 and data["unit"] == "shards"
    assert data["arithmetic"][-1] == "shards = ceil(max(1, 3.5, 0.002)) = 4"
    assert data["inputs"] == {"record_kb": 500, "records_per_s": 2, "consumers": 7}
    text = invoke("calc", "kinesis_shards", "record_kb=500", "records_per_s=2", "consumers=7").output
    assert text.startswith("kinesis_shards: 4 shards\n") and "read = 1000 KB/s x 7 consumers = 7000 KB/s" in text


def test_calc_endpoint_instances(frozen):
    data = run_json("calc", "endpoint_instances", "peak_rps=1200", "instance_max_rps=250", "safety_factor=0.5")
    assert data["value"] == 10
    assert "SageMakerVariantInvocationsPerInstance target = 125 x 60 = 7500 per minute" in data["arithmetic"]


def test_calc_confusion_metrics_matches_the_notes_worked_example(frozen):
    data = run_json("calc", "confusion_metrics", "tp=1", "fp=1", "fn=8", "tn=90")
    steps = "\n".join(data["arithmetic"])
    assert "= 91 / 100 = 0.91" not in steps  # accuracy is written as (TP + TN) / total
    assert "accuracy = (TP + TN) / total = (1 + 90) / 100 = 0.91" in steps
    assert "precision = TP / (TP + FP) = 1 / 2 = 0.5" in steps
    assert "recall (sensitivity, TPR) = TP / (TP + FN) = 1 / 9 = 0.1111" in steps
    assert data["value"] == 0.1818 and data["unit"] == "F1"


def test_calc_variant_traffic_athena_and_rcf(frozen):
    assert run_json("calc", "variant_traffic", "weights=0.1,0.9")["value"] == [10.0, 90.0]
    athena = run_json("calc", "athena_scan_cost", "mb_scanned=3.2", "queries=1000")
    assert athena["value"] == 0.05 and athena["arithmetic"][0] == "billed per query = max(10 MB, ceil(3.2 MB)) = 10 MB"
    assert run_json("calc", "athena_scan_cost", "mb_scanned=2000000")["value"] == 10.0
    assert run_json("calc", "rcf_samples_per_tree", "anomaly_percent=0.4")["value"] == 250
    assert run_json("calc", "rcf_samples_per_tree", "anomaly_ratio=0.00390625")["value"] == 256
    result = invoke("calc", "rcf_samples_per_tree", "anomaly_ratio=3")
    assert result.exit_code == 1 and "at most 1" in result.output


def test_calc_needs_no_knowledge_base(monkeypatch, tmp_path):
    monkeypatch.setattr(paths, "builtin_rules_dir", lambda: tmp_path / "missing")
    assert invoke("calc", "kinesis_shards", "record_kb=1", "records_per_s=1").exit_code == 0


# ---------------------------------------------------------------- icons

def tiny_png(path: Path, rgb: tuple[int, int, int]) -> None:
    """A real 4x4 PNG, written by hand (no imaging library needed)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    rows = b"".join(b"\x00" + bytes(rgb) * 4 for _ in range(4))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 4, 4, 8, 2, 0, 0, 0))
                     + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


@pytest.fixture()
def icon_dir(tmp_path, monkeypatch) -> Path:
    root = tmp_path / "aws"
    tiny_png(root / "analytics" / "kinesis-data-firehose.png", (255, 153, 0))
    tiny_png(root / "storage" / "simple-storage-service-s3.png", (60, 140, 60))
    monkeypatch.setenv(icons.ICON_ENV, str(root))
    return root


def test_plain_dot_is_unchanged_by_icon_support(kb):
    from selector.recommend import recommend

    rec = recommend(kb, "Click events stream in and must land in S3 within a few minutes.")
    plain = diagram.to_dot(rec.nodes, rec.edges)
    assert diagram.to_dot(rec.nodes, rec.edges, icons=None) == plain
    assert diagram.to_dot(rec.nodes, rec.edges, icons={}) == plain
    assert "image=" not in plain


def test_icons_are_found_by_curated_name_and_by_file_name(icon_dir, kb):
    assert icons.icon_root() == icon_dir
    assert icons.icon_for("s3", icon_dir) == icon_dir / "storage" / "simple-storage-service-s3.png"
    assert icons.icon_for("kinesis-data-firehose", icon_dir) == icon_dir / "analytics" / "kinesis-data-firehose.png"
    assert icons.icon_for("xgboost", icon_dir) is None


def test_icons_in_dot_and_self_contained_svg(frozen, icon_dir, tmp_path):
    dot_path = tmp_path / "c.dot"
    result = invoke("compare", "firehose", "kds", "--diagram", str(dot_path), "--icons")
    assert result.exit_code == 0
    dot = dot_path.read_text()
    assert f'image="{icon_dir / "analytics" / "kinesis-data-firehose.png"}"' in dot
    assert f'image="{icon_dir / "storage" / "simple-storage-service-s3.png"}"' in dot
    assert dot.count("image=") == 2  # Data Streams has no icon in this set: it stays a box
    svg_path = tmp_path / "c.svg"
    result = invoke("compare", "firehose", "kds", "--diagram", str(svg_path), "--icons")
    assert result.exit_code == 0 and "2 AWS icons" in result.stderr
    svg = svg_path.read_text()
    assert svg.count('xlink:href="data:image/png;base64,') == 2 and str(icon_dir) not in svg
    embedded = svg.split('xlink:href="data:image/png;base64,', 1)[1].split('"', 1)[0]
    assert base64.b64decode(embedded)[:8] == b"\x89PNG\r\n\x1a\n"
    ET.fromstring(svg.encode())


def test_recommend_icons_flag(frozen, icon_dir, tmp_path):
    target = tmp_path / "arch.svg"
    result = invoke("recommend", "Click events stream in and must land in S3 within a few minutes.",
                    "--diagram", str(target), "--icons")
    assert result.exit_code == 0 and "AWS icons" in result.stderr
    assert target.read_text().count("data:image/png;base64,") == 2


def test_png_with_graphviz_pure_keeps_plain_boxes(frozen, icon_dir, tmp_path):
    if Path(diagram.find_renderer() or "").name != "graphviz-pure":
        pytest.skip("Graphviz's own dot is installed: it draws icons in PNG")
    target = tmp_path / "c.png"
    result = invoke("compare", "firehose", "kds", "--diagram", str(target), "--icons")
    assert result.exit_code == 0 and "draws no images in PNG: drew plain boxes" in result.stderr
    assert target.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_without_an_icon_set_icons_fall_back_to_plain_boxes(frozen, tmp_path, monkeypatch):
    monkeypatch.setattr(icons, "_diagrams_icon_root", lambda: None)  # as if `diagrams` were not installed
    plain, with_flag = tmp_path / "plain.dot", tmp_path / "flag.dot"
    invoke("compare", "firehose", "kds", "--diagram", str(plain))
    result = invoke("compare", "firehose", "kds", "--diagram", str(with_flag), "--icons")
    assert result.exit_code == 0 and "`diagrams` package, which ships the AWS icons, is not installed" in result.stderr
    assert with_flag.read_text() == plain.read_text()
    monkeypatch.setenv(icons.ICON_ENV, str(tmp_path / "no-such-dir"))
    result = invoke("compare", "firehose", "kds", "--diagram", str(with_flag), "--icons")
    assert result.exit_code == 0 and "is not a directory: drew plain boxes" in result.stderr
    assert with_flag.read_text() == plain.read_text()


def test_icons_from_the_installed_diagrams_package(frozen, tmp_path):
    root = icons._diagrams_icon_root()
    if root is None:
        pytest.skip("the optional `diagrams` package is not installed")
    assert icons.icon_for("kinesis-data-firehose", root) == root / "analytics" / "kinesis-data-firehose.png"
    target = tmp_path / "c.svg"
    result = invoke("compare", "firehose", "kds", "--diagram", str(target), "--icons")
    assert result.exit_code == 0 and target.read_text().count("data:image/png;base64,") >= 3
