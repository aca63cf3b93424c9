from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from selector import loader
from selector.loader import KnowledgeBase
from selector.recommend import recommend_from_facts
from selector.scenario import read_scenario

REPO = Path(__file__).resolve().parent.parent
# A small fixed rule base for tests that must not move when the built-in knowledge grows.
FROZEN_BASE = REPO / "tests" / "broken_packs" / "_base"


def facts_read(kb: KnowledgeBase, text: str) -> dict[str, set]:
    """Every value the phrase reader finds for each fact of the text."""
    found: dict[str, set] = {}
    for fact in read_scenario(text, kb.facts):
        found.setdefault(fact.name, set()).add(fact.value)
    return found


def winners(kb: KnowledgeBase, text: str) -> dict[str, str]:
    """Decision id -> chosen option for the facts the phrase reader finds in the text."""
    rec = recommend_from_facts(kb, text, read_scenario(text, kb.facts))
    return {d.decision.id: d.choice_id for d in rec.decisions}


@pytest.fixture(scope="session")
def kb() -> KnowledgeBase:
    return loader.load([REPO / "rules"], [REPO / "knowledge"])


@pytest.fixture()
def data_copy(tmp_path: Path) -> tuple[Path, Path]:
    """A private copy of the built-in rules and knowledge, for tests that break or change files."""
    rules = tmp_path / "rules"
    knowledge = tmp_path / "knowledge"
    shutil.copytree(REPO / "rules", rules)
    shutil.copytree(REPO / "knowledge", knowledge)
    return rules, knowledge


@pytest.fixture()
def frozen(monkeypatch: pytest.MonkeyPatch) -> Path:
    """Make the frozen base the built-in one for the CLI, with nothing added from the environment."""
    from selector import paths
    from selector.render import icons

    monkeypatch.setattr(paths, "builtin_rules_dir", lambda: FROZEN_BASE / "rules")
    monkeypatch.setattr(paths, "builtin_knowledge_dir", lambda: FROZEN_BASE / "knowledge")
    monkeypatch.delenv(paths.RULES_ENV, raising=False)
    monkeypatch.delenv(paths.KNOWLEDGE_ENV, raising=False)
    monkeypatch.delenv(icons.ICON_ENV, raising=False)
    return FROZEN_BASE
