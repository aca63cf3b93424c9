"""Wordings the reader learned from a fifth fresh development set (dev-para5): a database's wished-for home on AWS,
data cleaned "up" or with PySpark, a container fanned out over millions of media files, a budget cut, a threshold
to be decided later, and a remedy the team already applies (which is then not recommended again)."""

from __future__ import annotations

import pytest

from selector.scenario import is_negated
from tests.conftest import facts_read, winners


@pytest.mark.parametrize("text", [
    "Our inventory database is MySQL on a server in the office, and the board wants it to run on Aurora next year.",
    "We plan on moving the Oracle database from the old colo to a database instance on AWS.",
])
def test_a_database_headed_for_aws_is_a_migration(kb, text):
    assert facts_read(kb, text).get("database_migration") == {True}
    assert winners(kb, text).get("data-movement") == "dms"


def test_a_database_already_on_aurora_is_not_a_migration(kb):
    text = "Our inventory database already lives in Aurora and serves the shop."
    assert "database_migration" not in facts_read(kb, text)


@pytest.mark.parametrize("text", [
    "Sensor CSVs arrive with duplicated header rows every night and we clean them up before loading.",
    "Each evening we scrub the invoice extracts with PySpark.",
])
def test_cleaning_told_as_cleaning_up_or_with_spark_is_etl(kb, text):
    assert facts_read(kb, text).get("needs_etl") == {True}


def test_cleaning_already_done_upstream_is_not_etl(kb):
    assert "needs_etl" not in facts_read(kb, "The files were cleaned upstream before they reach us.")


def test_a_container_fanned_out_over_millions_of_media_files_is_a_batch_job(kb):
    text = ("Our encoder is a Docker image; every month two million videos have to be transcoded by it and nothing "
            "should run in between.")
    assert facts_read(kb, text).get("bulk_media_processing") == {True}
    assert winners(kb, text).get("etl-service") == "aws-batch"


def test_resizing_images_for_training_is_not_a_batch_job(kb):
    text = "We resize the images to 224 by 224 pixels before training the CNN."
    assert "bulk_media_processing" not in facts_read(kb, text)


@pytest.mark.parametrize("text", ["Finance halved our training budget.", "The compute budget was just cut again."])
def test_a_cut_budget_is_a_cost_priority(kb, text):
    assert "lowest-cost" in facts_read(kb, text).get("priority", set())


@pytest.mark.parametrize("text", [
    "The risk team will set the cut-off later, so compare the two default models in a way that does not depend on "
    "any particular threshold.",
    "Which metric should rank our two candidate classifiers if the threshold gets decided down the line?",
])
def test_a_threshold_left_for_later_asks_for_a_threshold_free_metric(kb, text):
    assert facts_read(kb, text).get("metric_need") == {"threshold-independent"}


def test_a_remedy_already_in_place_is_not_recommended_again(kb):
    text = ("Our image network is overfitting: 97% on training photos, 70% on new ones. We already stop training once "
            "the validation loss stops improving.")
    assert facts_read(kb, text).get("remedy_in_place") == {"early-stopping"}
    chosen = winners(kb, text)
    assert "training-stop-criterion" not in chosen
    assert chosen.get("overfitting-remedy") not in (None, "early-stopping")


def test_dropout_already_in_place_moves_the_remedy_on(kb):
    text = "Our neural network already uses dropout after every layer and still overfits the training data."
    assert facts_read(kb, text).get("remedy_in_place") == {"dropout"}
    assert winners(kb, text).get("overfitting-remedy") not in (None, "dropout")


# --- a sixth fresh development set (dev-para6)

def test_naming_a_false_alarm_that_is_then_called_cheap_is_not_a_costly_false_positive(kb):
    text = ("A patient with the infection that we wrongly send home could die; a healthy one we "
            "wrongly flag merely gets a swab. Which metric?")
    assert facts_read(kb, text).get("error_cost") == {"false-negatives"}
    assert winners(kb, text).get("classification-metric") == "recall"


