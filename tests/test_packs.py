"""User knowledge packs: the sample pack, extending and overriding by name, the broken-pack corpus, and safety.

These tests run on the frozen base in tests/broken_packs/_base (it stands in for the built-in rules and knowledge,
which change daily), through the real loader, the real durable-rules engine and the CLI.
"""

from __future__ import annotations

import json
import shutil
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from selector import loader, paths
from selector.cli import cli
from selector.errors import KnowledgeError
from selector.packs import conflicting_rules, pack_problems, rule_locations

TESTS = Path(__file__).resolve().parent
REPO = TESTS.parent
BASE = TESTS / "broken_packs" / "_base"
CORPUS = TESTS / "broken_packs"
USER_PACK = REPO / "examples" / "user-pack"
REPLAY_TO_S3 = "Clickstream events stream into S3 and we may need to replay them later."


def invoke(*args: str, input: str | None = None):
    return CliRunner().invoke(cli, list(args), input=input)


def choices(output: str) -> dict[str, str]:
    return {d["id"]: d["choice"]["id"] for d in json.loads(output)["decisions"]}


# ---------------------------------------------------------------- the sample pack

def test_sample_pack_validates(frozen):
    result = invoke("kb", "validate", str(USER_PACK))
    assert result.exit_code == 0, result.output
    assert result.output.startswith("ok: 4 decisions")


def test_sample_pack_passes_kb_test(frozen):
    result = invoke("kb", "test", str(USER_PACK), "-v")
    assert result.exit_code == 0, result.output
    assert "PASS company-s3-streams-via-firehose (should fire)" in result.output
    assert "PASS company-land-streams-as-parquet (should not fire)" in result.output
    assert result.output.rstrip().endswith("passed, 0 failed")


def test_sample_pack_changes_the_recommendation(frozen):
    before = invoke("recommend", REPLAY_TO_S3, "--format", "json")
    assert choices(before.output) == {"streaming-ingestion": "kinesis-data-streams"}
    after = invoke("recommend", REPLAY_TO_S3, "--format", "json", "--rules-dir", str(USER_PACK / "rules"),
                   "--knowledge-dir", str(USER_PACK / "knowledge"))
    assert after.exit_code == 0, after.output
    data = json.loads(after.output)
    assert choices(after.output) == {"streaming-ingestion": "kinesis-data-firehose",
                                     "company-landing-format": "company-parquet-landing"}
    ingestion = data["decisions"][0]
    assert ingestion["rules"][0] == "company-s3-streams-via-firehose"  # the winner, then rules agreeing with it
    assert ("kds-replay-or-many-consumers", "kinesis-data-streams") in {
        (o["rule"], o["option"]) for o in ingestion["overruled"]}
    assert "company-parquet-landing" in {n["id"] for n in data["architecture"]["nodes"]}


def test_sample_pack_through_environment_variables(frozen, monkeypatch):
    flags = invoke("recommend", REPLAY_TO_S3, "--format", "json", "--rules-dir", str(USER_PACK / "rules"),
                   "--knowledge-dir", str(USER_PACK / "knowledge"))
    monkeypatch.setenv(paths.RULES_ENV, str(USER_PACK / "rules"))
    monkeypatch.setenv(paths.KNOWLEDGE_ENV, str(USER_PACK / "knowledge"))
    env = invoke("recommend", REPLAY_TO_S3, "--format", "json")
    assert env.exit_code == 0 and env.output == flags.output


def test_sample_pack_on_the_built_in_base():
    """The same pack over the real built-in rules and knowledge (skipped while that base is being edited)."""
    rules, knowledge = loader.default_dirs()
    try:
        loader.load(rules, knowledge)
    except KnowledgeError as exc:
        pytest.skip(f"the built-in knowledge base does not load right now: {exc}")
    kb, problems = loader.validate(rules + [USER_PACK / "rules"], knowledge + [USER_PACK / "knowledge"])
    assert problems == []
    assert pack_problems(kb, rules + [USER_PACK / "rules"]) == []
    from selector.recommend import recommend

    rec = recommend(kb, REPLAY_TO_S3)
    chosen = {d.decision.id: d.choice_id for d in rec.decisions}
    assert chosen["streaming-ingestion"] == "kinesis-data-firehose"
    assert chosen["company-landing-format"] == "company-parquet-landing"


