"""The study notes as a last reader: which option do the notes support best?

`selector answer` scores options by the rules first. When two options score the same, the notes break the tie:
every window of NOTE_WINDOW lines of the notes (knowledge/notes/*.txt) is a passage, scored with Okapi BM25 against
the option's own words plus the question's words; an option's support is its best passage's score. The passage is
cited (file and lines) so the user can read what decided it.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

NOTE_WINDOW = 8  # lines per passage
NOTE_STEP = 3  # lines between passage starts
STEM_WEIGHT = 1.0  # weight of the question's words relative to the option's own words
MIN_SHARED_STEM_WORDS = 2  # a passage must be about the question too, not only name the option's words
BM25_K1 = 1.2
BM25_B = 0.75
_STOPWORDS = frozenset(
    "a an the of to and or in on for with is are be by that this it as at from which what should can will its their "
    "they we our your you than then into using use used uses does do not no most least more".split())


def words(text: str) -> list[str]:
    return [w for w in re.findall(r"[a-z0-9]+", text.lower()) if w not in _STOPWORDS and len(w) > 1]


@dataclass(frozen=True)
class Passage:
    file: str
    first_line: int
    last_line: int
    text: str

    def cite(self) -> str:
        return f"{self.file} lines {self.first_line}-{self.last_line}"


@dataclass(frozen=True)
class Support:
    score: float
    passage: Passage | None


class NotesIndex:
    def __init__(self, note_files: list[Path]):
        self.passages: list[Passage] = []
        terms: list[Counter[str]] = []
        for path in note_files:
            # split on "\n" only, so passage line numbers are the ones the citations (and sed -n) use
            lines = path.read_text(encoding="utf-8", errors="replace").split("\n")
            for start in range(0, max(len(lines), 1), NOTE_STEP):
                chunk = lines[start:start + NOTE_WINDOW]
                counted = Counter(words(" ".join(chunk)))
                if sum(counted.values()) < 3:
                    continue
                last = start + len(chunk)
                self.passages.append(Passage(path.name, start + 1, last, "\n".join(chunk)))
                terms.append(counted)
        self._terms = terms
        lengths = [sum(t.values()) for t in terms]
        mean_length = (sum(lengths) / len(terms)) if terms else 1.0
        # BM25's length normalisation depends only on the passage: worked out once, not per query word
        self._norms = [BM25_K1 * (1 - BM25_B + BM25_B * length / mean_length) for length in lengths]
        frequency: Counter[str] = Counter()
        self._postings: dict[str, list[int]] = defaultdict(list)
        for i, counted in enumerate(terms):
            frequency.update(counted.keys())
            for word in counted:
                self._postings[word].append(i)
        n = len(terms)
        self._idf = {w: math.log(1 + (n - df + 0.5) / (df + 0.5)) for w, df in frequency.items()}

    def scores(self, query: list[str]) -> dict[int, float]:
        totals: dict[int, float] = defaultdict(float)
        for word in set(query):
            idf = self._idf.get(word)
            if idf is None:
                continue
            for i in self._postings[word]:
                tf = self._terms[i][word]
                totals[i] += idf * tf * (BM25_K1 + 1) / (tf + self._norms[i])
        return totals

    def support(self, stem: str, options: list[str]) -> list[Support]:
        """Each option's best passage: its own words (those not already in the stem) plus the stem's words."""
        stem_words = words(stem)
        stem_scores = self.scores(stem_words)
        stem_set = set(stem_words)
        found = []
        for option in options:
            own = [w for w in words(option) if w not in stem_set] or words(option)
            option_scores = self.scores(own)
            on_topic = [i for i in option_scores if len(stem_set & self._terms[i].keys()) >= MIN_SHARED_STEM_WORDS]
            best = max(on_topic, key=lambda i: (option_scores[i] + STEM_WEIGHT * stem_scores.get(i, 0.0), -i),
                       default=None)
            if best is None:
                found.append(Support(0.0, None))
            else:
                score = option_scores[best] + STEM_WEIGHT * stem_scores.get(best, 0.0)
                found.append(Support(round(score, 6), self.passages[best]))
        return found


_INDEXES: dict[tuple[str, ...], NotesIndex] = {}


def index_for(notes_dirs: list[Path]) -> NotesIndex:
    """The index of the notes in these folders, built (and the folders listed) once per process."""
    key = tuple(str(d) for d in notes_dirs)
    if key not in _INDEXES:
        files = sorted((p for d in notes_dirs for p in d.glob("*.txt")), key=lambda p: (p.name, str(p)))
        _INDEXES[key] = NotesIndex(files)
    return _INDEXES[key]
