"""Arithmetic exam questions told in words: confusion counts told by what the model flagged, the rates over the
negatives, TF-IDF counts, box-plot outlier candidates and Kinesis shards from a total write rate."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from selector import calculators as calc
from selector.answer import answer_question, asks_for_outliers
from selector.cli import cli
from selector.scenario import read_scenario


def _read(kb, text: str) -> dict:
    return {f.name: f.value for f in read_scenario(text, kb.facts)}


# ---------------------------------------------------------------- calculators


def test_false_positive_rate_needs_only_the_negatives():
    setting = calc.classification_rates({"false_positives": 30, "true_negatives": 570})
    assert (setting.unit, setting.value) == ("false positive rate", 0.05)
    assert setting.also == {"specificity": 0.95}
    from_negatives = calc.classification_rates({"actual_negatives": 600, "true_negatives": 570})
    assert from_negatives.value == 0.05 and any("FP = actual negatives - TN" in s for s in from_negatives.steps)
    assert calc.classification_rates({"actual_negatives": 600, "false_positives": 150}).also["specificity"] == 0.75
    assert calc.classification_rates({"false_positives": 30}).missing == ["true_positives"]
    assert calc.classification_rates({"actual_negatives": 10, "false_positives": 12}).value is None


def test_full_confusion_counts_also_give_the_rates_over_the_negatives():
    setting = calc.classification_rates({"true_positives": 45, "predicted_positives": 60, "false_negatives": 5,
                                         "actual_negatives": 950})
    quantities = setting.quantities()
    assert quantities["precision"] == 0.75 and quantities["recall"] == 0.9
    assert quantities["false positive rate"] == pytest.approx(15 / 950, abs=1e-4)
    assert quantities["accuracy"] == pytest.approx(980 / 1000)


def test_kinesis_shards_from_a_total_write_rate():
    setting = calc.kinesis_shards({"write_kb_per_s": 4000, "consumers": 5})
    assert setting.value == 10  # max(4, 4 x 5 / 2)
    assert "no record-count term" in setting.steps[0]
    assert calc.kinesis_shards({"write_kb_per_s": 2500}).value == 3  # one consumer: the write term decides
    # record size x count still wins when both are given, with its record-count term
    assert calc.kinesis_shards({"record_kb": 0.1, "records_per_s": 5000, "write_kb_per_s": 9000}).value == 5
    assert calc.kinesis_shards({}).missing == ["record_kb", "records_per_s"]


def test_iqr_fences_give_the_normal_range():
    assert calc.iqr_fences({"q1": 12, "q3": 18}).normal_range == (3, 27)


# ---------------------------------------------------------------- reading the counts


@pytest.mark.parametrize("text,expected", [
    ("The detector flags 250 logins as attacks, of which 200 really are malicious.", {"true_positives": 200}),
    ("Our scanner marked 90 parcels as suspicious, of which 72 turned out to be malicious.", {"true_positives": 72}),
    ("Of the 400 sick patients, 360 are correctly flagged by the model.",
     {"actual_positives": 400, "true_positives": 360}),
    ("Of the 3,000 healthy patients, 2,850 are correctly classified as healthy and 150 are wrongly flagged.",
     {"actual_negatives": 3000, "true_negatives": 2850, "false_positives": 150}),
    ("25 sick patients were wrongly classified as healthy.", {"false_negatives": 25}),
    ("The remaining 7,000 legitimate payments are correctly left unflagged.", {"true_negatives": 7000}),
    ("The spam filter lets another 12 spam emails through.", {"false_negatives": 12}),
])
def test_confusion_counts_told_in_words(kb, text, expected):
    read = _read(kb, text)
    assert {name: read.get(name) for name in expected} == expected


@pytest.mark.parametrize("text,expected", [
    ("The model flags 300 claims as fraud, of which 240 really are fraud.", {"true_positives": 240}),
    ("The model flags 300 claims, of which 240 are fraud.", {"true_positives": 240}),
    ("The filter blocked 70 emails, 56 of which were actually spam.", {"true_positives": 56}),
    ("The test set holds 4,000 emails, of which 300 are spam.", {"actual_positives": 300}),
    ("We keep 4,000 emails, 300 of which are spam.", {"actual_positives": 300}),
])
def test_of_which_after_flagging_counts_true_positives(kb, text, expected):
    read = _read(kb, text)
    assert {name: read.get(name) for name in ("true_positives", "actual_positives") if read.get(name)} == expected


@pytest.mark.parametrize("text,expected", [
    ("Only 250 of these reviews mention the term.", 250),
    ("2,000 articles contain the word.", 2000),
    ("The keyword appears in 40 of the 8,000 emails.", 40),
])
def test_documents_with_the_term(kb, text, expected):
    assert _read(kb, text).get("documents_with_term") == expected


@pytest.mark.parametrize("text,expected", [
    ("Devices write telemetry into a Kinesis data stream at a total of 5 MB/s.", 5000),
    ("The aggregate write throughput of the stream is 750 KB/s.", 750),
    ("Producers push events at roughly 3 MB per second.", 3000),
])
def test_total_write_rate(kb, text, expected):
    assert _read(kb, text).get("write_kb_per_s") == expected


@pytest.mark.parametrize("text", [
    "Each shard ingests up to 1 MB/s of data.",
    "Producers can write 1 MB/s per shard.",
    "A shard accepts writes up to 1 MB/s per shard and serves reads at 2 MB/s.",
    "A single shard ingests 1 MB/s.",
])
def test_a_shards_own_limit_is_not_the_write_rate(kb, text):
    assert "write_kb_per_s" not in _read(kb, text)


# ---------------------------------------------------------------- answering


def test_an_option_naming_two_metrics_must_match_both(kb):
    text = ("A churn model is checked on 2,000 customers. The model flags 150 customers as churners, of which 120 "
            "really are churners; another 80 churners are not flagged. What are its precision and recall?\n"
            "A. Precision 0.60 and recall 0.80\nB. Precision 0.80 and recall 0.60\n"
            "C. Precision 0.80 and recall 0.75\nD. Precision 0.94 and recall 0.60")
    answer = answer_question(kb, text)
    assert answer.choices == ["B"]
    scores = {o.label: o.score for o in answer.options}
    # half right earns nothing for the right half
    assert scores["C"] < scores["B"] and scores["D"] < scores["B"]
    assert any("but it states another quantity wrong" in r for r in answer.options[2].reasons)


def test_false_positive_rate_question(kb):
    text = ("A screening test is run on 2,500 people. Of the 2,000 healthy people, 1,600 are correctly classified "
            "as healthy and 400 are wrongly flagged. Of the 500 sick people, 450 are flagged. "
            "What is the false positive rate?\nA. 0.80\nB. 0.47\nC. 0.20\nD. 0.10")
    assert answer_question(kb, text).choices == ["C"]


def test_tf_idf_question(kb):
    text = ("In a 400-word review the term battery appears 8 times. In a corpus of 1,000,000 reviews, 10,000 reviews "
            "contain the term. Using TF = occurrences / words and IDF = log10(documents / documents with the term), "
            "what is the TF-IDF?\nA. 0.02\nB. 0.04\nC. 2\nD. 0.0008")
    assert answer_question(kb, text).choices == ["B"]


def test_outlier_candidates_are_judged_against_the_fences(kb):
    stem = ("Order values have a first quartile of 100 dollars and a third quartile of 160 dollars. "
            "The team uses the box-plot rule. Which of the following order values would {} as an outlier?\n"
            "A. $260\nB. $250\nC. $30\nD. $150")
    assert answer_question(kb, stem.format("be flagged")).choices == ["A"]  # fences 10 and 250
    flagged = {o.label: o.score for o in answer_question(kb, stem.format("be flagged")).options}
    assert flagged["A"] > max(flagged["B"], flagged["C"], flagged["D"])  # a value on the fence is no outlier
    kept = {o.label: o.score for o in answer_question(kb, stem.format("not be flagged")).options}
    assert kept["A"] < min(kept["B"], kept["C"], kept["D"])


def test_which_values_are_asked_for():
    assert asks_for_outliers("Q1 is 2. Which of these values would be flagged as an outlier?") is True
    assert asks_for_outliers("Which of these values would not be treated as an outlier?") is False
    assert asks_for_outliers("Above what value is a session flagged as an outlier?") is None
    assert asks_for_outliers("Which of these is the upper fence value?") is None
    assert asks_for_outliers("What is the IQR?") is None


def test_kinesis_question_with_a_total_write_rate(kb):
    text = ("Sensors write readings into a Kinesis data stream at a total of 4 MB/s. Five separate consumer "
            "applications each read every record with classic shared-throughput consumers. How many shards does "
            "the stream need at least?\nA. 4\nB. 10\nC. 20\nD. 2")
    assert answer_question(kb, text).choices == ["B"]


# ---------------------------------------------------------------- ROC points, dense layers, Gini impurity, Bayes


def test_a_roc_point_names_its_axes(kb):
    text = ("A clinic tests a model on 500 patients, 50 of whom are sick. At a threshold of 0.6 the model catches 40 "
            "of the sick patients and wrongly flags 90 healthy patients. Where is this threshold on the ROC curve?\n"
            "A. x = 0.80, y = 0.20\nB. x = 0.20, y = 0.80\nC. x = 0.69, y = 0.80\nD. x = 0.20, y = 0.31")
    answer = answer_question(kb, text)
    assert answer.choices == ["B"]
    assert any("0.20 false positive rate" in r for r in answer.options[1].reasons)


def test_dense_layer_parameters():
    setting = calc.dense_layer_parameters({"layer_inputs": 10, "layer_neurons": 16})
    assert (setting.value, setting.also) == (176, {"weights": 160, "biases": 16})
    assert calc.dense_layer_parameters({"layer_inputs": 3}).missing == ["layer_neurons"]
    assert calc.dense_layer_parameters({"layer_inputs": 0, "layer_neurons": 2}).value is None


def test_gini_impurity():
    assert calc.gini_impurity({"node_class_counts": (30, 70)}).value == 0.42
    assert calc.gini_impurity({"node_class_counts": (25, 25)}).value == 0.5
    assert calc.gini_impurity({"node_class_counts": (60, 30, 10)}).value == 0.54
    # "a node of 120 with 90 and 30": the first number is the node's size
    assert calc.gini_impurity({"node_class_counts": (120, 90, 30)}).value == 0.375
    assert calc.gini_impurity({"node_class_counts": (0, 0)}).value is None


def test_bayes_posterior():
    assert calc.bayes_posterior({"evidence_likelihood": 0.4, "class_prior": 0.1,
                                 "evidence_probability": 0.05}).value == 0.8
    assert calc.bayes_posterior({"evidence_likelihood": 0.9, "class_prior": 0.5,
                                 "evidence_probability": 0.2}).value is None  # P(e) below P(e|c) x P(c)
    assert calc.bayes_posterior({"class_prior": 0.1}).missing == ["evidence_likelihood", "evidence_probability"]


@pytest.mark.parametrize("text,expected", [
    ("The output layer has 3 neurons and the input layer has 12 features.", {"layer_neurons": 3, "layer_inputs": 12}),
    ("A 32-unit dense layer receives 8 inputs.", {"layer_neurons": 32, "layer_inputs": 8}),
    ("The leaf holds 45 defaulters and 15 good payers; what is its Gini impurity?",
     {"node_class_counts": (45, 15), "gini_asked": True}),
    ("12% of transactions are fraudulent; the pattern appears in 30% of fraudulent transactions and in 6% of all "
     "transactions.", {"class_prior": 0.12, "evidence_likelihood": 0.3, "evidence_probability": 0.06}),
])
def test_layer_node_and_bayes_inputs_told_in_words(kb, text, expected):
    read = _read(kb, text)
    assert {name: read.get(name) for name in expected} == expected


@pytest.mark.parametrize("text,expected", [
    ("A dense layer of 6 neurons receives 10 input features, each neuron with its own bias. How many trainable "
     "parameters does it have?\nA. 16\nB. 60\nC. 66\nD. 70", ["C"]),
    ("One node of the tree contains 200 customers, of whom 50 churned and 150 stayed. What is the node's Gini "
     "impurity?\nA. 0.375\nB. 0.625\nC. 0.1875\nD. 0.25", ["A"]),
    ("On a forum, 30% of posts are spam. The link pattern appears in 60% of spam posts and in 20% of all posts. "
     "Using Bayes' theorem, what is the probability that a post with the pattern is spam?\n"
     "A. 0.18\nB. 0.60\nC. 0.90\nD. 0.30", ["C"]),
])
def test_layer_gini_and_bayes_questions(kb, text, expected):
    assert answer_question(kb, text).choices == expected


def test_a_sigma_threshold_gives_the_sample_its_normal_range():
    setting = calc.sample_statistics({"sample_values": (10, 12, 14, 16, 18), "sigma_threshold": 3})
    # mean 14, sd sqrt(8) = 2.8284: 14 +- 8.4853
    assert setting.normal_range == pytest.approx((5.5147, 22.4853), abs=1e-4)
    assert calc.sample_statistics({"sample_values": (10, 12)}).normal_range is None


def test_an_option_saying_a_value_is_or_is_not_an_outlier(kb):
    text = ("A plant logs pump temperatures during normal running: 20, 22, 22, 22, 23, 23, 25 and 27. Any reading more "
            "than 2 standard deviations from the mean is treated as an outlier. What is the standard deviation, and "
            "which new reading would be flagged?\n"
            "A. The standard deviation is 2, so a new reading of 26 is flagged.\n"
            "B. The standard deviation is 4, so a new reading of 28 is not flagged.\n"
            "C. The standard deviation is 2, so a new reading of 28 is flagged.\n"
            "D. The standard deviation is 32, so no new reading can be flagged.")
    answer = answer_question(kb, text)
    assert answer.choices == ["C"]  # mean 23, sd 2: normal range 19 to 27
    assert any("says 26 is an outlier, but it lies within 19 to 27" in r for r in answer.options[0].reasons)


# ---------------------------------------------------------------- counts among the unflagged, min-max scaling, signed
# values, and the inputs of the shard, RCF and scale_pos_weight formulas in more wordings


@pytest.mark.parametrize("text,expected", [
    ("The filter blocked 200 emails; 150 of them really were spam. Among the emails it did not block, 30 were spam "
     "and 820 were legitimate.", {"true_positives": 150, "false_negatives": 30, "true_negatives": 820}),
    ("The model flagged 50 customers as likely to churn and 35 of them churned. Of the 950 customers not flagged, "
     "15 churned, while the other 935 stayed.", {"true_positives": 35, "false_negatives": 15, "true_negatives": 935}),
    ("Of the unflagged transactions, 900 were legitimate and 12 were fraudulent.",
     {"false_negatives": 12, "true_negatives": 900}),
    ("Of the patients the screen did not flag, 40 did not have the disease and 5 had the disease.",
     {"false_negatives": 5, "true_negatives": 40}),
])
def test_counts_among_what_the_model_did_not_flag(kb, text, expected):
    read = _read(kb, text)
    assert {name: read.get(name) for name in expected} == expected


def test_precision_question_told_by_flagged_and_unflagged_counts(kb):
    text = ("A churn model is tested on 500 subscribers. It flagged 100 subscribers, and 60 of them actually "
            "cancelled. Of the subscribers it did not flag, 40 cancelled and 360 did not. What is its precision?\n"
            "A. 0.60\nB. 0.84\nC. 0.75\nD. 0.40")
    answer = answer_question(kb, text)
    assert answer.choices == ["A"]  # recall 0.60 too, but accuracy 0.84 and the others are wrong
    assert answer.decided_by == "rules"


def test_calc_scales_negative_raw_values():
    result = CliRunner().invoke(cli, ["calc", "min_max_scaling", "observed_value=-5", "feature_min=-10",
                                      "feature_max=10", "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["value"] == 0.25 and data["sources"]


def test_min_max_scaling():
    setting = calc.min_max_scaling({"observed_value": 70, "feature_min": 20, "feature_max": 220})
    assert (setting.unit, setting.value) == ("scaled value", 0.25)
    assert setting.quantities()["normalized value"] == 0.25
    assert calc.min_max_scaling({"observed_value": 240, "feature_min": 20, "feature_max": 220}).value == 1.1
    assert calc.min_max_scaling({"observed_value": 5, "feature_min": 3, "feature_max": 3}).value is None
    assert calc.min_max_scaling({"feature_min": 0}).missing == ["observed_value", "feature_max"]


@pytest.mark.parametrize("text,expected", [
    ("In training the price ranges from 10 to 60 dollars; what is the min-max scaled value of a 35 dollar item?",
     (10, 60, 35)),
    ("The lowest temperature in the data is -10 and the highest is 30. A new reading of 20 is normalized to [0, 1].",
     (-10, 30, 20)),
    ("Ages in the training set lie between 18 and 90; what is the normalized value for 54?", (18, 90, 54)),
    ("With min = 0 and max = 200, x = 50 is rescaled.", (0, 200, 50)),
])
def test_min_max_inputs_told_in_words(kb, text, expected):
    read = _read(kb, text)
    assert (read.get("feature_min"), read.get("feature_max"), read.get("observed_value")) == expected


@pytest.mark.parametrize("text,expected", [
    ("The thermometer reads a value of −4.", -4),
    ("The device recorded a measurement of 7.5.", 7.5),
    ("What is the standardized value of 65?", 65),
    ("A new patient arrives with a reading of 120.", 120),
])
def test_the_value_to_transform_told_in_words(kb, text, expected):
    assert _read(kb, text).get("observed_value") == expected


@pytest.mark.parametrize("text,expected", [
    ("Session lengths in training range from 5 to 45 minutes, and the team applies min-max normalization. What is "
     "the scaled value of a 15-minute session?\nA. 0.33\nB. 0.25\nC. 0.375\nD. 0.11", ["B"]),
    ("In training a feature has a mean of 100 and a standard deviation of 20. A new reading of 70 arrives. What is "
     "its z-score?\nA. 1.5\nB. −1.5\nC. −30\nD. 0.7", ["B"]),
    ("In training a feature has a mean of 10 and a standard deviation of 4. A new reading of 4 arrives. Which "
     "statement is right?\nA. Its z-score is 1.5\nB. Its z-score is -1.5\nC. Its z-score is -6\nD. Its z-score is 0.4",
     ["B"]),
])
def test_scaled_and_negative_values_are_compared(kb, text, expected):
    assert answer_question(kb, text).choices == expected


@pytest.mark.parametrize("text,expected", [
    ("The fleet streams telemetry into a Kinesis data stream at a total of 6 MB/s.", 6000),
    ("Our devices publish events to the stream at about 3 MB per second.", 3000),
    ("Clickstream data is uploaded to the stream at a combined 2,500 KB/s.", 2500),
    # the rate as the verb's object, with no "at"/"of"
    ("The meters send 5 MB/s into the stream altogether.", 5000),
    ("Across all devices, the publishers put roughly 1,500 KB per second on the stream.", 1500),
])
def test_total_write_rate_in_more_wordings(kb, text, expected):
    assert _read(kb, text).get("write_kb_per_s") == expected


def test_a_read_rate_on_kinesis_data_streams_is_not_the_write_rate(kb):
    assert "write_kb_per_s" not in _read(kb, "Consumers read from Kinesis Data Streams at 2 MB/s.")


def test_the_notes_worked_shard_example_still_gives_four(kb):
    # 004 lines 7-8: 500 KB records, 2 a second, 7 consumers -> max(1000 / 1000, 7000 / 2000) = 3.5 -> 4
    read = _read(kb, "How many shards would a Kinesis Data Streams application need if the average record size is "
                     "500KB and 2 records per second are being written into this application that has 7 consumers?")
    assert calc.kinesis_shards(read).value == 4


def test_shards_when_the_write_rate_is_streamed(kb):
    text = ("A game studio streams player events into Kinesis Data Streams at a total of 3 MB/s. Four analytics "
            "applications each read every record through shared-throughput consumers. How many shards does the "
            "stream need at least?\nA. 3\nB. 6\nC. 12\nD. 2")
    assert answer_question(kb, text).choices == ["B"]  # max(3, 3 x 4 / 2)


@pytest.mark.parametrize("text,expected", [
    ("We expect one outlier to each 300 normal readings.", 300),
    ("Roughly one fraudulent login per 1,000 is expected.", 1000),
    ("One anomalous reading among every 250 is typical.", 250),
])
def test_anomaly_ratio_told_in_words(kb, text, expected):
    assert _read(kb, text).get("anomaly_one_in") == expected


def test_a_one_in_n_needs_an_every_after_for(kb):
    assert "anomaly_one_in" not in _read(kb, "The team uses one GPU for 4 hours.")


def test_rcf_samples_per_tree_question(kb):
    text = ("A utility runs SageMaker Random Cut Forest on smart-meter data and expects roughly one anomalous "
            "reading for every 500 normal ones. What should num_samples_per_tree be set to?\n"
            "A. 0.002\nB. 50\nC. 500\nD. 256")
    assert answer_question(kb, text).choices == ["C"]


@pytest.mark.parametrize("text,expected", [
    ("We have 9,000 normal emails and 1,000 spam emails.", (9000, 1000)),
    ("The data holds 50,000 good loans and 2,500 defaulted loans.", (50000, 2500)),
    ("The table lists 48,000 genuine transactions and 1,200 fraudulent ones.", (48000, 1200)),
    # one noun after both counts
    ("The set holds 990,000 legitimate and 10,000 fraudulent transfers.", (990000, 10000)),
])
def test_class_counts_told_in_words(kb, text, expected):
    read = _read(kb, text)
    assert (read.get("negative_count"), read.get("positive_count")) == expected


def test_only_the_scale_pos_weight_option_with_the_right_value_gains(kb):
    text = ("A bank trains SageMaker XGBoost to predict loan defaults from 72,000 good loans and 3,000 defaulted "
            "loans. Which TWO actions address the class imbalance? (Choose two.)\n"
            "A. Set scale_pos_weight to about 0.04.\n"
            "B. Set scale_pos_weight to about 24.\n"
            "C. Generate synthetic minority examples with SMOTE.\n"
            "D. Drop half of the defaulted loans.\n"
            "E. Judge the model by its accuracy only.")
    answer = answer_question(kb, text)
    assert answer.choices == ["B", "C"]
    scores = {o.label: o.score for o in answer.options}
    assert scores["B"] > scores["A"]
