from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from selector import loader
from selector.loader import KnowledgeBase

REPO = Path(__file__).resolve().parent.parent


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
