"""Judging statement options ("Which statement is true?") against the knowledge and the notes."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest

from selector.answer import answer_question
from selector.loader import KnowledgeBase
from selector.models import Claim, Source
from selector.statements import (StatementIndex, content_words, is_statement_question, quantities,
                                 question_subject, stem)


def _node(name: str, aliases: list[str], summary: str, facts: list[str], attributes: dict | None = None) -> dict:
    return {"name": name, "aliases": aliases, "summary": summary, "attributes": attributes or {},
            "facts": [{"text": text} for text in facts]}


@pytest.fixture()
def small_index(tmp_path: Path) -> StatementIndex:
    """Two streaming services that one could confuse, a catalogue nobody would, a wrong claim and a note."""
    graph = nx.MultiDiGraph()
    graph.add_node("streams", **_node("Data Streams", ["data streams"], "Real-time streaming in shards.",
                                      ["Keeps records for 7 days, which gives replay to several consumers."],
                                      {"limits": "1 MB/s written per shard"}))
    graph.add_node("delivery", **_node("Delivery Service", ["delivery service"], "Managed delivery to storage.",
                                       ["Stores no data, so it offers no replay.",
                                        "Scales automatically with no shards to manage."]))
    graph.add_node("catalog", **_node("Catalog", ["catalog"], "Table definitions for queries.",
                                      ["Keeps table schemas for query engines."]))
    graph.add_edge("delivery", "streams", key="alternative_to", type="alternative_to")
    claim = Claim("delivery-latency", "delivery", "Delivery Service delivers each record within 200 ms.",
                  "Delivery is buffered for at least 60 seconds.", "wrong", "current",
                  (Source("notes.txt", "4"),))
    graph.nodes["delivery"]["claims"] = [{"id": claim.id, "claim": claim.claim, "current": claim.current,
                                          "status": claim.status}]
    notes = tmp_path / "notes.txt"
    notes.write_text("Delivery Service\n- transforms records with a function before delivery\n"
                     "- compresses files for the storage destination\n- delivers each record within 200 ms\n",
                     encoding="utf-8")
    kb = KnowledgeBase(facts={}, decisions={}, rules={}, graph=graph, claims={claim.id: claim},
                       fingerprint="small")
    return StatementIndex(kb, [notes])


def test_stem_joins_the_forms_of_a_word():
    assert stem("stores") == stem("stored") == stem("storing") == stem("store")
    assert stem("replayed") == stem("replay")
    assert stem("copies") == "copy"


def test_a_negator_negates_its_clause_however_it_is_placed():
    words, negative = content_words("does not store the data")
    assert words == negative == {"stor", "data"}
    assert content_words("stores no data") == (words, negative)
    assert content_words("stores the data") == (words, frozenset())


def test_opposites_and_un_words_deny_only_themselves():
    words, negative = content_words("a smaller model trains slowly")
    assert {"larg", "fast", "model", "train"} <= words and negative == {"larg", "fast"}
    words, negative = content_words("stores video unencrypted")
    assert negative == {"encrypt"} and "video" in words
    _, negative = content_words("loads files without custom code")
    assert negative == {"custom", "cod"}


def test_a_negator_after_and_repeats_the_denial_for_the_next_item():
    words, negative = content_words("has no retrieval fee and no minimum duration")
    assert negative == words == {"retrieval", "fee", "minimum", "duration"}
    _, negative = content_words("it is not true that it has no fee")
    assert negative == frozenset()  # two separate denials still cancel


def test_last_is_read_as_the_first_ordinal_denied():
    words, negative = content_words("the target is in the last column")
    assert "1" in words and negative == {"1"}
    first, _ = content_words("the target is in the first column")
    assert "1" in first


def test_negators_inside_brackets_do_not_negate_the_clause():
    _, negative = content_words("retention from 1 hour to 10 years (0 means no storage)")
    assert negative == frozenset()


def test_numbers_are_read_as_written():
    words, _ = content_words("1,000 records per second, 99.5% of the time, the third-order terms, seven days")
    assert {"1000", "99.5", "3", "7", "second"} <= words


def test_quantities_pair_a_number_with_its_kind_of_unit():
    assert quantities("kept for seven days, 2 MB/s, 90% of $k - 1$ folds") == {("7", "time"), ("2", "size"),
                                                                              ("90", "%")}


def test_a_statement_the_knowledge_states_agrees(small_index):
    verdict = small_index.judge("Delivery Service does not store the data.")
    assert verdict.weight == 1 and verdict.kind == "agrees"
    assert "Stores no data" in verdict.reason and "knowledge: delivery (fact)" in verdict.reason


def test_a_flipped_negation_contradicts(small_index):
    verdict = small_index.judge("Delivery Service stores the data so that consumers can replay it.")
    assert verdict.weight == -1 and verdict.kind == "contradicts"


def test_a_property_of_a_confusable_node_given_to_the_subject_is_a_swap(small_index):
    verdict = small_index.judge("Delivery Service keeps records for 7 days.")
    assert verdict.weight == -1 and verdict.kind == "swapped"
    assert "of Data Streams, not of Delivery Service" in verdict.reason


def test_no_swap_to_an_unrelated_node_or_to_one_the_option_names(small_index):
    assert small_index.judge("Delivery Service keeps table schemas for query engines.").weight == 0
    assert small_index.judge("Delivery Service keeps records for 7 days, as Data Streams does.").weight == 0


def test_a_different_number_is_a_wrong_number(small_index):
    verdict = small_index.judge("Data Streams accepts 2 MB/s written per shard.")
    assert verdict.weight == -1 and verdict.kind == "wrong-number" and "states 2" in verdict.reason


def test_a_claim_the_knowledge_marks_wrong_is_false(small_index):
    verdict = small_index.judge("Delivery Service delivers each record within 200 ms.")
    assert verdict.weight == -1 and verdict.kind == "wrong-claim"


def test_note_lines_take_the_subject_of_the_line_above_and_wrong_ones_are_left_out(small_index):
    notes = [c for c in small_index.clauses if c.where.startswith("notes")]
    assert {c.subject for c in notes} == {"delivery"}
    assert not any("200 ms" in c.text for c in notes)  # line 4 is cited by a claim marked wrong
    verdict = small_index.judge("It compresses files for the storage destination.", "delivery")
    assert verdict.weight == 1 and "notes notes.txt line 3" in verdict.reason


def test_an_option_without_a_name_is_about_the_question_subject(small_index):
    assert question_subject(small_index, "A team streams clicks. Which statement about Delivery Service is "
                                         "true?") == "delivery"
    assert small_index.judge("It scales automatically with no shards to manage.", "delivery").weight == 1
    assert small_index.judge("It scales automatically with no shards to manage.").weight == 0


def test_statement_questions_are_told_from_questions_about_what_to_do():
    assert is_statement_question("Which two statements about Firehose are true? (Choose two.)")
    assert is_statement_question("Which statement correctly describes the difference?")
    assert is_statement_question("Which description is correct?")
    assert is_statement_question("Which two requirements apply to the CSV files? (Choose two.)")
    assert not is_statement_question("Which requirement should the design prioritise?")
    assert not is_statement_question("Which service should the team use to ingest the data?")
    assert not is_statement_question("What is the minimum number of shards the stream needs?")


FIREHOSE_STATEMENTS = """A retailer is comparing Kinesis Data Streams with Kinesis Data Firehose for loading
click events into Amazon S3. Which statement about Firehose is true?

