"""The quiz, driven without a terminal: answers come from CliRunner input (stdin), graded against the rule engine."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from selector import loader
from selector.cli import cli
from selector.quiz import QuizError, build_quiz, candidates, grade, parse_answer, score
from selector.recommend import recommend

BASE = Path(__file__).resolve().parent / "broken_packs" / "_base"


@pytest.fixture(scope="module")
def kb() -> loader.KnowledgeBase:
    return loader.load([BASE / "rules"], [BASE / "knowledge"])


def invoke(*args: str, input: str | None = None):
    return CliRunner().invoke(cli, list(args), input=input)


def key(seed: int, count: int, area: str | None = None) -> list[dict]:
    args = ["quiz", "--seed", str(seed), "--count", str(count), "--answer-key", "--format", "json"]
    result = invoke(*args, *(["--area", area] if area else []))
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)["questions"]


# ---------------------------------------------------------------- building the quiz

def test_candidates_are_text_examples_of_multi_option_decisions(kb):
    pool = candidates(kb)
    assert {d for d, _ in pool} == {"streaming-ingestion", "tabular-algorithm"}  # the shard count has one option
    assert ("streaming-ingestion", "Store cameras stream live footage that we analyse as it happens.") in pool
    assert len(pool) == len(set(pool)) == 6


def test_the_same_seed_gives_the_same_quiz(kb):
    first = [(q.scenario, [o.id for o in q.options]) for q in build_quiz(kb, count=4, seed=11)]
    again = [(q.scenario, [o.id for o in q.options]) for q in build_quiz(kb, count=4, seed=11)]
    assert first == again and len(first) == 4
    orders = {tuple(q.scenario for q in build_quiz(kb, count=4, seed=seed)) for seed in range(6)}
    assert len(orders) > 1  # the seed matters


def test_every_answer_is_what_the_engine_recommends(kb):
    for q in build_quiz(kb, count=10, seed=3):
        settled = {d.decision.id: d for d in recommend(kb, q.scenario).decisions}[q.decision_id]
        assert q.option(q.answer).id == settled.choice_id
        assert q.rationale == settled.rationale and q.rules == settled.rules
        assert [o.label for o in q.options] == list("ABCD"[:len(q.options)])
        assert all(o.why_not for o in q.options if o.label != q.answer)


def test_area_filter_and_errors(kb):
    assert {q.area for q in build_quiz(kb, area="modelling", count=5, seed=1)} == {"modelling"}
    with pytest.raises(QuizError, match="no quiz questions in area storage"):
        build_quiz(kb, area="storage")
    with pytest.raises(QuizError, match="not an area"):
        build_quiz(kb, area="cooking")
    with pytest.raises(QuizError, match="at least one question"):
        build_quiz(kb, count=0)


def test_answers_by_label_or_name(kb):
    q = build_quiz(kb, count=1, seed=5)[0]
    right = q.option(q.answer)
    assert parse_answer(q, q.answer.lower()) == q.answer
    assert parse_answer(q, f"  {right.name.upper()} ") == q.answer
    assert parse_answer(q, right.id) == q.answer
    assert parse_answer(q, "Z") is None and parse_answer(q, "") is None
    wrong = next(o.label for o in q.options if o.label != q.answer)
    grades = [grade(q, q.answer), grade(q, wrong), grade(q, None)]
    assert [g.correct for g in grades] == [True, False, False]
    assert score(grades) == {"correct": 1, "answered": 2, "asked": 3, "percent": 50.0}
    assert grades[1].to_dict()["why_not_given"] == q.option(wrong).why_not


# ---------------------------------------------------------------- the command

def test_quiz_all_right_from_stdin(frozen):
    questions = key(seed=7, count=3)
    answers = "".join(q["answer"]["label"] + "\n" for q in questions)
    result = invoke("quiz", "--seed", "7", "--count", "3", input=answers)
    assert result.exit_code == 0, result.output
    out = result.output
    assert out.startswith("Quiz: 3 questions (seed 7; rerun with --seed 7)")
    for q in questions:
        assert q["scenario"] in out and f"Right: {q['answer']['name']}." in out
        assert f"Why: {q['rationale']}" in out
    assert out.rstrip().endswith("Score: 3/3 (100%)")


def test_quiz_wrong_answer_is_explained(frozen):
    (q,) = key(seed=2, count=1)
    wrong = next(o for o in q["options"] if o["label"] != q["answer"]["label"])
    result = invoke("quiz", "--seed", "2", "--count", "1", input=f"maybe\n{wrong['label']}\n")
    assert result.exit_code == 0
    assert f"Type one of {'/'.join(o['label'] for o in q['options'])}" in result.output  # re-asked after "maybe"
    assert f"Not quite: the answer is {q['answer']['label']}. {q['answer']['name']}." in result.output
    assert f"Why not {wrong['name']}: " in result.output
    assert result.output.rstrip().endswith("Score: 0/1 (0%)")


def test_quiz_stops_when_input_ends(frozen):
    questions = key(seed=4, count=3)
    result = invoke("quiz", "--seed", "4", "--count", "3", input=questions[0]["answer"]["label"] + "\n")
    assert result.exit_code == 0
    assert "(input ended: the quiz stops here)" in result.output
    assert result.output.rstrip().endswith("Score: 1/1 (100%); 2 not answered")


def test_quiz_json_grades_every_question(frozen):
    questions = key(seed=9, count=2)
    answers = f"{questions[0]['answer']['label']}\n{questions[0]['answer']['label']}\n"
    result = invoke("quiz", "--seed", "9", "--count", "2", "--format", "json", input=answers)
    assert result.exit_code == 0
    data = json.loads(result.stdout)  # stdout is only the JSON; the questions went to stderr
    assert "Question 1/2" in result.stderr
    assert data["seed"] == 9 and len(data["questions"]) == 2
    first, second = data["questions"]
    assert first["correct"] and first["given"] == first["answer"]["label"]
    assert second["given"] == questions[0]["answer"]["label"]
    assert second["correct"] == (second["given"] == second["answer"]["label"])
    assert data["score"]["answered"] == 2 and data["score"]["correct"] == 1 + second["correct"]
    again = invoke("quiz", "--seed", "9", "--count", "2", "--format", "json", input=answers)
    assert again.stdout == result.stdout


def test_quiz_answer_key_and_area(frozen):
    result = invoke("quiz", "--seed", "1", "--count", "2", "--area", "modelling", "--answer-key")
    assert result.exit_code == 0
    assert result.output.count("Answer: ") == 2 and "Which built-in algorithm for a tabular prediction?" in result.output
    assert all(q["area"] == "modelling" for q in key(seed=1, count=2, area="modelling"))


def test_quiz_without_seed_prints_one(frozen):
    result = invoke("quiz", "--count", "1", input="")
    assert result.exit_code == 0
    seed = int(result.output.split("(seed ", 1)[1].split(";", 1)[0])
    assert f"rerun with --seed {seed}" in result.output


def test_quiz_errors_are_one_line(frozen):
    result = invoke("quiz", "--area", "storage")
    assert result.exit_code == 1 and result.output.count("\n") == 1
    assert result.output.startswith("Error: no quiz questions in area storage")
    assert invoke("quiz", "--count", "0").exit_code == 2  # click's range check: a usage error
