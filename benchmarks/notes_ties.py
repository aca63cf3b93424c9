"""Which questions the study notes decide, and how another tie-breaker would do on them.

    python benchmarks/notes_ties.py examples/questions/dev [--save ties.json]

Runs `answer_question` on every question of the bank and prints how many the rules, the notes and neither decided,
and how many of each were right. With --save it writes, for every question, its decided_by and, when the rules left
a tie at the cut, the stem, the tied options and the options above the cut. `replay` scores those ties again with
any tie-breaker (stem, tied option texts -> one support each) without running the rules, so variants of the notes
reader compare in seconds; replaying the shipped reader gives back what `selector answer` chose.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any, Callable

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from selector import loader  # noqa: E402
from selector.answer import answer_question  # noqa: E402
from selector.bench import BankQuestion, load_bank  # noqa: E402

TieBreaker = Callable[[str, list[str]], list[float]]


def tie_record(kb: loader.KnowledgeBase, question: BankQuestion) -> dict[str, Any]:
    """What replaying a question needs: its decider and, for a tie, the tied options and those above the cut."""
    answer = answer_question(kb, question.text)
    wanted = answer.question.answers_wanted
    record: dict[str, Any] = {"id": question.id, "decided_by": answer.decided_by, "wanted": wanted,
                              "correct": sorted(question.correct), "choices": answer.choices}
    if answer.decided_by != "rules":
        cut = sorted(o.score for o in answer.options)[-wanted]
        record["stem"] = answer.question.stem
        record["above"] = sorted(o.label for o in answer.options if o.score > cut)
        record["tied"] = [{"label": o.label, "text": o.text} for o in sorted(answer.options, key=lambda o: o.label)
                          if o.score == cut]
    return record


def replay(records: list[dict[str, Any]], tie_breaker: TieBreaker) -> dict[str, dict[str, Any]]:
    """Each tied question's choices under another tie-breaker (higher support wins, then the earlier label, as
    `answer_question` orders them), whether they are right, and whether the tie-breaker left a tie at the cut."""
    replayed = {}
    for record in records:
        if record["decided_by"] == "rules":
            continue
        tied = record["tied"]
        supports = tie_breaker(record["stem"], [t["text"] for t in tied])
        order = sorted(range(len(tied)), key=lambda i: (-supports[i], tied[i]["label"]))
        room = record["wanted"] - len(record["above"])
        choices = sorted(record["above"] + [tied[i]["label"] for i in order[:room]])
        undecided = len(order) > room and supports[order[room - 1]] == supports[order[room]]
        replayed[record["id"]] = {"choices": choices, "right": choices == record["correct"],
                                  "decided_by": "none" if undecided else "notes"}
    return replayed


def tally(results: list[tuple[str, bool]]) -> dict[str, list[int]]:
    """decider -> [right, total]."""
    counts: dict[str, list[int]] = {}
    for decider, right in results:
        row = counts.setdefault(decider, [0, 0])
        row[0] += right
        row[1] += 1
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("bank", nargs="+", type=Path)
    parser.add_argument("--save", type=Path, help="write the records (decided_by, tie sets) to this JSON file")
    args = parser.parse_args()
    kb = loader.load([REPO / "rules"], [REPO / "knowledge"])
    records = [tie_record(kb, q) for q in load_bank(args.bank)]
    counts = tally([(r["decided_by"], r["choices"] == r["correct"]) for r in records])
    for decider, (right, total) in sorted(counts.items()):
        print(f"{decider:6s} {right}/{total}")
    if args.save:
        args.save.write_text(json.dumps(records, indent=1), encoding="utf-8")
        print(f"wrote {args.save}")


if __name__ == "__main__":
    main()
