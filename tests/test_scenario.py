import pytest

from selector.errors import ScenarioError
from selector.models import FactDef
from selector.scenario import (
    compile_phrase,
    is_negated,
    number_readings,
    parse_fact_options,
    parse_number,
    read_fact,
    read_scenario,
)


def facts_by_name(found):
    return {f.name: f.value for f in found}


def test_numbers_with_units_and_words(kb):
    found = facts_by_name(read_scenario(
        "Producers write seven records per second; each record is 0.5 MB and 3 consumers read them.", kb.facts))
    assert found["records_per_s"] == 7
    assert found["record_kb"] == 500
    assert found["consumers"] == 3


@pytest.mark.parametrize("text,value", [("2,500", 2500), ("seven", 7), ("1.5k", 1500), ("a dozen", 12),
                                        ("3 million", 3_000_000), ("hundreds of", 100),
                                        ("tens of thousands of", 10_000)])
def test_parse_number(text, value):
    assert parse_number(text) == value


def test_longer_match_wins_over_contained_phrase(kb):
    found = facts_by_name(read_scenario("Dashboards can be near real-time.", kb.facts))
    assert found["latency"] == "near-real-time"


def test_negated_enum_phrase_is_dropped_and_bool_flips(kb):
    found = facts_by_name(read_scenario("We do not need real-time results. The team has no data scientists.",
                                        kb.facts))
    assert found.get("latency") != "real-time"
    assert found["ml_expertise"] is False


def test_negation_stops_at_clause_boundary():
    assert is_negated("we have no budget, but real-time", len("we have no budget, but "))  is False
    assert is_negated("we do not need real-time", len("we do not need "))


@pytest.mark.parametrize("text,word", [
    ("Some files are opened once and never again, others sit idle for months", "idle"),
    ("Some logs are never queried, others refresh a dashboard hourly", "refresh"),
])
def test_never_again_or_a_second_subject_ends_a_negated_list(text, word):
    assert is_negated(text, text.index(word)) is False


def test_a_list_headed_by_never_is_still_negated():
    text = "They never retrain, redeploy or monitor the model"
    assert is_negated(text, text.index("monitor"))


def test_access_nobody_can_predict_after_a_never_again_is_unpredictable(kb):
    text = "Some tables are read daily, then never again, others go quiet for a year, and no one can tell which."
    assert facts_by_name(read_scenario(text, kb.facts))["access_pattern"] == "unpredictable"


@pytest.mark.parametrize("text", [
    "The snapshots must be kept for a year for audits before being deleted.",
    "Staging files in the bucket should be removed after a week.",
])
def test_a_retention_that_ends_in_deletion_is_an_expiration(kb, text):
    assert any(f.value == "expire" for f in read_scenario(text, kb.facts) if f.name == "lifecycle_need")


def test_every_fact_keeps_its_words(kb):
    text = "Clickstream events should land in S3."
    for fact in read_scenario(text, kb.facts):
        assert fact.evidence and fact.evidence in text


def test_multi_valued_fact_keeps_each_value(kb):
    found = [f.value for f in read_scenario("We have product photos and customer reviews text.", kb.facts)
             if f.name == "data_type"]
    assert "image" in found and "text" in found


def test_empty_text_is_an_error(kb):
    with pytest.raises(ScenarioError, match="empty"):
        read_scenario("   \n", kb.facts)


def test_fact_options_are_typed_and_checked(kb):
    (fact,) = parse_fact_options(["record_kb=250"], kb.facts)
    assert fact.value == 250 and fact.origin == "option"
    with pytest.raises(ScenarioError, match="unknown fact"):
        parse_fact_options(["no_such_fact=1"], kb.facts)
    with pytest.raises(ScenarioError, match="takes one of"):
        parse_fact_options(["latency=tomorrow"], kb.facts)
    with pytest.raises(ScenarioError, match="NAME=VALUE"):
        parse_fact_options(["latency"], kb.facts)


