"""Real rendering: the dot executable if present, else graphviz-pure."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from selector.errors import OutputError
from selector.recommend import recommend
from selector.render.diagram import find_renderer, to_dot, write_diagram

SCENARIO = "Clickstream events stream in and must land in S3 within a minute; no servers to manage."


@pytest.fixture(scope="module")
def dot_source(kb):
    rec = recommend(kb, SCENARIO)
    return to_dot(rec.nodes, rec.edges)


def test_dot_is_deterministic_with_stage_clusters(kb, dot_source):
    rec = recommend(kb, SCENARIO)
    assert to_dot(rec.nodes, rec.edges) == dot_source
    assert "subgraph cluster_ingest" in dot_source
    assert "\"kinesis-data-firehose\" -> s3" in dot_source


def test_svg_is_real_and_names_the_components(tmp_path, dot_source):
    assert find_renderer() is not None
    out = tmp_path / "arch.svg"
    write_diagram(dot_source, out)
    root = ET.fromstring(out.read_bytes())
    assert root.tag.endswith("svg")
    titles = {el.text for el in root.iter() if el.tag.endswith("title")}
    assert {"kinesis-data-firehose", "s3", "cluster_ingest"} <= titles
    texts = " ".join(el.text or "" for el in root.iter() if el.tag.endswith("text"))
    assert "Amazon S3" in texts


def test_png_bytes_and_byte_identical_reruns(tmp_path, dot_source):
    first, second = tmp_path / "a.png", tmp_path / "b.png"
    write_diagram(dot_source, first)
    write_diagram(dot_source, second)
    data = first.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert len(data) > 1000
    assert data == second.read_bytes()


def test_unwritable_or_unknown_targets_are_clear_errors(tmp_path, dot_source):
    with pytest.raises(OutputError, match="does not exist"):
        write_diagram(dot_source, tmp_path / "missing" / "a.svg")
    with pytest.raises(OutputError, match="unknown format"):
        write_diagram(dot_source, tmp_path / "a.pdf")


def test_without_any_renderer_the_dot_file_is_written(tmp_path, dot_source, monkeypatch):
    monkeypatch.setattr("selector.render.diagram.find_renderer", lambda: None)
    result = write_diagram(dot_source, tmp_path / "a.svg")
    assert result.path == tmp_path / "a.dot"
    assert (tmp_path / "a.dot").read_text() == dot_source
    assert "graphviz-pure -Tsvg" in result.note
