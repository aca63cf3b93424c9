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
    """Shards = ceil(max(write KB/s / 1000, read KB/s / 2000, records/s / 1000)), read = write x consumers; the write
    rate is record KB x records/s, or the total write rate when only that is given (then no record-count term)."""
    by_size = facts.get("record_kb") is not None and facts.get("records_per_s") is not None
    if not by_size and facts.get("write_kb_per_s") is None:
        return _missing(facts, ["record_kb", "records_per_s"], "shards")
    consumers = float(facts.get("consumers") or 1)
    if by_size:
        record_kb = float(facts["record_kb"])
        records_per_s = float(facts["records_per_s"])
        write = record_kb * records_per_s
        steps = [f"write = {fmt(record_kb)} KB x {fmt(records_per_s)} records/s = {fmt(write)} KB/s"]
    else:
        write = float(facts["write_kb_per_s"])
        steps = [f"write = {fmt(write)} KB/s in total (record size and count not given: no record-count term)"]
    read = write * consumers
    by_write = write / KDS_WRITE_KB_PER_SHARD
    by_read = read / KDS_READ_KB_PER_SHARD
    terms = [by_write, by_read]
    steps += [
        f"read = {fmt(write)} KB/s x {fmt(consumers)} consumers = {fmt(read)} KB/s",
        f"by write: {fmt(write)} / {KDS_WRITE_KB_PER_SHARD} = {fmt(by_write)} shards",
        f"by read: {fmt(read)} / {KDS_READ_KB_PER_SHARD} = {fmt(by_read)} shards",
    ]
    if by_size:
        by_records = records_per_s / KDS_RECORDS_PER_SHARD
        terms.append(by_records)
        steps.append(f"by record count: {fmt(records_per_s)} / {KDS_RECORDS_PER_SHARD} = {fmt(by_records)} shards")
    shards = max(1, math.ceil(max(terms) - 1e-9))
    steps.append(f"shards = ceil(max({', '.join(fmt(t) for t in terms)})) = {shards}")
    if facts.get("consumers") is None:
        steps.insert(1, "consumers not given: assumed 1")
    return Setting(value=shards, unit="shards", steps=steps)


def endpoint_instances(facts: dict[str, Any]) -> Setting:
    """Instances = ceil(peak requests/s / (max requests/s per instance x safety factor))."""
    missing = _missing(facts, ["instance_max_rps"], "instances")
    if missing:
        return missing
    per_instance = float(facts["instance_max_rps"])
    safety = float(facts.get("safety_factor") or 0.5)
    target_rps = per_instance * safety
    target_per_minute = target_rps * 60
    if facts.get("peak_rps") is None:
        # The scaling target needs no peak; only the instance count does.
        return Setting(value=target_per_minute, unit="invocations per minute", steps=[
            f"target per instance = {fmt(per_instance)} requests/s x safety factor {fmt(safety)} = {fmt(target_rps)} requests/s",
            "peak requests/s not given: the instance count is not worked out",
            f"SageMakerVariantInvocationsPerInstance target = {fmt(target_rps)} x 60 = {fmt(target_per_minute)} per minute",
        ], also={"requests per second": target_rps})
    peak = float(facts["peak_rps"])
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
        f"false negative rate (miss rate) = FN / (TP + FN) = {fmt(fn)} / {fmt(tp + fn)} = {_ratio(fn, tp + fn)}",
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
                       "write_kb_per_s": "total write rate in KB/s (optional, instead of the two above)",
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


# ---------------------------------------------------------------- metric, feature and hyperparameter arithmetic


def _r(number: float) -> float:
    return round(number, 4)


