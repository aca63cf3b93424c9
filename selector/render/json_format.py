"""JSON output: one object, keys in a stable order, so the same input gives byte-identical output."""

from __future__ import annotations

import json
from typing import Any

from selector.models import Recommendation
from selector.render.data import recommendation_to_dict


def dumps(data: Any) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def render(rec: Recommendation) -> str:
    return dumps(recommendation_to_dict(rec))
