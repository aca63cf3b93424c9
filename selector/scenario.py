"""Stage 1: scenario text -> typed facts, using the vocabulary in knowledge/vocabulary/.

Each fact keeps the words that produced it. Phrases are case-insensitive regular expressions matched on word
boundaries; `{NUM}` stands for a number written in digits or words, `{name}` for a concept of the vocabulary (a
named list of regexes, expanded at load). A phrase `A & B` matches when every part matches inside one clause, in any
order ("missing a leak ... would be a disaster"); such conjunctions are read only for facts no plain phrase found.
A match preceded in its clause by a negator is negated (enum match dropped, bool flipped); a negator that a part of a
conjunction matches belongs to that part and negates none of the others.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Iterable

from selector.errors import ScenarioError
from selector.models import Fact, FactDef

_SMALL_WORDS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
}
_NUMBER_WORDS = {
    **_SMALL_WORDS, "hundred": 100, "a hundred": 100, "thousand": 1000,
    "a thousand": 1000, "a dozen": 12, "dozen": 12, "a couple of": 2, "a couple": 2, "half a": 0.5, "single": 1,
    # Vague quantities read as their lower bound: "hundreds of terabytes" is at least 100 TB.
    "tens of": 10, "dozens of": 12, "hundreds of": 100, "thousands of": 1000, "tens of thousands of": 10_000,
    "hundreds of thousands of": 100_000, "millions of": 1e6, "tens of millions of": 1e7,
    "hundreds of millions of": 1e8, "billions of": 1e9,
}
_SCALES = {"thousand": 1e3, "k": 1e3, "million": 1e6, "m": 1e6, "billion": 1e9}

# Compound number words: "three hundred", "twelve hundred", "forty-five", "two thousand five hundred", "two dozen",
# "one and a half thousand", "half a million", "a few hundred" (vague: its lower bound, like "hundreds of").
_VAGUE_COUNT = 2  # "a few" / "several" / "a couple" hundred: at least two hundred
_BIG_SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9}
_TENS = {w for w, v in _SMALL_WORDS.items() if v >= 20}


def _words(words: Iterable[str]) -> str:
    return "|".join(sorted(words, key=len, reverse=True))


_DIGIT_WORD = _words(w for w, v in _SMALL_WORDS.items() if 1 <= v <= 9)
_BELOW_100 = (rf"(?:(?:{_words(w for w, v in _SMALL_WORDS.items() if v >= 20)})(?:[\s-]+(?:{_DIGIT_WORD}))?\b"
              rf"|(?:{_words(w for w, v in _SMALL_WORDS.items() if v < 20)})\b)")
_VAGUE = r"(?:a\s+few|several|a\s+couple(?:\s+of)?)"
_HUNDRED_TAIL = rf"\s+hundred\b(?:(?:\s+and)?\s+{_BELOW_100}(?!\s+hundred\b))?"
_GROUP = rf"(?:{_BELOW_100}(?:{_HUNDRED_TAIL}|\s+dozen\b)?|(?:{_VAGUE}|an?)(?:{_HUNDRED_TAIL}|\s+dozen\b))"  # 1 to 999
_LAST_GROUP = rf"(?:\s+(?:and\s+)?{_GROUP}(?!\s+(?:hundred|thousand|million|billion)\b))?"
_SCALE_TAIL = (rf"\s+(?:billion\b(?:\s+{_GROUP}\s+million\b)?(?:\s+{_GROUP}\s+thousand\b)?"
               rf"|million\b(?:\s+{_GROUP}\s+thousand\b)?|thousand\b){_LAST_GROUP}")
# Each part is tried once per position (regex alternatives are not merged), so the leading group is shared.
NUMBER_WORDS = (rf"(?=[zotfsenah])(?:(?:{_BELOW_100}\s+and\s+a\s+half\b|{_GROUP})(?:{_SCALE_TAIL})?"
                rf"|(?:half\s+an?|{_VAGUE}|an?){_SCALE_TAIL})")
_OTHER_WORDS = [w for w in _NUMBER_WORDS if not re.fullmatch(NUMBER_WORDS, w)]  # "a dozen", "hundreds of"...
_DIGITS = r"(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)"  # 2,500 / 2500 / 2.5 / .5
_SCALE_SUFFIX = r"(?:\s*(?:thousand|million|billion|k)\b)?"
NUM = rf"(?:{_DIGITS}{_SCALE_SUFFIX}|{NUMBER_WORDS}|(?:{_words(map(re.escape, _OTHER_WORDS))}){_SCALE_SUFFIX})"
_NEGATORS = re.compile(
    r"\b(no|not|without|never|none|neither|nor|cannot|can't|don't|doesn't|didn't|isn't|aren't|won't|wouldn't|"
    r"shouldn't|mustn't|needn't|nobody|nothing|avoid(?:ing)?|instead of|rather than|unlike)\b|n't\b")


def _outside_numbers(marks: str) -> str:
    """Punctuation marks that end a clause unless they stand between digits ("0.5 seconds", "1,000 rows")."""
    return rf"(?<!\d)[{marks}]|[{marks}](?!\d)"


_CLAUSE_BREAK = re.compile(rf"{_outside_numbers('.,')}|[;:!?()\n]"
                           r"|\b(but|and|or|while|whereas|because|so|which|that|then|although)\b")
NEGATION_WINDOW_WORDS = 4
# "instead of" / "rather than" set aside everything up to the end of their clause ("as they arrive rather than in a
# nightly Athena query"), so they reach further than a plain "not".
_CONTRAST_NEGATORS = re.compile(r"\b(instead of|rather than|in place of)\b")
CONTRAST_WINDOW_WORDS = 8
MAX_TEXT_CHARS = 100_000  # about 15,000 words; reading costs one regex pass per phrase


# A list of two or more numbers in digits, signed or in a currency, each optionally labelled: "1, -1, 7 and -7",
# "0.90 for billing, 0.60 for shipping and 0.30 for fraud". `{NUMS}` in a pattern stands for it.
_SIGNED = rf"[-−+]?{_DIGITS}"
_LIST_LABEL = r"(?:\s+(?:for|on|in|from|at)\s+(?:the\s+)?(?!and\b)[a-z][\w-]*)?"
_LIST_ITEM = rf"[$€£]?{_SIGNED}\s*%?{_LIST_LABEL}"
NUMS = rf"{_LIST_ITEM}(?:(?:\s*,\s*(?:and\s+)?|\s+and\s+){_LIST_ITEM})+"
_LIST_NUMBER = re.compile(rf"(?:^|,|\band\b)\s*[$€£]?({_SIGNED})\s*(%?)")


# The exact grammar above is a regex of about 10,000 characters: compiled into each of the ~190 phrases that use {NUM}
# it costs seconds at start-up. So phrases use a short form that knows digits and single number words, plus, for a
# text that holds runs of number words ("three hundred", "forty-five", "a few hundred"), those runs as the exact
# grammar found them in that text, spelled out literally.
NUM_SHORT = rf"(?:(?:{_DIGITS}|{_words(map(re.escape, _NUMBER_WORDS))}){_SCALE_SUFFIX})"
_COMPOUND_WORD = rf"(?:{_words(_SMALL_WORDS)}|hundred|thousand|million|billion|dozen|an?|few|several|couple|half)"
_MAYBE_COMPOUND = re.compile(rf"\b{_COMPOUND_WORD}(?:[\s-]+(?:and\s+|of\s+)?{_COMPOUND_WORD}\b)+", re.IGNORECASE)
_EXACT_NUMBER = re.compile(rf"(?<![\w-])(?:{NUM})(?![\w])", re.IGNORECASE)


@lru_cache(maxsize=256)
def number_word_runs(text: str) -> tuple[str, ...]:
    """The numbers of several words in the text, as the exact {NUM} grammar delimits them."""
    if not _MAYBE_COMPOUND.search(text):
        return ()
    return tuple(sorted({m.group() for m in _EXACT_NUMBER.finditer(text) if re.search(r"[\s-]", m.group())},
                        key=lambda run: (-len(run), run)))


def compile_phrase(phrase: str, number_runs: tuple[str, ...] = ()) -> re.Pattern[str]:
    """A phrase as a regex; {NUM} also matches the given multi-word numbers (see NUM_SHORT)."""
    # One cache key however it is called: the loader's check and the reader then share each compiled phrase
    # (lru_cache tells f(p) from f(p, ()), which compiled every phrase twice on a cold start).
    return _compile_phrase(phrase, tuple(number_runs))


@lru_cache(maxsize=20_000)
def _compile_phrase(phrase: str, number_runs: tuple[str, ...]) -> re.Pattern[str]:
    num = NUM_SHORT if not number_runs else "(?:" + "|".join(map(re.escape, number_runs)) + "|" + NUM_SHORT + ")"
    body = phrase.replace("{NUMS}", NUMS).replace("{NUM}", num)
    return re.compile(rf"(?<![\w-])(?:{body})(?![\w])", re.IGNORECASE)


def compile_for(phrase: str, text: str) -> re.Pattern[str]:
    """The phrase compiled for reading this text."""
    return compile_phrase(phrase, number_word_runs(text) if "{NUM}" in phrase else ())


_NUMBER_WORD_TOKEN = re.compile(r"and a half|half an?|a few|several|a couple(?: of)?|[a-z]+")


def _parse_number_words(text: str) -> float | None:
    """The value of compound number words ("two thousand five hundred", "one and a half thousand"), or None."""
    total, current, previous, last_scale = 0.0, None, "", math.inf
    for token in _NUMBER_WORD_TOKEN.findall(text.replace("-", " ")):
        if token in _SMALL_WORDS:
            value = _SMALL_WORDS[token]
            # "forty five" and "hundred (and) five" add up; "five five" is not a number
            if current is not None and not (previous == "hundred" or (previous in _TENS and 0 < value < 10)):
                return None
            current = (current or 0) + value
        elif token in ("a", "an") and current is None:
            current = 1
        elif token in ("a few", "several", "a couple", "a couple of") and current is None:
            current = _VAGUE_COUNT
        elif token in ("half", "half a", "half an") and current is None:
            current = 0.5
        elif token == "and a half" and previous in _SMALL_WORDS:
            current += 0.5
        elif token in ("hundred", "dozen") and previous not in ("hundred", "dozen") and (current or 0) < 100:
            current = (100 if token == "hundred" else 12) * (1 if current is None else current)
        elif token in _BIG_SCALES and _BIG_SCALES[token] < last_scale:  # scales descend
            last_scale = _BIG_SCALES[token]
            total += _BIG_SCALES[token] * (1 if current is None else current)
            current = None
        elif token == "and" and (previous == "hundred" or previous in _BIG_SCALES):
            continue  # "a hundred and twenty": joins, but is not itself a number
        else:
            return None
        previous = token
    return total + (current or 0) if previous else None


def parse_number(text: str) -> float:
    text = " ".join(text.strip().lower().replace("−", "-").split())  # a typeset minus sign is a minus
    if text in _NUMBER_WORDS:
        return _NUMBER_WORDS[text]
    words = _parse_number_words(text) if re.fullmatch(r"[a-z -]+", text) else None
    if words is not None:
        return words
    scale = 1.0
    for word, factor in _SCALES.items():
        if re.search(rf"\s*\b{word}$", text) or (word == "k" and re.search(r"\d\s*k$", text)):
            scale = factor
            text = re.sub(rf"\s*{word}$", "", text).strip()
            break
    if text in _NUMBER_WORDS:
        return _NUMBER_WORDS[text] * scale
    number = float(text.replace(",", "")) * scale
    if not math.isfinite(number):
        raise ValueError(f"{text[:20]}... is too large a number")
    return number


_LIST_ITEM_BREAK = re.compile(r"[,]|\b(or|nor|and)\b")
_SENTENCE_BREAK = re.compile(r"[.;:!?()\n]|\b(but|while|whereas|because|although)\b")
LIST_NEGATION_WORDS = 12
# Words that start a new clause rather than continue a list ("no GPUs, so real-time ...").
_NEW_CLAUSE_WORDS = {"so", "then", "thus", "we", "they", "it", "i", "you", "he", "she", "which", "that", "this", "there",
                     "our", "their", "its", "is", "are", "was", "were", "must", "should", "will", "need", "needs",
                     "each", "every", "want", "wants", "can", "could", "would", "may", "might", "has", "have", "had",
                     "others"}  # "some are never read again, others sit idle": a new subject
# A list item that opens with one of these and runs this many words before the match is a clause's subject.
_SUBJECT_DETERMINERS = {"the", "a", "an", "these", "those", "my", "your"}
_SUBJECT_WORDS = 3
# "no reshaping needed, just the copy, with minimal downtime": a contrast ends the negated list.
_LIST_CONTRAST_WORDS = {"just", "only", "simply", "merely"}
# "no Spark anywhere, and ...", "never again, ...": an emphatic closer completes the negation, so what follows is not
# a negated list.
_NEGATION_CLOSER = re.compile(r"\b(anywhere|at all|whatsoever|in sight|either way|of any kind|never again)\W*$")


def is_negated(text: str, start: int) -> bool:
    """True when a negator stands in the same clause, within a few words, before position `start`.

    A negator also reaches the later items of a list it heads: in "no time to write code, manage shards or run
    servers" each item is negated.
    """
    before = text[max(0, start - 120):start]
    breaks = list(_CLAUSE_BREAK.finditer(before))
    clause = before[breaks[-1].end():] if breaks else before
    if _NEGATORS.search(" ".join(clause.split()[-NEGATION_WINDOW_WORDS:]).lower()):
        return True
    if _CONTRAST_NEGATORS.search(" ".join(clause.split()[-CONTRAST_WINDOW_WORDS:]).lower()):
        return True
    sentence_breaks = list(_SENTENCE_BREAK.finditer(before))
    sentence = before[sentence_breaks[-1].end():] if sentence_breaks else before
    if not _LIST_ITEM_BREAK.search(sentence) or len(clause.split()) > NEGATION_WINDOW_WORDS:
        return False
    head = " ".join(sentence.split()[-LIST_NEGATION_WORDS:])
    head_items = _LIST_ITEM_BREAK.split(head)
    # The list's head is the last item with a negator; every item after it must continue the list.
    negated = [i for i, item in enumerate(head_items) if item and _NEGATORS.search(item.lower())]
    if not negated:
        return False
    later = [item for item in head_items[negated[-1] + 1:] if item is not None]  # empty: no list break after the head
    if not later or _NEGATION_CLOSER.search(head_items[negated[-1]].lower()):
        return False  # "no Spark anywhere, and ...": the negation is complete before the list would start
    words_after = [{w.strip(".,").lower().split("'")[0] for w in item.split()} for item in later]
    # "no spikes, it's a numeric column, and ..." starts a new clause ("it's" counts as "it"); "no reshaping, just
    # the copy" turns to a contrast.
    if any(words & (_NEW_CLAUSE_WORDS | _LIST_CONTRAST_WORDS) for words in words_after):
        return False
    # "not a neural net, and the classic version runs out of memory": a noun phrase of three or more words right
    # before the match is the subject of a new clause, not a list item
    subject = later[-1].split()
    return not (len(subject) >= _SUBJECT_WORDS and subject[0].lower() in _SUBJECT_DETERMINERS)


@dataclass(frozen=True)
class _Match:
    value: Any
    start: int
    end: int
    negated: bool


CONJUNCTION = " & "
MAX_CONJUNCTION_CHARS = 160  # about 25 words: parts further apart in a run-on sentence are about other things
# Clauses for conjunctions: sentences, split again where the speaker turns to a contrast ("..., while ...").
_CONJUNCTION_CLAUSE_BREAK = re.compile(rf"{_outside_numbers('.')}|[;!?\n]"
                                       r"|\b(but|while|whereas|although|though|yet|however)\b", re.IGNORECASE)


@lru_cache(maxsize=32)  # every fact with conjunctions reads the same text's clauses
def clause_spans(text: str) -> tuple[tuple[int, int], ...]:
    spans, start = [], 0
    for m in _CONJUNCTION_CLAUSE_BREAK.finditer(text):
        if m.start() > start:
            spans.append((start, m.start()))
        start = m.end()
    if start < len(text):
        spans.append((start, len(text)))
    return tuple(spans)


def _conjunction_matches(text: str, value: Any, phrase: str, spans: tuple[tuple[int, int], ...],
                         tallies: tuple[tuple[int, int], ...] = ()) -> list[_Match]:
    """One match per clause in which every part of `A & B` matches within MAX_CONJUNCTION_CHARS of the first part's
    match, unless every part lies in a tally; negated when a negator the parts did not match themselves precedes any
    part."""
    parts = [compile_for(part.strip(), text) for part in phrase.split(CONJUNCTION)]
    found = []
    for clause_start, clause_end in spans:
        matches = [[m for m in pattern.finditer(text, clause_start, clause_end) if m.end() > m.start()]
                   for pattern in parts]
        if not all(matches):
            continue
        for anchor in matches[0]:
            # each other part: its match nearest the anchor
            hits = [anchor] + [min(ms, key=lambda m: abs(m.start() - anchor.start())) for ms in matches[1:]]
            start, end = min(m.start() for m in hits), max(m.end() for m in hits)
            if end - start <= MAX_CONJUNCTION_CHARS and not all(_in_tally(tallies, m.start(), m.end()) for m in hits):
                found.append(_Match(value, start, end, _conjunction_negated(text, hits)))
                break
    return found


_NEGATORS_ANY_CASE = re.compile(_NEGATORS.pattern, re.IGNORECASE)


def _conjunction_negated(text: str, hits: list[re.Match[str]]) -> bool:
    """True when a negator outside every part negates one of them. A negator a part matched belongs to that part
    ("nobody documented" & "columns" describes the columns), so it is blanked out before the others are checked."""
    masked = text
    for m in hits:
        part = _NEGATORS_ANY_CASE.sub(lambda n: "_" * len(n.group()), masked[m.start():m.end()])
        masked = masked[:m.start()] + part + masked[m.end():]
    return any(is_negated(masked, m.start()) for m in hits)


# A tally of outcomes ("30 healthy patients were wrongly flagged", "15 sick patients were missed") counts the cells
# of a confusion matrix: it says how often each outcome happened, not which error matters or what must be measured.
_TALLY = re.compile(
    r"(?<![\w.,])\d[\d,.]*%?\s+(?:[a-z-]+\s+){0,3}(?:were|was|are|is|got|had been|have been)\s+"
    r"(?:(?:correctly|wrongly|incorrectly|falsely|mistakenly|rightly|erroneously|accurately)\s+)?"
    r"(?:flagged|cleared|missed|classified|labell?ed|predicted|identified|rejected|approved|caught|detected|marked|"
    r"called|diagnosed|declined|blocked|sent home)\b(?:\s+as\s+[\w-]+)?", re.IGNORECASE)


@lru_cache(maxsize=32)
def tally_spans(text: str) -> tuple[tuple[int, int], ...]:
    return tuple(m.span() for m in _TALLY.finditer(text))


def _in_tally(spans: tuple[tuple[int, int], ...], start: int, end: int) -> bool:
    return any(s <= start and end <= e for s, e in spans)


def _phrase_matches(text: str, fact: FactDef, conjunctions: bool = False) -> list[_Match]:
    """Matches of the fact's plain phrases, or (conjunctions=True) of its `A & B` phrases; none inside a tally."""
    found = []
    spans = clause_spans(text) if conjunctions else ()
    tallies = tally_spans(text)
    for value, phrases in fact.phrases.items():
        for phrase in phrases:
            if (CONJUNCTION in phrase) != conjunctions:
                continue
            if conjunctions:
                found.extend(_conjunction_matches(text, value, phrase, spans, tallies))
                continue
            for m in compile_for(phrase, text).finditer(text):
                if m.end() > m.start() and not _in_tally(tallies, m.start(), m.end()):
                    found.append(_Match(value, m.start(), m.end(), is_negated(text, m.start())))
    # A match inside a longer match of the same fact is part of that phrase ("near real-time" is not "real-time").
    # One sweep in start order (longest first at equal starts) finds them in O(n log n).
    found.sort(key=lambda m: (m.start, -m.end))
    kept = []
    max_end, max_end_start = -1, -1
    for m in found:
        contained = max_end > m.end or (max_end == m.end and max_end_start < m.start)
        if not contained:
            kept.append(m)
        if m.end > max_end:
            max_end, max_end_start = m.end, m.start
    return kept


