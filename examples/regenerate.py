"""Regenerate the stored outputs of every example scenario (run after changing rules or knowledge).

    python examples/regenerate.py

It first rebuilds the similarity reader's exemplar index for the built-in rule base (selector/_model/exemplars.npz,
only when the rule examples or the vocabulary changed; tests/test_similarity.py fails when it is stale). Then, for
each examples/scenarios/NAME.txt, it writes NAME.md (the markdown report) and NAME.json; tests/test_examples.py
fails when a stored output differs from what selector produces now.
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from selector import loader  # noqa: E402
from selector.recommend import recommend  # noqa: E402
from selector.render import json_format, markdown  # noqa: E402
from selector.similarity import write_shipped_index  # noqa: E402


def outputs(kb: loader.KnowledgeBase, scenario: Path) -> dict[Path, str]:
    rec = recommend(kb, scenario.read_text(encoding="utf-8"))
    return {scenario.with_suffix(".md"): markdown.render(rec), scenario.with_suffix(".json"): json_format.render(rec)}


def main() -> None:
    kb = loader.load([HERE.parent / "rules"], [HERE.parent / "knowledge"])
    print(f"exemplar index {write_shipped_index(kb).relative_to(HERE.parent)}")
    for scenario in sorted((HERE / "scenarios").glob("*.txt")):
        for path, text in outputs(kb, scenario).items():
            path.write_text(text, encoding="utf-8")
            print(f"wrote {path.relative_to(HERE.parent)}")


if __name__ == "__main__":
    main()