# ---------------------------------------------------------------- extending and overriding by name

RULE_TEMPLATE = """\
decision:
  id: streaming-ingestion
  extends: {extends}
  question: Which streaming ingestion service?
  area: ingestion
  stage: ingest
  relevant_when: {{all: [{{fact: data_arrival, eq: streaming}}]}}
  options:
    - {{id: kinesis-data-firehose, best_for: landing a stream}}
rules:
  - id: {rule_id}
{overrides}    title: Our override of the Firehose rule
    priority: 50
    when: {{all: [{{fact: data_arrival, eq: streaming}}, {{fact: destination, eq: redshift}}]}}
    choose: kinesis-data-firehose
    rationale: Our team lands Redshift streams with Firehose; S3 streams go elsewhere.
    why_not: {{kinesis-data-streams: needs consumer code.}}
    sources: [{{seed: 001_660e50563e26e4d5.txt, lines: 59-71}}]
    examples: {{fire: ["Orders stream in and must land in Redshift."], not_fire: ["Orders arrive nightly."]}}
"""


def write_pack(root: Path, rule_id: str, overrides: bool, extends: bool = True) -> Path:
    path = root / "rules" / "team" / "streaming-ingestion.yaml"
    path.parent.mkdir(parents=True)
    path.write_text(RULE_TEMPLATE.format(rule_id=rule_id, extends=str(extends).lower(),
                                         overrides="    overrides: true\n" if overrides else ""))
    return root


def test_a_rule_overrides_a_built_in_one_only_by_naming_it(tmp_path):
    pack = write_pack(tmp_path, "firehose-managed-delivery", overrides=True)
    kb, problems = loader.validate([BASE / "rules", pack / "rules"], [BASE / "knowledge"])
    assert problems == []
    rule = kb.rules["firehose-managed-delivery"]
    assert rule.file == "rules/team/streaming-ingestion.yaml" and rule.title == "Our override of the Firehose rule"
    decision = kb.decisions["streaming-ingestion"]
    assert [r.id for r in decision.rules].count("firehose-managed-delivery") == 1
    assert len(decision.rules) == 4  # replaced in place of the built-in rule, not added
    from selector.recommend import recommend

    s3 = recommend(kb, "Click events stream in and must land in S3 within a few minutes.")
    assert not any(d.decision.id == "streaming-ingestion" for d in s3.decisions)  # the S3 case is gone


def test_same_rule_id_without_overrides_is_refused(tmp_path):
    pack = write_pack(tmp_path, "firehose-managed-delivery", overrides=False)
    problems = loader.validate([BASE / "rules", pack / "rules"], [BASE / "knowledge"])[1]
    assert problems == ["rules/team/streaming-ingestion.yaml: rules[0].id: rule 'firehose-managed-delivery' "
                        "already defined in rules/ingestion/streaming-ingestion.yaml: rules[2] "
                        "(set `overrides: true` to replace it)"]


def test_extending_adds_rules_and_keeps_the_built_in_ones(tmp_path):
    pack = write_pack(tmp_path, "team-redshift-rule", overrides=False)
    kb, problems = loader.validate([BASE / "rules", pack / "rules"], [BASE / "knowledge"])
    assert problems == []
    ids = [r.id for r in kb.decisions["streaming-ingestion"].rules]
    assert ids[-1] == "team-redshift-rule" and "firehose-managed-delivery" in ids and len(ids) == 5
    assert kb.decisions["streaming-ingestion"].question == "Which streaming ingestion service?"


