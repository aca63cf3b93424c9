"""Storage wordings the reader learned from the more11 dev misses: access that changes from one period to the next,
schema-on-read told as refusing schemas up front, lifecycle needs told as 'their first month ... rarely after' and
'disappear automatically', and EMR data that must outlive the cluster next to scratch data."""

from __future__ import annotations

import pytest

from tests.conftest import facts_read, winners


@pytest.mark.parametrize("text", [
    "For the exports in our S3 bucket, the access pattern changes from week to week.",
    "The experiment outputs in S3 are opened unpredictably by new teams.",
])
def test_access_that_changes_between_periods_is_unpredictable(kb, text):
    assert facts_read(kb, text).get("access_pattern") == {"unpredictable"}
    assert winners(kb, text).get("s3-storage-class") == "s3-intelligent-tiering"


def test_access_that_never_changes_is_not_unpredictable(kb):
    text = "Reports in the S3 bucket are read every morning; the access pattern changes nothing about cost."
    assert "unpredictable" not in facts_read(kb, text).get("access_pattern", set())


@pytest.mark.parametrize("text", [
    "We do not want to define schemas before storing the raw exports.",
    "Analysts will decide later how to interpret each file.",
])
def test_schema_on_read_told_as_refusing_schemas_up_front(kb, text):
    assert "data-lake" in facts_read(kb, text).get("store_workload", set())


def test_a_schema_defined_before_loading_is_not_a_data_lake(kb):
    text = "The finance team must define the schema before loading orders into its warehouse."
    assert "data-lake" not in facts_read(kb, text).get("store_workload", set())


def test_used_often_in_their_first_month_then_rarely_is_a_transition(kb):
    text = "Snapshots in S3 are used often in their first month and rarely after that."
    assert "transition" in facts_read(kb, text).get("lifecycle_need", set())


def test_disappearing_automatically_is_an_expiration(kb):
    text = "Staging files in the S3 bucket should disappear automatically after a week."
    assert "expire" in facts_read(kb, text).get("lifecycle_need", set())


def test_data_that_must_outlive_the_cluster_goes_to_emrfs_even_beside_scratch_data(kb):
    text = ("Our EMR job writes shuffle data it can drop, but the final tables must survive after the cluster is "
            "terminated.")
    assert facts_read(kb, text).get("intermediate_data") == {True}
    assert winners(kb, text).get("emr-storage") == "emrfs"


def test_scratch_data_alone_still_goes_to_hdfs(kb):
    text = "On EMR our iterative Spark job rereads intermediate results many times and needs fast scratch space."
    assert winners(kb, text).get("emr-storage") == "hdfs"