def classification_rates(facts: dict[str, Any]) -> Setting:
    """Precision, recall, accuracy, F1, specificity and false positive rate from confusion counts (cells, or flagged /
    actual positives / actual negatives / total); the rates over the negatives need only FP and TN."""
    tp = facts.get("true_positives")
    fp = facts.get("false_positives")
    fn = facts.get("false_negatives")
    tn = facts.get("true_negatives")
    flagged = facts.get("predicted_positives")
    actual = facts.get("actual_positives")
    negatives = facts.get("actual_negatives")
    total = facts.get("total_examples")
    steps = []
    if tp is not None:
        tp = float(tp)
        if fp is None and flagged is not None:
            fp = float(flagged) - tp
            steps.append(f"FP = flagged - TP = {fmt(float(flagged))} - {fmt(tp)} = {fmt(fp)}")
        if fn is None and actual is not None:
            fn = float(actual) - tp
            steps.append(f"FN = actual positives - TP = {fmt(float(actual))} - {fmt(tp)} = {fmt(fn)}")
    if negatives is not None and (fp is None) != (tn is None):
        if fp is None:
            fp = float(negatives) - float(tn)
            steps.append(f"FP = actual negatives - TN = {fmt(float(negatives))} - {fmt(float(tn))} = {fmt(fp)}")
        else:
            tn = float(negatives) - float(fp)
            steps.append(f"TN = actual negatives - FP = {fmt(float(negatives))} - {fmt(float(fp))} = {fmt(tn)}")
    if tp is None and (fp is None or tn is None):
        return Setting(value=None, unit="precision", steps=[], missing=["true_positives"])
    if tp is not None and fp is None and fn is None:
        return Setting(value=None, unit="precision", steps=steps, missing=["false_positives", "false_negatives"])
    also: dict[str, float] = {}
    if any(cell is not None and float(cell) < 0 for cell in (fp, fn, tn)):
        return Setting(value=None, unit="precision", steps=steps + ["counts are inconsistent (negative cell)"])
    if tp is not None and fp is not None:
        fp = float(fp)
        if tp + fp:
            also["precision"] = _r(tp / (tp + fp))
            steps.append(f"precision = TP / (TP + FP) = {fmt(tp)} / {fmt(tp + fp)} = {fmt(also['precision'])}")
    if tp is not None and fn is not None:
        fn = float(fn)
        if tp + fn:
            also["recall"] = _r(tp / (tp + fn))
            steps.append(f"recall (true positive rate) = TP / (TP + FN) = {fmt(tp)} / {fmt(tp + fn)} = "
                         f"{fmt(also['recall'])}")
            also["true positive rate"] = also["recall"]  # recall is the TPR, the ROC curve's y-axis
            also["false negative rate"] = _r(fn / (tp + fn))
            steps.append(f"false negative rate (miss rate) = FN / (TP + FN) = {fmt(fn)} / {fmt(tp + fn)} "
                         f"= {fmt(also['false negative rate'])} (= 1 - recall)")
    if tp is not None and fp is not None and fn is not None:
        if tn is None and total is not None:
            tn = float(total) - tp - fp - fn
            steps.append(f"TN = total - TP - FP - FN = {fmt(float(total))} - {fmt(tp)} - {fmt(fp)} - {fmt(fn)} "
                         f"= {fmt(tn)}")
        if tn is not None and float(tn) >= 0:
            tn = float(tn)
            n = tp + fp + fn + tn
            also["accuracy"] = _r((tp + tn) / n)
            steps.append(f"accuracy = (TP + TN) / total = {fmt(tp + tn)} / {fmt(n)} = {fmt(also['accuracy'])}")
            also["error rate"] = _r((fp + fn) / n)
            steps.append(f"error rate = (FP + FN) / total = {fmt(fp + fn)} / {fmt(n)} = {fmt(also['error rate'])}")
    if fp is not None and tn is not None and float(tn) >= 0 and float(tn) + float(fp):
        fp, tn = float(fp), float(tn)
        also["specificity"] = _r(tn / (tn + fp))
        steps.append(f"specificity = TN / (TN + FP) = {fmt(tn)} / {fmt(tn + fp)} = {fmt(also['specificity'])}")
        also["false positive rate"] = _r(fp / (tn + fp))
        steps.append(f"false positive rate = FP / (FP + TN) = {fmt(fp)} / {fmt(tn + fp)} = "
                     f"{fmt(also['false positive rate'])} (= 1 - specificity)")
    if tp is not None and fp is not None and fn is not None and 2 * tp + fp + fn:
        also["F1"] = _r(2 * tp / (2 * tp + fp + fn))
        steps.append(f"F1 = 2TP / (2TP + FP + FN) = {fmt(2 * tp)} / {fmt(2 * tp + fp + fn)} = {fmt(also['F1'])}")
    unit = next(u for u in ("precision", "recall", "false positive rate") if u in also or u == "false positive rate")
    value = also.pop(unit, None)
    return Setting(value=value, unit=unit, steps=steps, also=also)


def f1_from_precision_recall(facts: dict[str, Any]) -> Setting:
    """F1 = harmonic mean of precision and recall = 2PR / (P + R)."""
    missing = _missing(facts, ["precision", "recall"], "F1")
    if missing:
        return missing
    p, r = float(facts["precision"]), float(facts["recall"])
    if not (0 <= p <= 1 and 0 <= r <= 1) or p + r == 0:
        return Setting(value=None, unit="F1", steps=["precision and recall must be between 0 and 1, not both 0"])
    f1 = _r(2 * p * r / (p + r))
    steps = [f"F1 = 2PR / (P + R) = 2 x {fmt(p)} x {fmt(r)} / {fmt(p + r)} = {fmt(2 * p * r)} / {fmt(p + r)} "
             f"= {fmt(f1)}",
             f"(not the arithmetic mean {fmt(_r((p + r) / 2))} nor the product {fmt(_r(p * r))})"]
    return Setting(value=f1, unit="F1", steps=steps)


