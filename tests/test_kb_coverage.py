"""`selector kb coverage`: which note lines the knowledge base cites."""

import json

import yaml
from click.testing import CliRunner

from selector import loader
from selector.cli import cli
from selector.kb import cited_lines, coverage
from selector.models import line_numbers


def test_line_ranges_and_single_lines_are_read():
    assert list(line_numbers("223-225")) == [223, 224, 225]
    assert list(line_numbers("1593")) == [1593]
    assert list(line_numbers(1593)) == [1593]


def test_a_rules_sources_count_as_cited(kb):
    cited = cited_lines(kb)
    rule = kb.rules["recall-when-false-negatives-costly"]
    for source in rule.sources:
        assert set(source.line_numbers()) <= cited[source.seed]


def test_uncited_runs_hold_no_cited_line_and_are_long_enough(kb):
    cited = cited_lines(kb)
    report = coverage(kb, min_run=8)
    assert {c.file for c in report} == {p.name for d in kb.notes_dirs for p in d.glob("*.txt")}
    for note in report:
        assert 0 < note.cited_lines <= note.content_lines
        for first, last, content_lines, _ in note.uncited_runs:
            assert content_lines >= 8
            assert not set(range(first, last + 1)) & cited.get(note.file, set())


def _fresh_load(rules_dir, knowledge_dir):
    kb, problems = loader.validate([rules_dir], [knowledge_dir])  # not loader.load: it caches per directory
    assert kb is not None, problems
    return kb


def test_citing_an_uncited_run_covers_it(data_copy):
    rules_dir, knowledge_dir = data_copy
    before = coverage(_fresh_load(rules_dir, knowledge_dir), min_run=8)
    note = next(c for c in before if c.uncited_runs)
    first, last, content_lines, _ = note.uncited_runs[0]
    path = rules_dir / "storage" / "s3-lifecycle-action.yaml"
    data = yaml.safe_load(path.read_text())
    data["rules"][0]["sources"].append({"seed": note.file, "lines": f"{first}-{last}"})
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    after = {c.file: c for c in coverage(_fresh_load(rules_dir, knowledge_dir), min_run=8)}[note.file]
    assert after.cited_lines == note.cited_lines + content_lines
    assert (first, last) not in {(a, b) for a, b, _, _ in after.uncited_runs}


def test_cli_json_totals_add_up():
    result = CliRunner().invoke(cli, ["kb", "coverage", "--format", "json", "--min-run", "20"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["total"]["cited_lines"] == sum(f["cited_lines"] for f in report["files"])
    assert report["total"]["content_lines"] == sum(f["content_lines"] for f in report["files"])
    assert all(run["content_lines"] >= 20 for f in report["files"] for run in f["uncited_runs"])


def test_cli_text_lists_runs_and_rejects_a_zero_run_length():
    result = CliRunner().invoke(cli, ["kb", "coverage", "--min-run", "15"])
    assert result.exit_code == 0, result.output
    assert "Note lines the knowledge base cites" in result.output
    assert " uncited): " in result.output
    bad = CliRunner().invoke(cli, ["kb", "coverage", "--min-run", "0"])
    assert bad.exit_code == 2