def test_bool_fact_reads_true_and_false_phrases():
    fact = FactDef(name="flag", type="bool", description="d", file="f", values=("true", "false"),
                   phrases={"true": ("replay",), "false": ("one pass only",)})
    assert read_fact("we must replay it", fact)[0].value is True
    assert read_fact("we will never replay it", fact)[0].value is False
    assert read_fact("one pass only", fact)[0].value is False


@pytest.mark.parametrize("text,phrase,negated", [
    ("The team has no capacity to write consumer code, manage shards or operate servers.", "operate servers", True),
    ("without managing servers, writing code, or provisioning shards", "provisioning", True),
    ("We have no GPUs, so real-time scoring runs on CPUs.", "real-time", False),
    ("Data arrives with no schema, and we need Athena queries", "Athena", False),
    ("We have no data scientists. Events must land in S3 in real time.", "real time", False),
])
def test_negation_reaches_later_items_of_a_negated_list(text, phrase, negated):
    assert is_negated(text, text.index(phrase)) is negated


def test_vague_quantity_reads_as_its_lower_bound(kb):
    found = facts_by_name(read_scenario("We keep hundreds of terabytes of images in S3.", kb.facts))
    assert found["dataset_size_gb"] == 100_000


CONCEPT_FACT = FactDef(
    name="error_cost", type="enum", description="d", file="f", values=("false-negatives", "false-positives"),
    phrases={"false-negatives": (r"(miss\w*|slip\w* through) & (disaster|catastroph\w*|far worse)",),
             "false-positives": (r"false alarms? & (disaster|catastroph\w*|far worse)", r"false alarms? are costly")})


def test_conjunction_matches_its_parts_in_any_order_within_one_clause():
    found = read_fact("Letting a cheat slip through would be a disaster.", CONCEPT_FACT)
    assert [(f.value, f.evidence) for f in found] == [("false-negatives", "slip through would be a disaster")]
    assert read_fact("A disaster, if we ever miss one.", CONCEPT_FACT)[0].value == "false-negatives"


def test_conjunction_parts_in_different_clauses_do_not_match():
    text = "Missing a real leak costs little, while a false alarm would be a disaster."
    assert [f.value for f in read_fact(text, CONCEPT_FACT)] == ["false-positives"]


def test_conjunction_is_negated_when_a_part_is_and_yields_to_a_plain_phrase():
    assert read_fact("Missing a case is not a disaster.", CONCEPT_FACT) == []
    found = read_fact("Missing one is a disaster. False alarms are costly.", CONCEPT_FACT)
    assert [f.value for f in found] == ["false-positives"]  # a plain phrase was found, so conjunctions are not read


def test_concepts_are_expanded_at_load(tmp_path):
    from selector import loader
    vocab = tmp_path / "knowledge" / "vocabulary"
    vocab.mkdir(parents=True)
    (vocab / "team.yaml").write_text(
        "concepts:\n  few_people: ['(one|two) engineers', a small team]\n  busy: [swamped, overloaded]\n"
        "facts:\n  team_size:\n    type: enum\n    description: How big the team is.\n"
        "    values:\n      small: ['{few_people} & {busy}']\n      large: [large team]\n")
    kb = loader.load(*loader.default_dirs(extra_knowledge=[tmp_path / "knowledge"]))
    found = read_fact("We are a small team, and we are swamped.", kb.facts["team_size"])
    assert [f.value for f in found] == ["small"]


def test_conjunction_parts_far_apart_in_a_run_on_sentence_do_not_match():
    filler = ", and ".join(f"the {w} team reviews the plan" for w in ("legal", "security", "finance", "data", "ops"))
    text = f"Missing a case is something we track, {filler}, and any outage would be a disaster."
    assert read_fact(text, CONCEPT_FACT) == []
    assert read_fact("Missing a case would be a disaster.", CONCEPT_FACT)[0].value == "false-negatives"


