"""Arithmetic over listed values: the `numbers` fact type, its calculators, their rules and the option numbers
they check."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from selector import calculators as calc
from selector.answer import answer_question
from selector.cli import cli
from selector.errors import ScenarioError
from selector.scenario import coerce_value, parse_numbers, read_scenario


# ---------------------------------------------------------------- reading lists

def test_a_list_keeps_signs_thousands_and_skips_labels():
    assert parse_numbers("1,200, 1,500 and 1,800") == (1200, 1500, 1800)
    assert parse_numbers("1, -1, 7 and -7") == (1, -1, 7, -7)
    assert parse_numbers("0.90 for billing, 0.60 for class 2 and 0.30 for fraud") == (0.9, 0.6, 0.3)
    assert parse_numbers("90%, 60% and 30%") == (0.9, 0.6, 0.3)
    assert parse_numbers("$10, $12 and $20") == (10, 12, 20)


def test_listed_facts_are_read_from_text(kb):
    def read(text: str) -> dict:
        return {f.name: f.value for f in read_scenario(text, kb.facts)}

    assert read("The residuals (actual minus predicted) are 2, -2, 4 and -4.")["residuals"] == (2, -2, 4, -4)
    knn = read("With k=3, the three nearest flats rent for 1,200, 1,500 and 1,800, and the fourth for 3,000.")
    assert knn["neighbor_targets"] == (1200, 1500, 1800) and knn["knn_k"] == 3
    assert read("The per-class F1 scores are 0.9 for cats, 0.6 for dogs and 0.3 for birds.")["per_class_scores"] \
        == (0.9, 0.6, 0.3)
    assert read("The recorded values are 40, 42 and 900.")["sample_values"] == (40, 42, 900)
    steps = read("We train a CNN on 10,000 labeled images with a batch size of 50 for 3 epochs.")
    assert (steps["training_samples"], steps["batch_size"], steps["epochs"]) == (10000, 50, 3)
    assert "sample_values" not in read("The value is 40.")  # one number is not a list


def test_a_list_given_with_fact_is_comma_separated(kb):
    assert coerce_value(kb.facts["residuals"], "1,-1, 7") == (1, -1, 7)
    with pytest.raises(ScenarioError, match="takes numbers separated by commas"):
        coerce_value(kb.facts["residuals"], "one,x")


def test_a_list_fact_can_only_be_tested_for_presence(tmp_path):
    from selector.cli import load_kb
    from selector.errors import KnowledgeError
    (tmp_path / "rules").mkdir()
    (tmp_path / "rules" / "bad-list.yaml").write_text("""
decision:
  id: bad-list
  question: Which metric suits these residuals?
  area: evaluation
  stage: evaluate
  relevant_when: {any: [{fact: residuals, present: true}]}
  options: [{id: rmse, best_for: penalizing large misses}]
rules:
  - id: bad-list-rule
    title: Large residuals call for RMSE
    when: {all: [{fact: residuals, gt: 3}]}
    choose: rmse
    rationale: A list compared with a single number has no meaning, so the loader must refuse this condition.
    sources: [{seed: 002_cdb75bc03e96d3fb.txt, lines: "8315"}]
    examples: {fire: [{facts: {residuals: [4, 5]}}], not_fire: [{facts: {residuals: [1, 2]}}]}