def _bool_value(value: str, negated: bool) -> bool:
    truth = value == "true"
    return (not truth) if negated else truth


def read_fact(text: str, fact: FactDef) -> list[Fact]:
    """All facts of one definition that the text states."""
    if fact.derived:
        return []
    if fact.type == "number":
        return _read_number(text, fact)
    if fact.type == "numbers":
        return _read_numbers(text, fact)
    matches = sorted(_phrase_matches(text, fact), key=lambda m: (m.start, m.end))
    if not (matches if fact.type == "bool" else [m for m in matches if not m.negated]):
        matches = sorted(_phrase_matches(text, fact, conjunctions=True), key=lambda m: (m.start, m.end))
    if fact.type == "bool":
        if not matches:
            return []
        best = max(matches, key=lambda m: (m.end - m.start, -m.start))
        return [Fact(fact.name, _bool_value(best.value, best.negated), text[best.start:best.end])]
    positive = [m for m in matches if not m.negated]
    if not positive:
        return []
    if fact.multi:
        seen: dict[Any, _Match] = {}
        for m in positive:
            seen.setdefault(m.value, m)
        return [Fact(fact.name, value, text[m.start:m.end]) for value, m in seen.items()]
    # Single-valued: the first value in the definition's order of precedence wins.
    for value in fact.values:
        hit = next((m for m in positive if m.value == value), None)
        if hit:
            return [Fact(fact.name, value, text[hit.start:hit.end])]
    return []