def test_a_node_is_replaced_only_with_overrides(tmp_path):
    knowledge = tmp_path / "knowledge"
    knowledge.mkdir()
    node = "  - {id: s3, name: Our S3 data lake, kind: service, area: storage, stage: store, summary: Ours.%s}\n"
    (knowledge / "ours.yaml").write_text("nodes:\n" + node % ", overrides: true")
    kb, problems = loader.validate([BASE / "rules"], [BASE / "knowledge", knowledge])
    assert problems == [] and kb.name_of("s3") == "Our S3 data lake"
    (knowledge / "ours.yaml").write_text("nodes:\n" + node % "")
    problems = loader.validate([BASE / "rules"], [BASE / "knowledge", knowledge])[1]
    assert problems == ["knowledge/ours.yaml: nodes[0].id: node 's3' already defined in knowledge/services.yaml: "
                        "nodes[4] (set `overrides: true` to replace it)"]


def test_conflicts_are_found_whatever_the_order_of_the_conditions(tmp_path):
    base = (BASE / "rules" / "modelling" / "tabular-algorithm.yaml").read_text()
    rival = base.split("rules:\n", 1)[1].split("  - id: linear-learner-for-linear-tables", 1)[0]
    rival = rival.replace("xgboost-for-nonlinear-tables", "team-linear-anyway").replace("choose: xgboost",
                                                                                      "choose: linear-learner")
    rival = rival.replace("        - {fact: data_type, eq: tabular}\n", "").replace(
        "        - {fact: relationship, eq: nonlinear}\n",
        "        - {fact: relationship, eq: nonlinear}\n        - {fact: data_type, eq: tabular}\n")
    rival = rival.replace("linear-learner: fits", "xgboost: fits")
    head = base.split("rules:\n", 1)[0].replace("  id: tabular-algorithm\n", "  id: tabular-algorithm\n  extends: true\n")
    path = tmp_path / "rules" / "team" / "tabular-algorithm.yaml"
    path.parent.mkdir(parents=True)
    path.write_text(head + "rules:\n" + rival)
    dirs = [BASE / "rules", tmp_path / "rules"]
    kb, problems = loader.validate(dirs, [BASE / "knowledge"])
    assert problems == []
    found = conflicting_rules(kb, rule_locations(dirs))
    assert len(found) == 1
    assert found[0].startswith("rules/team/tabular-algorithm.yaml: rules[0].when: rule 'team-linear-anyway' "
                               "chooses 'linear-learner' but rule 'xgboost-for-nonlinear-tables'")


# ---------------------------------------------------------------- kb validate on bad directories

def test_validate_of_a_missing_pack_is_one_line(frozen, tmp_path):
    result = invoke("kb", "validate", str(tmp_path / "nope"))
    assert result.exit_code == 1
    assert result.output == f"Error: {tmp_path / 'nope'}: pack directory not found\n"
    result = invoke("kb", "validate", str(tmp_path))
    assert result.exit_code == 1 and "found neither" in result.output and result.output.count("\n") == 1


def test_validate_json_lists_problems(frozen):
    result = invoke("kb", "validate", str(CORPUS / "09-unknown-fact"), "--format", "json")
    assert result.exit_code == 1
    assert json.loads(result.output) == {"valid": False, "problems": [
        "rules/faults/fault-demo.yaml: rules[0].when: unknown fact 'team_size'"]}


def test_a_pack_with_only_rules_validates(frozen, tmp_path):
    write_pack(tmp_path, "team-redshift-rule", overrides=False)
    result = invoke("kb", "validate", str(tmp_path))
    assert result.exit_code == 0, result.output


# ---------------------------------------------------------------- the broken-pack corpus