def test_an_unknown_concept_is_reported_where_its_phrase_was_written(tmp_path):
    from selector import loader
    vocab = tmp_path / "knowledge" / "vocabulary"
    vocab.mkdir(parents=True)
    (vocab / "extra.yaml").write_text("phrases:\n  latency:\n    real-time: ['{instantly}']\n")
    _, problems = loader.validate(*loader.default_dirs(extra_knowledge=[tmp_path / "knowledge"]))
    assert problems == ["knowledge/vocabulary/extra.yaml: phrases.latency.real-time[0]: unknown concept {instantly} "
                        "(define it under concepts:)"]


def test_explain_shows_phrases_as_written_not_their_expansion(kb):
    from selector.teach import explain
    written = [p for ps in explain(kb, "error_cost")["phrases"].values() for p in ps]
    assert "{eval_slips_by} & {eval_real_positive} & {eval_severe}" in written
    assert kb.facts["error_cost"].phrases != kb.facts["error_cost"].written  # the reader gets the expansion


@pytest.mark.parametrize("text,fact,value", [
    ("Every upload must be encrypted with our key by default, even when teams forget to request encryption.",
     "encryption_enforcement", "automatic"),
    ("Uploads to the bucket that do not specify SSE-KMS must be rejected.", "encryption_enforcement",
     "reject-unencrypted"),
    ("Console sign-in must not rely on passwords alone.", "second_factor_sign_in", True),
    ("The records held in the Kinesis data stream must be stored encrypted.", "encrypt_resource", "kinesis-stream"),
    ("Objects must be encrypted at rest without counting on every client to send an encryption header.",
     "encryption_enforcement", "automatic"),
    ("The simplest option is to keep the default encryption.", "key_management", "aws-managed"),
])
def test_security_requirements_read_from_their_meaning(kb, text, fact, value):
    found = facts_by_name(read_scenario(text, kb.facts))
    assert found[fact] == value


@pytest.mark.parametrize("text", [
    "Turn on S3 default encryption for the bucket.",
    "Enable default encryption on the bucket with a customer managed KMS key.",
])
def test_bucket_default_encryption_does_not_say_who_holds_the_key(kb, text):
    # the bucket setting can name a KMS key: it is not a choice of AWS-managed keys
    found = facts_by_name(read_scenario(text, kb.facts))
    assert found.get("key_management") != "aws-managed"


def test_negated_words_inside_a_phrase_do_not_flip_it(kb):
    found = facts_by_name(read_scenario("No bucket in this account may ever become public.", kb.facts))
    assert found["public_access_risk"] is True


@pytest.mark.parametrize("text,fact,expected", [
    ("Producers aggregate records with the KPL before they reach our Kinesis Data Analytics application.",
     "stream_needs_preprocessing", True),
    ("Producers aggregate records with the KPL to raise throughput per shard.", "stream_needs_preprocessing", None),
    ("Analysts write PySpark in Jupyter notebooks on our EMR cluster.", "spark_notebook", True),
    ("A data scientist explores a CSV with pandas in a SageMaker notebook.", "spark_notebook", None),
    ("Three consumers are hitting the shared read limit of each shard.", "dedicated_reads", True),
])
def test_stream_and_cluster_situations_are_read_from_their_parts(kb, text, fact, expected):
    assert facts_by_name(read_scenario(text, kb.facts)).get(fact) == expected


@pytest.mark.parametrize("text,name,value", [
    ("We must minimise Type II errors in the screening model.", "error_cost", "false-negatives"),
    ("For the spam filter a type 1 error is far more costly.", "error_cost", "false-positives"),
    ("The residual histogram is a bell centred at zero.", "prediction_bias", "random"),
    ("The residuals are centred around +12 dollars.", "prediction_bias", "underestimates"),
    ("Score the translations against human reference translations.", "seq_metric_need", "reference-overlap"),
    ("We want the cross-entropy of the model on held-out sentences.", "seq_metric_need", "predictive-fit"),
    ("We will fine-tune the entire pre-trained network on our X-rays.", "fine_tune_all_layers", True),
    ("Backpropagation through every time step makes training take days.", "rnn_training_expensive", True),
])
def test_notes_facts_from_the_coverage_audit_are_read(kb, text, name, value):
    assert facts_by_name(read_scenario(text, kb.facts)).get(name) == value