def _read_number(text: str, fact: FactDef) -> list[Fact]:
    return number_readings(text, fact)[:1]


def number_readings(text: str, fact: FactDef) -> list[Fact]:
    """Every distinct value the text states for a number fact, the reading `read_fact` takes first: "Team A has
    800 MB, Team B 9 GB" states two data-set sizes. A match overlapping a tighter one is the same number."""
    candidates = []
    for pattern in fact.patterns:
        for m in compile_for(pattern, text).finditer(text):
            raw = m.group("value")
            if raw is None:
                continue
            try:
                number = parse_number(raw)
            except ValueError:
                continue
            unit = (m.groupdict().get("unit") or "").lower()
            if unit:
                factor = fact.units.get(unit, fact.units.get(unit.rstrip("s")))
                if factor is None:
                    continue
                number *= factor
            candidates.append((m.start(), m.end(), number))
    # The tightest match binds the number to its noun best; among equals, the first in the text.
    readings: list[Fact] = []
    taken: list[tuple[int, int]] = []
    for start, end, number in sorted(candidates, key=lambda c: (c[1] - c[0], c[0])):
        if any(start < e and s < end for s, e in taken):
            continue
        taken.append((start, end))
        value: float | int = int(number) if float(number).is_integer() else round(number, 6)
        if all(r.value != value for r in readings):
            readings.append(Fact(fact.name, value, text[start:end]))
    return readings


