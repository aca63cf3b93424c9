"""Numbers written in words, compound ones included, read by `{NUM}` and `parse_number`."""

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from selector.scenario import NUM, compile_for, parse_number, read_scenario

ONES = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
        "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"]
TENS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]


def below_thousand(n: int, joiner: str, use_and: bool) -> str:
    """1..999 in words: "three hundred and forty-five" (joiner "-" or " ", "and" optional)."""
    hundreds, rest = divmod(n, 100)
    if rest < 20:
        tail = ONES[rest] if rest else ""
    else:
        tail = TENS[rest // 10] + (joiner + ONES[rest % 10] if rest % 10 else "")
    if not hundreds:
        return tail
    head = f"{ONES[hundreds]} hundred"
    return f"{head} and {tail}" if tail and use_and else f"{head} {tail}".strip()


def to_words(n: int, joiner: str = "-", use_and: bool = False) -> str:
    """1..999,999 in words."""
    thousands, rest = divmod(n, 1000)
    parts = [f"{below_thousand(thousands, joiner, use_and)} thousand"] if thousands else []
    if rest:
        parts.append(below_thousand(rest, joiner, use_and))
    return " ".join(parts)


@settings(max_examples=300, deadline=None)
@given(st.integers(1, 999_999), st.sampled_from(["-", " "]), st.booleans())
def test_numbers_and_their_words_round_trip(n, joiner, use_and):
    words = to_words(n, joiner, use_and)
    assert re.fullmatch(NUM, words, re.IGNORECASE), words
    assert parse_number(words) == n
    assert parse_number(str(n)) == n and parse_number(f"{n:,}") == n


@pytest.mark.parametrize("text,value", [
    ("three hundred", 300), ("five hundred", 500), ("twelve hundred", 1200), ("forty-five", 45), ("forty five", 45),
    ("a hundred and twenty", 120), ("two thousand five hundred", 2500), ("two thousand and five", 2005),
    ("one and a half thousand", 1500), ("two and a half million", 2_500_000), ("one and a half", 1.5),
    ("half a million", 500_000), ("a million", 1_000_000), ("a thousand", 1000),
    ("one million two hundred thousand and seven", 1_200_007), ("Three Hundred", 300),
    # vague: the lower bound, like "hundreds of"
    ("a few hundred", 200), ("several thousand", 2000), ("a couple of hundred", 200), ("a few dozen", 24),
    ("a few hundred thousand", 200_000), ("two dozen", 24),
    # unchanged forms
    ("2.5 million", 2_500_000), ("1.5k", 1500), ("2,500", 2500), ("seven", 7), ("a dozen", 12),
    ("hundreds of", 100), ("tens of thousands of", 10_000), ("half a", 0.5), ("a couple", 2), ("hundred", 100),
])
def test_compound_number_words(text, value):
    assert re.fullmatch(NUM, text, re.IGNORECASE), text
    assert parse_number(text) == value


@pytest.mark.parametrize("text", ["five five", "twenty thirty", "hundred hundred", "thousand five thousand",
                                  "and five", "five and"])
def test_word_sequences_that_are_not_one_number_are_refused(text):
    with pytest.raises(ValueError):
        parse_number(text)


@pytest.mark.parametrize("text,numbers", [
    ("between two hundred and five hundred events", ["two hundred", "five hundred"]),
    ("from two thousand and five thousand readings", ["two thousand", "five thousand"]),
    ("a hundred and twenty users", ["a hundred and twenty"]),
    ("some twenty-one tables", ["twenty-one"]),
])
def test_a_number_stops_where_the_next_one_starts(text, numbers):
    assert [m.group() for m in compile_for("{NUM}", text).finditer(text)] == numbers


@pytest.mark.parametrize("text,fact,value", [
    ("We get three hundred events a second from the tills.", "records_per_s", 300),
    ("Sensors send two thousand five hundred readings per second.", "records_per_s", 2500),
    ("About twelve hundred events a second reach the stream.", "records_per_s", 1200),
    ("A few hundred records a second arrive at night.", "records_per_s", 200),
    ("Every record is five hundred KB.", "record_kb", 500),
])
def test_compound_numbers_are_read_as_facts(kb, text, fact, value):
    assert {f.name: f.value for f in read_scenario(text, kb.facts)}[fact] == value