def test_both_mistakes_costing_the_same_is_f1(kb):
    text = "The two mistakes hurt the shop roughly the same; which single metric should we track?"
    assert "both" in facts_read(kb, text).get("error_cost", set())
    assert winners(kb, text).get("classification-metric") == "f1-score"


def test_accuracy_of_the_fill_over_speed_is_a_highest_accuracy_priority(kb):
    text = "The quality of the imputed values matters much more than how long it runs."
    assert "highest-accuracy" in facts_read(kb, text).get("priority", set())


def test_a_method_rejected_several_words_later_is_not_wanted(kb):
    facts = facts_read(kb, "The k-nearest neighbours fill we tried makes no sense for the region codes.")
    assert "neighbours" not in facts.get("imputer_wanted", set())


def test_one_model_learning_every_gap_is_a_learned_imputer(kb):
    assert facts_read(kb, "We want to build a single model that learns to fill in every blank, text or number.").get(
        "imputer_wanted") == {"neural"}


def test_teams_with_their_own_apps_are_counted_as_consumers(kb):
    text = "Three departments each run their own applications on the clickstream."
    assert facts_read(kb, text).get("consumers") == {3}


def test_a_bill_to_be_cut_is_a_cost_priority(kb):
    text = "Finance wants the inference bill cut before the next quarter."
    assert "lowest-cost" in facts_read(kb, text).get("priority", set())


def test_a_few_units_doing_the_work_is_dropout(kb):
    assert "dropout" in facts_read(kb, "It looks like a handful of neurons are carrying all the weight.").get(
        "remedy_wanted", set())


# --- a seventh fresh development set (dev-para7)

def test_rather_than_sets_aside_a_service_a_few_words_later(kb):
    text = "Count sign-ups per minute with SQL over the events as they arrive rather than in a nightly Athena query."
    assert "athena" not in winners(kb, text).values()


def test_a_contrast_ends_a_negated_list(kb):
    facts = facts_read(kb, "No reshaping and no Spark, just keep the copy current, with minimal downtime for the shop.")
    assert facts.get("source_stays_online") == {True}


def test_as_many_of_one_class_as_the_other_is_balanced(kb):
    text = "The sample holds roughly as many churners as loyal customers."
    assert facts_read(kb, text).get("class_balance") == {"balanced"}


def test_a_miss_told_as_tolerated_makes_false_alarms_the_costly_error(kb):
    text = "Letting a few fake reviews through is annoying but acceptable. Which number should decide the launch?"
    assert facts_read(kb, text).get("error_cost") == {"false-positives"}


@pytest.mark.parametrize("text, decision, choice", [
    ("A nightly copy of the DynamoDB table has to be landed in Amazon S3 by a managed service that moves data "
     "between these AWS services on a schedule.", "data-movement", "data-pipeline"),
    ("Our promotion pipeline has three stages: gather, train and approve, and each is retried on failure.",
     "workflow-orchestration", "step-functions"),
    ("App logs from 60 containers -> Amazon Redshift, fully managed, delivery within a few minutes.",
     "streaming-ingestion", "kinesis-data-firehose"),
    ("Flag odd spikes by expressing the check as a query over the events as they arrive, serverless.",
     "stream-analytics", "kinesis-data-analytics"),
])
def test_needs_told_without_the_category_words(kb, text, decision, choice):
    assert winners(kb, text).get(decision) == choice


# Wordings from an eighth fresh development set (dev-para8).

def test_an_emphatic_negation_does_not_negate_the_next_clause(kb):
    text = ("The solver is a compiled C++ binary with no Spark anywhere, and each month about two thousand "
            "independent runs of it are needed.")
    assert facts_read(kb, text).get("batch_compute_job") == {True}


def test_a_list_after_a_negation_is_still_negated(kb):
    assert facts_read(kb, "We have no time to write code, manage shards or run servers.").get("priority") \
        == {"least-effort"}


def test_servers_writing_logs_tolerating_a_minute_of_delay_is_firehose(kb):
    text = "Our game servers write match logs that should end up in S3; a minute or two of delay is fine."
    facts = facts_read(kb, text)
    assert facts.get("data_arrival") == {"streaming"} and facts.get("latency") == {"near-real-time"}
    assert winners(kb, text).get("streaming-ingestion") == "kinesis-data-firehose"