def parse_numbers(span: str) -> tuple[float | int, ...]:
    """The numbers of a list read by `{NUMS}`, in order: labels are skipped and a percentage becomes a fraction."""
    numbers = []
    for m in _LIST_NUMBER.finditer(span.strip()):
        number = float(m.group(1).replace("−", "-").replace(",", "")) / (100 if m.group(2) else 1)
        numbers.append(int(number) if number.is_integer() else round(number, 6))
    return tuple(numbers)


def _read_numbers(text: str, fact: FactDef) -> list[Fact]:
    candidates = []
    for pattern in fact.patterns:
        for m in compile_for(pattern, text).finditer(text):
            if m.group("value") is not None:
                numbers = parse_numbers(m.group("value"))
                if len(numbers) >= 2:
                    candidates.append((m.start(), -len(numbers), m.end(), numbers))
    if not candidates:
        return []
    # The first list the text states; of lists starting at the same place, the longest.
    start, _, end, numbers = min(candidates)
    return [Fact(fact.name, numbers, text[start:end])]


def read_scenario(text: str, facts: dict[str, FactDef]) -> list[Fact]:
    """Every fact the text states, in vocabulary order."""
    if not text.strip():
        raise ScenarioError("the scenario is empty: give some text, --file or stdin")
    if len(text) > MAX_TEXT_CHARS:
        raise ScenarioError(f"the scenario is {len(text)} characters; the limit is {MAX_TEXT_CHARS}")
    found: list[Fact] = []
    for name in sorted(facts):
        found.extend(read_fact(text, facts[name]))
    return found


