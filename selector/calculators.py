"""Sizing formulas the notes teach, each showing its arithmetic.

A calculator takes the scenario's facts (name -> value) and returns a Setting, or names the facts it is missing.
Rules name a calculator with `compute:`; `selector calc` runs them directly.
"""

from __future__ import annotations

import math
from typing import Any, Callable

from selector.models import Setting

KDS_WRITE_KB_PER_SHARD = 1000  # 1 MB/s per shard (001 lines 43)
KDS_READ_KB_PER_SHARD = 2000  # 2 MB/s per shard, shared by consumers (001 lines 44)
KDS_RECORDS_PER_SHARD = 1000  # 1000 records/s per shard


def fmt(number: float) -> str:
    """Print 3.0 as 3 and 3.5 as 3.5."""
    return f"{number:g}" if abs(number) < 1e15 else str(number)


def _missing(facts: dict[str, Any], names: list[str], unit: str) -> Setting | None:
    absent = [n for n in names if facts.get(n) is None]
    return Setting(value=None, unit=unit, steps=[], missing=absent) if absent else None


def kinesis_shards(facts: dict[str, Any]) -> Setting:
    """Shards = ceil(max(write KB/s / 1000, read KB/s / 2000, records/s / 1000)), read = write x consumers."""
    missing = _missing(facts, ["record_kb", "records_per_s"], "shards")
    if missing:
        return missing
    record_kb = float(facts["record_kb"])
    records_per_s = float(facts["records_per_s"])
    consumers = float(facts.get("consumers") or 1)
    write = record_kb * records_per_s
    read = write * consumers
    by_write = write / KDS_WRITE_KB_PER_SHARD
    by_read = read / KDS_READ_KB_PER_SHARD
    by_records = records_per_s / KDS_RECORDS_PER_SHARD
    need = max(by_write, by_read, by_records)
    shards = max(1, math.ceil(need - 1e-9))
    steps = [
        f"write = {fmt(record_kb)} KB x {fmt(records_per_s)} records/s = {fmt(write)} KB/s",
        f"read = {fmt(write)} KB/s x {fmt(consumers)} consumers = {fmt(read)} KB/s",
        f"by write: {fmt(write)} / {KDS_WRITE_KB_PER_SHARD} = {fmt(by_write)} shards",
        f"by read: {fmt(read)} / {KDS_READ_KB_PER_SHARD} = {fmt(by_read)} shards",
        f"by record count: {fmt(records_per_s)} / {KDS_RECORDS_PER_SHARD} = {fmt(by_records)} shards",
        f"shards = ceil(max({fmt(by_write)}, {fmt(by_read)}, {fmt(by_records)})) = {shards}",
    ]
    if facts.get("consumers") is None:
        steps.insert(1, "consumers not given: assumed 1")
    return Setting(value=shards, unit="shards", steps=steps)


def endpoint_instances(facts: dict[str, Any]) -> Setting:
    """Instances = ceil(peak requests/s / (max requests/s per instance x safety factor))."""
    missing = _missing(facts, ["peak_rps", "instance_max_rps"], "instances")
    if missing:
        return missing
    peak = float(facts["peak_rps"])
    per_instance = float(facts["instance_max_rps"])
    safety = float(facts.get("safety_factor") or 0.5)
    target_rps = per_instance * safety
    target_per_minute = target_rps * 60
    instances = max(1, math.ceil(peak / target_rps - 1e-9))
    steps = [
        f"target per instance = {fmt(per_instance)} requests/s x safety factor {fmt(safety)} = {fmt(target_rps)} requests/s",
        f"SageMakerVariantInvocationsPerInstance target = {fmt(target_rps)} x 60 = {fmt(target_per_minute)} per minute",
        f"instances = ceil({fmt(peak)} / {fmt(target_rps)}) = {instances}",
    ]
    return Setting(value=instances, unit="instances", steps=steps)


CALCULATORS: dict[str, Callable[[dict[str, Any]], Setting]] = {
    "kinesis_shards": kinesis_shards,
    "endpoint_instances": endpoint_instances,
}