def test_nobody_reading_a_feed_live_is_not_an_archive(kb):
    assert "access_pattern" not in facts_read(kb, "Nobody reads them live, so a short lag is fine.")
    assert facts_read(kb, "Nobody ever opens these files after a year.").get("access_pattern") == {"archive"}


def test_a_tolerated_miss_that_reaches_people_makes_false_alarms_the_costly_error(kb):
    text = "A blocked real order lost us a customer; a few fake orders reaching the warehouse, though, nobody minds."
    assert facts_read(kb, text).get("error_cost") == {"false-positives"}


def test_one_big_miss_worse_than_several_small_ones_is_rmse(kb):
    text = ("We estimate parcel weights. Being off by 5 kg once is far worse for us than being off by half a kilo "
            "a few times.")
    assert facts_read(kb, text).get("error_profile") == {"large-errors-costly"}
    assert winners(kb, text).get("regression-metric") == "rmse"


def test_predictions_told_as_money_amounts_are_a_regression(kb):
    text = "Which score suits a model whose predictions are dollar amounts?"
    assert facts_read(kb, text).get("problem_type") == {"regression"}


def test_a_deadline_at_the_end_of_the_day_is_a_hurry(kb):
    text = "Ten of 500,000 rows are missing the region, at random, and the model must be trained by the end of today."
    assert winners(kb, text).get("missing-data-imputation") == "drop-missing-rows"


# Wordings from a ninth fresh development set (dev-para9).

def test_a_new_clause_after_a_negation_is_not_part_of_a_negated_list(kb):
    text = "Values sit near 21 with no odd spikes either way, it's a numeric column, and a quick fill is fine."
    facts = facts_read(kb, text)
    assert facts.get("has_outliers") == {False}
    assert facts.get("tabular_context") == {True} and facts.get("fill_wanted") == {True}


def test_the_verb_spot_is_not_spot_capacity(kb):
    assert "wants_spot" not in facts_read(kb, "Rekognition should spot people entering the yard.")
    assert facts_read(kb, "Train on Spot to cut the bill.").get("wants_spot") == {True}


def test_footage_sent_as_it_is_recorded_is_a_stream(kb):
    text = "Six cameras send their footage to AWS as it is recorded."
    assert facts_read(kb, text).get("data_arrival") == {"streaming"}


def test_a_big_train_new_gap_joined_by_and_is_overfitting(kb):
    text = "The model scores 97% on the training photos and 64% on new ones."
    assert facts_read(kb, text).get("fit_symptom") == {"overfitting"}


def test_a_few_neurons_carrying_everything_asks_for_dropout(kb):
    text = "Our network overfits and a handful of hidden units seem to carry everything."
    assert facts_read(kb, text).get("remedy_wanted") == {"dropout"}


def test_reshaping_json_into_parquet_is_etl(kb):
    facts = facts_read(kb, "We reshape the JSON drops in S3 into Parquet each night.")
    assert facts.get("needs_etl") == {True} and facts.get("needs_format_conversion") == {True}


def test_the_last_negator_before_a_list_heads_it(kb):
    text = "The jobs don't talk to each other, and none of this is Spark or Hadoop."
    assert "big_data_tool" not in facts_read(kb, text)


# Wordings from a tenth fresh development set (dev-para10).

def test_a_subject_that_wants_something_starts_a_new_clause_after_a_negated_list(kb):
    text = "It should retry without us coding that into every Lambda, and compliance wants a visual history of every run."
    assert facts_read(kb, text).get("multi_step_workflow") != {False}


def test_a_record_size_after_the_stream_it_goes_into(kb):
    text = "We write 30 records per second into our Kinesis data stream, each about 100KB, and three consumers read it."
    assert facts_read(kb, text).get("record_kb") == {100}


def test_events_that_must_reach_our_own_code_are_a_stream(kb):
    assert facts_read(kb, "Swipe events must reach our own fraud code within 200 ms.").get("data_arrival") \
        == {"streaming"}


def test_a_fraction_of_the_on_demand_price_is_spot(kb):
    assert facts_read(kb, "We want the training at a fraction of the on-demand price.").get("wants_spot") == {True}