# fault directory -> (file label, key path, what the message says). Each fault is the only problem in its pack.
FAULTS = {
    "01-yaml-syntax": ("rules/faults/fault-demo.yaml", "line 4", "invalid YAML"),
    "02-python-object-tag": ("knowledge/evil.yaml", "line 4", "could not determine a constructor"),
    "03-duplicate-key": ("rules/faults/fault-demo.yaml", "line 21", "duplicate key 'priority'"),
    "04-missing-rationale": ("rules/faults/fault-demo.yaml", "rules[0]", "'rationale' is a required property"),
    "05-priority-not-integer": ("rules/faults/fault-demo.yaml", "rules[0].priority", "is not of type 'integer'"),
    "06-unknown-operator": ("rules/faults/fault-demo.yaml", "rules[0].when.all[0]", "'equals'"),
    "07-unknown-seed": ("rules/faults/fault-demo.yaml", "rules[0].sources[0].seed", "'my-notes.txt' is not one of"),
    "08-lines-outside-seed": ("rules/faults/fault-demo.yaml", "rules[0].sources[0].lines", "is outside"),
    "09-unknown-fact": ("rules/faults/fault-demo.yaml", "rules[0].when", "unknown fact 'team_size'"),
    "10-value-not-in-enum": ("rules/faults/fault-demo.yaml", "rules[0].when (latency eq)", "'instant' is not one of"),
    "11-choose-not-an-option": ("rules/faults/fault-demo.yaml", "rules[0].choose", "'athena' is not an option"),
    "12-option-not-a-node": ("rules/faults/fault-demo.yaml", "decision.options[2].id", "not a knowledge-graph node"),
    "13-why-not-names-no-option": ("rules/faults/fault-demo.yaml", "rules[0].why_not.s3", "not another option"),
    "14-duplicate-rule-id": ("rules/faults/fault-demo.yaml", "rules[0].id", "already defined"),
    "15-decision-redefined-without-extends": ("rules/company/streaming-ingestion.yaml", "decision.id",
                                              "set `extends: true`"),
    "16-override-of-missing-rule": ("rules/company/streaming-ingestion.yaml", "rules[0].overrides",
                                    "has no rule 'firehose-to-splunk' to override"),
    "17-duplicate-node": ("knowledge/nodes.yaml", "nodes[0].id", "node 's3' already defined"),
    "18-edge-to-unknown-node": ("knowledge/nodes.yaml", "nodes[0].edges.feeds[1]",
                                "unknown node 'sagemaker-feature-store'"),
    "19-unknown-calculator": ("rules/faults/fault-demo.yaml", "rules[0].compute", "unknown calculator 'os_system'"),
    "20-conflicting-rules": ("rules/faults/fault-demo.yaml", "rules[1].when", "under the same condition and priority"),
    "21-unreachable-rule": ("rules/faults/fault-demo.yaml", "rules[0].examples.fire",
                            "none of its 2 `fire` examples fires rule 'fault-demo-rule'"),
    "22-file-name-is-not-the-id": ("rules/faults/demo.yaml", "decision.id", "must equal the file name 'demo'"),
    "23-fact-redefined": ("knowledge/vocabulary/team.yaml", "facts.latency", "fact already defined"),
    "24-invalid-regex": ("knowledge/vocabulary/team.yaml", "facts.team_size.values.small[0]",
                         "invalid regular expression"),
    "25-derive-unknown-fact": ("rules/faults/fault-demo.yaml", "rules[0].derive.owner_team",
                               "unknown fact 'owner_team'"),
    "26-unknown-claim": ("rules/faults/fault-demo.yaml", "rules[0].claims[0]", "unknown claim 'firehose-is-free'"),
    "27-extends-missing-decision": ("rules/faults/fault-demo.yaml", "decision.extends",
                                    "there is no decision 'fault-demo' to extend"),
    "28-unknown-concept": ("knowledge/vocabulary/team.yaml", "facts.team_size.values.small[0]",
                           "unknown concept {busy}"),
}


def test_the_corpus_has_every_fault_and_nothing_else():
    on_disk = sorted(p.name for p in CORPUS.iterdir() if p.is_dir() and p.name[0].isdigit())
    assert on_disk == sorted(FAULTS) and len(FAULTS) >= 15


