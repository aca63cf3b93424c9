"""Feature-engineering items the notes index decides and the rule base now covers: the exponential and uniform
distributions, percentile trimming, the share of normal data beyond a cut-off, EMR notebooks and pivot tables."""

from __future__ import annotations

import pytest

from selector import calculators as calc
from selector.answer import answer_question
from tests.conftest import winners


def test_normal_coverage_follows_the_68_95_99_7_rule():
    for sigmas, outside in [(1, 0.3173), (2, 0.0455), (3, 0.0027)]:
        setting = calc.normal_coverage({"sigma_threshold": sigmas})
        assert (setting.value, setting.unit) == (pytest.approx(outside, abs=1e-4), "outside")
        assert setting.also["within"] == pytest.approx(1 - outside, abs=1e-4)


def test_normal_coverage_of_the_box_plot_fences_is_99_3_percent():
    setting = calc.normal_coverage({"iqr_fence_multiple": 1.5})
    assert setting.value == pytest.approx(0.007, abs=1e-4) and setting.also["inside"] == pytest.approx(0.993)
    assert calc.normal_coverage({}).missing == ["sigma_threshold"]
    assert calc.normal_coverage({"sigma_threshold": 0}).value is None


@pytest.mark.parametrize("text, decision, winner", [
    ("We model the waiting time between arrivals of customers at the counter.", "probability-distribution",
     "exponential-distribution"),
    ("Each of the ten numbers is equally likely to be drawn.", "probability-distribution", "uniform-distribution"),
    ("Delivery times are right-skewed and the extreme ones are data-entry errors.", "outlier-handling",
     "percentile-trimming"),
    ("The readings have outliers from faulty sensors and we drop those above the 99th percentile.",
     "outlier-handling", "percentile-trimming"),
    ("Analysts explore data interactively on our Amazon EMR Spark cluster before feature engineering.",
     "data-prep-environment", "emr-notebooks"),
    ("Show order counts in a pivot table by store and month.", "eda-visualization", "pivot-table"),
])
def test_new_rules_choose_from_a_described_situation(kb, text, decision, winner):
    assert winners(kb, text)[decision] == winner


def test_sigma_cut_on_symmetric_errors_is_still_plain_removal(kb):
    text = "The temperature column has outliers of 900 degrees that come from faulty sensor readings."
    assert winners(kb, text)["outlier-handling"] == "outlier-removal"


def test_share_beyond_two_sigma_picks_the_five_percent_option(kb):
    text = ("Fill weights are normally distributed and readings with a z-score below -2 or above 2 are reviewed. "
            "Roughly what share of readings is reviewed?\nA. About 0.3%\nB. About 5%\nC. About 32%\nD. About 50%")
    assert answer_question(kb, text).choices == ["B"]
