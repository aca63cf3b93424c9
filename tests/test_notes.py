"""The study notes as the tie-breaking reader of `selector answer`."""

from __future__ import annotations

import json

from click.testing import CliRunner

from selector import paths
from selector.answer import answer_question
from selector.cli import cli
from selector.notes import NotesIndex, index_for
from selector.seeds import SEED_LINES

# The rules hold no decision about probability distributions, so only the notes can separate these options.
DISTRIBUTION_QUESTION = """A bike-share operator counts rentals per docking station in each 15-minute window. Rentals
happen independently of one another at a roughly constant average rate. Which probability distribution describes
the count?

A. Bernoulli distribution
B. Binomial distribution
C. Poisson distribution
D. Normal distribution
"""


def test_bundled_notes_are_the_cited_notes():
    notes = paths.builtin_knowledge_dir() / "notes"
    for name, lines in SEED_LINES.items():
        assert (notes / name).read_text(encoding="utf-8").count("\n") == lines, name  # as `wc -l` counts


def test_passages_cover_every_note_with_line_numbers(kb):
    index = index_for(kb.notes_dirs)
    files = {p.file for p in index.passages}
    assert files == set(SEED_LINES)
    for passage in index.passages[:50]:
        assert 1 <= passage.first_line <= passage.last_line <= SEED_LINES[passage.file]


def test_support_prefers_the_passage_that_states_the_option(tmp_path):
    (tmp_path / "a.txt").write_text(
        "Kinesis Data Firehose delivers streaming data to Amazon S3 with no code.\n"
        "Firehose is near real time and fully managed.\n\n\n\n\n\n\n\n\n"
        "Kinesis Data Streams keeps records for replay by several consumer applications.\n"
        "Shards are provisioned by the user.\n", encoding="utf-8")
    index = NotesIndex([tmp_path / "a.txt"])
    firehose, streams = index.support("Deliver streaming data to Amazon S3 with no code to manage",
                                      ["Kinesis Data Firehose", "Kinesis Data Streams with shards"])
    assert firehose.score > streams.score
    assert firehose.passage.first_line == 1


def test_a_tie_the_rules_leave_is_broken_by_the_notes_and_cited(kb):
    result = answer_question(kb, DISTRIBUTION_QUESTION)
    assert {o.score for o in result.options} == {0.0}  # the rules see nothing to score
    assert result.decided_by == "notes" and not result.distinguishable
    assert result.choices == ["C"]
    chosen = next(o for o in result.options if o.label == "C")
    assert "POISSON" in chosen.notes.passage.text.upper()
    assert 0 < result.confidence <= 0.3


def test_off_topic_questions_stay_undecided(kb):
    result = answer_question(kb, "Which colour do you like?\nA. Red\nB. Blue")
    assert result.decided_by == "none" and result.confidence == 0.0


def test_rules_decide_before_the_notes_are_read(kb):
    text = ("Clickstream events must land in Amazon S3 with the LEAST operational overhead. Which solution?\n"
            "A. Kinesis Data Streams with a consumer on EC2\nB. Kinesis Data Firehose delivering to S3")
    result = answer_question(kb, text)
    assert result.decided_by == "rules" and result.choices == ["B"]
    assert all(o.notes is None for o in result.options)


def test_json_and_text_reports_name_the_deciding_passage():
    runner = CliRunner()
    data = json.loads(runner.invoke(cli, ["answer", DISTRIBUTION_QUESTION, "--format", "json"]).output)
    assert data["decided_by"] == "notes" and data["choices"] == ["C"]
    cited = {o["label"]: o["notes"] for o in data["options"]}
    assert cited["C"]["passage"].startswith("002_cdb75bc03e96d3fb.txt lines ")
    text = runner.invoke(cli, ["answer", DISTRIBUTION_QUESTION]).output
    assert "the study notes favour" in text and cited["C"]["passage"] in text
