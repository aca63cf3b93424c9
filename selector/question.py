"""Read a pasted exam-style question: the scenario stem, its options, and how many answers it wants.

Accepted option forms: `A. text`, `A) text`, `(A) text`, `A: text`, markdown checkboxes `- [ ] text` / `- [x] text`
(with or without a label) and plain `- text` bullets. Lines after an option that are not options continue it.
"Choose two" / "Select TWO" (and three) set how many options to pick. Lines starting with `>` (explanations in a
question bank) are ignored.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from selector.errors import ScenarioError

LABELS = "ABCDEFGH"
_LABELLED = re.compile(r"^\s*(?:[-*]\s+)?(?:\((?P<a>[A-Ha-h])\)|(?P<b>[A-Ha-h])[.):])\s+(?P<text>\S.*)$")
_CHECKBOX = re.compile(r"^\s*[-*]\s*\[(?P<mark>[ xX])\]\s*(?:(?:\((?P<a>[A-H])\)|(?P<b>[A-H])[.):])\s+)?(?P<text>\S.*)$")
_BULLET = re.compile(r"^\s*[-*]\s+(?P<text>\S.*)$")
_COUNT_WORDS = {"two": 2, "three": 3, "four": 4, "2": 2, "3": 3, "4": 4}
_CHOOSE = re.compile(r"\b(?:choose|select|pick)\s+(two|three|four|2|3|4)\b", re.IGNORECASE)
# Markdown inline code (`max_depth`): the backticks carry no meaning and would hide the name from aliases.
_INLINE_CODE = re.compile(r"`([^`\n]+)`")


@dataclass
class QuestionOption:
    label: str
    text: str
    marked: bool = False  # `- [x]` in a question bank


@dataclass
class Question:
    stem: str
    options: list[QuestionOption]
    answers_wanted: int = 1
    marked: list[str] = field(default_factory=list)


def _option_match(line: str) -> tuple[str | None, str, bool] | None:
    """(label or None, text, marked) when the line starts an option."""
    m = _CHECKBOX.match(line)
    if m:
        return (m.group("a") or m.group("b")), m.group("text").strip(), m.group("mark") in "xX"
    m = _LABELLED.match(line)
    if m:
        return (m.group("a") or m.group("b")).upper(), m.group("text").strip(), False
    m = _BULLET.match(line)
    if m:
        return None, m.group("text").strip(), False
    return None


def parse_question(text: str) -> Question:
    if not text.strip():
        raise ScenarioError("the question is empty: paste the question text followed by its options")
    stem_lines: list[str] = []
    options: list[QuestionOption] = []
    bullets_only = True
    for raw in text.splitlines():
        line = _INLINE_CODE.sub(r"\1", raw.rstrip())
        if line.lstrip().startswith(">"):
            continue
        found = _option_match(line)
        if found is not None:
            label, body, marked = found
            if label is not None:
                bullets_only = False
            options.append(QuestionOption(label or "", body, marked))
        elif options and line.strip():
            # A stem line after plain bullets would be mis-read as continuation; bullets never wrap in practice.
            options[-1].text += " " + line.strip()
        elif not options:
            stem_lines.append(line)
    stem = "\n".join(stem_lines).strip()
    if not options:
        raise ScenarioError("no options found: list them as 'A. text', 'A) text', '(A) text', 'A: text', "
                            "'- [ ] text' or '- text' after the question")
    if not stem:
        raise ScenarioError("options but no question: put the scenario and question before the options")
    if len(options) < 2:
        raise ScenarioError("only one option found: a question needs at least two options")
    used = [o.label for o in options]
    if bullets_only or any(not label for label in used) or len(set(used)) != len(used):
        for option, label in zip(options, LABELS):
            option.label = label
    m = _CHOOSE.search(stem)
    wanted = _COUNT_WORDS[m.group(1).lower()] if m else 1
    if wanted >= len(options):
        raise ScenarioError(f"the question asks for {wanted} answers but lists only {len(options)} options")
    return Question(stem=stem, options=options, answers_wanted=wanted,
                    marked=[o.label for o in options if o.marked])