def z_score(facts: dict[str, Any]) -> Setting:
    """Standardized value z = (x - mean) / standard deviation."""
    missing = _missing(facts, ["observed_value", "feature_mean", "feature_std"], "z-score")
    if missing:
        return missing
    x, mean, std = float(facts["observed_value"]), float(facts["feature_mean"]), float(facts["feature_std"])
    if std <= 0:
        return Setting(value=None, unit="z-score", steps=["the standard deviation must be above 0"])
    z = _r((x - mean) / std)
    steps = [f"z = (x - mean) / sd = ({fmt(x)} - {fmt(mean)}) / {fmt(std)} = {fmt(x - mean)} / {fmt(std)} = {fmt(z)}"]
    return Setting(value=z, unit="z-score", steps=steps)


def min_max_scaling(facts: dict[str, Any]) -> Setting:
    """Min-max normalization into [0, 1]: x' = (x - min) / (max - min), with the training minimum and maximum."""
    missing = _missing(facts, ["observed_value", "feature_min", "feature_max"], "scaled value")
    if missing:
        return missing
    x, low, high = float(facts["observed_value"]), float(facts["feature_min"]), float(facts["feature_max"])
    if high <= low:
        return Setting(value=None, unit="scaled value", steps=["the maximum must be above the minimum"])
    value = _r((x - low) / (high - low))
    steps = [f"scaled value = (x - min) / (max - min) = ({fmt(x)} - {fmt(low)}) / ({fmt(high)} - {fmt(low)}) "
             f"= {fmt(x - low)} / {fmt(high - low)} = {fmt(value)}"]
    if not low <= x <= high:
        steps.append(f"{fmt(x)} lies outside the training range, so its scaled value falls outside [0, 1]")
    # questions call it the normalized or the scaled value
    return Setting(value=value, unit="scaled value", steps=steps, also={"normalized value": value})


def iqr_fences(facts: dict[str, Any]) -> Setting:
    """Box-plot outlier fences: IQR = Q3 - Q1; lower = Q1 - 1.5 IQR, upper = Q3 + 1.5 IQR."""
    missing = _missing(facts, ["q1", "q3"], "upper fence")
    if missing:
        return missing
    q1, q3 = float(facts["q1"]), float(facts["q3"])
    if q3 < q1:
        return Setting(value=None, unit="upper fence", steps=["Q3 must be at least Q1"])
    iqr = q3 - q1
    lower, upper = q1 - 1.5 * iqr, q3 + 1.5 * iqr
    steps = [f"IQR = Q3 - Q1 = {fmt(q3)} - {fmt(q1)} = {fmt(iqr)}",
             f"lower fence = Q1 - 1.5 x IQR = {fmt(q1)} - {fmt(1.5 * iqr)} = {fmt(lower)}",
             f"upper fence = Q3 + 1.5 x IQR = {fmt(q3)} + {fmt(1.5 * iqr)} = {fmt(upper)}"]
    return Setting(value=upper, unit="upper fence", steps=steps, also={"lower fence": lower, "IQR": iqr},
                   normal_range=(lower, upper))


def tf_idf(facts: dict[str, Any]) -> Setting:
    """TF-IDF = (term count / words in the document) x log10(documents / documents containing the term)."""
    missing = _missing(facts, ["term_count", "document_words", "documents_with_term", "total_documents"], "TF-IDF")
    if missing:
        return missing
    count, words = float(facts["term_count"]), float(facts["document_words"])
    with_term, docs = float(facts["documents_with_term"]), float(facts["total_documents"])
    if words <= 0 or with_term <= 0 or docs < with_term:
        return Setting(value=None, unit="TF-IDF", steps=["need words > 0 and 0 < documents with the term <= documents"])
    tf = count / words
    idf = math.log10(docs / with_term)
    value = _r(tf * idf)
    steps = [f"TF = {fmt(count)} / {fmt(words)} = {fmt(_r(tf))}",
             f"IDF = log10({fmt(docs)} / {fmt(with_term)}) = {fmt(_r(idf))}",
             f"TF-IDF = {fmt(_r(tf))} x {fmt(_r(idf))} = {fmt(value)}"]
    return Setting(value=value, unit="TF-IDF", steps=steps, also={"TF": _r(tf), "IDF": _r(idf)})


