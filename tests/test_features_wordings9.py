"""Feature-engineering wordings the reader learned from a fresh development set: extreme values a fill should not be
distorted by (so they exist), a few enormous estates, categories in equal proportions, the scaled value of "a day
with 70 mm", a quoted value packing a name and a year, and undersampling named as a verb beside SMOTE."""

from __future__ import annotations

import pytest

from selector.answer import answer_question
from tests.conftest import facts_read, winners


@pytest.mark.parametrize("text", [
    "We want a fill for the blanks that is not distorted by those extreme values.",
    "The estimate should never be thrown off by the handful of outliers.",
    "Some lots are missing a size, and a few enormous rural estates dwarf every other lot.",
])
def test_extreme_values_named_or_referred_to_are_outliers(kb, text):
    assert facts_read(kb, text).get("has_outliers") == {True}


def test_extreme_values_denied_outright_are_no_outliers(kb):
    assert facts_read(kb, "The lot sizes are close together, with no extreme values.").get("has_outliers") == {False}


@pytest.mark.parametrize("text", ["The five plans occur in almost equal proportions.",
                                  "Customers pick the three colours in roughly equal numbers."])
def test_categories_in_equal_proportions_are_uniform(kb, text):
    assert facts_read(kb, text).get("categories_uniform") == {True}


@pytest.mark.parametrize("text,value", [
    ("What is the normalized value of a day with 70 mm of rain?", 70),
    ("Find the scaled value for a flat measuring 85 square metres.", 85),
    ("What is the min-max value of a patient with a heart rate of 64?", 64),
])
def test_the_value_to_scale_is_read_through_what_it_describes(kb, text, value):
    assert facts_read(kb, text).get("observed_value") == {value}


def test_a_scaled_value_without_a_number_reads_no_value(kb):
    assert "observed_value" not in facts_read(kb, "What is the normalized value of a day with heavy rain?")


@pytest.mark.parametrize("text", [
    'The name column holds values such as "Blue Lagoon (1980)".',
    "Analysts think the release year on its own predicts rentals.",
])
def test_a_value_packing_a_name_and_a_year_is_a_packed_field(kb, text):
    assert "packed-field" in facts_read(kb, text).get("feature_construction", set())


def test_a_quoted_name_without_a_year_is_not_a_packed_field(kb):
    assert "feature_construction" not in facts_read(kb, 'The name column holds values such as "Blue Lagoon".')


@pytest.mark.parametrize("text", ["The plot_size column has gaps.", "The acreage of some farms is unknown."])
def test_land_sizes_are_numeric_columns(kb, text):
    assert facts_read(kb, text).get("column_type") == {"numeric"}


def test_a_huge_imbalanced_dataset_gets_undersampling_as_the_second_remedy(kb):
    question = ("A lender has 4 million labeled loan records and only 0.3% of them are defaults. Which TWO "
                "techniques rebalance the training data? (Choose two.)\n"
                "A. Create synthetic default examples with SMOTE.\nB. Undersample the repaid loans.\n"
                "C. Delete the defaults that have blank fields.\nD. Square the label column.")
    assert sorted(answer_question(kb, question).choices) == ["A", "B"]
    assert winners(kb, "A lender has 4 million labeled loan records and only 0.3% of them are defaults.")[
        "class-imbalance"] == "smote"
