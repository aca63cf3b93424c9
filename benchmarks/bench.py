"""Latency and throughput of selector on this machine, in one run.

    python benchmarks/bench.py [--repeat N]

Prints: cold `selector recommend` wall time next to `python -c pass` and next to importing the dependencies alone;
warm per-scenario time; per-scenario time with the rule base replicated 1x, 4x and 16x.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from selector import loader
from selector.engine import Engine  # noqa: E402
from selector.recommend import recommend  # noqa: E402

SCENARIO = "A Kinesis data stream receives 500 KB records, 2 records per second, and 7 consumer applications read it."


def wall(cmd: list[str], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(cmd, check=True, capture_output=True, cwd=REPO)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def scenarios() -> list[str]:
    texts = [p.read_text() for p in sorted((REPO / "examples" / "scenarios").glob("*.txt"))]
    for path in sorted((REPO / "tests" / "scenarios").glob("*.yaml")):
        texts.extend(item["text"] for item in yaml.safe_load(path.read_text()))
    return texts or [SCENARIO]


def replicate_rules(copies: int, target: Path) -> Path:
    """The rule base `copies` times over: every decision and rule id suffixed per copy."""
    for path in sorted((REPO / "rules").rglob("*.yaml")):
        data = yaml.safe_load(path.read_text())
        for n in range(copies):
            clone = yaml.safe_load(yaml.safe_dump(data))
            suffix = "" if n == 0 else f"-copy{n}"
            clone["decision"]["id"] += suffix
            for rule in clone["rules"]:
                rule["id"] += suffix
            out = target / path.parent.relative_to(REPO / "rules") / f"{clone['decision']['id']}.yaml"
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_text(yaml.safe_dump(clone, sort_keys=False))
    return target


def per_scenario(kb: loader.KnowledgeBase, texts: list[str], rounds: int) -> float:
    recommend(kb, texts[0])  # compile and register the ruleset outside the timing
    start = time.perf_counter()
    for _ in range(rounds):
        for text in texts:
            recommend(kb, text)
    return (time.perf_counter() - start) / (rounds * len(texts))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="runs per cold measurement (median reported)")
    parser.add_argument("--rounds", type=int, default=3, help="passes over the scenarios per warm measurement")
    args = parser.parse_args()
    py = sys.executable
    print(f"python {sys.version.split()[0]} on {sys.platform}; median of {args.repeat} runs")
    base = wall([py, "-c", "pass"], args.repeat)
    deps = wall([py, "-c", "import click, durable.engine, networkx, yaml, rich, graphviz, jsonschema"], args.repeat)
    cold = wall([py, "-m", "selector", "recommend", SCENARIO, "--format", "json"], args.repeat)
    print(f"cold: python -c pass {base * 1000:.0f} ms | import dependencies {deps * 1000:.0f} ms | "
          f"selector recommend {cold * 1000:.0f} ms")
    texts = scenarios()
    kb = loader.load([REPO / "rules"], [REPO / "knowledge"])
    warm = per_scenario(kb, texts, args.rounds)
    print(f"warm: {warm * 1000:.2f} ms per scenario over {len(texts)} scenarios "
          f"({1 / warm:.0f} scenarios/s; {len(kb.rules)} rules)")
    for copies in (1, 4, 16):
        with tempfile.TemporaryDirectory() as tmp:
            rules_dir = replicate_rules(copies, Path(tmp) / "rules")
            start = time.perf_counter()
            big = loader.load([rules_dir], [REPO / "knowledge"])
            load_s = time.perf_counter() - start
            per = per_scenario(big, texts, 1)
            rulesets = len(Engine.for_kb(big).ruleset_names)
            print(f"rule base x{copies:<2}: {len(big.rules):5d} rules in {rulesets} rulesets, "
                  f"load+validate {load_s:.2f} s, {per * 1000:.2f} ms per scenario")
            shutil.rmtree(rules_dir)


if __name__ == "__main__":
    main()