def test_type_one_and_type_two_errors_are_not_confused(kb):
    found = facts_by_name(read_scenario("Reducing Type II errors matters most.", kb.facts))
    assert found["error_cost"] == "false-negatives"
    assert facts_by_name(read_scenario("Reducing Type I errors matters most.", kb.facts))["error_cost"] == "false-positives"


@pytest.mark.parametrize("text,fact,expected", [
    ("Each event is about two hundred kilobytes and we produce ten a second.", "record_kb", 200),
    ("Every record is five hundred KB.", "record_kb", 500),
    ("The readings should show up in the bucket as column-oriented files.", "file_format", "columnar"),
    ("Inspectors film the pipelines with their phones and drones.", "data_type", "video"),
    ("Flag odd-looking web requests, scoring each one for how unusual it is.", "problem_type", "anomaly-detection"),
    ("We are happy to write our own producer and reader code.", "data_arrival", "streaming"),
    ("The app logs from our fleet are shipped to Splunk.", "data_arrival", "streaming"),
    ("Truck GPS pings go to the warehouse every minute or two.", "data_arrival", "streaming"),
])
def test_streaming_ingestion_everyday_wordings_are_read(kb, text, fact, expected):
    assert facts_by_name(read_scenario(text, kb.facts)).get(fact) == expected


def test_bucket_destination_does_not_swallow_another_destination(kb):
    found = read_scenario("Logs are shipped to Splunk, with gzipped copies kept in the bucket.", kb.facts)
    assert {f.value for f in found if f.name == "destination"} == {"splunk", "s3"}


def test_a_score_per_request_within_milliseconds_is_not_a_stream(kb):
    found = facts_by_name(read_scenario("The checkout needs a fraud score for each payment in under 100 ms.", kb.facts))
    assert found.get("data_arrival") != "streaming"


@pytest.mark.parametrize("text,fact,expected", [
    # a miss told by the event it sets off; a false alarm made "by mistake" that costs little
    ("A worn bearing that goes unnoticed could bring the whole line down.", "error_cost", "false-negatives"),
    ("A healthy engine grounded by mistake only costs the crew an hour.", "error_cost", "false-negatives"),
    # a false alarm told by the customer leaving and complaining; a positive staying up a while is tolerable
    ("Each time we freeze an honest shopper's card they cancel and post about it online.", "error_cost",
     "false-positives"),
    ("A few scrapers remaining active until the weekly sweep is tolerable.", "error_cost", "false-positives"),
    # each pick that proves negative wastes the effort; a missed positive is not lost
    ("Every household on the visit list that turns out not to qualify is a wasted trip.", "error_cost",
     "false-positives"),
    ("Members who don't make the outreach list are not lost; the annual mailing reaches them.", "error_cost",
     "false-positives"),
    ("Which number should we push up?", "asks_metric", True),
    # a numeric target stated in units, and an error figure in them
    ("We estimate each field's wheat yield for the whole season in tonnes.", "problem_type", "regression"),
    ("They want an error figure they can read in dollars.", "problem_type", "regression"),
    ("Being way off on a few big orders hurts more than being slightly off on lots of small ones.", "error_profile",
     "large-errors-costly"),
])
def test_evaluation_costs_and_targets_told_by_their_consequences_are_read(kb, text, fact, expected):
    assert facts_by_name(read_scenario(text, kb.facts)).get(fact) == expected


def test_a_time_window_is_not_a_regression_unit(kb):
    found = facts_by_name(read_scenario("We predict which customers will leave in the next 90 days.", kb.facts))
    assert found.get("problem_type") != "regression"


