"""Typed values shared by every pipeline stage."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

AREAS = ("storage", "ingestion", "etl", "features", "modelling", "instances", "training", "evaluation",
         "deployment", "security", "ai-services")
STAGES = ("ingest", "store", "catalog", "prepare", "orchestrate", "train", "tune", "evaluate", "deploy", "monitor",
          "secure")
NODE_KINDS = ("service", "feature", "algorithm", "instance-family", "metric", "technique", "concept",
              "hyperparameter", "format")
EDGE_TYPES = ("delivers_to", "reads_from", "writes_to", "feeds", "catalogs", "queries", "orchestrates", "triggers",
              "transforms", "trains", "deploys_to", "monitors", "secures", "requires", "alternative_to", "runs_on",
              "part_of", "uses", "successor_of", "applies_to", "remedies", "kind_of")
# Edges that describe data or control flow: drawn between components of an architecture.
FLOW_EDGES = ("delivers_to", "reads_from", "writes_to", "feeds", "catalogs", "queries", "orchestrates", "triggers",
              "transforms", "trains", "deploys_to", "monitors", "secures", "requires", "runs_on", "uses")
OPERATORS = ("eq", "ne", "in", "not_in", "lt", "le", "gt", "ge", "present")


def format_value(value: Any) -> str:
    """A fact or attribute value as users write it: true/false in lower case, lists comma separated."""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, list):
        return ", ".join(format_value(v) for v in value)
    return str(value)


def line_numbers(lines: str | int) -> range:
    """A citation's lines in the schema's form, '223-233' or '1593', as a range."""
    first, _, last = str(lines).partition("-")
    return range(int(first), int(last or first) + 1)


@dataclass(frozen=True)
class Source:
    seed: str
    lines: str
    section: str = ""

    def line_numbers(self) -> range:
        return line_numbers(self.lines)

    def cite(self) -> str:
        text = f"{self.seed} lines {self.lines}"
        return f"{text} ({self.section})" if self.section else text


@dataclass(frozen=True)
class FactDef:
    name: str
    type: str  # enum | number | numbers (a list) | bool
    description: str
    file: str
    multi: bool = False
    derived: bool = False
    default: Any = None
    unit: str = ""
    values: tuple[str, ...] = ()  # enum values in precedence order; ("true", "false") for bool
    phrases: dict[str, tuple[str, ...]] = field(default_factory=dict)  # value -> regexes, concepts expanded
    written: dict[str, tuple[str, ...]] = field(default_factory=dict)  # value -> phrases naming {concepts}, as written
    patterns: tuple[str, ...] = ()  # number patterns
    units: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class Fact:
    name: str
    value: Any
    evidence: str  # the words that produced it, or "--fact", "assumed", "derived by RULE"
    origin: str = "text"  # text | option | assumed | derived

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "value": self.value, "evidence": self.evidence, "origin": self.origin}


@dataclass(frozen=True)
class Example:
    text: str | None
    facts: dict[str, Any] | None

    def label(self) -> str:
        return self.text if self.text is not None else f"facts {self.facts}"


@dataclass(frozen=True)
class Rule:
    id: str
    decision_id: str
    title: str
    priority: int
    when: dict[str, Any]
    choose: str
    rationale: str
    why_not: dict[str, str]
    sources: tuple[Source, ...]
    fire_examples: tuple[Example, ...]
    not_fire_examples: tuple[Example, ...]
    derive: dict[str, Any] = field(default_factory=dict)
    compute: str | None = None
    claims: tuple[str, ...] = ()
    file: str = ""
    order: int = 0


@dataclass(frozen=True)
class Option:
    id: str
    best_for: str


@dataclass(frozen=True)
class Decision:
    id: str
    question: str
    area: str
    stage: str
    relevant_when: dict[str, Any]
    needs: tuple[str, ...]
    options: tuple[Option, ...]
    rules: tuple[Rule, ...]
    file: str
    for_approach: str | None = None  # the options are chosen (or rejected) only for this approach, e.g. spot

    def option(self, option_id: str) -> Option | None:
        return next((o for o in self.options if o.id == option_id), None)


@dataclass(frozen=True)
class Claim:
    id: str
    node_id: str
    claim: str
    current: str
    status: str
    rules_use: str
    sources: tuple[Source, ...]


@dataclass
class Setting:
    """A computed value attached to a decision (e.g. a shard count), with its arithmetic."""

    value: Any
    unit: str
    steps: list[str]
    missing: list[str] = field(default_factory=list)
    also: dict[str, float] = field(default_factory=dict)  # other quantities worked out on the way, by unit
    normal_range: tuple[float, float] | None = None  # values outside it are outliers (box-plot fences)

    def quantities(self) -> dict[str, float]:
        """unit -> value for the result and every named intermediate quantity."""
        found = dict(self.also)
        if isinstance(self.value, (int, float)) and not isinstance(self.value, bool):
            found[self.unit] = self.value
        return found


@dataclass
class Alternative:
    id: str
    name: str
    why_not: str


@dataclass
class DecisionResult:
    decision: Decision
    choice_id: str
    choice_name: str
    choice_kind: str
    rationale: str
    rules: list[str]
    sources: list[Source]
    alternatives: list[Alternative]
    overruled: list[tuple[str, str]]  # (rule id, option id) fired with lower precedence
    setting: Setting | None = None
    node_facts: list[str] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)


@dataclass
class ArchNode:
    id: str
    name: str
    stage: str
    kind: str
    reason: str  # "chosen by DECISION" or "required by NODE" or "destination from fact"


@dataclass
class ArchEdge:
    source: str
    target: str
    label: str
    inferred: bool = False


@dataclass
class Recommendation:
    scenario: str
    facts: list[Fact]
    decisions: list[DecisionResult]
    nodes: list[ArchNode]
    edges: list[ArchEdge]
    assumptions: list[str]
    warnings: list[str]
    fired_rules: list[str]
