"""Property-based robustness: any text or YAML gives a result or one clear SelectorError, never another exception.

Covers the scenario reader (selector.scenario.read_scenario), the question reader (selector.question.parse_question)
and the pack loader (selector.loader.validate plus selector.packs.pack_problems), with hypothesis.
"""

from __future__ import annotations

import copy
import math
import signal
import time
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from selector import loader
from selector.errors import KnowledgeError, ScenarioError
from selector.models import Fact
from selector.packs import pack_problems
from selector.question import Question, parse_question
from selector.scenario import MAX_TEXT_CHARS, read_scenario

BASE = Path(__file__).resolve().parent / "broken_packs" / "_base"
FROZEN = loader.load([BASE / "rules"], [BASE / "knowledge"])
WORDS = ["stream", "streaming", "S3", "into", "real-time", "near", "real", "time", "batch", "nightly", "no", "not",
         "without", "never", "replay", "3", "seven", "1,000", "2.5", "KB", "MB", "records", "per", "second",
         "consumers", "applications", "video", "cameras", "table", "churn", "linear", "non-linear", "price", "and",
         "but", "or", ",", ".", ";", "(", ")", "\n", "n't", "within", "a", "few", "minutes", "é", "数据", "\x00", "\t"]
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _builtin_facts() -> dict[str, Any] | None:
    try:
        return loader.load().facts
    except KnowledgeError:
        return None  # the built-in base is being edited: the frozen vocabulary still runs


BUILTIN_FACTS = _builtin_facts()
VOCABULARIES = [FROZEN.facts] + ([BUILTIN_FACTS] if BUILTIN_FACTS else [])
texts = st.one_of(st.text(max_size=300), st.lists(st.sampled_from(WORDS), max_size=60).map(" ".join))


def check_facts(found: list[Fact], facts: dict[str, Any]) -> None:
    for fact in found:
        definition = facts[fact.name]
        assert isinstance(fact.evidence, str)
        if definition.type == "number":
            assert isinstance(fact.value, (int, float)) and not isinstance(fact.value, bool)
        elif definition.type == "bool":
            assert isinstance(fact.value, bool)
        else:
            assert fact.value in definition.values


# ---------------------------------------------------------------- scenario reader

@pytest.mark.parametrize("vocabulary", range(len(VOCABULARIES)), ids=["frozen", "built-in"][:len(VOCABULARIES)])
@SETTINGS
@given(text=texts)
def test_scenario_reader_gives_facts_or_one_clear_error(vocabulary, text):
    facts = VOCABULARIES[vocabulary]
    try:
        found = read_scenario(text, facts)
    except ScenarioError as exc:
        assert not text.strip() and "empty" in str(exc)
        return
    check_facts(found, facts)
    assert read_scenario(text, facts) == found  # deterministic