def test_a_phrase_compiles_once_however_it_is_asked_for():
    # The loader checks a phrase with compile_phrase(p), the reader asks for compile_phrase(p, ()): one regex.
    phrase = "(nightly|weekly) exports? of {NUM} tables"
    assert compile_phrase(phrase) is compile_phrase(phrase, ())
    assert compile_phrase(phrase, ("forty two",)) is not compile_phrase(phrase)


def test_a_number_stated_twice_with_different_values_gives_every_reading(kb):
    text = "One group fits its model on 600 MB of reviews; the other on 12 GB of support tickets."
    readings = number_readings(text, kb.facts["dataset_size_gb"])
    assert [r.value for r in readings] == [12, 0.6]  # the tightest match first, as read_fact takes it
    assert read_fact(text, kb.facts["dataset_size_gb"])[0].value == 12
    assert [r.value for r in number_readings("A 40 GB data set, 40 GB again.", kb.facts["dataset_size_gb"])] == [40]


@pytest.mark.parametrize("text,fact,value", [
    ("We cannot afford to lose the progress of a two-day run when Spot reclaims the node.", "resume_need", True),
    ("Interviewers paired paragraphs as related or not, and we need vectors for whole paragraphs.",
     "text_granularity", "document"),
    ("Interviewers paired paragraphs; we hold pairs of paragraphs marked related.", "text_granularity", "pair"),
    ("Write the checkpoints to Amazon S3 every hour.", "checkpoint_store", "s3"),
    ("Keep checkpoints on the instance's local disk.", "checkpoint_store", "local-disk"),
    ("Exports are read heavily in the first week and rarely during the following months.", "lifecycle_need",
     "transition"),
    ("Invoices must be deleted after ten years.", "lifecycle_need", "expire"),
])
def test_situations_read_from_their_meaning(kb, text, fact, value):
    assert value in {f.value for f in read_scenario(text, kb.facts) if f.name == fact}


def test_a_tally_of_outcomes_states_no_cost_or_need(kb):
    tally = ("Of 500 loans, 40 good borrowers were wrongly flagged and 400 good borrowers were correctly cleared.")
    found = [f for f in read_scenario(tally, kb.facts) if f.name in ("error_cost", "metric_need")]
    assert found == []
    stated = "Our main worry is never letting fraud through; 40 good borrowers were wrongly flagged."
    assert [f.value for f in read_scenario(stated, kb.facts) if f.name == "error_cost"] == ["false-negatives"]


@pytest.mark.parametrize("text, value", [
    ("The model reached an AUC of 0.97 on held-out data.", 0.97),
    ("Its area under the ROC curve (AUC) is about 0.5.", 0.5),
    ("The detector's AUROC was .62.", 0.62),
])
def test_auc_value_is_read_from_the_score_stated(kb, text, value):
    assert facts_by_name(read_scenario(text, kb.facts))["auc_value"] == value


def test_an_auc_percentage_is_not_an_auc_value(kb):
    assert "auc_value" not in facts_by_name(read_scenario("AUC improved by 0.5 % last week.", kb.facts))


def test_a_false_alarm_called_mild_is_not_read_as_the_costly_error(kb):
    # "a legitimate order is rejected" alone names the costly error; followed by "only ... mildly" it is the cheap one.
    found = facts_by_name(read_scenario(
        "When a real fraud is not caught the shop loses the money; when a legitimate order is rejected, the buyer is "
        "only mildly inconvenienced.", kb.facts))
    assert found["error_cost"] == "false-negatives"
    costly = facts_by_name(read_scenario("Legitimate orders are rejected far too often.", kb.facts))
    assert costly["error_cost"] == "false-positives"


def test_a_tolerated_miss_makes_false_alarms_the_costly_error(kb):
    found = facts_by_name(read_scenario("Some junk mails landing in the inbox are tolerated by our users.", kb.facts))
    assert found["error_cost"] == "false-positives"
