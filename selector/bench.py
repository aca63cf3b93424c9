"""Question banks: load them (markdown with `- [x]` marks, or YAML) and measure how often `answer` is right."""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from selector.answer import answer_question
from selector.errors import ScenarioError
from selector.loader import KnowledgeBase, read_yaml
from selector.question import parse_question

_HEADING = re.compile(r"^##\s+(?P<id>\S+)(?:\s*\(area:\s*(?P<area>[\w-]+)\))?")


@dataclass
class BankQuestion:
    id: str
    area: str
    text: str  # stem and options, as a user would paste it
    correct: list[str]
    source: str


@dataclass
class BenchResult:
    total: int = 0
    correct: int = 0
    seconds: float = 0.0
    per_area: dict[str, list[int]] = field(default_factory=dict)  # area -> [correct, total]
    per_decider: dict[str, list[int]] = field(default_factory=dict)  # rules | notes | none -> [correct, total]
    misses: list[dict[str, Any]] = field(default_factory=list)

    @property
    def accuracy(self) -> float:
        return self.correct / self.total if self.total else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "total": self.total, "correct": self.correct, "accuracy": round(self.accuracy, 4),
            "seconds": round(self.seconds, 3),
            "questions_per_second": round(self.total / self.seconds, 2) if self.seconds else None,
            "per_area": _rates(self.per_area),
            "decided_by": _rates(self.per_decider),
            "misses": self.misses,
        }


def _rates(tally: dict[str, list[int]]) -> dict[str, dict[str, Any]]:
    return {key: {"correct": c, "total": t, "accuracy": round(c / t, 4) if t else 0.0}
            for key, (c, t) in sorted(tally.items())}


def _count(tally: dict[str, list[int]], key: str, right: bool) -> None:
    row = tally.setdefault(key, [0, 0])
    row[0] += right
    row[1] += 1


def _markdown_bank(path: Path) -> list[BankQuestion]:
    text = path.read_text(encoding="utf-8")
    questions = []
    sections = re.split(r"(?m)^(?=##\s)", text)
    for section in sections:
        lines = section.splitlines()
        if not lines or not _HEADING.match(lines[0]):
            continue
        head = _HEADING.match(lines[0])
        assert head is not None
        body = "\n".join(lines[1:]).strip()
        label = f"{path.name}: {head.group('id')}"
        try:
            parsed = parse_question(body)
        except ScenarioError as exc:
            raise ScenarioError(f"{label}: {exc}") from None
        if not parsed.marked:
            raise ScenarioError(f"{label}: no option is marked correct with - [x]")
        questions.append(BankQuestion(head.group("id"), head.group("area") or path.stem, body, parsed.marked, label))
    return questions


def _yaml_bank(path: Path) -> list[BankQuestion]:
    problems: list[str] = []
    data = read_yaml(path, path.name, problems)
    if problems:
        raise ScenarioError(problems[0])
    if not isinstance(data, list):
        raise ScenarioError(f"{path.name}: a YAML bank is a list of questions")
    questions = []
    for i, item in enumerate(data):
        where = f"{path.name}: [{i}]"
        if not isinstance(item, dict) or not {"question", "options", "answer"} <= set(item):
            raise ScenarioError(f"{where}: each question needs question, options and answer")
        options = item["options"]
        if not isinstance(options, dict) or len(options) < 2:
            raise ScenarioError(f"{where}.options: a mapping of label to text, at least two")
        text = str(item["question"]).strip() + "\n\n" + "\n".join(f"{k}. {v}" for k, v in options.items())
        answer = item["answer"] if isinstance(item["answer"], list) else [item["answer"]]
        questions.append(BankQuestion(str(item.get("id", i)), str(item.get("area", path.stem)), text,
                                      sorted(str(a) for a in answer), where))
    return questions


def load_bank(paths: list[Path]) -> list[BankQuestion]:
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(sorted(p for p in path.rglob("*") if p.suffix in (".md", ".yaml", ".yml")))
        elif path.exists():
            files.append(path)
        else:
            raise ScenarioError(f"question bank {path} not found")
    questions: list[BankQuestion] = []
    for file in files:
        questions.extend(_markdown_bank(file) if file.suffix == ".md" else _yaml_bank(file))
    if not questions:
        raise ScenarioError(f"no questions found in {', '.join(map(str, paths))}")
    return questions


def run_bench(kb: KnowledgeBase, questions: list[BankQuestion],
              progress: Callable[[BankQuestion], None] | None = None) -> BenchResult:
    result = BenchResult()
    start = time.perf_counter()
    for q in questions:
        answer = answer_question(kb, q.text)
        right = sorted(answer.choices) == sorted(q.correct)
        result.total += 1
        result.correct += right
        _count(result.per_area, q.area, right)
        _count(result.per_decider, answer.decided_by, right)
        if not right:
            result.misses.append({"id": q.id, "area": q.area, "chosen": answer.choices, "correct": q.correct,
                                  "confidence": answer.confidence, "decided_by": answer.decided_by})
        if progress:
            progress(q)
    result.seconds = time.perf_counter() - start
    return result