def xgboost_scale_pos_weight(facts: dict[str, Any]) -> Setting:
    """XGBoost scale_pos_weight = sum(negative examples) / sum(positive examples)."""
    missing = _missing(facts, ["negative_count", "positive_count"], "scale_pos_weight")
    if missing:
        return missing
    neg, pos = float(facts["negative_count"]), float(facts["positive_count"])
    if pos <= 0:
        return Setting(value=None, unit="scale_pos_weight", steps=["there must be at least one positive example"])
    value = _r(neg / pos)
    steps = [f"scale_pos_weight = negatives / positives = {fmt(neg)} / {fmt(pos)} = {fmt(value)}"]
    return Setting(value=value, unit="scale_pos_weight", steps=steps)


def ip_insights_entity_vectors(facts: dict[str, Any]) -> Setting:
    """IP Insights num_entity_vectors (a hash size) = about 2 x the number of unique entity identifiers."""
    missing = _missing(facts, ["unique_entities"], "num_entity_vectors")
    if missing:
        return missing
    entities = float(facts["unique_entities"])
    value = int(2 * entities)
    steps = [f"num_entity_vectors = 2 x unique entities = 2 x {fmt(entities)} = {value}"]
    return Setting(value=value, unit="num_entity_vectors", steps=steps)


def _rcf_with_one_in(facts: dict[str, Any]) -> Setting:
    """Random Cut Forest: num_samples_per_tree so that 1 / num_samples_per_tree = the anomaly ratio."""
    if facts.get("anomaly_one_in") is not None and facts.get("anomaly_ratio") is None \
            and facts.get("anomaly_percent") is None:
        n = float(facts["anomaly_one_in"])
        if n < 1:
            return Setting(value=None, unit="num_samples_per_tree", steps=["'1 in N' needs N of at least 1"])
        setting = rcf_samples_per_tree({"anomaly_ratio": 1 / n})
        setting.steps.insert(0, f"anomaly ratio = 1 in {fmt(n)} = {fmt(round(1 / n, 6))}")
    else:
        setting = rcf_samples_per_tree(facts)
    setting.unit = "num_samples_per_tree"
    return setting


_rcf_with_one_in.__name__ = "rcf_samples_per_tree"
CALCULATORS.update({
    "rcf_samples_per_tree": _rcf_with_one_in,
    "classification_rates": classification_rates,
    "f1_from_precision_recall": f1_from_precision_recall,
    "z_score": z_score,
    "min_max_scaling": min_max_scaling,
    "iqr_fences": iqr_fences,
    "tf_idf": tf_idf,
    "xgboost_scale_pos_weight": xgboost_scale_pos_weight,
    "ip_insights_entity_vectors": ip_insights_entity_vectors,
})
INPUTS["rcf_samples_per_tree"]["anomaly_one_in"] = "N in '1 in N' observations is an anomaly, e.g. 400 (give one)"
INPUTS.update({
    "classification_rates": {"true_positives": "true positives (optional with FP and TN: only their rates)",
                             "false_positives": "false positives (optional)",
                             "false_negatives": "false negatives (optional)",
                             "true_negatives": "true negatives (optional)",
                             "predicted_positives": "examples the model flagged positive (optional, gives FP)",
                             "actual_negatives": "examples really negative (optional, gives FP or TN from the other)",
                             "actual_positives": "examples really positive (optional, gives FN)",
                             "total_examples": "size of the test set (optional, gives TN)"},
    "f1_from_precision_recall": {"precision": "precision, 0 to 1", "recall": "recall, 0 to 1"},
    "z_score": {"observed_value": "the value to standardize", "feature_mean": "training mean",
                "feature_std": "training standard deviation"},
    "min_max_scaling": {"observed_value": "the value to scale", "feature_min": "training minimum",
                        "feature_max": "training maximum"},
    "iqr_fences": {"q1": "first quartile (25th percentile)", "q3": "third quartile (75th percentile)"},
    "tf_idf": {"term_count": "times the term occurs in the document", "document_words": "words in the document",
               "documents_with_term": "documents containing the term", "total_documents": "documents in the corpus"},
    "xgboost_scale_pos_weight": {"negative_count": "negative (majority) examples",
                                 "positive_count": "positive (minority) examples"},
    "ip_insights_entity_vectors": {"unique_entities": "distinct entity identifiers (accounts, users)"},
})
SOURCES.update({
    "classification_rates": [("002_cdb75bc03e96d3fb.txt", "8091-8106"), ("000_20bfa66810fd66cf.txt", "596-605"),
                             ("002_cdb75bc03e96d3fb.txt", "8294")],
    "f1_from_precision_recall": [("002_cdb75bc03e96d3fb.txt", "8224-8229"), ("004_314976be6aba402a.txt", "253")],
    "z_score": [("002_cdb75bc03e96d3fb.txt", "5688-5693")],
    "min_max_scaling": [("002_cdb75bc03e96d3fb.txt", "5670-5674"), ("002_cdb75bc03e96d3fb.txt", "5719-5735")],
    "iqr_fences": [("003_7cbc0a795392c610.txt", "494-501")],
    "tf_idf": [("002_cdb75bc03e96d3fb.txt", "6369-6400")],
    "xgboost_scale_pos_weight": [("003_7cbc0a795392c610.txt", "1205-1212")],
    "ip_insights_entity_vectors": [("003_7cbc0a795392c610.txt", "1734-1740")],
})


