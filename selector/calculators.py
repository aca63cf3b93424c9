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
    return Setting(value=instances, unit="instances", steps=steps,
                   also={"invocations per minute": target_per_minute, "requests per second": target_rps})


CALCULATORS: dict[str, Callable[[dict[str, Any]], Setting]] = {
    "kinesis_shards": kinesis_shards,
    "endpoint_instances": endpoint_instances,
}


# ---------------------------------------------------------------- more calculators the notes teach (appended)

ATHENA_USD_PER_TB = 5.0  # $5 per TB scanned, rounded up to the MB, 10 MB minimum per query (002 line 4458)
ATHENA_MIN_MB = 10
MB_PER_TB = 1_000_000


def _ratio(part: float, whole: float) -> str:
    return "undefined (division by zero)" if whole == 0 else f"{fmt(round(part / whole, 4))}"


def confusion_metrics(facts: dict[str, Any]) -> Setting:
    """Accuracy, precision, recall, specificity, F1 from the four cells of a confusion matrix."""
    missing = _missing(facts, ["tp", "fp", "fn", "tn"], "")
    if missing:
        return missing
    tp, fp, fn, tn = (float(facts[k]) for k in ("tp", "fp", "fn", "tn"))
    total = tp + fp + fn + tn
    f1_den = 2 * tp + fp + fn
    steps = [
        f"accuracy = (TP + TN) / total = ({fmt(tp)} + {fmt(tn)}) / {fmt(total)} = {_ratio(tp + tn, total)}",
        f"precision = TP / (TP + FP) = {fmt(tp)} / {fmt(tp + fp)} = {_ratio(tp, tp + fp)}",
        f"recall (sensitivity, TPR) = TP / (TP + FN) = {fmt(tp)} / {fmt(tp + fn)} = {_ratio(tp, tp + fn)}",
        f"specificity (TNR) = TN / (TN + FP) = {fmt(tn)} / {fmt(tn + fp)} = {_ratio(tn, tn + fp)}",
        f"false positive rate = FP / (FP + TN) = {fmt(fp)} / {fmt(fp + tn)} = {_ratio(fp, fp + tn)}",
        f"F1 = 2TP / (2TP + FP + FN) = {fmt(2 * tp)} / {fmt(f1_den)} = {_ratio(2 * tp, f1_den)}",
    ]
    value = round(2 * tp / f1_den, 4) if f1_den else None
    return Setting(value=value, unit="F1", steps=steps)


def variant_traffic(facts: dict[str, Any]) -> Setting:
    """Share of endpoint traffic per production variant = its weight / the sum of all weights."""
    missing = _missing(facts, ["weights"], "% of traffic")
    if missing:
        return missing
    raw = facts["weights"]
    weights = [float(w) for w in (raw if isinstance(raw, (list, tuple)) else [raw])]
    total = sum(weights)
    if total <= 0 or any(w < 0 for w in weights):
        return Setting(value=None, unit="% of traffic", steps=["weights must be zero or more, and not all zero"])
    shares = [round(100 * w / total, 2) for w in weights]
    steps = [f"sum of weights = {' + '.join(fmt(w) for w in weights)} = {fmt(total)}"]
    steps += [f"variant {i + 1}: {fmt(w)} / {fmt(total)} = {fmt(s)}%" for i, (w, s) in enumerate(zip(weights, shares))]
    return Setting(value=shares, unit="% of traffic", steps=steps)


