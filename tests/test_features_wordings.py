"""Imputation wordings the reader learned from a fresh development set: skew told as values stretching the column,
a listed-values field some records have no value for, a method named and then rejected, a few missing rows counted
out of a large total, a neural-network team or acceptable compute, and "email" as a contact channel."""

from __future__ import annotations

import pytest

from tests.conftest import facts_read


@pytest.mark.parametrize("text", [
    "Monthly spend has gaps, and a few big corporate accounts drag the distribution way out to the right.",
    "The tail of the claim amounts stretches far to the right because of a few catastrophic losses.",
    "A couple of penthouses pull the rent values towards the high end.",
])
def test_values_stretching_the_column_to_one_side_read_as_skew(kb, text):
    assert facts_read(kb, text).get("skewed") == {True}


def test_moving_a_chart_is_not_skew(kb):
    assert "skewed" not in facts_read(kb, "Scroll the chart to the right to see the newest values.")


@pytest.mark.parametrize("text", [
    "Around 3% of the shipments have no delivery method (courier, post or pickup) recorded.",
    "Some members never picked a plan tier (basic, plus or premium).",
    "A few tickets are missing their priority level (low, normal, high or urgent).",
])
def test_a_missing_listed_values_field_is_still_categorical(kb, text):
    assert "nominal" in facts_read(kb, text).get("column_type", set())


def test_a_missing_value_without_a_list_is_not_categorical(kb):
    assert "column_type" not in facts_read(kb, "Some rows have no price (it was never entered).")


@pytest.mark.parametrize("text", [
    "KNN won't work here because the gaps are in text labels.",
    "Nearest neighbours would be pointless for brand names.",
    "Averaging the nearest neighbours makes no sense for colour labels.",
])
def test_a_rejected_method_is_not_the_wanted_imputer(kb, text):
    assert "imputer_wanted" not in facts_read(kb, text)


def test_a_method_not_rejected_is_still_wanted(kb):
    text = "We want to fill each gap from the five nearest neighbours."
    assert facts_read(kb, text)["imputer_wanted"] == {"neighbours"}


@pytest.mark.parametrize("text", [
    "Our engineers are experienced in deep learning and some of the fields are blank.",
    "The data science group has neural-network expertise.",
    "They are at home with neural nets.",
])
def test_a_team_at_home_with_neural_networks_has_a_learned_imputer_in_reach(kb, text):
    assert facts_read(kb, text)["imputer_wanted"] == {"neural"}


@pytest.mark.parametrize("text", [
    "GPU time is not a concern if the imputed values are accurate.",
    "Long run times are acceptable as long as the fills are right.",
    "Heavy compute is fine if the gaps are filled well.",
])
def test_acceptable_compute_for_good_fills_is_accuracy_first(kb, text):
    assert facts_read(kb, text)["priority"] == {"highest-accuracy"}


@pytest.mark.parametrize("text", [
    "Of our 200,000 order rows, 30 are missing the shipping date.",
    "Just 12 of the 85,000 invoices are missing a due date.",
    "About 40 out of 3 million sensor rows have no reading.",
])
def test_a_few_missing_rows_out_of_a_large_total_are_few(kb, text):
    assert facts_read(kb, text)["missing_extent"] == {"few"}


@pytest.mark.parametrize("text", ["30 of our 2,000 rows are missing the price.", "500 of 10,000 rows are missing."])
def test_a_count_out_of_a_modest_total_is_not_called_few(kb, text):
    assert "missing_extent" not in facts_read(kb, text)


def test_rows_missing_a_value_and_a_glitch_hitting_random_rows(kb):
    found = facts_read(
        kb, "Of 350,000 bookings, 25 are missing the check-in time after a server bug hit random bookings.")
    assert found["missing_values"] == {True} and found["missingness"] == {"random"}


@pytest.mark.parametrize("text", [
    "Customers pick a contact channel (email, phone or post).",
    "Customers can reach us by email.",
    "Email is by far the most common choice.",
    "We need to mask the email address field.",
])
def test_email_as_a_channel_or_field_is_not_text_data(kb, text):
    assert "text" not in facts_read(kb, text).get("data_type", set())


def test_emails_as_documents_are_text_data(kb):
    assert "text" in facts_read(kb, "We classify incoming emails into complaints and praise.")["data_type"]