A. Firehose keeps records for several days so that consumer applications can replay them.
B. Firehose stores no data, so records that were delivered cannot be replayed.
C. Firehose needs shards that the team provisions and splits by hand.
"""


def test_answer_weighs_what_the_sources_say_about_each_statement(kb):
    answer = answer_question(kb, FIREHOSE_STATEMENTS)
    assert answer.choices == ["B"]
    reasons = {o.label: " ".join(o.reasons) for o in answer.options}
    assert "agrees with" in reasons["B"]
    assert "not of Amazon Data Firehose" in reasons["A"] or "contradicts" in reasons["A"]


def test_a_number_inside_an_instance_name_is_not_a_quantity():
    from selector.statements import quantities
    assert quantities("start on ml.c4.4xlarge or ml.m5.2xlarge") == frozenset()
    assert quantities("keep 7 days and 2 MB") == {("7", "time"), ("2", "size")}


def test_a_component_the_asked_node_uses_leading_a_clause_is_not_a_swap():
    from selector import loader
    from selector.statements import index_for
    index = index_for(loader.load())
    option = "Start training on CPU instances such as ml.c4.2xlarge."
    assert index.judge(option).kind == "swapped"  # read alone, the notes say it of another CPU family
    assert index.judge(option, "sagemaker-deepar").weight == 0  # the notes say it of DeepAR, the asked node


def test_several_machines_is_read_as_distributed_training():
    from selector import loader
    from selector.statements import index_for
    verdict = index_for(loader.load()).judge("DeepAR cannot be trained on more than one machine.")
    assert verdict.kind == "contradicts"


def test_calling_a_node_by_an_alternative_s_name_contradicts(small_index):
    verdict = small_index.judge("Delivery Service is a data streams service.")
    assert verdict.weight == -1 and verdict.kind == "contradicts" and "alternatives" in verdict.reason


def test_calling_a_node_by_another_of_its_own_names_agrees(small_index):
    assert small_index.judge("Data Streams used by the team are data streams.").kind == "agrees"


def test_a_negated_or_unrelated_identity_is_not_judged_by_name(small_index):
    assert "alternatives" not in small_index.judge("Delivery Service is not a data streams service.").reason
    assert "alternatives" not in small_index.judge("Delivery Service is a catalog.").reason
