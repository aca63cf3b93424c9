"""Stage 1, second reading path: facts from sentences that resemble the rule examples' sentences.

The phrase reader (`scenario.py`) only sees the wordings its vocabulary lists. This reader catches situations told in
other words. Every sentence of every rule example is read once by the phrase reader, giving exemplars (sentence ->
facts). A scenario sentence lends a fact when its nearest exemplar (cosine similarity of all-MiniLM-L6-v2 embeddings,
`embedding.py`) states that fact, is at least MIN_SIMILARITY close, and the fact carries at least MIN_SUPPORT of the
similarity of the NEIGHBOURS nearest exemplars. Only enum and bool facts the phrase reader left unset are lent (never
numbers), only from exemplars of the same polarity (both negated or neither), each with the exemplar as evidence.

The exemplar index for the built-in rule base ships in `selector/_model/exemplars.npz` (rebuilt by
`examples/regenerate.py`); any other rule base (a pack) builds its index on first use, reusing what the shipped
index holds (a pack that adds no vocabulary only reads and embeds its own examples), and caches it beside the
validated-file cache. SELECTOR_NO_SIMILARITY=1 turns this reader off.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from selector.models import Fact
from selector.scenario import _NEGATORS, read_scenario

NEIGHBOURS = 5
MIN_SIMILARITY = 0.5  # set on a development paraphrase set (29 -> 30 of 36); at 0.62 almost nothing was lent
MIN_SUPPORT = 0.5
MIN_SENTENCE_WORDS = 4
INDEX_FORMAT = 1  # bump when what an exemplar holds changes
SHIPPED_INDEX = Path(__file__).resolve().parent / "_model" / "exemplars.npz"

_SENTENCE_SPLIT = re.compile(r"(?<=[.!?;])\s+|\n\s*\n|\n(?=\s*[-*\d])")


def similarity_enabled() -> bool:
    return not os.environ.get("SELECTOR_NO_SIMILARITY")


@dataclass(frozen=True)
class Exemplar:
    text: str
    facts: tuple[tuple[str, Any], ...]
    negated: bool
    rule: str  # the rule whose example it comes from


def sentences(text: str) -> list[str]:
    parts = (" ".join(p.split()) for p in _SENTENCE_SPLIT.split(text))
    return [p for p in parts if len(p.split()) >= MIN_SENTENCE_WORDS]


def _has_negator(sentence: str) -> bool:
    return bool(_NEGATORS.search(sentence.lower()))


def lendable(kb) -> set[str]:
    """Facts this reader may lend: stated (not derived) enum and bool facts."""
    return {name for name, f in kb.facts.items() if not f.derived and f.type in ("enum", "bool")}


def vocabulary_key(kb) -> str:
    """What reading a sentence depends on: the facts' phrases and patterns."""
    digest = hashlib.sha256(str(INDEX_FORMAT).encode())
    for name in sorted(kb.facts):
        f = kb.facts[name]
        digest.update(repr((name, f.type, f.multi, f.derived, f.values, sorted(f.phrases.items()), f.patterns)).encode())
    return digest.hexdigest()[:32]


def index_key(kb) -> str:
    """What the exemplars depend on: the examples' texts, the vocabulary that reads them, the model."""
    from selector.embedding import MODEL_FILE

    digest = hashlib.sha256(f"{vocabulary_key(kb)} {MODEL_FILE.stat().st_size}".encode())
    for rule in sorted(kb.rules.values(), key=lambda r: r.id):
        for example in rule.fire_examples + rule.not_fire_examples:
            digest.update(f"{rule.id}\0{example.text or ''}\0".encode())
    return digest.hexdigest()[:32]


def build_exemplars(kb, known: dict[str, tuple] | None = None) -> tuple[list[Exemplar], list[str]]:
    """Exemplars, and the sentences that state no lendable fact. `known` maps sentences already read under the same
    vocabulary to their facts, so a pack that adds rules but no vocabulary only reads its own examples."""
    wanted = lendable(kb)
    known = known or {}
    seen: set[str] = set()
    exemplars, factless = [], []
    for rule in sorted(kb.rules.values(), key=lambda r: r.id):
        for example in rule.fire_examples + rule.not_fire_examples:
            for sentence in sentences(example.text or ""):
                if sentence.lower() in seen:
                    continue
                seen.add(sentence.lower())
                if sentence in known:
                    facts = known[sentence]
                else:
                    facts = tuple((f.name, f.value) for f in read_scenario(sentence, kb.facts) if f.name in wanted)
                if facts:
                    exemplars.append(Exemplar(sentence, facts, _has_negator(sentence), rule.id))
                else:
                    factless.append(sentence)
    return exemplars, factless


# ---------------------------------------------------------------- the index: exemplars and their embeddings

