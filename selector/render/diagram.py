"""Architecture diagram: Graphviz DOT with one cluster per pipeline stage, rendered to SVG or PNG.

Rendering uses the `dot` executable when it is on PATH, else `graphviz-pure` (a PyPI package with dot's flags, SVG
and PNG only). Without either, the DOT file is written and the caller is told how to render it. Node ids are the
knowledge ids and everything is emitted in a fixed order, so the same input gives byte-identical DOT.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import graphviz

from selector.errors import OutputError
from selector.models import STAGES, ArchEdge, ArchNode

FORMATS = (".svg", ".png", ".dot", ".gv")
_KIND_SHAPES = {"service": "box", "feature": "box", "algorithm": "component", "instance-family": "box3d",
                "metric": "ellipse", "technique": "ellipse", "concept": "note", "hyperparameter": "ellipse",
                "format": "note"}
_KIND_COLORS = {"service": "#fde9d9", "feature": "#fdf1e6", "algorithm": "#e3effa", "instance-family": "#eeeeee",
                "metric": "#e8f5e1", "technique": "#fff8dc", "concept": "#f5f5f5", "hyperparameter": "#fff8dc",
                "format": "#f5f5f5"}
RENDER_TIMEOUT_S = 60
STAGE_LABELS = {"catalog": "catalog / query"}
# An icon node: the picture on top, the name under it (the layout the `diagrams` package uses).
_ICON_NODE = {"shape": "none", "style": "solid", "imagescale": "true", "fixedsize": "true", "width": "1.4",
              "height": "1.6", "labelloc": "b", "imagepos": "tc"}


def to_dot(nodes: list[ArchNode], edges: list[ArchEdge], title: str = "selector architecture",
           icons: dict[str, str] | None = None) -> str:
    """DOT source. `icons` (node id -> PNG path, see render/icons.py) draws those nodes as the icon with the name
    under it; without it the output is the plain-box diagram, unchanged."""
    graph = graphviz.Digraph("architecture", graph_attr={
        "rankdir": "LR", "fontname": "Helvetica", "label": title, "labelloc": "t", "compound": "true",
        "nodesep": "0.3", "ranksep": "0.6"})
    graph.attr("node", fontname="Helvetica", fontsize="11", style="filled,rounded")
    graph.attr("edge", fontname="Helvetica", fontsize="9")
    for stage in STAGES:
        members = sorted((n for n in nodes if n.stage == stage), key=lambda n: n.id)
        if not members:
            continue
        with graph.subgraph(name=f"cluster_{stage}") as cluster:
            cluster.attr(label=STAGE_LABELS.get(stage, stage), style="rounded,dashed", color="#888888")
            for n in members:
                if icons and n.id in icons:
                    cluster.node(n.id, label=n.name, image=icons[n.id], **_ICON_NODE)
                    continue
                cluster.node(n.id, label=n.name, shape=_KIND_SHAPES.get(n.kind, "box"),
                             fillcolor=_KIND_COLORS.get(n.kind, "white"))
    for e in sorted(edges, key=lambda e: (e.source, e.target, e.label)):
        graph.edge(e.source, e.target, label=e.label, style="dashed" if e.inferred else "solid")
    return graph.source


def find_renderer() -> str | None:
    """Path of `dot`, else of `graphviz-pure` (on PATH or beside this Python), else None."""
    found = shutil.which("dot")
    if found:
        return found
    found = shutil.which("graphviz-pure")
    if found:
        return found
    beside = Path(sys.executable).parent / ("graphviz-pure.exe" if os.name == "nt" else "graphviz-pure")
    return str(beside) if beside.exists() else None


@dataclass
class DiagramResult:
    path: Path
    renderer: str | None
    note: str = ""


def write_diagram(dot_source: str, path: Path) -> DiagramResult:
    """Write the diagram in the format named by the path's suffix."""
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        raise OutputError(f"--diagram {path}: unknown format {suffix or '(none)'}; use .svg, .png or .dot")
    if path.parent and not path.parent.exists():
        raise OutputError(f"--diagram {path}: directory {path.parent} does not exist")
    if suffix in (".dot", ".gv"):
        _write_text(path, dot_source)
        return DiagramResult(path, None)
    renderer = find_renderer()
    if renderer is None:
        dot_path = path.with_suffix(".dot")
        _write_text(dot_path, dot_source)
        return DiagramResult(dot_path, None, note=(
            f"no Graphviz renderer found (neither `dot` nor `graphviz-pure`): wrote {dot_path}; render it with "
            f"`pip install graphviz-pure && graphviz-pure -T{suffix[1:]} -o {path} {dot_path}`"))
    try:
        done = subprocess.run([renderer, f"-T{suffix[1:]}", "-o", str(path)], input=dot_source.encode(),
                              capture_output=True, timeout=RENDER_TIMEOUT_S, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise OutputError(f"--diagram {path}: {Path(renderer).name} failed: {exc}") from None
    if done.returncode != 0:
        message = done.stderr.decode(errors="replace").strip().splitlines()
        raise OutputError(f"--diagram {path}: {Path(renderer).name} failed: {message[-1] if message else done.returncode}")
    return DiagramResult(path, Path(renderer).name)


def _write_text(path: Path, text: str) -> None:
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise OutputError(f"cannot write {path}: {exc.strerror or exc}") from None
