"""AWS architecture icons for diagrams, taken from the `diagrams` package when it is installed.

`diagrams` (PyPI) ships the official AWS icon set as PNG files (site-packages/resources/aws/<category>/<name>.png).
selector does not import it and does not depend on it: it only looks for those files. The environment variable
SELECTOR_ICON_DIR may name another directory laid out the same way (<category>/<name>.png).

Without an icon set, `--icons` draws the usual plain boxes and says why. With one, each component that has an icon is
drawn as the icon with its name under it; the others stay boxes. Icons are drawn in SVG output (the PNG files are
embedded in the SVG as data URIs, so the file stands alone). graphviz-pure draws no images in PNG output, so a .png
diagram keeps plain boxes unless Graphviz's own `dot` is installed.
"""

from __future__ import annotations

import base64
import importlib.util
import os
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from selector.errors import OutputError
from selector.models import ArchEdge, ArchNode
from selector.render import diagram

ICON_ENV = "SELECTOR_ICON_DIR"
NO_ICONS = ("the `diagrams` package, which ships the AWS icons, is not installed: drew plain boxes "
            "(`pip install --no-deps diagrams` to get icons, or set SELECTOR_ICON_DIR to a directory of "
            "<category>/<name>.png)")
# Knowledge ids whose icon file does not share their name (paths relative to resources/aws/).
CURATED = {
    "s3": "storage/simple-storage-service-s3.png",
    "s3-glacier": "storage/s3-glacier.png",
    "s3-glacier-deep-archive": "storage/s3-glacier.png",
    "ebs": "storage/elastic-block-store-ebs.png",
    "efs": "storage/elastic-file-system-efs.png",
    "fsx-lustre": "storage/fsx-for-lustre.png",
    "msk": "analytics/managed-streaming-for-kafka.png",
    "opensearch": "analytics/amazon-opensearch-service.png",
    "glue-etl": "analytics/glue.png",
    "glue-crawler": "analytics/glue-crawlers.png",
    "glue-databrew": "analytics/glue.png",
    "managed-service-for-apache-flink": "analytics/kinesis-data-analytics.png",
    "kms": "security/key-management-service.png",
    "iam-role": "security/identity-and-access-management-iam-role.png",
    "iam-policy": "security/identity-and-access-management-iam-permissions.png",
    "aws-batch": "compute/batch.png",
    "ecr": "compute/ec2-container-registry.png",
    "managed-spot-training": "compute/ec2-spot-instance.png",
    "mwaa": "management/amazon-managed-workflows-apache-airflow.png",
    "iot-greengrass": "iot/iot-greengrass.png",
    "dms": "database/database-migration-service.png",
    "real-time-endpoint": "ml/sagemaker-model.png",
    "serverless-inference": "ml/sagemaker-model.png",
    "async-inference": "ml/sagemaker-model.png",
    "multi-model-endpoint": "ml/sagemaker-model.png",
    "batch-transform": "ml/sagemaker-model.png",
    "sagemaker-notebook": "ml/sagemaker-notebook.png",
    "sagemaker-processing": "ml/sagemaker.png",
    "sagemaker-pipelines": "ml/sagemaker.png",
    "sagemaker-autopilot": "ml/sagemaker.png",
    "sagemaker-data-wrangler": "ml/sagemaker.png",
    "sagemaker-clarify": "ml/sagemaker.png",
    "model-monitor": "ml/sagemaker.png",
    "hyperparameter-tuning": "ml/sagemaker-training-job.png",
}
_PREFIXES = ("amazon-", "aws-")


def _diagrams_icon_root() -> Path | None:
    try:
        spec = importlib.util.find_spec("diagrams")
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    package = Path(next(iter(spec.submodule_search_locations)))
    root = package.parent / "resources" / "aws"
    return root if root.is_dir() else None


def icon_root() -> Path | None:
    """Where the icon PNGs are: SELECTOR_ICON_DIR if set, else the `diagrams` package's AWS set, else None."""
    override = os.environ.get(ICON_ENV, "").strip()
    if override:
        root = Path(override)
        return root if root.is_dir() else None
    return _diagrams_icon_root()


