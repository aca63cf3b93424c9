"""Reading pasted questions and answering them."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from selector.answer import answer_question
from selector.cli import cli
from selector.errors import ScenarioError
from selector.question import parse_question

STEM = ("Clickstream events stream in and must be stored in Amazon S3 with the LEAST operational overhead. "
        "Which solution meets the requirement?")
FORMS = {
    "dot": "A. Kinesis Data Streams with a consumer on EC2\nB. Kinesis Data Firehose delivering to S3\nC. Kinesis Video Streams",
    "paren": "A) Kinesis Data Streams with a consumer on EC2\nB) Kinesis Data Firehose delivering to S3\nC) Kinesis Video Streams",
    "wrapped": "(A) Kinesis Data Streams with a consumer on EC2\n(B) Kinesis Data Firehose delivering to S3\n(C) Kinesis Video Streams",
    "colon": "A: Kinesis Data Streams with a consumer on EC2\nB: Kinesis Data Firehose delivering to S3\nC: Kinesis Video Streams",
    "checkbox": "- [ ] Kinesis Data Streams with a consumer on EC2\n- [ ] Kinesis Data Firehose delivering to S3\n- [ ] Kinesis Video Streams",
    "bullet": "- Kinesis Data Streams with a consumer on EC2\n- Kinesis Data Firehose delivering to S3\n- Kinesis Video Streams",
}


def option(answer, label: str):
    """The scored option with this label."""
    return next(o for o in answer.options if o.label == label)


@pytest.mark.parametrize("form", sorted(FORMS))
def test_every_pasted_form_parses_and_gets_the_managed_answer(kb, form):
    question = parse_question(f"{STEM}\n\n{FORMS[form]}")
    assert [o.label for o in question.options] == ["A", "B", "C"]
    assert question.options[1].text.startswith("Kinesis Data Firehose")
    assert answer_question(kb, f"{STEM}\n\n{FORMS[form]}").choices == ["B"]


def test_choose_two_and_continuation_lines():
    question = parse_question("Which TWO steps help? (Choose two.)\nA. first\n   continued here\nB. second\nC. third")
    assert question.answers_wanted == 2
    assert question.options[0].text == "first continued here"


def test_markdown_inline_code_is_read_as_plain_words():
    question = parse_question("Which change helps the `xgboost` model?\nA. Decrease `max_depth`.\nB. Raise `eta`.")
    assert question.stem == "Which change helps the xgboost model?"
    assert [o.text for o in question.options] == ["Decrease max_depth.", "Raise eta."]


def test_marked_answers_are_read_from_a_bank():
    question = parse_question("Which one?\n- [ ] A. no\n- [x] B. yes\n> Explanation: ignored")
    assert question.marked == ["B"]
    assert all("Explanation" not in o.text for o in question.options)


@pytest.mark.parametrize("text,message", [
    ("A. one\nB. two", "options but no question"),
    ("Which service is best for streaming?", "no options found"),
    ("", "empty"),
])
def test_malformed_questions_are_one_clear_error(text, message):
    with pytest.raises(ScenarioError, match=message):
        parse_question(text)


def test_numeric_options_are_checked_against_the_calculator(kb):
    text = ("A Kinesis data stream receives 500 KB records, 2 records per second, and 7 consumer applications "
            "read it. How many shards does the stream need?\nA. 1\nB. 2\nC. 4\nD. 7")
    result = answer_question(kb, text)
    assert result.choices == ["C"]
    assert any("the arithmetic gives 4" in r for r in result.options[0].reasons)


def test_a_metric_stated_with_its_value_is_judged_by_the_arithmetic(kb):
    text = ("An inspection model on 500 items gives TP = 40, FP = 10, FN = 10 and TN = 440. Which TWO values are "
            "right? (Choose two.)\nA. F1 = 0.80\nB. F1 = 0.60\nC. Specificity ≈ 0.978\nD. Specificity = 0.80")
    result = answer_question(kb, text)
    assert sorted(result.choices) == ["A", "C"]
    by_label = {o.label: o for o in result.options}
    assert any("states a value for F1 score" in r for r in by_label["A"].reasons)
    assert not any("relies on F1 score" in r for r in by_label["A"].reasons)
    assert any("states 0.978 specificity" in r for r in by_label["C"].reasons)


def test_undecidable_question_says_so(kb):
    result = answer_question(kb, "Which colour do you like?\nA. Red\nB. Blue")
    assert not result.distinguishable and result.confidence == 0.0


def test_answer_json_has_the_documented_keys():
    text = f"{STEM}\n\n{FORMS['dot']}"
    result = CliRunner().invoke(cli, ["answer", text, "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["choices"] == ["B"]
    assert {"label", "text", "score", "reasons"} <= set(data["options"][0])
    assert data["facts"] and data["decisions"]


@pytest.mark.parametrize("text", ["", "A. one\nB. two", "Just a question with no options?"])
def test_answer_cli_bad_input_exits_1_with_one_line(text):
    result = CliRunner().invoke(cli, ["answer", text])
    assert result.exit_code == 1
    assert len(result.output.strip().splitlines()) == 1


def test_bench_reports_accuracy_from_a_yaml_bank(tmp_path):
    bank = tmp_path / "bank.yaml"
    bank.write_text(json.dumps([{"id": "q1", "area": "ingestion", "question": STEM,
                                 "options": {"A": "Kinesis Data Streams with a consumer on EC2",
                                             "B": "Kinesis Data Firehose delivering to S3"}, "answer": "B"}]))
    result = CliRunner().invoke(cli, ["bench", str(bank), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["correct"] == 1 and data["per_area"]["ingestion"]["total"] == 1
    assert data["decided_by"] == {"rules": {"correct": 1, "total": 1, "accuracy": 1.0}}


def test_bench_text_report_shows_who_decided(tmp_path):
    bank = tmp_path / "bank.md"
    bank.write_text("## q1 (area: features)\nWhich colour do you like?\n\n- [ ] A. Red\n- [x] B. Blue\n")
    result = CliRunner().invoke(cli, ["bench", str(bank)])
    assert result.exit_code == 0, result.output
    assert "Who decided" in result.output and "none" in result.output
    assert "accuracy 0/1 = 0.0%" in result.output


@pytest.mark.parametrize("text, mention, away", [
    ("Replace the sigmoid activation with ReLU", "sigmoid", True),
    ("Replace the sigmoid activation with ReLU", "ReLU", False),
    ("Use Kinesis Data Firehose instead of Kinesis Data Streams", "Kinesis Data Streams", True),
    ("Use Kinesis Data Firehose instead of Kinesis Data Streams", "Kinesis Data Firehose", False),
    ("Convert the data from JSON to Parquet", "JSON", True),
    ("Convert the data from JSON to Parquet", "Parquet", False),
    ("Remove dropout and add L2 regularization", "dropout", True),
    ("Remove dropout and add L2 regularization", "L2", False),
    ("Do not use EMR; run the job in AWS Glue", "EMR", True),
    ("Add shards so that no shard receives more than 1,000 records per second", "shard receives", False),
    ("Replace each missing value with the mean", "with the mean", False),
    ("Call the AWS SDK directly, because the KPL can add processing delay", "KPL", True),
    ("Call the AWS SDK directly, because the KPL aggregates records", "KPL", False),
    ("Use the KPL, since it adds retries", "KPL", False),
    ("Set alpha (the L1 regularisation term) to 0", "L1 regularisation", True),
    ("Set dropout to zero and train longer", "dropout", True),
    ("Set the learning rate to 0.001", "learning rate", False),
    ("Set max_depth to 10", "max_depth", False),
])
def test_an_option_that_drops_a_component_does_not_rely_on_it(text, mention, away):
    from selector.answer import moves_away
    start = text.index(mention)
    assert moves_away(text, start, start + len(mention)) is away


def test_dropping_the_rejected_alternative_beats_keeping_it(kb):
    text = ("Clickstream events must land in Amazon S3 with the LEAST operational overhead and no code. "
            "Which solution?\nA. Keep Kinesis Data Streams with a consumer on EC2\n"
            "B. Replace Kinesis Data Streams with Kinesis Data Firehose delivering to S3")
    result = answer_question(kb, text)
    assert result.choices == ["B"]
    b = option(result, "B")
    assert any(r.startswith("+1 moves away from") and "Kinesis Data Streams" in r for r in b.reasons)


def test_a_training_choice_is_no_evidence_for_an_option_that_hosts_on_it(kb):
    from selector.answer import mention_phase
    text = "Train the model on ml.p3.2xlarge instances and host the endpoint on ml.c5.xlarge instances"
    assert mention_phase(kb, text, text.index("ml.p3"), text.index("ml.p3") + 5) == "training"
    assert mention_phase(kb, text, text.index("ml.c5"), text.index("ml.c5") + 5) == "inference"


def test_a_bare_number_answers_the_quantity_the_question_names(kb):
    text = ("A spam filter is evaluated on 1,000 emails. It correctly flags 80 spam emails, misses 20 spam emails, "
            "wrongly flags 30 legitimate emails, and correctly passes 870 legitimate emails. What is the model's "
            "false positive rate?\nA. 3.3%\nB. 72.7%\nC. About 5%\nD. 80%")
    result = answer_question(kb, text)
    assert result.choices == ["A"]  # FP / (FP + TN) = 30 / 900, not precision (80 / 110)
    a = option(result, "A")
    assert any("false positive rate = FP / (FP + TN) = 30 / 900" in r for r in a.reasons)


def test_naming_the_target_a_chosen_component_writes_to_is_not_reliance_on_it(kb):
    # The crawler (chosen) writes to the Data Catalog (rejected as the way schemas get discovered).
    text = ("Nightly folders of CSV files land in our S3 data lake, their columns change now and then, and analysts "
            "query them with Athena; new partitions must show up without manual work. Which approach?\n"
            "A. Schedule an AWS Glue crawler that records the schemas and partitions in the AWS Glue Data Catalog\n"
            "B. Keep the AWS Glue Data Catalog and add every new partition by hand")
    answer = answer_question(kb, text)
    crawler = option(answer, "A")
    assert any("works with" in r and "Data Catalog" in r for r in crawler.reasons), crawler.reasons
    assert not any(r.startswith("-2 relies on AWS Glue Data Catalog") for r in crawler.reasons)
    assert answer.choices == ["A"]


def test_denying_that_a_chosen_component_works_with_another_keeps_the_penalty(kb):
    from selector.answer import mentions, served_by_chosen
    from selector.recommend import recommend_from_facts
    from selector.scenario import read_scenario
    stem = "Objects in S3 are read often for 30 days, then rarely, and should move to cheaper storage after 90 days."
    rec = recommend_from_facts(kb, stem, read_scenario(stem, kb.facts))
    chosen = {d.choice_id: d for d in rec.decisions}
    assert "s3-lifecycle-transition" in chosen
    for text, served in [("A transition action that moves objects to S3 Glacier Deep Archive after a year", True),
                         ("Transition actions cannot move objects into S3 Glacier Deep Archive", False)]:
        found = mentions(kb, text)
        assert (served_by_chosen(kb, "s3-glacier-deep-archive", chosen, found, text) is not None) is served, text


def test_when_no_option_offers_the_choice_the_next_fired_rules_choice_wins(kb):
    # A costly miss makes recall the first choice; with recall not on offer, the imbalanced-class rule's F1 is next.
    text = ("Only 1% of the insurance claims in our history are fraudulent, and every fraud that slips through costs "
            "us a fortune. Which metric should the team use to compare classifiers?\n"
            "A. Accuracy\nB. F1 score\nC. Mean absolute error\nD. Number of training epochs")
    result = answer_question(kb, text)
    assert result.choices == ["B"]
    f1 = option(result, "B")
    assert any(r.startswith("+1") and "is not among the options" in r for r in f1.reasons), f1.reasons


def test_a_component_used_for_the_other_phase_is_judged_by_that_phases_decision(kb):
    text = ("A museum trains the SageMaker built-in Image Classification algorithm on 2 million photos and then "
            "hosts it for a visitor app with light traffic. Which TWO instance choices fit? (Choose two.)\n"
            "A. Train on P3 GPU instances\nB. Train on C5 CPU instances\nC. Host the model on C5 CPU instances\n"
            "D. Host the model on P3 GPU instances")
    result = answer_question(kb, text)
    assert result.choices == ["A", "C"]
    train_on_cpu = option(result, "B")
    assert any(r.startswith("-2 relies on ml.c5") and "for training" in r for r in train_on_cpu.reasons)
    assert any("the kind of the choice" in r and "but for training" in r for r in train_on_cpu.reasons)


def test_a_component_the_stem_names_restated_in_an_options_reason_is_no_evidence(kb):
    text = ("A utility has a DeepAR model of household meter readings and serves it from a real-time endpoint. "
            "Which instance type should back the endpoint?\n"
            "A. A GPU instance, because DeepAR is a neural network\nB. A CPU instance")
    result = answer_question(kb, text)
    gpu = option(result, "A")
    assert any("names SageMaker DeepAR in its reason" in r and r.startswith("+0") for r in gpu.reasons), gpu.reasons
    assert result.choices == ["B"]


def test_a_setting_named_for_the_test_channel_is_read_as_for_evaluation(kb):
    from selector.answer import mention_phase
    text = "ShardedByS3Key for the train channel and FullyReplicated for the test channel"
    sharded, replicated = text.index("ShardedByS3Key"), text.index("FullyReplicated")
    assert mention_phase(kb, text, sharded, sharded + 14) == "training"
    assert mention_phase(kb, text, replicated, replicated + 15) == "evaluation"


def test_choose_two_with_two_stated_sizes_answers_each_size(kb):
    # BlazingText supervised: C5 under 2 GB, one GPU above; each option may answer one of the two data sets.
    text = ("Two departments train BlazingText in supervised text-classification mode: one on 500 MB of tagged "
            "emails, the other on 20 GB of tagged chat logs. Which TWO instance choices follow the "
            "recommendation? (Choose two.)\n"
            "A. The 500 MB job uses a C5 instance.\n"
            "B. The 20 GB job uses a single ml.p3.2xlarge instance.\n"
            "C. The 20 GB job uses an ml.t2.medium instance.\n"
            "D. The 500 MB job uses an ml.m4.xlarge instance.")
    result = answer_question(kb, text)
    assert result.choices == ["A", "B"]
    assert any("other value dataset_size_gb = 0.5" in r for r in result.options[0].reasons)


def test_one_answer_questions_keep_the_first_reading_of_a_number(kb):
    text = ("Two departments train BlazingText in supervised text-classification mode: one on 500 MB of tagged "
            "emails, the other on 20 GB of tagged chat logs. Which instance fits the larger job?\n"
            "A. A C5 instance.\nB. A single ml.p3.2xlarge instance.")
    result = answer_question(kb, text)
    assert result.choices == ["B"]
    assert not any("other value" in r for o in result.options for r in o.reasons)


def test_checkpoints_on_local_disk_contradict_the_s3_checkpoints_spot_needs(kb):
    text = ("Our SageMaker training runs on Spot capacity for two days and we cannot afford to lose its progress "
            "when the instance is reclaimed. What should we do?\n"
            "A. Keep Spot and write checkpoints to Amazon S3 so the job resumes.\n"
            "B. Keep Spot and write checkpoints to the instance's local disk.\n"
            "C. Keep Spot and save the model once at the end.")
    result = answer_question(kb, text)
    assert result.choices == ["A"]
    local = option(result, "B")
    assert any("checkpoint_store = local-disk" in r for r in local.reasons)


def test_runner_up_below_the_answers_wanted_counts_half(kb):
    # MICE is chosen but not offered: the next two fired rules' options are the two answers, mean ranks below them.
    text = ("A churn table has gaps in 'tenure' (numeric, related to several other usage features) and in 'plan' "
            "(categorical). She wants the most accurate imputation. Which TWO approaches? (Choose two.)\n"
            "A. Use KNN imputation for tenure, from the most similar rows.\nB. Impute plan with a deep-learning imputer.\n"
            "C. Fill plan with the mean of its codes.\nD. Fill both with zero.")
    result = answer_question(kb, text)
    scores = {o.label: o.score for o in result.options}
    assert result.choices == ["A", "B"]
    assert scores["A"] > scores["C"] > 0


def test_in_a_statement_question_the_claim_outweighs_the_name(kb):
    # D names the chosen algorithm but claims nothing the sources support; C names the rejected one truly.
    text = ("A search team has pairs of review sentences labelled as related or not and wants embeddings of whole "
            "sentences. Which TWO statements are correct? (Choose two.)\n"
            "A. Object2Vec can learn embeddings from pairs of sequences.\n"
            "B. Seq2Seq is the built-in algorithm for embeddings of pairs.\n"
            "C. BlazingText works only on individual words, not on sentences.\n"
            "D. Object2Vec accepts only images as input.")
    result = answer_question(kb, text)
    assert result.choices == ["A", "C"]
    named_only = option(result, "D")
    assert any("counts half" in r for r in named_only.reasons)


def test_a_statement_question_naming_no_service_is_about_the_one_the_scenario_calls_for(kb):
    # "the right service" names no node: an option without a name of its own is judged about the chosen service.
    text = ("Sensor readings must reach four independent consumer applications within a second, and we must be able "
            "to re-read the last three days. Which TWO statements about the right service are true? (Choose two.)\n"
            "A. Kinesis Data Streams lets several applications consume and replay retained records.\n"
            "B. Capacity is raised by adding shards, each taking roughly 1 MB/s or 1,000 records/s of writes.\n"
            "C. Firehose delivers with lower latency than Kinesis Data Streams.\n"
            "D. Kinesis Video Streams suits JSON sensor readings best.")
    result = answer_question(kb, text)
    reasons = {o.label: " ".join(o.reasons) for o in result.options}
    assert "agrees with" in reasons["B"]
    assert result.choices == ["A", "B"]


def test_a_node_bought_another_way_is_no_evidence_for_a_decision_made_for_spot(kb):
    text = ("A team runs Spark on Amazon EMR and wants to cut its compute bill with Spot Instances. Which TWO "
            "choices follow the recommendations? (Choose two.)\nA. Put the task nodes on Spot Instances.\n"
            "B. Put the core nodes on Spot Instances.\nC. Buy Reserved Instances for the core nodes.\n"
            "D. Keep the cluster's files in the s3bfs:// block file system.")
    result = answer_question(kb, text)
    assert result.choices == ["A", "C"]
    reasons = {o.label: " ".join(o.reasons) for o in result.options}
    assert "but not as spot" in reasons["C"] and "rejected for" in reasons["B"]
    assert "-2 relies on Amazon S3 block file system" in reasons["D"]


def test_for_approach_must_name_an_approach(tmp_path):
    from selector.errors import KnowledgeError
    from selector.loader import load
    from tests.conftest import REPO
    source = REPO / "rules" / "etl" / "emr-spot-nodes.yaml"
    (tmp_path / "etl").mkdir()
    (tmp_path / "etl" / "emr-spot-nodes.yaml").write_text(
        source.read_text(encoding="utf-8").replace("for_approach: spot", "for_approach: cheapest"), encoding="utf-8")
    with pytest.raises(KnowledgeError, match="for_approach: 'cheapest' is not a value of the approach fact"):
        load(rules_dirs=[tmp_path])


def test_an_option_optimising_a_metric_the_wrong_way_is_penalised(kb):
    # The knowledge gives each tuning metric its direction: scores are maximised, errors and losses minimised.
    text = ("We tune a gradient-boosted classifier with SageMaker automatic model tuning. Which TWO objective "
            "settings are valid? (Choose two.)\n"
            "A. Minimize validation:mse\nB. Maximize validation:mae\nC. Maximize validation:ndcg\n"
            "D. Minimize validation:f1")
    result = answer_question(kb, text)
    assert result.choices == ["A", "C"]
    mae = option(result, "B")
    assert any(r.startswith("-1 sets MAE") and "it is minimized" in r for r in mae.reasons), mae.reasons


def test_an_option_naming_two_directions_is_not_judged_on_direction(kb):
    from selector.answer import ScoredOption, mentioned_nodes, score_direction
    scored = ScoredOption("A", "Minimize the log loss rather than maximize the RMSE")
    scored.nodes = mentioned_nodes(kb, scored.text)
    score_direction(kb, scored)
    assert scored.score == 0 and scored.reasons == []


def test_an_auc_near_half_reads_as_random_guessing(kb):
    text = ("A candidate churn classifier scores an AUROC of 0.49 on the test set. What does that say?\n"
            "A. It separates churners from loyal customers almost perfectly.\n"
            "B. It is no better than random guessing.")
    assert answer_question(kb, text).choices == ["B"]


def test_comparable_fold_errors_come_with_k_fold_on_small_data(kb):
    text = ("Our clinic has a small data set of 800 labelled scans, and setting aside a big hold-out set would "
            "starve training. How should the model be validated? (Choose two.)\n"
            "A. Keep 1% of the scans as the only test set.\nB. Use k-fold cross-validation with k = 5.\n"
            "C. When the error is similar across folds, the model generalises.\nD. Train for more epochs.")
    result = answer_question(kb, text)
    assert result.choices == ["B", "C"]


def test_a_choose_two_instruction_is_not_the_question_sentence():
    from selector.answer import asks_for_outliers, question_sentences
    stem = "Q1 is 20 and Q3 is 50. Which TWO values are outliers? (Choose two.)"
    assert question_sentences(stem)[-1] == "which two values are outliers?"
    assert asks_for_outliers(stem) is True
    assert asks_for_outliers("Q1 is 20 and Q3 is 50. Which value is not an outlier? (Select two)") is False


def test_outlier_values_below_the_lower_fence_count_in_a_choose_two_question(kb):
    text = ("Session lengths have a first quartile of 20 minutes and a third quartile of 50 minutes. Using the "
            "1.5 x IQR rule, which TWO values are outliers? (Choose two.)\nA. 100\nB. 90\nC. -30\nD. 0\nE. 60")
    assert answer_question(kb, text).choices == ["A", "C"]


def test_the_cause_of_vanishing_gradients_is_no_remedy_and_resnet_is_a_second_one(kb):
    text = ("We train a very deep recurrent network on long sequences and its gradients vanish. Which TWO changes "
            "help? (Choose two.)\nA. Use LSTM cells.\nB. Replace ReLU activations with sigmoid in all hidden "
            "layers.\nC. Add residual connections as in ResNet.\nD. Add more layers.")
    answer = answer_question(kb, text)
    assert answer.choices == ["A", "C"]
    assert option(answer, "B").score < 0


def test_options_applying_encodings_to_different_columns_are_judged_per_column(kb):
    # The stem describes an ordered column and an unordered one apart: each option's encoding is judged by the part of
    # the stem about the column it names, not by the one encoding the whole stem chose.
    text = ("A retailer models basket size. Its data has a membership level column (Basic, Plus, Premium), and a "
            "home region column with 40 regions in no natural order. Which TWO encodings fit? (Choose two.)\n"
            "A. Ordinal encoding for the membership level.\n"
            "B. Ordinal encoding for the home region.\n"
            "C. One-hot encoding for the home region.\n"
            "D. Drop the membership level.\n"
            "E. Hash both columns into one integer.")
    answer = answer_question(kb, text)
    assert answer.choices == ["A", "C"]
    by_label = {o.label: o for o in answer.options}
    assert by_label["B"].score < 0 and "home region" in by_label["B"].reasons[0]


def test_one_subject_named_by_every_option_is_the_whole_scenario(kb):
    from selector.answer import SubjectParts

    stem = "A network reaches 99% on training data and 70% on validation. Which TWO actions reduce overfitting?"
    assert set(SubjectParts(kb, stem, ["Add dropout to the network.", "Add layers to the network."]).parts) == set()
    two = "A tier column is ordered, and a country column has no order. Which encodings?"
    assert set(SubjectParts(kb, two, ["Ordinal encoding for the tier.", "One-hot encoding for the country."]).parts) == {
        "tier", "country"}


def test_the_service_that_provides_a_chosen_feature_counts_when_the_feature_is_not_offered(kb):
    # PII detection is a Comprehend feature: an option naming only the service gets the credit of the kind.
    text = ("A help desk must find names, phone numbers and home addresses inside ticket text before storing it, "
            "with a managed API and no ML staff. Which service should it call?\n"
            "A. Amazon Polly\nB. Amazon Comprehend\nC. Amazon Lex\nD. Amazon Translate")
    result = answer_question(kb, text)
    assert result.choices == ["B"]
    comprehend = option(result, "B")
    assert any(r.startswith("+2") and "the service that provides" in r for r in comprehend.reasons), comprehend.reasons


def test_an_option_that_names_no_phase_takes_the_phase_the_stem_asks_about(kb):
    from selector.answer import asked_phase
    stem = ("A retailer trained a DeepAR model on a GPU instance. It must now host the model on a real-time endpoint.")
    assert asked_phase(kb, stem, {"compute_phase": {"training", "inference"}}) == "inference"
    assert asked_phase(kb, stem, {"compute_phase": {"inference"}}) is None  # one phase: nothing to settle
    text = (f"{stem} Which instance should serve the forecasts?\n"
            "A. An ml.p3.2xlarge GPU instance\nB. A CPU instance such as ml.c5")
    result = answer_question(kb, text)
    assert result.choices == ["B"]
    gpu = option(result, "A")
    assert any(r.startswith("-2 relies on ml.p3") and "for inference" in r for r in gpu.reasons), gpu.reasons


PAIRING_STEM = ("Sensors push JSON readings through Kinesis Data Firehose into Amazon S3 and analysts query them "
                "with Athena in a columnar format. Which two Firehose settings should be used? (Choose two.)")


def test_a_chosen_service_given_a_part_of_its_rejected_alternative_is_no_evidence(kb):
    answer = answer_question(kb, f"{PAIRING_STEM}\nA. Add more shards to the Firehose delivery stream.\n"
                                 "B. Record format conversion to Apache Parquet.\nC. Amazon ElastiCache.")
    shards = option(answer, "A")
    assert shards.score < 0 and any("belongs to Amazon Kinesis Data Streams" in r for r in shards.reasons)


def test_a_conversion_into_a_format_the_named_converter_does_not_write_loses(kb):
    answer = answer_question(kb, f"{PAIRING_STEM}\nA. Firehose with conversion to RecordIO-protobuf.\n"
                                 "B. Firehose with conversion to Apache ORC.\nC. Amazon ElastiCache.")
    by_label = {o.label: o for o in answer.options}
    assert by_label["A"].score < 0 and any("do not write" in r for r in by_label["A"].reasons)
    assert not any("do not write" in r for r in by_label["B"].reasons) and by_label["B"].score > 0
