"""Negation of `A & B` phrases: a negator that a part matches belongs to that part and negates nothing else."""

import pytest

from selector.models import FactDef
from selector.scenario import is_negated, read_fact

UNKNOWN_LAYOUT = FactDef(
    name="unknown_layout", type="bool", description="d", file="f", values=("true", "false"),
    phrases={"true": (r"(nobody|no one) (\w+ ){0,2}(knows?|documented|wrote down) & (columns|fields)",), "false": ()})
LIVE_DASHBOARD = FactDef(
    name="live_dashboard", type="bool", description="d", file="f", values=("true", "false"),
    phrases={"true": (r"dashboards? & refresh\w*",), "false": ()})


def read(text, fact):
    return [f.value for f in read_fact(text, fact)]


@pytest.mark.parametrize("text", [
    "In this vendor feed nobody knows the fields.",
    "For the exports no one wrote down the columns.",
    "Nobody documented the columns of the exports.",
    "The fields arrive each night and no one documented them.",
])
def test_a_negator_inside_a_part_describes_the_situation(text):
    assert read(text, UNKNOWN_LAYOUT) == [True]


@pytest.mark.parametrize("text,value", [
    ("We do not need a dashboard that refreshes every minute.", False),
    ("Our dashboard does not refresh more than hourly.", False),
    ("The ops dashboard must refresh every minute.", True),
    ("Nobody wants a dashboard to refresh constantly.", False),
])
def test_a_negator_outside_the_parts_negates_the_conjunction(text, value):
    assert read(text, LIVE_DASHBOARD) == [value]


def test_a_negator_outside_still_negates_when_a_part_has_its_own():
    # "never" stands outside both parts, "nobody" is inside the first
    assert read("The columns are never a thing nobody knows.", UNKNOWN_LAYOUT) == [False]


def test_a_decimal_point_or_thousands_comma_does_not_end_a_clause():
    # The parts straddle "2.5" and "1,200": one clause, so the conjunction holds ...
    assert read("The dashboard shows 2.5 million orders and 1,200 returns on every refresh.", LIVE_DASHBOARD) == [True]
    # ... and a sentence's full stop still ends it.
    assert read("The dashboard shows 2.5 million orders. Refreshing is manual.", LIVE_DASHBOARD) == []


def test_a_negator_before_a_number_with_a_comma_still_reaches_the_words_after_it():
    assert is_negated("There is no 1,000 row limit", len("There is no 1,000 row "))
    assert not is_negated("There is no limit. We load 1,000 rows", len("There is no limit. We load 1,000 "))
