from selector.calculators import endpoint_instances, kinesis_shards


def test_worked_shard_example_from_the_notes_gives_four_shards():
    setting = kinesis_shards({"record_kb": 500, "records_per_s": 2, "consumers": 7})
    assert setting.value == 4
    assert "read = 1000 KB/s x 7 consumers = 7000 KB/s" in setting.steps
    assert "by read: 7000 / 2000 = 3.5 shards" in setting.steps
    assert setting.steps[-1] == "shards = ceil(max(1, 3.5, 0.002)) = 4"


def test_write_bound_stream_sized_by_write_bandwidth():
    setting = kinesis_shards({"record_kb": 100, "records_per_s": 25, "consumers": 1})
    assert setting.value == 3  # 2500 KB/s writes / 1000 per shard


def test_record_count_limit_applies_to_tiny_records():
    setting = kinesis_shards({"record_kb": 0.1, "records_per_s": 4500, "consumers": 1})
    assert setting.value == 5  # 4500 records/s / 1000 per shard


def test_missing_inputs_are_named_not_guessed():
    setting = kinesis_shards({"record_kb": 500})
    assert setting.value is None
    assert setting.missing == ["records_per_s"]


def test_endpoint_instances_uses_safety_factor():
    setting = endpoint_instances({"peak_rps": 100, "instance_max_rps": 20, "safety_factor": 0.5})
    assert setting.value == 10
    assert any("x 60 = 600 per minute" in step for step in setting.steps)
