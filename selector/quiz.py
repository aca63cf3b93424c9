"""A quiz drawn from the decisions: a scenario taken from a rule's text examples, the decision's options as choices.

The right answer is not copied from the rule that owns the example: the scenario is run through the same pipeline
as `selector recommend`, and the option the rule engine settles on for that decision is the answer, with the winning
rule's rationale. An example whose decision no rule settles is left out. The same seed, area and count give the same
questions with the options in the same order.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any

from selector.errors import SelectorError
from selector.loader import KnowledgeBase
from selector.models import AREAS
from selector.question import LABELS
from selector.recommend import recommend
from selector.teach import source_dict


class QuizError(SelectorError):
    """The quiz cannot be built (no questions for that area, a bad count)."""


@dataclass
class QuizOption:
    label: str
    id: str
    name: str
    why_not: str = ""  # why this option loses for the scenario (empty for the answer)


@dataclass
class QuizQuestion:
    number: int
    decision_id: str
    area: str
    scenario: str
    question: str
    options: list[QuizOption]
    answer: str  # label of the right option
    rationale: str
    rules: list[str]
    sources: list[dict[str, str]] = field(default_factory=list)

    def option(self, label: str) -> QuizOption:
        return next(o for o in self.options if o.label == label)

    def to_dict(self) -> dict[str, Any]:
        return {"number": self.number, "decision": self.decision_id, "area": self.area, "scenario": self.scenario,
                "question": self.question,
                "options": [{"label": o.label, "id": o.id, "name": o.name} for o in self.options]}


@dataclass
class Grade:
    question: QuizQuestion
    given: str | None  # None: not answered (input ended)
    correct: bool

    def to_dict(self) -> dict[str, Any]:
        q = self.question
        right = q.option(q.answer)
        data = {**q.to_dict(), "given": self.given, "correct": self.correct,
                "answer": {"label": right.label, "id": right.id, "name": right.name},
                "rationale": q.rationale, "rules": list(q.rules), "sources": list(q.sources)}
        if self.given is not None and not self.correct:
            data["why_not_given"] = q.option(self.given).why_not
        return data


def candidates(kb: KnowledgeBase, area: str | None = None) -> list[tuple[str, str]]:
    """(decision id, scenario text) for every text `fire` example of a decision with two or more options."""
    if area is not None and area not in AREAS:
        raise QuizError(f"--area {area}: not an area (areas: {', '.join(AREAS)})")
    found: list[tuple[str, str]] = []
    for decision in sorted(kb.decisions.values(), key=lambda d: d.id):
        if (area and decision.area != area) or len(decision.options) < 2:
            continue
        for rule in decision.rules:
            for example in rule.fire_examples:
                if example.text is not None and (decision.id, example.text) not in found:
                    found.append((decision.id, example.text))
    return found


def build_quiz(kb: KnowledgeBase, area: str | None = None, count: int = 5, seed: int = 0) -> list[QuizQuestion]:
    if count < 1:
        raise QuizError(f"--count {count}: ask for at least one question")
    pool = candidates(kb, area)
    if not pool:
        where = f" in area {area}" if area else ""
        raise QuizError(f"no quiz questions{where}: no decision with two or more options has a text example")
    rng = random.Random(seed)
    rng.shuffle(pool)
    questions: list[QuizQuestion] = []
    for decision_id, text in pool:
        if len(questions) == count:
            break
        question = _question(kb, decision_id, text, len(questions) + 1, rng)
        if question is not None:
            questions.append(question)
    if not questions:
        raise QuizError("no quiz questions: the rule engine settles none of the example scenarios")
    return questions


def _question(kb: KnowledgeBase, decision_id: str, text: str, number: int, rng: random.Random) -> QuizQuestion | None:
    decision = kb.decisions[decision_id]
    rec = recommend(kb, text)
    result = next((d for d in rec.decisions if d.decision.id == decision_id), None)
    if result is None:
        return None
    option_ids = [o.id for o in decision.options][:len(LABELS)]
    if result.choice_id not in option_ids:
        return None
    rng.shuffle(option_ids)
    why_not = {a.id: a.why_not for a in result.alternatives}
    options = [QuizOption(label, node_id, kb.name_of(node_id), why_not.get(node_id, ""))
               for label, node_id in zip(LABELS, option_ids)]
    answer = next(o.label for o in options if o.id == result.choice_id)
    return QuizQuestion(number=number, decision_id=decision_id, area=decision.area, scenario=text,
                        question=decision.question, options=options, answer=answer, rationale=result.rationale,
                        rules=list(result.rules), sources=[source_dict(s) for s in result.sources])


def parse_answer(question: QuizQuestion, raw: str) -> str | None:
    """The option label a typed answer names (a label, case-insensitive, or the option's id or name), or None."""
    text = raw.strip()
    labels = [o.label for o in question.options]
    if text.upper() in labels:
        return text.upper()
    for option in question.options:
        if text.casefold() in (option.id.casefold(), option.name.casefold()):
            return option.label
    return None


def grade(question: QuizQuestion, given: str | None) -> Grade:
    return Grade(question, given, given == question.answer)


def score(grades: list[Grade]) -> dict[str, Any]:
    answered = [g for g in grades if g.given is not None]
    correct = sum(g.correct for g in answered)
    return {"correct": correct, "answered": len(answered), "asked": len(grades),
            "percent": round(100 * correct / len(answered), 1) if answered else 0.0}