# ---------------------------------------------------------------- arithmetic over listed values


def _n(number: float) -> float | int:
    """A rounded result, whole numbers as int (1500, not 1500.0)."""
    number = _r(number)
    return int(number) if float(number).is_integer() else number


def _listed(value: Any) -> list[float]:
    """A listed input as floats: a list from the text or `selector calc`, or a single number."""
    return [float(v) for v in (value if isinstance(value, (list, tuple)) else [value])]


def _sum_text(values: list[float]) -> str:
    return " + ".join(fmt(v) for v in values).replace("+ -", "- ")


def knn_prediction(facts: dict[str, Any]) -> Setting:
    """k-NN regression predicts the mean target of the k nearest neighbours (classification: their majority label)."""
    missing = _missing(facts, ["neighbor_targets"], "predicted value")
    if missing:
        return missing
    targets = _listed(facts["neighbor_targets"])
    steps = []
    k = int(facts["knn_k"]) if facts.get("knn_k") is not None else len(targets)
    if facts.get("knn_k") is None:
        steps.append(f"k not given: all {len(targets)} listed neighbours are used")
    if k < 1:
        return Setting(value=None, unit="predicted value", steps=["k must be at least 1"])
    if k > len(targets):
        steps.append(f"k = {k} but only {len(targets)} targets are listed: all of them are used")
        k = len(targets)
    nearest = targets[:k]
    value = _n(sum(nearest) / k)
    if len(targets) > k:
        steps.append(f"the {k} nearest of the listed neighbours (nearest first): {', '.join(fmt(t) for t in nearest)}")
    steps += ["a k-NN regressor averages the k nearest targets (a classifier takes their most frequent label)",
              f"predicted value = mean of the {k} nearest targets = ({_sum_text(nearest)}) / {k} = {fmt(value)}"]
    return Setting(value=value, unit="predicted value", steps=steps)


def regression_errors(facts: dict[str, Any]) -> Setting:
    """RMSE = sqrt(mean of squared residuals), with MSE and MAE; residual = actual - predicted."""
    steps = []
    if facts.get("residuals") is not None:
        residuals = _listed(facts["residuals"])
    else:
        missing = _missing(facts, ["actual_values", "predicted_values"], "RMSE")
        if missing:
            return Setting(value=None, unit="RMSE", steps=[], missing=["residuals"] + missing.missing)
        actual, predicted = _listed(facts["actual_values"]), _listed(facts["predicted_values"])
        if len(actual) != len(predicted):
            return Setting(value=None, unit="RMSE", steps=[
                f"{len(actual)} actual values but {len(predicted)} predictions: they must pair up"])
        residuals = [a - p for a, p in zip(actual, predicted)]
        steps.append("residuals = actual - predicted = "
                     + ", ".join(f"{fmt(a)} - {fmt(p)} = {fmt(_r(a - p))}" for a, p in zip(actual, predicted)))
        residuals = [_r(r) for r in residuals]
    n = len(residuals)
    squares = [r * r for r in residuals]
    mse = _n(sum(squares) / n)
    rmse = _n(math.sqrt(sum(squares) / n))
    mae = _n(sum(abs(r) for r in residuals) / n)
    steps += [f"squared residuals: {', '.join(fmt(_r(q)) for q in squares)}",
              f"MSE = ({_sum_text([_r(q) for q in squares])}) / {n} = {fmt(mse)}",
              f"RMSE = sqrt(MSE) = sqrt({fmt(mse)}) = {fmt(rmse)}",
              f"MAE = mean of |residuals| = ({_sum_text([abs(r) for r in residuals])}) / {n} = {fmt(mae)}"]
    return Setting(value=rmse, unit="RMSE", steps=steps, also={"MSE": mse, "MAE": mae})