def test_the_noun_forecast_is_not_a_forecasting_problem(kb):
    assert "problem_type" not in facts_read(kb, "The cloud bill came in at twice the forecast.")
    assert facts_read(kb, "We forecast next month's sales.").get("problem_type") == {"forecasting"}


def test_an_early_warning_model_for_a_disease_is_a_miss_costly_use_case(kb):
    assert facts_read(kb, "Our sepsis early-warning model flags patients.").get("error_domain") \
        == {"missed-positive-costly"}


# Wordings from an eleventh fresh development set (dev-para11).

@pytest.mark.parametrize("text, count", [
    ("Each order event is about 20 KB, we write 150 of them per second to our Kinesis data stream, and "
     "four services all have to consume every one of them.", 4),
    ("Three separate teams (fraud, search and ads) each need to read every event of the stream.", 3),
    ("Five downstream microservices will process every event from the Kinesis stream.", 5),
])
def test_consumers_that_have_to_read_the_stream_are_counted(kb, text, count):
    assert facts_read(kb, text).get("consumers") == {count}


@pytest.mark.parametrize("text", [
    "We could write the per-minute order totals as SQL or as a Flink job over the Kinesis stream as orders arrive.",
    "Flink or plain SQL are both fine; we want error counts per minute over the live clickstream.",
])
def test_sql_offered_beside_flink_is_streaming_sql(kb, text):
    assert facts_read(kb, text).get("stream_processing") == {"sql"}


def test_flink_wanted_after_sql_for_something_else_stays_flink(kb):
    text = "We already write SQL for the nightly reports, and now we want a Flink job that keeps per-user state."
    assert facts_read(kb, text).get("stream_processing") == {"flink"}


@pytest.mark.parametrize("text", [
    "After last quarter's complaints about the GPU bill, where should our built-in XGBoost training job run?",
    "The CFO wants to know why we are paying for GPU instances to train XGBoost; which family should we pick?",
    "We wasted a lot of money on GPU boxes for the XGBoost training last year; which instance family now?",
])
def test_gpu_use_questioned_as_a_cost_is_a_cpu_preference(kb, text):
    assert facts_read(kb, text).get("processor_preference") == {"cpu"}
    assert winners(kb, text).get("training-instance-type") == "m5-instances"


def test_gpus_wanted_for_speed_stay_a_gpu_preference(kb):
    assert facts_read(kb, "We want to use GPUs to speed up the XGBoost training job.").get("processor_preference") \
        == {"gpu"}


@pytest.mark.parametrize("text", [
    "Retraining our object detector takes all night and resumes from its last checkpoint in S3; the training budget "
    "was halved.",
    "Our bounding-box detector retrains every weekend from checkpoints, and we want the cheapest compute for it.",
])
def test_a_model_named_as_an_object_detector_is_object_detection(kb, text):
    assert facts_read(kb, text).get("problem_type") == {"object-detection"}
    assert winners(kb, text).get("training-purchase-option") == "managed-spot-training"


@pytest.mark.parametrize("text", [
    "Our LSTM overfits badly, and two or three neurons are doing nearly all the work.",
    "The CNN memorises its training photos; we want it to share its knowledge among many hidden units.",
    "A few units make almost all of the predictions in our network; spread its learning across many units.",
])
def test_a_few_units_carrying_almost_all_or_spreading_the_learning_asks_for_dropout(kb, text):
    assert "dropout" in facts_read(kb, text).get("remedy_wanted", set())


def test_spreading_training_over_machines_is_not_dropout(kb):
    assert "remedy_wanted" not in facts_read(kb, "Spread the training across many GPU instances to finish faster.")


@pytest.mark.parametrize("text", [
    "The pricing regression ought to drop most of the 2,000 store attributes by itself as it learns.",
    "While it trains, the churn classifier should leave out most of its 300 clickstream features on its own.",
    "Let the model ignore the majority of our 1,200 fields automatically.",
])
def test_the_model_setting_most_inputs_aside_itself_is_feature_selection(kb, text):
    assert "feature-selection" in facts_read(kb, text).get("regularization_goal", set())
    assert winners(kb, text).get("regularization-type") == "l1-regularization"


