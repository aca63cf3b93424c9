"""Metric, feature and hyperparameter arithmetic: calculators, their rules, and option numbers they check."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from selector import calculators as calc
from selector.answer import answer_question
from selector.cli import cli


def test_f1_from_precision_and_recall():
    assert calc.f1_from_precision_recall({"precision": 0.8, "recall": 0.6}).value == pytest.approx(0.6857)
    assert calc.f1_from_precision_recall({"precision": 0.6, "recall": 0.9}).value == pytest.approx(0.72)
    assert calc.f1_from_precision_recall({"precision": 0.6}).missing == ["recall"]
    assert calc.f1_from_precision_recall({"precision": 0, "recall": 0}).value is None


def test_classification_rates_from_flagged_and_missed_counts():
    setting = calc.classification_rates({"true_positives": 60, "predicted_positives": 150, "false_negatives": 20,
                                         "total_examples": 2000})
    assert setting.unit == "precision" and setting.value == pytest.approx(0.4)
    quantities = setting.quantities()
    assert quantities["recall"] == pytest.approx(0.75)
    assert quantities["accuracy"] == pytest.approx(0.945)
    assert quantities["F1"] == pytest.approx(120 / 230, abs=1e-4)
    assert any("TN = total" in step for step in setting.steps)


def test_classification_rates_need_more_than_true_positives():
    assert calc.classification_rates({}).missing == ["true_positives"]
    assert calc.classification_rates({"true_positives": 5}).missing == ["false_positives", "false_negatives"]
    assert calc.classification_rates({"true_positives": 50, "predicted_positives": 10}).value is None


def test_z_score_iqr_and_tf_idf():
    assert calc.z_score({"observed_value": 11000, "feature_mean": 8000, "feature_std": 2000}).value == 1.5
    assert calc.z_score({"observed_value": 1, "feature_mean": 0, "feature_std": 0}).value is None
    fences = calc.iqr_fences({"q1": 20, "q3": 60})
    assert fences.value == 120 and fences.also == {"lower fence": -40, "IQR": 40}
    tfidf = calc.tf_idf({"term_count": 20, "document_words": 1000, "documents_with_term": 50000,
                         "total_documents": 1000000})
    assert tfidf.value == pytest.approx(0.026, abs=1e-4)  # the notes' worked example (0.02 x 1.3)


def test_hyperparameter_arithmetic():
    assert calc.xgboost_scale_pos_weight({"negative_count": 495000, "positive_count": 5000}).value == 99
    assert calc.ip_insights_entity_vectors({"unique_entities": 250000}).value == 500000
    rcf = calc.CALCULATORS["rcf_samples_per_tree"]
    assert rcf({"anomaly_one_in": 400}).value == 400
    assert rcf({"anomaly_ratio": 1 / 256}).value == 256
    assert rcf({"anomaly_percent": 0.4}).value == 250


def test_endpoint_target_without_peak_and_instances_with_it():
    target = calc.endpoint_instances({"instance_max_rps": 20, "safety_factor": 0.5})
    assert (target.value, target.unit, target.missing) == (600, "invocations per minute", [])
    sized = calc.endpoint_instances({"instance_max_rps": 20, "safety_factor": 0.5, "peak_rps": 300})
    assert (sized.value, sized.unit) == (30, "instances")
    assert sized.quantities()["invocations per minute"] == 600


def test_calc_cli_lists_and_runs_new_calculators():
    runner = CliRunner()
    listed = json.loads(runner.invoke(cli, ["calc", "--format", "json"]).output)
    names = {row["name"] for row in listed}
    assert {"f1_from_precision_recall", "classification_rates", "z_score", "tf_idf", "iqr_fences",
            "xgboost_scale_pos_weight", "ip_insights_entity_vectors"} <= names
    result = runner.invoke(cli, ["calc", "f1_from_precision_recall", "precision=0.8", "recall=0.6",
                                 "--format", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["value"] == pytest.approx(0.6857)


QUESTIONS = [
    ("A wildlife model has a precision of 0.60 and a recall of 0.90 on the test set. What is its F1 score?\n"
     "A. 0.75\nB. 0.54\nC. 0.90\nD. 0.72", ["D"]),
    ("A classifier was tested on 1,000 emails. The model flagged 100 emails, and 80 of them were actually spam; "
     "another 20 spam emails were not flagged. Which TWO statements are correct? (Choose two.)\n"
     "A. Precision is 80%.\nB. Recall is 80%.\nC. Precision is 50%.\nD. Accuracy is 80%.\nE. Recall is 100%.",
     ["A", "B"]),
    ("A feature has a training mean of 100 and a standard deviation of 20. A new customer has a value of 130. "
     "What standardized value should the model receive?\nA. 30\nB. 1.5\nC. 6.5\nD. 0.15", ["B"]),
    ("We train XGBoost on 90,000 negative examples and 1,000 positive examples. Which setting follows the usual "
     "guidance?\nA. scale_pos_weight = 90\nB. scale_pos_weight = 0.011\nC. max_depth = 90", ["A"]),
]


@pytest.mark.parametrize("text,expected", QUESTIONS)
def test_option_numbers_are_checked_against_the_arithmetic(kb, text, expected):
    assert answer_question(kb, text).choices == expected


def test_percent_and_word_first_forms_are_compared(kb):
    text = ("The model has precision of 0.8 and recall of 0.6. Report the F1.\n"
            "A. F1 = 0.69\nB. F1 = 0.70\nC. 68.57%\nD. 0.60")
    answer = answer_question(kb, text)
    scores = {o.label: o.score for o in answer.options}
    assert scores["A"] > scores["B"] and scores["C"] > scores["D"]
    assert any("states 0.69 F1, what" in r for r in answer.options[0].reasons)
    assert any("states 68.57% F1, what" in r for r in answer.options[2].reasons)
