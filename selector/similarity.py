"""Stage 1, second reading path: facts from sentences that resemble the rule examples' sentences.

The phrase reader (`scenario.py`) only sees the wordings its vocabulary lists. This reader catches situations told in
other words. Every sentence of every rule example is read once by the phrase reader, giving exemplars (sentence ->
facts). A scenario sentence lends a fact when its nearest exemplar (cosine similarity of all-MiniLM-L6-v2 embeddings,
`embedding.py`) states that fact, is at least MIN_SIMILARITY close, and the fact carries at least MIN_SUPPORT of the
similarity of the NEIGHBOURS nearest exemplars. Only enum and bool facts the phrase reader left unset are lent (never
numbers), only from exemplars of the same polarity (both negated or neither), each with the exemplar as evidence.

The exemplar index for the built-in rule base ships in `selector/_model/exemplars.npz` (rebuilt by
`examples/regenerate.py`); any other rule base (a pack) builds its index on first use, reusing what the shipped
index holds (a pack reads the built-in sentences again only for the facts it adds or changes, and embeds only its
own sentences), and caches it beside the validated-file cache. SELECTOR_NO_SIMILARITY=1 turns this reader off.
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
from selector.scenario import _NEGATORS, read_fact, read_scenario

NEIGHBOURS = 5
MIN_SIMILARITY = 0.5  # set on a development paraphrase set (29 -> 30 of 36); at 0.62 almost nothing was lent
MIN_SUPPORT = 0.5
MIN_SENTENCE_WORDS = 4
INDEX_FORMAT = 2  # bump when what an exemplar holds changes
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


def fact_versions(kb) -> dict[str, str]:
    """What reading a sentence for each lendable fact depends on (its values, phrases and patterns), as short hashes.
    The phrase reader reads every fact on its own, so a sentence only needs reading again for the facts that changed."""
    versions = {}
    for name in sorted(lendable(kb)):
        f = kb.facts[name]
        state = repr((INDEX_FORMAT, f.type, f.multi, f.values, sorted(f.phrases.items()), f.patterns))
        versions[name] = hashlib.sha256(state.encode()).hexdigest()[:16]
    return versions


def index_key(kb) -> str:
    """What the exemplars depend on: the examples' texts, the vocabulary that reads them, the model."""
    from selector.embedding import MODEL_FILE

    digest = hashlib.sha256(f"{MODEL_FILE.stat().st_size} {sorted(fact_versions(kb).items())}".encode())
    for rule in sorted(kb.rules.values(), key=lambda r: r.id):
        for example in rule.fire_examples + rule.not_fire_examples:
            digest.update(f"{rule.id}\0{example.text or ''}\0".encode())
    return digest.hexdigest()[:32]


def _read_sentence(kb, sentence: str, names: list[str]) -> list[tuple[str, Any]]:
    return [(f.name, f.value) for name in names for f in read_fact(sentence, kb.facts[name])]


def build_exemplars(kb, base: Index | None = None) -> tuple[list[Exemplar], list[str]]:
    """Exemplars, and the sentences that state no lendable fact. A sentence `base` (another index) already read keeps
    its facts for the facts whose definition is unchanged and is read again only for the others; so a pack that adds
    a few facts reads the built-in examples for those facts alone."""
    versions = fact_versions(kb)
    names = sorted(versions)
    known: dict[str, tuple] = {}
    stale = names
    if base is not None:
        stale = [n for n in names if base.versions.get(n) != versions[n]]
        known = {e.text: e.facts for e in base.exemplars} | {text: () for text in base.factless}
    seen: set[str] = set()
    exemplars, factless = [], []
    for rule in sorted(kb.rules.values(), key=lambda r: r.id):
        for example in rule.fire_examples + rule.not_fire_examples:
            for sentence in sentences(example.text or ""):
                if sentence.lower() in seen:
                    continue
                seen.add(sentence.lower())
                if sentence in known:
                    found = [f for f in known[sentence] if f[0] in versions and f[0] not in stale]
                    found += _read_sentence(kb, sentence, stale)
                else:
                    found = _read_sentence(kb, sentence, names)
                facts = tuple(sorted(found, key=lambda f: (f[0], str(f[1]))))
                if facts:
                    exemplars.append(Exemplar(sentence, facts, _has_negator(sentence), rule.id))
                else:
                    factless.append(sentence)
    return exemplars, factless


# ---------------------------------------------------------------- the index: exemplars and their embeddings

class Index:
    def __init__(self, key: str, versions: dict[str, str], exemplars: list[Exemplar], factless: list[str], matrix):
        import numpy as np

        self.key = key
        self.versions = versions
        self.exemplars = exemplars
        self.factless = factless
        self.matrix = matrix.astype(np.float32)
        self.negated = np.array([e.negated for e in exemplars], dtype=bool)

    @classmethod
    def build(cls, kb, key: str, base: Index | None = None) -> Index:
        """Read and embed the rule base's example sentences, reusing what `base` (another index) already holds."""
        import numpy as np

        from selector.embedding import encoder

        vectors = {e.text: row for e, row in zip(base.exemplars, base.matrix)} if base is not None else {}
        exemplars, factless = build_exemplars(kb, base)
        new = [e.text for e in exemplars if e.text not in vectors]
        if new:
            vectors.update(zip(new, encoder().encode(new)))
        matrix = np.array([vectors[e.text] for e in exemplars], dtype=np.float32).reshape(len(exemplars), -1)
        return cls(key, fact_versions(kb), exemplars, factless, matrix)

    def save(self, path: Path) -> None:
        import numpy as np

        rows = [{"text": e.text, "facts": [list(f) for f in e.facts], "negated": e.negated, "rule": e.rule}
                for e in self.exemplars]
        tmp = path.with_name(f"{path.stem}.{os.getpid()}.tmp.npz")
        with open(tmp, "wb") as out:
            np.savez_compressed(out, key=np.array(self.key), versions=np.array(json.dumps(self.versions, sort_keys=True)),
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
                stored_key, versions = str(stored["key"]), json.loads(str(stored["versions"]))
                rows = json.loads(str(stored["exemplars"]))
                factless = json.loads(str(stored["factless"]))
                matrix = stored["matrix"]
        except (OSError, ValueError, KeyError):
            return None
        exemplars = [Exemplar(r["text"], tuple(tuple(f) for f in r["facts"]), r["negated"], r["rule"]) for r in rows]
        return cls(stored_key, versions, exemplars, factless, matrix)


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