def test_people_ignoring_columns_is_not_feature_selection(kb):
    assert "regularization_goal" not in facts_read(kb, "Analysts ignore most of the columns in the weekly report anyway.")


@pytest.mark.parametrize("text", [
    "Letting some fake reviews through is irritating, but the moderators pick those up later anyway.",
    "Missing a defective bolt now and then is tolerable since the final inspection picks them up later.",
    "We froze an innocent merchant's account last week and they are suing us.",
])
def test_a_miss_caught_later_or_a_frozen_innocent_makes_false_alarms_costly(kb, text):
    assert facts_read(kb, text).get("error_cost") == {"false-positives"}


@pytest.mark.parametrize("text, costly", [
    ("A forged claim we don't catch costs the insurer $40k, while querying an honest claim costs a $3 letter.",
     "false-negatives"),
    ("Each counterfeit part that slips through costs us about $12,500; pulling a good part for a re-check costs $4.",
     "false-negatives"),
    ("Blocking a genuine customer's card loses us about $2,500 in lifetime value, while a fraud that slips through "
     "costs around $30.", "false-positives"),
])
def test_per_error_costs_in_thousands_or_a_few_dollars_name_the_costly_error(kb, text, costly):
    assert facts_read(kb, text).get("error_cost") == {costly}


def test_a_tally_of_outcomes_is_not_an_error_cost(kb):
    text = "The model flagged 120 sellers; 30 honest sellers were wrongly flagged and 15 fakes were missed."
    assert "error_cost" not in facts_read(kb, text)


# --- a twelfth fresh development set (dev-para12)

@pytest.mark.parametrize("text", [
    "Cut-over checklist: source is PostgreSQL on a rented server; target: Amazon RDS; no reshaping needed.",
    "Our billing DB relocation is planned for May; the branches keep working throughout.",
    "The tables stay where they are for now; new writes keep being replicated across until the switch-over night.",
])
def test_a_database_move_told_as_a_checklist_is_a_migration(kb, text):
    assert facts_read(kb, text).get("database_migration") == {True}
    assert winners(kb, text).get("data-movement") == "dms"


@pytest.mark.parametrize("text", [
    "The target is the churn label, and the model moves into production after the cut-over of the web shop.",
    "New changes to the training code are shipped every week.",
])
def test_a_label_target_or_shipped_code_is_not_a_migration(kb, text):
    assert "database_migration" not in facts_read(kb, text)


@pytest.mark.parametrize("text", [
    ("Checkout events arrive all day and we want a per-minute count of failed payments computed in SQL as they come "
     "in, with nothing to administer."),
    ("Without running any servers, the security team wants standard SQL over the arriving sign-in records that "
     "raises a flag when errors per minute spike."),
])
def test_no_servers_for_sql_over_a_stream_asks_for_analytics_not_delivery(kb, text):
    chosen = winners(kb, text)
    assert chosen.get("stream-analytics") == "kinesis-data-analytics"
    assert "streaming-ingestion" not in chosen


def test_a_stream_that_must_land_somewhere_still_gets_its_delivery_service(kb):
    text = "Clickstream events must land in S3 with no servers to manage, and a SQL query over the stream counts clicks."
    assert winners(kb, text).get("streaming-ingestion") == "kinesis-data-firehose"


@pytest.mark.parametrize("text", ["the arriving sign-in records", "SQL over incoming events"])
def test_arriving_records_named_before_the_noun_are_a_stream(kb, text):
    assert facts_read(kb, text).get("data_arrival") == {"streaming"}


@pytest.mark.parametrize("text", [
    "It's boosted trees on a table, not a neural net, and the classic version runs out of memory.",
    "It is not a deep network, and the old model exhausts the memory of the box.",
])
def test_a_new_subject_after_a_negated_item_ends_the_negated_list(kb, text):
    assert facts_read(kb, text).get("memory_pressure") == {True}


def test_a_short_item_after_a_negated_head_stays_in_the_list():
    text = "we need no GPU, or the big cluster"
    assert is_negated(text, text.index("cluster"))