def macro_average(facts: dict[str, Any]) -> Setting:
    """Macro average = the plain mean of the per-class values, so every class counts equally."""
    missing = _missing(facts, ["per_class_scores"], "macro average")
    if missing:
        return missing
    scores = _listed(facts["per_class_scores"])
    value = _n(sum(scores) / len(scores))
    steps = [f"macro average = ({_sum_text(scores)}) / {len(scores)} classes = {fmt(value)}",
             "(a weighted or micro average would let the large classes count more)"]
    return Setting(value=value, unit="macro average", steps=steps)


def _median(ordered: list[float]) -> float:
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2


def sample_statistics(facts: dict[str, Any]) -> Setting:
    """Mean, median, variance and standard deviation (1/N) of a listed sample; the median when it has outliers."""
    missing = _missing(facts, ["sample_values"], "mean")
    if missing:
        return missing
    values = _listed(facts["sample_values"])
    n = len(values)
    ordered = sorted(values)
    mean = sum(values) / n
    variance = sum((v - mean) ** 2 for v in values) / n
    std = math.sqrt(variance)
    median = _median(ordered)
    steps = [f"mean = ({_sum_text(values)}) / {n} = {fmt(_r(mean))}",
             f"sorted: {', '.join(fmt(v) for v in ordered)}",
             "median = " + (f"the middle value = {fmt(median)}" if n % 2 else
                            f"mean of the two middle values = ({fmt(ordered[n // 2 - 1])} + {fmt(ordered[n // 2])}) / 2 "
                            f"= {fmt(median)}"),
             f"variance = mean of squared differences from the mean = {fmt(_r(variance))}",
             f"standard deviation = sqrt({fmt(_r(variance))}) = {fmt(_r(std))}"]
    also = {"mean": _n(mean), "median": _n(median), "variance": _n(variance), "standard deviation": _n(std)}
    unit = "mean"
    if n >= 4:
        # Tukey's fences on the quartiles (medians of the lower and upper halves) tell whether outliers pull the mean.
        q1, q3 = _median(ordered[:n // 2]), _median(ordered[(n + 1) // 2:])
        low, high = q1 - 1.5 * (q3 - q1), q3 + 1.5 * (q3 - q1)
        outliers = [v for v in ordered if v < low or v > high]
        steps.append(f"Q1 = {fmt(q1)}, Q3 = {fmt(q3)}, fences {fmt(low)} and {fmt(high)}: "
                     + (f"outliers {', '.join(fmt(v) for v in outliers)}, so the median represents the sample"
                        if outliers else "no outliers"))
        if outliers:
            unit = "median"
    normal_range = None
    if facts.get("sigma_threshold") is not None and std > 0:
        # "more than k standard deviations from the mean is an outlier": the values inside are mean +- k sd
        k = abs(float(facts["sigma_threshold"]))
        normal_range = (_n(mean - k * std), _n(mean + k * std))
        steps.append(f"outliers lie more than {fmt(k)} sd from the mean: outside {fmt(_r(mean))} +- {fmt(k)} x "
                     f"{fmt(_r(std))} = {fmt(normal_range[0])} to {fmt(normal_range[1])}")
    value = also.pop(unit)
    return Setting(value=value, unit=unit, steps=steps, also=also, normal_range=normal_range)


def steps_per_epoch(facts: dict[str, Any]) -> Setting:
    """Batches (weight updates) per epoch = ceil(training samples / batch size); total = epochs x that."""
    missing = _missing(facts, ["training_samples", "batch_size"], "batches per epoch")
    if missing:
        return missing
    samples, batch = float(facts["training_samples"]), float(facts["batch_size"])
    if batch <= 0 or samples <= 0:
        return Setting(value=None, unit="batches per epoch", steps=["samples and batch size must be above 0"])
    per_epoch = math.ceil(samples / batch - 1e-9)
    steps = [f"batches per epoch = ceil({fmt(samples)} samples / batch size {fmt(batch)}) = {per_epoch}"
             + ("" if (samples / batch).is_integer() else " (the last batch is smaller)")]
    also: dict[str, float] = {"steps per epoch": per_epoch, "iterations per epoch": per_epoch}
    if facts.get("epochs") is not None:
        epochs = float(facts["epochs"])
        also["total steps"] = per_epoch * epochs
        steps.append(f"total steps = {fmt(epochs)} epochs x {per_epoch} = {fmt(per_epoch * epochs)}")
    return Setting(value=per_epoch, unit="batches per epoch", steps=steps, also=also)


CALCULATORS.update({
    "knn_prediction": knn_prediction,
    "regression_errors": regression_errors,
    "macro_average": macro_average,
    "sample_statistics": sample_statistics,
    "steps_per_epoch": steps_per_epoch,
})
INPUTS.update({
    "knn_prediction": {"neighbor_targets": "target values of the nearest neighbours, nearest first, comma separated",
                       "knn_k": "k, how many neighbours vote (optional, default all listed)"},
    "regression_errors": {"residuals": "residuals (actual - predicted), comma separated",
                          "actual_values": "actual values, comma separated (with predicted_values, instead of residuals)",
                          "predicted_values": "predicted values, in the same order"},
    "macro_average": {"per_class_scores": "one score per class (F1, precision, recall...), comma separated"},
    "sample_statistics": {"sample_values": "the sample, comma separated"},
    "steps_per_epoch": {"training_samples": "training examples", "batch_size": "examples per batch",
                        "epochs": "passes over the data (optional, gives the total steps)"},
})
# Inputs that may be negative (residuals, raw values); every other input is a count, size or rate of zero or more.
SIGNED_INPUTS = {"neighbor_targets", "residuals", "actual_values", "predicted_values", "sample_values",
                 "observed_value", "feature_mean", "feature_min", "feature_max"}
SOURCES.update({
    "knn_prediction": [("002_cdb75bc03e96d3fb.txt", "10160-10162")],
    "regression_errors": [("002_cdb75bc03e96d3fb.txt", "8315-8328"), ("003_7cbc0a795392c610.txt", "1886"),
                          ("002_cdb75bc03e96d3fb.txt", "12579")],
    "macro_average": [("003_7cbc0a795392c610.txt", "1882")],
    "sample_statistics": [("002_cdb75bc03e96d3fb.txt", "5904-5926"), ("002_cdb75bc03e96d3fb.txt", "5838-5853"),
                          ("001_660e50563e26e4d5.txt", "343")],
    "steps_per_epoch": [("002_cdb75bc03e96d3fb.txt", "6974-6979")],
})


# ---------------------------------------------------------------- share of normal data beyond a cut-off

NORMAL_QUARTILE_Z = 0.6745  # Q1 and Q3 of a normal distribution lie 0.6745 sd from the mean


def normal_coverage(facts: dict[str, Any]) -> Setting:
    """Share of normally distributed values within / outside k standard deviations of the mean (68.3-95-99.7 rule);
    box-plot fences at m x IQR are k = 0.6745 x (1 + 2m) sd from the mean (1.5 x IQR: 99.3% within, 0.7% outside)."""
    sigmas, fence = facts.get("sigma_threshold"), facts.get("iqr_fence_multiple")
    if sigmas is None and fence is None:
        return Setting(value=None, unit="outside", steps=[], missing=["sigma_threshold"])
    steps = []
    if sigmas is not None:
        k = abs(float(sigmas))
    else:
        k = NORMAL_QUARTILE_Z * (1 + 2 * float(fence))
        steps.append(f"Q1 and Q3 lie {NORMAL_QUARTILE_Z} sd from the mean, so the fences at {fmt(float(fence))} x IQR "
                     f"lie {NORMAL_QUARTILE_Z} x (1 + 2 x {fmt(float(fence))}) = {fmt(_r(k))} sd from it")
    if k <= 0:
        return Setting(value=None, unit="outside", steps=["the cut-off must be above 0 standard deviations"])
    within = math.erf(k / math.sqrt(2))
    outside = 1 - within
    steps += [f"within = P(|z| < {fmt(_r(k))}) = erf({fmt(_r(k))} / sqrt 2) = {fmt(round(within, 4))} "
              f"(68.3% within 1 sd, 95% within 2, 99.7% within 3)",
              f"outside = 1 - {fmt(round(within, 4))} = {fmt(round(outside, 4))}, split equally between the two tails"]
    # "within" and "inside" name the same share, as questions word it either way
    return Setting(value=round(outside, 4), unit="outside", steps=steps,
                   also={"within": round(within, 4), "inside": round(within, 4)})


CALCULATORS["normal_coverage"] = normal_coverage
INPUTS["normal_coverage"] = {"sigma_threshold": "cut-off in standard deviations from the mean (or give the next)",
                             "iqr_fence_multiple": "box-plot fence multiple m in Q3 + m x IQR, e.g. 1.5"}
SOURCES["normal_coverage"] = [("002_cdb75bc03e96d3fb.txt", "4080-4084"), ("003_7cbc0a795392c610.txt", "503-507")]


# ---------------------------------------------------------------- a dense layer's parameters, a node's Gini impurity


def dense_layer_parameters(facts: dict[str, Any]) -> Setting:
    """Trainable parameters of a dense layer = inputs x neurons weights + one bias per neuron."""
    missing = _missing(facts, ["layer_inputs", "layer_neurons"], "parameters")
    if missing:
        return missing
    inputs, neurons = float(facts["layer_inputs"]), float(facts["layer_neurons"])
    if inputs < 1 or neurons < 1:
        return Setting(value=None, unit="parameters", steps=["a layer needs at least one input and one neuron"])
    weights, biases = _n(inputs * neurons), _n(neurons)
    total = _n(weights + biases)
    steps = [f"weights = inputs x neurons = {fmt(inputs)} x {fmt(neurons)} = {fmt(weights)}",
             f"biases = one per neuron = {fmt(biases)}",
             f"parameters = {fmt(weights)} + {fmt(biases)} = {fmt(total)}"]
    return Setting(value=total, unit="parameters", steps=steps, also={"weights": weights, "biases": biases})


def gini_impurity(facts: dict[str, Any]) -> Setting:
    """Gini impurity of a node = 1 - the sum of the squared class shares."""
    missing = _missing(facts, ["node_class_counts"], "Gini impurity")
    if missing:
        return missing
    counts = _listed(facts["node_class_counts"])
    steps = []
    if len(counts) > 2 and counts[0] == sum(counts[1:]):
        steps.append(f"{fmt(counts[0])} is the node's size, the sum of the class counts")
        counts = counts[1:]
    total = sum(counts)
    if total <= 0 or any(c < 0 for c in counts):
        return Setting(value=None, unit="Gini impurity", steps=["class counts must be zero or more, not all zero"])
    shares = [c / total for c in counts]
    squares = _r(sum(p * p for p in shares))
    value = _n(1 - squares)
    steps += [f"class shares: {', '.join(f'{fmt(c)} / {fmt(total)} = {fmt(_r(p))}' for c, p in zip(counts, shares))}",
              f"sum of squared shares = {' + '.join(fmt(_r(p * p)) for p in shares)} = {fmt(squares)}",
              f"Gini impurity = 1 - {fmt(squares)} = {fmt(value)} (0 for a pure node; the split with the lowest "
              f"weighted impurity wins)"]
    return Setting(value=value, unit="Gini impurity", steps=steps)


CALCULATORS.update({"dense_layer_parameters": dense_layer_parameters, "gini_impurity": gini_impurity})
INPUTS.update({
    "dense_layer_parameters": {"layer_inputs": "inputs each neuron receives", "layer_neurons": "neurons in the layer"},
    "gini_impurity": {"node_class_counts": "examples of each class in the node, comma separated"},
})
SOURCES.update({
    "dense_layer_parameters": [("002_cdb75bc03e96d3fb.txt", "6747-6749"), ("002_cdb75bc03e96d3fb.txt", "6843-6846")],
    "gini_impurity": [("003_7cbc0a795392c610.txt", "2677-2681")],
})


def bayes_posterior(facts: dict[str, Any]) -> Setting:
    """Bayes' theorem: P(class | evidence) = P(evidence | class) x P(class) / P(evidence)."""
    missing = _missing(facts, ["evidence_likelihood", "class_prior", "evidence_probability"], "probability")
    if missing:
        return missing
    likelihood, prior = float(facts["evidence_likelihood"]), float(facts["class_prior"])
    evidence = float(facts["evidence_probability"])
    if not all(0 <= p <= 1 for p in (likelihood, prior, evidence)) or evidence == 0 \
            or likelihood * prior > evidence + 1e-9:
        return Setting(value=None, unit="probability", steps=[
            "probabilities must lie between 0 and 1, P(evidence) above 0 and at least P(evidence | class) x P(class)"])
    value = _n(likelihood * prior / evidence)
    steps = [f"probability = P(class | evidence) = P(evidence | class) x P(class) / P(evidence) = {fmt(likelihood)} "
             f"x {fmt(prior)} / {fmt(evidence)} = {fmt(_r(likelihood * prior))} / {fmt(evidence)} = {fmt(value)}",
             f"(not P(evidence | class) = {fmt(likelihood)}, nor the numerator {fmt(_r(likelihood * prior))} alone)"]
    return Setting(value=value, unit="probability", steps=steps)


CALCULATORS["bayes_posterior"] = bayes_posterior
INPUTS["bayes_posterior"] = {"evidence_likelihood": "P(evidence | class), 0 to 1",
                             "class_prior": "P(class), 0 to 1", "evidence_probability": "P(evidence), 0 to 1"}
SOURCES["bayes_posterior"] = [("003_7cbc0a795392c610.txt", "1854-1858")]