class Index:
    def __init__(self, key: str, vocabulary: str, exemplars: list[Exemplar], factless: list[str], matrix):
        import numpy as np

        self.key = key
        self.vocabulary = vocabulary
        self.exemplars = exemplars
        self.factless = factless
        self.matrix = matrix.astype(np.float32)
        self.negated = np.array([e.negated for e in exemplars], dtype=bool)

    @classmethod
    def build(cls, kb, key: str, base: Index | None = None) -> Index:
        """Read and embed the rule base's example sentences, reusing what `base` (another index) already holds."""
        import numpy as np

        from selector.embedding import encoder

        vocabulary = vocabulary_key(kb)
        known: dict[str, tuple] = {}
        vectors: dict[str, Any] = {}
        if base is not None:
            vectors = {e.text: row for e, row in zip(base.exemplars, base.matrix)}
            if base.vocabulary == vocabulary:
                known = {e.text: e.facts for e in base.exemplars} | {text: () for text in base.factless}
        exemplars, factless = build_exemplars(kb, known)
        new = [e.text for e in exemplars if e.text not in vectors]
        if new:
            vectors.update(zip(new, encoder().encode(new)))
        matrix = np.array([vectors[e.text] for e in exemplars], dtype=np.float32).reshape(len(exemplars), -1)
        return cls(key, vocabulary, exemplars, factless, matrix)

    def save(self, path: Path) -> None:
        import numpy as np

        rows = [{"text": e.text, "facts": [list(f) for f in e.facts], "negated": e.negated, "rule": e.rule}
                for e in self.exemplars]
        tmp = path.with_name(f"{path.stem}.{os.getpid()}.tmp.npz")
        with open(tmp, "wb") as out:
            np.savez_compressed(out, key=np.array(self.key), vocabulary=np.array(self.vocabulary),
                                exemplars=np.array(json.dumps(rows, sort_keys=True)),
                                factless=np.array(json.dumps(self.factless)), matrix=self.matrix.astype(np.float16))
        tmp.replace(path)

    @classmethod
    def load(cls, path: Path, key: str | None) -> Index | None:
        """The index stored at path (for rule base `key`, or any when None); None when missing or unreadable."""
        import numpy as np

        try:
            with np.load(path) as stored:
                if key is not None and str(stored["key"]) != key:
                    return None
                stored_key, vocabulary = str(stored["key"]), str(stored["vocabulary"])
                rows = json.loads(str(stored["exemplars"]))
                factless = json.loads(str(stored["factless"]))
                matrix = stored["matrix"]
        except (OSError, ValueError, KeyError):
            return None
        exemplars = [Exemplar(r["text"], tuple(tuple(f) for f in r["facts"]), r["negated"], r["rule"]) for r in rows]
        return cls(stored_key, vocabulary, exemplars, factless, matrix)


def _cached_path(key: str) -> Path | None:
    from selector.loader import cache_dir

    directory = cache_dir()
    return None if directory is None else directory / f"exemplars-{key}.npz"


_INDEXES: dict[int, tuple[object, Index]] = {}


def index_for(kb) -> Index:
    """The exemplar index of a rule base: the shipped one, else a cached one, else built now (and cached)."""
    entry = _INDEXES.get(id(kb))
    if entry is not None and entry[0] is kb:
        return entry[1]
    key = index_key(kb)
    cached = _cached_path(key)
    index = Index.load(SHIPPED_INDEX, key) or (Index.load(cached, key) if cached else None)
    if index is None:
        index = Index.build(kb, key, base=Index.load(SHIPPED_INDEX, None))
        if cached is not None:
            try:
                cached.parent.mkdir(parents=True, exist_ok=True)
                index.save(cached)
            except OSError:
                pass  # a cache that cannot be written only costs time
    _INDEXES[id(kb)] = (kb, index)
    return index


# ---------------------------------------------------------------- reading

def read_similar(kb, text: str, stated: list[Fact]) -> list[Fact]:
    """Facts lent by similar exemplars, for fact names the phrase reader left unset."""
    import numpy as np

    from selector.embedding import encoder

    parts = sentences(text)
    if not parts:
        return []
    index = index_for(kb)
    if not index.exemplars:
        return []
    known = {f.name for f in stated}
    lent: dict[str, tuple[float, Fact]] = {}
    for sentence, vector in zip(parts, encoder().encode(parts)):
        sims = index.matrix @ vector
        sims[index.negated != _has_negator(sentence)] = -1.0
        nearest = np.argsort(-sims, kind="stable")[:NEIGHBOURS]
        top = int(nearest[0])
        similarity = float(sims[top])
        if similarity < MIN_SIMILARITY:
            continue
        mass = float(sum(max(float(sims[i]), 0.0) for i in nearest))
        exemplar = index.exemplars[top]
        for name, value in exemplar.facts:  # only what the nearest exemplar itself states
            if name in known:
                continue
            support = sum(max(float(sims[i]), 0.0) for i in nearest if (name, value) in index.exemplars[i].facts)
            if support / mass < MIN_SUPPORT:
                continue
            score = similarity * support / mass
            evidence = f"{sentence} (resembles \"{exemplar.text}\", an example of {exemplar.rule}; " \
                       f"similarity {similarity:.2f})"
            key = f"{name}={value}" if kb.facts[name].multi else name
            if key not in lent or lent[key][0] < score:
                lent[key] = (score, Fact(name, value, evidence, "similar"))
    return [fact for _, fact in sorted(lent.values(), key=lambda item: (item[1].name, str(item[1].value)))]


def read_facts(kb, text: str) -> list[Fact]:
    """Stage 1 as a whole for a scenario: the phrase reader's facts, then those that similar exemplars lend."""
    stated = read_scenario(text, kb.facts)
    if not similarity_enabled():
        return stated
    return stated + read_similar(kb, text, stated)


def write_shipped_index(kb) -> Path:
    """Rebuild selector/_model/exemplars.npz for the built-in rule base (examples/regenerate.py calls this)."""
    key = index_key(kb)
    index = Index.load(SHIPPED_INDEX, key)
    if index is None:
        Index.build(kb, key, base=Index.load(SHIPPED_INDEX, None)).save(SHIPPED_INDEX)
    return SHIPPED_INDEX
