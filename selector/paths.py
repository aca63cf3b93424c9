"""The one place that knows where the built-in rules and knowledge live."""

from __future__ import annotations

import os
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent
# A wheel carries the data inside the package (setup.py copies it there); a source checkout has it beside the package.
_BUNDLED = _PACKAGE / "_data"
_CHECKOUT = _PACKAGE.parent

RULES_ENV = "SELECTOR_RULES_DIR"
KNOWLEDGE_ENV = "SELECTOR_KNOWLEDGE_DIR"


def _data_root() -> Path:
    return _BUNDLED if (_BUNDLED / "rules").is_dir() else _CHECKOUT


def builtin_rules_dir() -> Path:
    return _data_root() / "rules"


def builtin_knowledge_dir() -> Path:
    return _data_root() / "knowledge"


def env_dirs(variable: str) -> list[Path]:
    """Extra directories named in an environment variable (os.pathsep separated)."""
    value = os.environ.get(variable, "")
    return [Path(part) for part in value.split(os.pathsep) if part.strip()]