def test_scenario_reader_refuses_oversized_text_at_once():
    started = time.perf_counter()
    with pytest.raises(ScenarioError, match="the limit is"):
        read_scenario("stream " * (MAX_TEXT_CHARS // 7 + 1), FROZEN.facts)
    assert time.perf_counter() - started < 1.0


def test_numbers_too_large_for_a_float_are_not_read_as_infinity():
    found = read_scenario("We write " + "9" * 400 + " records per second into the stream.", FROZEN.facts)
    assert all(math.isfinite(f.value) for f in found if FROZEN.facts[f.name].type == "number")


class _Timeout(Exception):
    pass


def _read_within(text: str, seconds: int) -> Any:
    def stop(signum: int, frame: Any) -> None:
        raise _Timeout()

    previous = signal.signal(signal.SIGALRM, stop)
    signal.alarm(seconds)
    try:
        return read_scenario(text, FROZEN.facts)
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


PARAGRAPH = ("Clickstream events stream into S3 within a few minutes; 3 consumer applications read 500 KB "
             "records at 2 records per second. Predict churn from a customer table with complex interactions. ")


def test_one_megabyte_scenario_is_refused_at_once_with_one_clear_error():
    text = (PARAGRAPH * (1_000_000 // len(PARAGRAPH) + 1))[:1_000_000]
    with pytest.raises(ScenarioError, match="the limit is"):
        _read_within(text, 2)


def test_largest_accepted_scenario_reads_in_bounded_time():
    text = (PARAGRAPH * (MAX_TEXT_CHARS // len(PARAGRAPH) + 1))[:MAX_TEXT_CHARS]
    found = _read_within(text, 60)
    assert {f.name for f in found} >= {"data_arrival", "record_kb"}


option_lines = st.lists(st.tuples(st.sampled_from(["A. ", "B) ", "(C) ", "D: ", "- [ ] ", "- [x] ", "- ", "* ", ""]),
                                  st.text(max_size=40)).map(lambda t: t[0] + t[1]), max_size=8)
questions = st.one_of(
    st.text(max_size=400),
    st.tuples(st.text(max_size=120), st.sampled_from(["", "Choose two.", "Select THREE", "pick 4"]), option_lines)
    .map(lambda t: "\n".join([t[0], t[1], *t[2]])),
)


@SETTINGS
@given(text=questions)
def test_question_reader_gives_a_question_or_one_clear_error(text):
    try:
        question = parse_question(text)
    except ScenarioError as exc:
        assert str(exc) and "\n" not in str(exc)
        return
    assert isinstance(question, Question)
    assert question.stem.strip() and len(question.options) >= 2
    assert 1 <= question.answers_wanted < len(question.options)
    labels = [o.label for o in question.options]
    assert len(set(labels)) == len(labels) and all(labels)
    assert set(question.marked) <= set(labels)


# ---------------------------------------------------------------- pack loader

scalars = st.one_of(st.none(), st.booleans(), st.integers(-10**6, 10**6), st.floats(allow_nan=False),
                    st.text(max_size=20), st.sampled_from(["streaming", "s3", "kinesis-data-firehose", "latency",
                                                           "data_arrival", "real-time", "001_660e50563e26e4d5.txt",
                                                           "59-71", "0-0", "99999", "(", "{NUM}", "[a-"]))
keys = st.one_of(st.text(max_size=12), st.sampled_from(
    ["id", "decision", "rules", "when", "all", "any", "fact", "eq", "in", "gt", "present", "choose", "options",
     "best_for", "why_not", "sources", "seed", "lines", "examples", "fire", "not_fire", "facts", "nodes", "edges",
     "feeds", "values", "type", "patterns", "extends", "overrides", "priority", "derive", "compute", "claims"]))
documents = st.recursive(scalars, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                          st.dictionaries(keys, inner, max_size=5)), max_leaves=25)
BASE_DECISION = yaml.safe_load((BASE / "rules" / "ingestion" / "streaming-ingestion.yaml").read_text())
BASE_NODES = yaml.safe_load((BASE / "knowledge" / "services.yaml").read_text())
BASE_VOCABULARY = yaml.safe_load((BASE / "knowledge" / "vocabulary" / "core.yaml").read_text())


def _paths(value: Any, prefix: tuple = ()) -> list[tuple]:
    found = [prefix]
    if isinstance(value, dict):
        for k, v in value.items():
            found += _paths(v, prefix + (k,))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            found += _paths(v, prefix + (i,))
    return found


def _leaves(value: Any) -> list[Any]:
    if isinstance(value, dict):
        return [leaf for v in value.values() for leaf in _leaves(v)]
    if isinstance(value, list):
        return [leaf for v in value for leaf in _leaves(v)]
    return [value]


@st.composite
def mutated(draw: st.DrawFn, original: dict[str, Any]) -> dict[str, Any]:
    """A valid document with up to three subtrees replaced (by arbitrary YAML, or by another of its own values,
    which keeps the schema happy and tests the cross references) or deleted."""
    doc = copy.deepcopy(original)
    own_values = st.sampled_from(sorted({repr(v): v for v in _leaves(original)}.items())).map(lambda kv: kv[1])
    for _ in range(draw(st.integers(0, 3))):
        places = _paths(doc)[1:]
        if not places:
            break
        where = draw(st.sampled_from(places))
        parent = doc
        try:
            for part in where[:-1]:
                parent = parent[part]
            action = draw(st.sampled_from(["own", "own", "arbitrary", "delete"]))
            if action == "delete" and isinstance(parent, dict):
                del parent[where[-1]]
            else:
                parent[where[-1]] = draw(own_values if action == "own" else documents)
        except (KeyError, IndexError, TypeError):
            continue
    return doc


def _load_pack(tmp: Path, rules_text: str | None, knowledge_text: str | None, vocabulary_text: str | None) -> None:
    rules_dir, knowledge_dir = tmp / "rules", tmp / "knowledge"
    (rules_dir / "team").mkdir(parents=True, exist_ok=True)
    (knowledge_dir / "vocabulary").mkdir(parents=True, exist_ok=True)
    for path, text in ((rules_dir / "team" / "streaming-ingestion.yaml", rules_text),
                       (knowledge_dir / "team.yaml", knowledge_text),
                       (knowledge_dir / "vocabulary" / "team.yaml", vocabulary_text)):
        if text is None:
            path.unlink(missing_ok=True)
        else:
            path.write_text(text, encoding="utf-8")
    rules = [BASE / "rules", rules_dir]
    kb, problems = loader.validate(rules, [BASE / "knowledge", knowledge_dir])
    assert all(isinstance(p, str) and p and "\n" not in p for p in problems)
    assert (kb is None) == bool(problems)
    if kb is not None:
        assert all(isinstance(p, str) for p in pack_problems(kb, rules))


def _dump(doc: Any) -> str:
    return yaml.safe_dump(doc, allow_unicode=True, sort_keys=False)


def _pack_nodes(doc: dict[str, Any]) -> dict[str, Any]:
    """Mutated base nodes under new ids (so they add to the base instead of clashing with it)."""
    nodes = doc.get("nodes") if isinstance(doc.get("nodes"), list) else []
    return {"nodes": [{**n, "id": f"team-{n['id']}"} if isinstance(n, dict) and isinstance(n.get("id"), str) else n
                      for n in nodes]}


def _pack_phrases(doc: dict[str, Any]) -> dict[str, Any]:
    """Mutated base fact definitions offered as extra phrases for the base facts."""
    return {"phrases": doc["facts"]} if isinstance(doc.get("facts"), dict) else doc


PACK_SETTINGS = settings(max_examples=80, deadline=None,
                         suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
# The base decision re-declared as an extension with its rules under new ids: valid as it stands.
extending = {"decision": {**BASE_DECISION["decision"], "extends": True},
             "rules": [{**r, "id": f"team-{r['id']}"} for r in BASE_DECISION["rules"]]}


@PACK_SETTINGS
@given(decision=mutated(extending), nodes=st.one_of(st.none(), mutated(BASE_NODES).map(_pack_nodes)),
       vocabulary=st.one_of(st.none(), mutated(BASE_VOCABULARY).map(_pack_phrases)))
def test_pack_loader_reports_problems_and_never_crashes_on_near_valid_packs(tmp_path, decision, nodes, vocabulary):
    _load_pack(tmp_path, _dump(decision), None if nodes is None else _dump(nodes),
               None if vocabulary is None else _dump(vocabulary))


@PACK_SETTINGS
@given(rules=st.one_of(documents.map(_dump), st.text(max_size=200)),
       knowledge=st.one_of(st.none(), documents.map(_dump), st.text(max_size=200)))
def test_pack_loader_never_crashes_on_arbitrary_yaml_or_text(tmp_path, rules, knowledge):
    _load_pack(tmp_path, rules, knowledge, None)