@lru_cache(maxsize=8)
def _index(root: str) -> dict[str, str]:
    """icon stem -> path relative to root; the first in sorted path order wins a name shared by two categories."""
    found: dict[str, str] = {}
    for path in sorted(Path(root).glob("*/*.png")):
        found.setdefault(path.stem, path.relative_to(root).as_posix())
    return found


def icon_for(node_id: str, root: Path) -> Path | None:
    """The icon file for a knowledge node id, or None."""
    relative = CURATED.get(node_id)
    if relative and (root / relative).is_file():
        return root / relative
    index = _index(str(root))
    names = [node_id] + [node_id[len(p):] for p in _PREFIXES if node_id.startswith(p)]
    for name in names:
        if name in index:
            return root / index[name]
    return None


def icon_map(nodes: list[ArchNode], root: Path) -> dict[str, str]:
    """node id -> absolute icon path, for the nodes that have one."""
    icons = {}
    for node in sorted(nodes, key=lambda n: n.id):
        path = icon_for(node.id, root)
        if path is not None:
            icons[node.id] = str(path.resolve())
    return icons


_HREF = re.compile(r'xlink:href="([^"]+\.png)"')


def embed_svg_images(svg_path: Path, icons: dict[str, str]) -> int:
    """Replace links to icon files in an SVG by data URIs, so the SVG stands alone. Returns how many it embedded."""
    allowed = set(icons.values())
    text = svg_path.read_text(encoding="utf-8")
    count = 0

    def inline(match: re.Match[str]) -> str:
        nonlocal count
        target = match.group(1)
        if target not in allowed:
            return match.group(0)
        count += 1
        data = base64.b64encode(Path(target).read_bytes()).decode("ascii")
        return f'xlink:href="data:image/png;base64,{data}"'

    text = _HREF.sub(inline, text)
    try:
        svg_path.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise OutputError(f"cannot write {svg_path}: {exc.strerror or exc}") from None
    return count


@dataclass
class Drawn:
    result: diagram.DiagramResult
    icons: int = 0
    notes: list[str] = field(default_factory=list)

    def message(self) -> str:
        r = self.result
        text = r.note or f"diagram written to {r.path}" + (f" ({r.renderer})" if r.renderer else "")
        if self.icons:
            text += f", {self.icons} AWS icons"
        return "; ".join([text, *self.notes])


def draw(nodes: list[ArchNode], edges: list[ArchEdge], path: Path, title: str | None = None,
         icons: bool = False) -> Drawn:
    """Write a diagram; with `icons`, use the AWS icon set where one is installed and the format can show it."""
    kwargs = {} if title is None else {"title": title}
    if not icons:
        return Drawn(diagram.write_diagram(diagram.to_dot(nodes, edges, **kwargs), path))
    root = icon_root()
    if root is None:
        override = os.environ.get(ICON_ENV, "").strip()
        note = f"{ICON_ENV}={override} is not a directory: drew plain boxes" if override else NO_ICONS
        return Drawn(diagram.write_diagram(diagram.to_dot(nodes, edges, **kwargs), path), notes=[note])
    suffix = path.suffix.lower()
    renderer = diagram.find_renderer()
    if suffix == ".png" and (renderer is None or Path(renderer).name.startswith("graphviz-pure")):
        return Drawn(diagram.write_diagram(diagram.to_dot(nodes, edges, **kwargs), path), notes=[
            "graphviz-pure draws no images in PNG: drew plain boxes (write .svg for icons, or install Graphviz's dot)"])
    mapping = icon_map(nodes, root)
    result = diagram.write_diagram(diagram.to_dot(nodes, edges, icons=mapping, **kwargs), path)
    embedded = 0
    if result.path.suffix.lower() == ".svg" and result.path == path:
        embedded = embed_svg_images(path, mapping)
    count = embedded if suffix == ".svg" else len(mapping)
    notes = [] if mapping else ["no component of this diagram has an AWS icon: drew plain boxes"]
    return Drawn(result, icons=count, notes=notes)
