"""The second reading path: facts lent by rule-example sentences that resemble a scenario sentence."""

from __future__ import annotations

from pathlib import Path

from selector import loader, similarity
from selector.recommend import recommend
from selector.scenario import read_scenario

REPO = Path(__file__).resolve().parent.parent
FORGETS = "The network forgets what happened at the start of lengthy documents."


def names(facts):
    return {f.name: f.value for f in facts}


def test_shipped_index_is_current(kb):
    stored = similarity.Index.load(similarity.SHIPPED_INDEX, similarity.index_key(kb))
    assert stored is not None, "selector/_model/exemplars.npz is stale: run python examples/regenerate.py"
    assert len(stored.exemplars) == stored.matrix.shape[0] > 1000


def test_a_sentence_in_other_words_borrows_the_nearest_examples_facts(kb):
    text = "Our recurrent model keeps losing track of what the opening paragraphs of very long reports said."
    stated = read_scenario(text, kb.facts)
    lent = similarity.read_similar(kb, text, stated)
    assert "long_dependencies" not in names(stated)
    borrowed = [f for f in lent if f.name == "long_dependencies"]
    assert borrowed and borrowed[0].value is True and borrowed[0].origin == "similar"
    assert "resembles" in borrowed[0].evidence and "similarity 0." in borrowed[0].evidence


def test_it_never_replaces_what_the_phrase_reader_found_nor_lends_numbers(kb):
    text = "We ingest 3,000 records per second of 20 KB each. " + FORGETS
    stated = read_scenario(text, kb.facts)
    lent = similarity.read_similar(kb, text, stated)
    assert not {f.name for f in stated} & {f.name for f in lent}
    assert all(kb.facts[f.name].type in ("enum", "bool") for f in lent)


def test_a_near_miss_example_stays_a_miss(kb):
    # A rule's must-not-fire example: a short context resembles a long-context example, but is not its nearest.
    text = "Our recurrent network predicts the next character from the previous two characters."
    assert "long_dependencies" not in names(similarity.read_similar(kb, text, read_scenario(text, kb.facts)))


def test_a_negated_sentence_borrows_only_from_negated_examples(kb):
    plain = "We need the records delivered to the bucket every minute with no code of ours."
    negated = "We do not need the records delivered to the bucket every minute with no code of ours."
    index = similarity.index_for(kb)
    for text, polarity in ((plain, False), (negated, True)):
        for fact in similarity.read_similar(kb, text, read_scenario(text, kb.facts)):
            source = fact.evidence.split('resembles "', 1)[1].split('", an example', 1)[0]
            assert any(e.text == source and e.negated is polarity for e in index.exemplars)


def test_switched_off_by_the_environment(kb, monkeypatch):
    monkeypatch.setenv("SELECTOR_NO_SIMILARITY", "1")
    assert similarity.read_facts(kb, FORGETS) == read_scenario(FORGETS, kb.facts)
    monkeypatch.delenv("SELECTOR_NO_SIMILARITY")
    assert len(similarity.read_facts(kb, FORGETS)) >= len(read_scenario(FORGETS, kb.facts))


def test_recommend_reports_borrowed_facts_with_their_origin(kb):
    rec = recommend(kb, "Our recurrent model keeps losing track of what the opening paragraphs of very long "
                        "reports said, and we would like a lighter cell than the usual one.")
    assert any(f.origin == "similar" for f in rec.facts)


def test_a_pack_builds_its_own_index_once_and_caches_it(tmp_path, monkeypatch):
    monkeypatch.setenv("SELECTOR_CACHE_DIR", str(tmp_path / "cache"))
    pack = REPO / "examples" / "user-pack"
    rules, knowledge = loader.default_dirs()
    kb = loader.load(rules + [pack / "rules"], knowledge + [pack / "knowledge"])
    key = similarity.index_key(kb)
    assert similarity.Index.load(similarity.SHIPPED_INDEX, key) is None  # not the built-in rule base
    built = similarity.index_for(kb)
    cached = tmp_path / "cache" / f"exemplars-{key}.npz"
    assert cached.exists()
    again = similarity.Index.load(cached, key)
    assert [e.text for e in again.exemplars] == [e.text for e in built.exemplars]
    pack_rules = {r.id for r in kb.rules.values() if r.decision_id == "company-landing-format"}
    assert pack_rules and any(e.rule in pack_rules for e in built.exemplars)