@pytest.mark.parametrize("text, task", [
    ("the weekly retrain of the object-detection model", "object-detection"),
    ("our image-classification network", "image-classification"),
    ("a semantic-segmentation model for road scenes", "semantic-segmentation"),
])
def test_a_task_name_written_with_a_hyphen_is_read(kb, text, task):
    assert task in facts_read(kb, text).get("problem_type", set())


@pytest.mark.parametrize("text", [
    "For the SageMaker training runs I chose the cheap, interruptible purchasing option.",
    "Which pre-emptible pricing model suits the nightly training job?",
])
def test_spot_told_as_an_interruptible_purchasing_option(kb, text):
    assert facts_read(kb, text).get("wants_spot") == {True}


@pytest.mark.parametrize("text, costly", [
    (("A tumour the model passes over costs about 200,000 euros in damages, while a scan it wrongly flags costs a "
      "90-euro follow-up appointment."), "false-negatives"),
    (("A fraud the model skips over costs the bank $15,000, while a payment it mistakenly blocks costs a $5 support "
      "call."), "false-negatives"),
    (("Each loyal customer the model wrongly blocks costs us 3,000 euros in lost business, while a fraud it passes "
      "over costs 20 euros."), "false-positives"),
])
def test_error_costs_in_thousands_against_tens_name_the_costly_error(kb, text, costly):
    assert facts_read(kb, text).get("error_cost") == {costly}


def test_a_false_alarm_costing_hundreds_is_not_called_light(kb):
    # hundreds are neither heavy nor light by themselves: next to $20, $400 is the costly error
    text = "Every account our model freezes by mistake costs us about $400. Every fraudster it lets through costs $20."
    assert "false-negatives" not in facts_read(kb, text).get("error_cost", set())


@pytest.mark.parametrize("text", [
    "Real messages, an invoice or a job offer, end up in junk and are never seen. Which quantity should I be improving?",
    ("Genuine e-mails, a payslip or a contract from a client, keep landing in the spam folder. Which rate should we "
     "be optimising?"),
])
def test_real_mail_in_junk_with_examples_between_and_a_quantity_to_improve(kb, text):
    found = facts_read(kb, text)
    assert found.get("error_cost") == {"false-positives"}
    assert found.get("asks_metric") == {True}


@pytest.mark.parametrize("text", [
    "Most answers fall between 30k and 90k, but a handful of founders reported 40 million and more.",
    "A couple of enterprise clients spent 3 million last year.",
    "We need a simple fill for the blanks that those few answers don't drag upward.",
])
def test_a_few_entries_in_millions_or_a_fill_they_must_not_drag_are_outliers(kb, text):
    assert facts_read(kb, text).get("has_outliers") == {True}


def test_a_few_tables_with_millions_of_rows_are_not_outliers(kb):
    assert "has_outliers" not in facts_read(kb, "A few tables have 10 million rows.")


@pytest.mark.parametrize("text", [
    'The "city" field of the sign-up form is empty for 5% of members.',
    "The filled ones say things like Porto, Lyon and Graz.",
    "Averaging makes no sense for a field like this.",
    "Averaging city names is meaningless.",
])
def test_a_text_column_told_by_quotes_examples_or_a_meaningless_average(kb, text):
    assert facts_read(kb, text).get("column_type") == {"nominal"}


def test_an_average_spoiled_by_outliers_is_not_a_text_column(kb):
    assert "column_type" not in facts_read(kb, "Averaging makes no sense here because of the outliers.")


@pytest.mark.parametrize("text", [
    "Letting an occasional fraudster through is something our chargeback insurance absorbs.",
    "Allowing the odd fake claim past the model is fine, the insurer covers it.",
])
def test_a_miss_an_insurer_pays_for_makes_false_alarms_the_costly_error(kb, text):
    assert facts_read(kb, text).get("error_cost") == {"false-positives"}


def test_letting_costly_misses_through_stays_the_costly_miss(kb):
    found = facts_read(kb, "Letting a few defective parts through costs us recalls worth millions.")
    assert found.get("error_cost") != {"false-positives"}