def athena_scan_cost(facts: dict[str, Any]) -> Setting:
    """Athena cost = $5 per TB scanned, each query rounded up to the MB with a 10 MB minimum."""
    missing = _missing(facts, ["mb_scanned"], "USD")
    if missing:
        return missing
    scanned = float(facts["mb_scanned"])
    queries = float(facts.get("queries") or 1)
    billed = max(ATHENA_MIN_MB, math.ceil(scanned - 1e-9))
    cost = billed * queries * ATHENA_USD_PER_TB / MB_PER_TB
    steps = [
        f"billed per query = max({ATHENA_MIN_MB} MB, ceil({fmt(scanned)} MB)) = {billed} MB",
        f"cost = {billed} MB x {fmt(queries)} queries x ${fmt(ATHENA_USD_PER_TB)} / {MB_PER_TB:,} MB per TB "
        f"= ${cost:.4f}",
    ]
    if facts.get("queries") is None:
        steps.insert(0, "queries not given: assumed 1")
    return Setting(value=round(cost, 4), unit="USD", steps=steps)


def rcf_samples_per_tree(facts: dict[str, Any]) -> Setting:
    """Random Cut Forest: choose num_samples_per_tree so that 1 / num_samples_per_tree = the anomaly ratio."""
    steps = []
    if facts.get("anomaly_percent") is not None:
        percent = float(facts["anomaly_percent"])
        ratio = percent / 100
        steps.append(f"anomaly ratio = {fmt(percent)}% / 100 = {fmt(ratio)}")
    else:
        missing = _missing(facts, ["anomaly_ratio"], "samples per tree")
        if missing:
            return missing
        ratio = float(facts["anomaly_ratio"])
    if not 0 < ratio <= 1:
        return Setting(value=None, unit="samples per tree",
                       steps=steps + [f"the anomaly ratio must be above 0 and at most 1, not {fmt(ratio)}"])
    samples = max(1, math.floor(1 / ratio + 0.5))
    steps.append(f"num_samples_per_tree = 1 / {fmt(ratio)} = {fmt(round(1 / ratio, 2))} -> {samples}")
    return Setting(value=samples, unit="samples per tree", steps=steps)


CALCULATORS.update({
    "confusion_metrics": confusion_metrics,
    "variant_traffic": variant_traffic,
    "athena_scan_cost": athena_scan_cost,
    "rcf_samples_per_tree": rcf_samples_per_tree,
})

# What each calculator reads (input -> meaning), for `selector calc`. Inputs not marked optional are required.
INPUTS: dict[str, dict[str, str]] = {
    "kinesis_shards": {"record_kb": "average record size in KB", "records_per_s": "records written per second",
                       "consumers": "consumer applications sharing the reads (optional, default 1)"},
    "endpoint_instances": {"peak_rps": "peak requests per second the endpoint must serve",
                           "instance_max_rps": "requests per second one instance handles (load-tested)",
                           "safety_factor": "share of that maximum to target (optional, default 0.5)"},
    "confusion_metrics": {"tp": "true positives", "fp": "false positives", "fn": "false negatives",
                          "tn": "true negatives"},
    "variant_traffic": {"weights": "production variant weights, comma separated (e.g. 0.1,0.9)"},
    "athena_scan_cost": {"mb_scanned": "MB scanned by one query",
                         "queries": "number of such queries (optional, default 1)"},
    "rcf_samples_per_tree": {"anomaly_ratio": "expected share of anomalies, e.g. 0.004",
                             "anomaly_percent": "the same as a percentage, e.g. 0.4 (give one of the two)"},
}
# Where the notes teach each formula (seed file, lines).
SOURCES: dict[str, list[tuple[str, str]]] = {
    "kinesis_shards": [("004_314976be6aba402a.txt", "105"), ("004_314976be6aba402a.txt", "7-8"),
                       ("001_660e50563e26e4d5.txt", "43-44")],
    "endpoint_instances": [("003_7cbc0a795392c610.txt", "1930-1942")],
    "confusion_metrics": [("000_20bfa66810fd66cf.txt", "597-650"), ("002_cdb75bc03e96d3fb.txt", "8103-8126")],
    "variant_traffic": [("002_cdb75bc03e96d3fb.txt", "12609-12626")],
    "athena_scan_cost": [("002_cdb75bc03e96d3fb.txt", "4458")],
    "rcf_samples_per_tree": [("002_cdb75bc03e96d3fb.txt", "10071-10072")],
}