def coerce_value(fact: FactDef, raw: str) -> Any:
    """Turn the text of a --fact value into the fact's type, or raise ScenarioError."""
    raw = raw.strip()
    if fact.type == "numbers":
        try:  # separated by commas, semicolons or spaces; no thousands separators
            numbers = tuple(int(n) if float(n).is_integer() else n
                            for n in (parse_number(part) for part in re.split(r"[,;\s]+", raw) if part))
            if numbers:
                return numbers
            raise ValueError(raw)
        except ValueError:
            raise ScenarioError(f"--fact {fact.name}={raw}: {fact.name} takes numbers separated by commas") from None
    if fact.type == "number":
        try:
            number = parse_number(raw)
        except ValueError:
            raise ScenarioError(f"--fact {fact.name}={raw}: {fact.name} takes a number") from None
        return int(number) if float(number).is_integer() else number
    if fact.type == "bool":
        lowered = raw.lower()
        if lowered in ("true", "yes", "1", "on"):
            return True
        if lowered in ("false", "no", "0", "off"):
            return False
        raise ScenarioError(f"--fact {fact.name}={raw}: {fact.name} takes true or false")
    if raw not in fact.values:
        raise ScenarioError(f"--fact {fact.name}={raw}: {fact.name} takes one of {', '.join(fact.values)}")
    return raw


def parse_fact_options(options: Iterable[str], facts: dict[str, FactDef]) -> list[Fact]:
    """`NAME=VALUE` strings -> facts. Several values for a multi-valued fact may be comma separated."""
    parsed = []
    for option in options:
        name, sep, raw = option.partition("=")
        name = name.strip()
        if not sep or not name:
            raise ScenarioError(f"--fact {option!r}: write it as NAME=VALUE, e.g. --fact latency=real-time")
        fact = facts.get(name)
        if fact is None:
            close = [n for n in sorted(facts) if n.startswith(name[:3])][:5]
            hint = f" (did you mean {', '.join(close)}?)" if close else " (`selector facts` lists them)"
            raise ScenarioError(f"--fact {name}: unknown fact{hint}")
        parts = [p for p in raw.split(",")] if fact.multi else [raw]
        parsed.extend(Fact(name, coerce_value(fact, part), f"--fact {name}={part.strip()}", "option") for part in parts)
    return parsed


def merge_facts(read: list[Fact], overrides: list[Fact]) -> list[Fact]:
    """--fact values replace what the text said about the same fact."""
    replaced = {f.name for f in overrides}
    return [f for f in read if f.name not in replaced] + overrides
