"""The command line through click's CliRunner."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from click.testing import CliRunner

from selector import __version__
from selector.cli import cli

SHARDS = "A Kinesis data stream receives 500 KB records, 2 records per second, and 7 consumer applications read it."
FIREHOSE = "Clickstream events stream in and must land in S3 within a minute; no servers to manage."


def invoke(*args, input=None):
    return CliRunner().invoke(cli, list(args), input=input)


def test_version():
    result = invoke("--version")
    assert result.exit_code == 0 and __version__ in result.output


def test_recommend_json_has_the_documented_keys():
    result = invoke("recommend", FIREHOSE, "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert {"facts", "decisions", "architecture", "assumptions", "warnings"} <= set(data)
    fact = data["facts"][0]
    assert {"name", "value", "evidence"} <= set(fact)
    decision = next(d for d in data["decisions"] if d["id"] == "streaming-ingestion")
    assert decision["choice"] == {"id": "kinesis-data-firehose", "name": decision["choice"]["name"], "kind": "service"}
    assert decision["alternatives"] and all(a["why_not"] for a in decision["alternatives"])
    assert decision["rules"] and decision["sources"]
    assert {"nodes", "edges"} == set(data["architecture"])
    assert {"from": "kinesis-data-firehose", "to": "s3", "label": "delivers to", "inferred": False} in \
        data["architecture"]["edges"]


def test_shard_example_shows_four_shards_with_arithmetic():
    result = invoke("recommend", SHARDS, "--format", "json")
    data = json.loads(result.output)
    shards = next(d for d in data["decisions"] if d["id"] == "kinesis-shard-count")
    assert shards["setting"]["value"] == 4
    assert "shards = ceil(max(1, 3.5, 0.002)) = 4" in shards["setting"]["arithmetic"]


def test_json_output_is_byte_identical_across_runs():
    assert invoke("recommend", SHARDS, "--format", "json").output == invoke("recommend", SHARDS, "--format", "json").output


def test_text_and_markdown_reports():
    text = invoke("recommend", SHARDS)
    assert text.exit_code == 0 and "4 shards" in text.output and "Rejected" in text.output
    md = invoke("recommend", SHARDS, "--format", "markdown")
    assert md.output.startswith("# Recommended architecture") and "## How many Kinesis Data Streams shards?" in md.output


def test_scenario_from_file_and_stdin(tmp_path):
    path = tmp_path / "s.txt"
    path.write_text(SHARDS)
    assert "4 shards" in invoke("recommend", "--file", str(path)).output
    assert "4 shards" in invoke("recommend", input=SHARDS).output


def test_fact_option_overrides_text():
    result = invoke("recommend", SHARDS, "--fact", "consumers=2", "--format", "json")
    shards = next(d for d in json.loads(result.output)["decisions"] if d["id"] == "kinesis-shard-count")
    assert shards["setting"]["value"] == 1


def test_missing_fact_is_assumed_and_reported():
    result = invoke("recommend", "Sensor events stream in from our fleet and are kept in S3.", "--format", "json")
    data = json.loads(result.output)
    assert any(a.startswith("latency = near-real-time") for a in data["assumptions"])
    assert any(f["name"] == "latency" and f["origin"] == "assumed" for f in data["facts"])


@pytest.mark.parametrize("args,message", [
    (("recommend", ""), "the scenario is empty"),
    (("recommend", "x", "--fact", "nonsense=1"), "--fact nonsense: unknown fact"),
    (("recommend", SHARDS, "--diagram", "/nonexistent-dir/a.svg"), "does not exist"),
    (("recommend", "--file", "/nonexistent-file.txt"), "cannot read"),
])
def test_bad_input_is_one_clear_line_and_exit_1(args, message):
    result = CliRunner().invoke(cli, list(args))
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and message in lines[0] and "Traceback" not in result.output


def test_broken_rule_file_is_one_line_and_exit_1(tmp_path):
    pack = tmp_path / "rules"
    pack.mkdir()
    (pack / "broken.yaml").write_text("decision: {id: broken\n")
    result = invoke("recommend", SHARDS, "--rules-dir", str(pack))
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and "broken.yaml: line" in lines[0]


def test_usage_error_exits_2():
    assert invoke("recommend", "--format", "pdf").exit_code == 2


def test_diagram_option_writes_svg(tmp_path):
    out = tmp_path / "a.svg"
    result = invoke("recommend", FIREHOSE, "--diagram", str(out))
    assert result.exit_code == 0 and out.read_text().lstrip().startswith("<?xml")


def walk(group, prefix=()):
    import click

    for name, command in group.commands.items():
        yield (*prefix, name), command
        if isinstance(command, click.Group):
            yield from walk(command, (*prefix, name))


@pytest.mark.parametrize("path,command", list(walk(cli)), ids=lambda v: " ".join(v) if isinstance(v, tuple) else "")
def test_every_command_has_help_with_an_example(path, command):
    assert command.help and "Example:" in command.help, path
    assert invoke(*path, "--help").exit_code == 0


def test_python_dash_m_and_no_traceback_on_bad_input():
    done = subprocess.run([sys.executable, "-m", "selector", "recommend", "   "], capture_output=True, text=True)
    assert done.returncode == 1
    assert done.stderr.strip().count("\n") == 0 and "empty" in done.stderr