@pytest.mark.parametrize("fault", sorted(FAULTS))
def test_broken_pack_is_rejected_with_file_and_key_path(frozen, fault):
    label, key, message = FAULTS[fault]
    result = invoke("kb", "validate", str(CORPUS / fault))
    assert result.exit_code == 1
    problems = result.stdout.splitlines()
    assert len(problems) == 1, problems
    assert problems[0].startswith(f"{label}: {key}: "), problems[0]
    assert message in problems[0]
    assert result.stderr == "1 problems\n"


@pytest.mark.parametrize("fault", sorted(FAULTS))
def test_broken_pack_stops_every_command_with_one_line(frozen, fault):
    args = ["recommend", REPLAY_TO_S3]
    for kind in ("rules", "knowledge"):
        if (CORPUS / fault / kind).is_dir():
            args += [f"--{kind}-dir", str(CORPUS / fault / kind)]
    result = invoke(*args)
    if fault in ("20-conflicting-rules", "21-unreachable-rule"):  # loadable data: only `kb validate` flags them
        assert result.exit_code == 0, result.output
        return
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: {FAULTS[fault][0]}: ") and result.output.count("\n") == 1


# ---------------------------------------------------------------- nothing in a pack runs code

def test_an_object_tag_is_refused_and_runs_nothing(frozen, tmp_path):
    marker = tmp_path / "ran"
    pack = tmp_path / "pack"
    shutil.copytree(CORPUS / "02-python-object-tag", pack)
    evil = pack / "knowledge" / "evil.yaml"
    evil.write_text(evil.read_text().replace("/tmp/selector-broken-pack-ran-code", str(marker)))
    for tag in ("!!python/object/apply:os.system", "!!python/object/new:os.system", "!!python/name:os.system"):
        evil.write_text(evil.read_text().replace("!!python/object/apply:os.system", tag, 1))
        result = invoke("kb", "validate", str(pack))
        assert result.exit_code == 1 and "invalid YAML" in result.output
    assert not marker.exists()


def test_python_files_in_a_pack_are_never_imported(frozen, tmp_path):
    marker = tmp_path / "imported"
    write_pack(tmp_path / "pack", "team-redshift-rule", overrides=False)
    (tmp_path / "pack" / "knowledge").mkdir()  # `kb test DIR` wants both halves of a pack
    for name in ("rules/team/__init__.py", "rules/team/hook.py", "conftest.py", "rules/team/x.yaml.py"):
        path = tmp_path / "pack" / name
        path.write_text(f"open({str(marker)!r}, 'w').write('ran')\n")
    assert invoke("kb", "validate", str(tmp_path / "pack")).exit_code == 0
    assert invoke("kb", "test", str(tmp_path / "pack")).exit_code == 0
    assert not marker.exists()


def test_compute_names_only_a_registered_calculator(frozen):
    from selector import calculators

    result = invoke("kb", "validate", str(CORPUS / "19-unknown-calculator"))
    assert "unknown calculator 'os_system'" in result.output
    # The registry holds only the module's own functions: a pack cannot name anything else.
    assert {"kinesis_shards", "endpoint_instances", "confusion_metrics"} <= set(calculators.CALCULATORS)
    assert all(f.__module__ == "selector.calculators" for f in calculators.CALCULATORS.values())


def test_the_frozen_base_itself_is_valid_and_its_examples_pass(frozen):
    assert invoke("kb", "validate").exit_code == 0
    result = invoke("kb", "test")
    assert result.exit_code == 0 and result.output.strip().endswith("passed, 0 failed")


def test_rule_locations_follow_the_files(tmp_path):
    where = rule_locations([BASE / "rules"])
    assert where[("rules/ingestion/streaming-ingestion.yaml", "firehose-managed-delivery")] == 2
    assert where[("rules/modelling/tabular-algorithm.yaml", "linear-learner-for-linear-tables")] == 1
    bad = tmp_path / "rules"
    bad.mkdir()
    (bad / "junk.yaml").write_text(textwrap.dedent("""\
        rules: not a list
        """))
    (bad / "broken.yaml").write_text("rules: [\n")
    assert rule_locations([bad, tmp_path / "missing"]) == {}
