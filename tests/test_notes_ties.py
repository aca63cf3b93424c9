"""benchmarks/notes_ties.py: tie sets recorded from real answers, and replayed with other tie-breakers."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from selector.bench import load_bank
from selector.notes import index_for

_SPEC = importlib.util.spec_from_file_location(
    "notes_ties", Path(__file__).resolve().parent.parent / "benchmarks" / "notes_ties.py")
notes_ties = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(notes_ties)

BANK = """## tie-1 (area: modelling)
A bike-share operator counts rentals per docking station in each 15-minute window. Rentals happen independently of
one another at a roughly constant average rate. Which probability distribution describes the count?

- [ ] A. Bernoulli distribution
- [ ] B. Binomial distribution
- [x] C. Poisson distribution
- [ ] D. Normal distribution

## rules-1 (area: ingestion)
Clickstream events must land in Amazon S3 with the LEAST operational overhead. Which solution?

- [ ] A. Kinesis Data Streams with a consumer on EC2
- [x] B. Kinesis Data Firehose delivering to S3
"""


def _records(kb, tmp_path):
    bank = tmp_path / "bank.md"
    bank.write_text(BANK, encoding="utf-8")
    return [notes_ties.tie_record(kb, q) for q in load_bank([bank])]


def test_records_keep_the_tie_set_only_for_questions_the_rules_left_tied(kb, tmp_path):
    tie, decided = _records(kb, tmp_path)
    assert tie["decided_by"] == "notes" and tie["choices"] == ["C"] and tie["above"] == []
    assert [t["label"] for t in tie["tied"]] == ["A", "B", "C", "D"]
    assert decided["decided_by"] == "rules" and "tied" not in decided


def test_replaying_the_shipped_reader_gives_back_the_answers(kb, tmp_path):
    records = _records(kb, tmp_path)
    shipped = index_for(kb.notes_dirs)
    replayed = notes_ties.replay(records, lambda stem, options: [s.score for s in shipped.support(stem, options)])
    assert replayed == {"tie-1": {"choices": ["C"], "right": True, "decided_by": "notes"}}


def test_replay_ranks_by_the_other_tie_breaker_and_reports_its_ties(kb, tmp_path):
    records = _records(kb, tmp_path)
    shortest = notes_ties.replay(records, lambda stem, options: [-float(len(o)) for o in options])
    assert shortest["tie-1"]["choices"] == ["D"] and not shortest["tie-1"]["right"]  # "Normal distribution"
    flat = notes_ties.replay(records, lambda stem, options: [1.0] * len(options))
    assert flat["tie-1"] == {"choices": ["A"], "right": False, "decided_by": "none"}  # the earlier label, undecided
    assert notes_ties.tally([("notes", True), ("notes", False), ("none", False)]) == {"notes": [1, 2], "none": [0, 1]}