""")
    with pytest.raises(KnowledgeError, match="can only be tested with `present`"):
        load_kb((tmp_path / "rules",), ())


# ---------------------------------------------------------------- calculators

def test_knn_prediction_averages_the_k_nearest():
    setting = calc.knn_prediction({"neighbor_targets": (1200, 1500, 1800, 3000), "knn_k": 3})
    assert (setting.value, setting.unit) == (1500, "predicted value")
    assert calc.knn_prediction({"neighbor_targets": (2, 4)}).value == 3  # k not given: all listed
    assert calc.knn_prediction({"neighbor_targets": (2, 4), "knn_k": 5}).value == 3
    assert calc.knn_prediction({}).missing == ["neighbor_targets"]


def test_regression_errors_from_residuals_or_pairs():
    setting = calc.regression_errors({"residuals": (1, -1, 7, -7)})
    assert (setting.value, setting.unit) == (5, "RMSE") and setting.also == {"MSE": 25, "MAE": 4}
    pairs = calc.regression_errors({"actual_values": (3, 5, 7), "predicted_values": (2, 5, 9)})
    assert pairs.value == pytest.approx(1.291) and pairs.also["MAE"] == 1
    assert calc.regression_errors({"actual_values": (3, 5), "predicted_values": (2,)}).value is None
    assert calc.regression_errors({}).missing == ["residuals", "actual_values", "predicted_values"]


def test_macro_average_is_the_plain_mean_of_per_class_values():
    assert calc.macro_average({"per_class_scores": (0.9, 0.6, 0.3)}).value == 0.6
    assert calc.macro_average({"per_class_scores": 0.7}).value == 0.7


def test_sample_statistics_use_the_population_formula_and_the_median_with_outliers():
    plain = calc.sample_statistics({"sample_values": (2, 4, 4, 4, 5, 5, 7, 9)})
    assert (plain.value, plain.unit) == (5, "mean")
    assert plain.also["standard deviation"] == 2 and plain.also["median"] == 4.5
    skewed = calc.sample_statistics({"sample_values": (40, 42, 45, 48, 52, 55, 60, 900)})
    assert (skewed.value, skewed.unit) == (50, "median") and skewed.also["mean"] == 155.25
    assert any("outliers 900" in step for step in skewed.steps)


def test_steps_per_epoch_round_up_and_multiply_by_epochs():
    setting = calc.steps_per_epoch({"training_samples": 10000, "batch_size": 50})
    assert (setting.value, setting.unit) == (200, "batches per epoch") and "total steps" not in setting.also
    assert calc.steps_per_epoch({"training_samples": 1001, "batch_size": 50, "epochs": 3}).also["total steps"] == 63
    assert calc.steps_per_epoch({"training_samples": 10, "batch_size": 0}).value is None


def test_classification_rates_give_the_false_negative_rate():
    setting = calc.classification_rates({"true_positives": 200, "predicted_positives": 260,
                                         "actual_positives": 250, "total_examples": 10000})
    quantities = setting.quantities()
    assert quantities["false negative rate"] == 0.2 and quantities["recall"] == 0.8
    assert quantities["false positive rate"] == pytest.approx(1 - quantities["specificity"], abs=1e-4)


# ---------------------------------------------------------------- calc on the command line

@pytest.mark.parametrize("args,value", [
    (["knn_prediction", "neighbor_targets=1200,1500,1800,3000", "knn_k=3"], 1500),
    (["regression_errors", "residuals=1,-1,7,-7"], 5),
    (["macro_average", "per_class_scores=0.9,0.6,0.3"], 0.6),
    (["sample_statistics", "sample_values=2,4,4,4,5,5,7,9"], 5),
    (["steps_per_epoch", "training_samples=10000", "batch_size=50", "epochs=3"], 200),
])
def test_calc_runs_the_list_calculators(args, value):
    result = CliRunner().invoke(cli, ["calc", *args, "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["value"] == value and data["arithmetic"] and data["sources"]


def test_calc_takes_negative_values_only_where_they_make_sense():
    runner = CliRunner()
    text = runner.invoke(cli, ["calc", "regression_errors", "residuals=2,-2"]).output
    assert text.startswith("regression_errors: 2 RMSE")
    refused = runner.invoke(cli, ["calc", "steps_per_epoch", "training_samples=-5", "batch_size=5"])
    assert refused.exit_code != 0 and "zero or more" in refused.output


# ---------------------------------------------------------------- answering

QUESTIONS = [
    ("A team uses k-NN as a regressor with k=3. The three nearest houses sold for 200, 260 and 320 (thousand), and "
     "the fourth nearest sold for 500. What price does the model predict?\n"
     "A. 200, the price of the nearest house.\nB. 320, the highest of the three.\nC. 260, the average of the three "
     "nearest.\nD. 320, the average of the four nearest.", ["C"]),
    ("For three test days the residuals were 3, -3 and 3. What is the RMSE?\nA. 1\nB. 3\nC. 9\nD. 0", ["B"]),
    ("A classifier has per-class recall values of 0.8 for cats, 0.6 for dogs and 0.4 for birds. What is its "
     "macro-averaged recall?\nA. 0.8\nB. 0.4\nC. 0.6\nD. 0.53", ["C"]),
    ("A network is trained on 6,000 images with a batch size of 100. How many weight updates happen in one "
     "epoch?\nA. 100\nB. 60\nC. 6,000\nD. 600", ["B"]),
    ("An ML engineer load-tested an endpoint instance: it serves at most 40 requests per second. With a safety "
     "factor of 0.5, what target should the SageMakerVariantInvocationsPerInstance scaling policy use?\n"
     "A. 20\nB. 1,200\nC. 2,400\nD. 72,000", ["B"]),
]


@pytest.mark.parametrize("text,expected", QUESTIONS)
def test_option_numbers_are_checked_against_list_arithmetic(kb, text, expected):
    assert answer_question(kb, text).choices == expected


def test_a_number_given_in_the_stem_does_not_name_the_quantity_asked(kb):
    # "40 requests per second" is an input; the bare options answer the calculator's result (per minute).
    text = QUESTIONS[-1][0]
    b = next(o for o in answer_question(kb, text).options if o.label == "B")
    assert any("states 1,200 invocations per minute" in r for r in b.reasons)
