"""Load rules, knowledge and vocabulary from YAML, validate them, and build the knowledge base.

Every file is checked against its JSON Schema, then every cross reference is checked (options are graph nodes, rule
facts are defined, edges point somewhere, sources cite real seed lines...). All problems are collected and reported
together, each as `file: key.path: message`.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, Iterator

import jsonschema
import networkx as nx
import yaml

from selector import calculators, paths
from selector.errors import KnowledgeError
from selector.models import Claim, Decision, Example, FactDef, Option, Rule, Source
from selector.seeds import SEED_LINES

DEFAULT_PRIORITY = 50
MAX_CONJUNCTIONS = 64


@dataclass
class KnowledgeBase:
    facts: dict[str, FactDef]
    decisions: dict[str, Decision]
    rules: dict[str, Rule]
    graph: nx.MultiDiGraph
    claims: dict[str, Claim]
    fingerprint: str
    files: list[str] = field(default_factory=list)
    notes_dirs: list[Path] = field(default_factory=list)  # `notes/` folders of the knowledge directories

    def node(self, node_id: str) -> dict[str, Any]:
        return self.graph.nodes[node_id]

    def targets(self, node_id: str, edge_type: str) -> set[str]:
        """The nodes `node_id` points to by edges of one type (the services a feature is `part_of`)."""
        return {target for _, target, kind in self.graph.out_edges(node_id, keys=True) if kind == edge_type}

    def sources(self, node_id: str, edge_type: str) -> set[str]:
        """The nodes that point to `node_id` by edges of one type (the features `part_of` a service)."""
        return {source for source, _, kind in self.graph.in_edges(node_id, keys=True) if kind == edge_type}

    def names(self, node_id: str) -> set[str]:
        """What a text may call a node: its name (its id when it has none) and its aliases."""
        data = self.graph.nodes[node_id]
        return {data.get("name", node_id), *data.get("aliases", [])}

    def kinds_of(self, node_id: str) -> set[str]:
        """What a node is a kind of, following `kind_of` edges transitively (P3 instances -> GPU instances)."""
        found: set[str] = set()
        frontier = [node_id]
        while frontier:
            for target in self.targets(frontier.pop(), "kind_of") - found:
                found.add(target)
                frontier.append(target)
        return found

    def name_of(self, node_id: str) -> str:
        return self.graph.nodes[node_id].get("name", node_id) if node_id in self.graph else node_id


# ---------------------------------------------------------------- YAML

# libyaml's parser when PyYAML was built with it (about 10x faster); same safe constructors either way.
_SafeBase = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _StrictLoader(_SafeBase):  # type: ignore[misc, valid-type]
    """Safe YAML (no object tags) that also rejects duplicate keys, a silent data-loss bug in plain YAML."""


def _construct_mapping(loader: _StrictLoader, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
    seen: set[Any] = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key!r}", key_node.start_mark)
        seen.add(key)
    return loader.construct_mapping(node, deep=deep)


_StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def _stringify_keys(value: Any) -> Any:
    """YAML reads `true:` as a boolean key; the formats use string keys throughout."""
    if isinstance(value, dict):
        return {(str(k).lower() if isinstance(k, bool) else str(k)): _stringify_keys(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_stringify_keys(v) for v in value]
    return value


def read_yaml(path: Path, label: str, problems: list[str]) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        problems.append(f"{label}: cannot read: {exc}")
        return None
    try:
        data = yaml.load(text, Loader=_StrictLoader)  # noqa: S506 - _StrictLoader is a SafeLoader
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}: " if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        problems.append(f"{label}: {where}invalid YAML: {problem}")
        return None
    return _stringify_keys(data)


# ---------------------------------------------------------------- schema

@lru_cache(maxsize=None)
def _validator(kind: str) -> jsonschema.protocols.Validator:
    schema = json.loads(resources.files("selector.schemas").joinpath(f"{kind}.schema.json").read_text())
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


def key_path(parts: Iterator[Any] | list[Any]) -> str:
    text = ""
    for part in parts:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "(top level)"


def _best_errors(error: jsonschema.ValidationError) -> list[jsonschema.ValidationError]:
    """For oneOf/anyOf failures report the branch that got furthest, not the whole alternative list."""
    if error.context:
        deepest = max(len(e.absolute_path) for e in error.context)
        if deepest > len(error.absolute_path):
            return [e for e in error.context if len(e.absolute_path) == deepest][:1]
    return [error]


def schema_problems(kind: str, data: Any, label: str) -> list[str]:
    found = []
    for error in sorted(_validator(kind).iter_errors(data), key=lambda e: list(map(str, e.absolute_path))):
        for best in _best_errors(error):
            found.append(f"{label}: {key_path(best.absolute_path)}: {best.message}")
    return found


# ---------------------------------------------------------------- validated-file cache

# Parsing YAML and validating it against the schema dominate start-up. A file that passed both is cached as JSON,
# keyed by a hash of its bytes and of the schema, so an unchanged file is not parsed or validated again. Cross-file
# checks always run. SELECTOR_NO_CACHE=1 turns the cache off; SELECTOR_CACHE_DIR moves it.

def cache_dir() -> Path | None:
    if os.environ.get("SELECTOR_NO_CACHE"):
        return None
    base = os.environ.get("SELECTOR_CACHE_DIR") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache"), "selector")
    return Path(base)


@lru_cache(maxsize=None)
def _schema_hash(kind: str) -> bytes:
    return hashlib.sha256(resources.files("selector.schemas").joinpath(f"{kind}.schema.json").read_bytes()).digest()


def _cache_path(kind: str, content: bytes) -> Path | None:
    directory = cache_dir()
    if directory is None:
        return None
    key = hashlib.sha256(_schema_hash(kind) + kind.encode() + b"\0" + content).hexdigest()
    return directory / f"{key}.json"


def _cache_get(kind: str, content: bytes) -> Any:
    path = _cache_path(kind, content)
    if path is None:
        return None
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _cache_put(kind: str, content: bytes, data: Any) -> None:
    path = _cache_path(kind, content)
    if path is None:
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(json.dumps(data), encoding="utf-8")
        tmp.replace(path)
    except (OSError, TypeError, ValueError):
        pass  # a cache that cannot be written only costs time


# ---------------------------------------------------------------- conditions

def condition_leaves(condition: dict[str, Any]) -> Iterator[dict[str, Any]]:
    if "all" in condition or "any" in condition:
        for child in condition.get("all", condition.get("any", [])):
            yield from condition_leaves(child)
    else:
        yield condition


def leaf_operator(leaf: dict[str, Any]) -> tuple[str, Any]:
    (op, value), = ((k, v) for k, v in leaf.items() if k != "fact")
    return op, value


def to_dnf(condition: dict[str, Any]) -> list[list[dict[str, Any]]]:
    """Disjunctive normal form: a list of conjunctions, each a list of leaves."""
    if "any" in condition:
        return [conj for child in condition["any"] for conj in to_dnf(child)]
    if "all" in condition:
        result: list[list[dict[str, Any]]] = [[]]
        for child in condition["all"]:
            result = [left + right for left in result for right in to_dnf(child)]
            if len(result) > MAX_CONJUNCTIONS:
                raise ValueError(f"condition expands to more than {MAX_CONJUNCTIONS} alternatives")
        return result
    return [[condition]]


# ---------------------------------------------------------------- loading

def _yaml_files(directory: Path) -> list[Path]:
    return sorted(p for p in directory.rglob("*.y*ml") if p.suffix in (".yaml", ".yml") and p.is_file())


def _label(path: Path, root: Path) -> str:
    try:
        return f"{root.name}/{path.relative_to(root).as_posix()}"
    except ValueError:
        return path.as_posix()


def _sources(raw: list[dict[str, Any]]) -> tuple[Source, ...]:
    return tuple(Source(seed=s["seed"], lines=str(s["lines"]), section=s.get("section", "")) for s in raw)


def _example(raw: Any) -> Example:
    return Example(text=raw, facts=None) if isinstance(raw, str) else Example(text=None, facts=raw["facts"])


_CONCEPT_REF = re.compile(r"\{([a-z][a-z0-9_]*)\}")  # {NUM} is upper case: the reader expands it


class _Loader:
    def __init__(self) -> None:
        self.problems: list[str] = []
        self.facts: dict[str, FactDef] = {}
        self.extra_phrases: list[tuple[str, str, str, list[str]]] = []  # (label, fact, value, phrases)
        self.concepts: dict[str, tuple[str, list[str]]] = {}  # name -> (label, regexes)
        self.concept_uses: list[tuple[str, str]] = []  # (where a phrase names a concept, the concept's name)
        self.decisions: dict[str, Decision] = {}
        self.rules: dict[str, Rule] = {}
        self.rule_labels: dict[str, str] = {}
        self.decision_labels: dict[str, str] = {}
        self.nodes: dict[str, dict[str, Any]] = {}
        self.node_labels: dict[str, str] = {}
        self.claims: dict[str, Claim] = {}
        self.digest = hashlib.sha256()
        self.files: list[str] = []
        self.notes_dirs: list[Path] = []

    def read(self, path: Path, root: Path, kind: str) -> tuple[Any, str] | None:
        label = _label(path, root)
        self.files.append(label)
        self.digest.update(label.encode() + b"\0")
        try:
            content = path.read_bytes()
        except OSError as exc:
            self.problems.append(f"{label}: cannot read: {exc.strerror or exc}")
            return None
        self.digest.update(content)
        cached = _cache_get(kind, content)
        if cached is not None:
            return cached, label
        data = read_yaml(path, label, self.problems)
        if data is None:
            if not any(p.startswith(label + ":") for p in self.problems):
                self.problems.append(f"{label}: file is empty")
            return None
        found = schema_problems(kind, data, label)
        self.problems.extend(found)
        if not found:
            _cache_put(kind, content, data)
        return (None if found else data), label

    # -- vocabulary
    def add_vocabulary(self, data: dict[str, Any], label: str) -> None:
        for name, regexes in (data.get("concepts") or {}).items():
            if name in self.concepts:
                self.problems.append(f"{label}: concepts.{name}: concept already defined in {self.concepts[name][0]}")
                continue
            self.concepts[name] = (label, list(regexes))
            for i, regex in enumerate(regexes):
                if _CONCEPT_REF.search(regex):
                    self.problems.append(f"{label}: concepts.{name}[{i}]: a concept cannot refer to another concept")
                else:
                    self._check_regex(regex, f"{label}: concepts.{name}[{i}]")
        for name, raw in (data.get("facts") or {}).items():
            if name in self.facts:
                self.problems.append(f"{label}: facts.{name}: fact already defined in {self.facts[name].file}")
                continue
            kind = raw["type"]
            values_raw = raw.get("values") or {}
            if kind == "bool":
                unknown = set(values_raw) - {"true", "false"}
                if unknown:
                    self.problems.append(f"{label}: facts.{name}.values: bool facts take only true/false, not {sorted(unknown)}")
                values: tuple[str, ...] = ("true", "false")
            else:
                values = tuple(values_raw)
            if kind == "enum" and not values:
                self.problems.append(f"{label}: facts.{name}.values: an enum fact needs at least one value")
            if kind in ("number", "numbers") and not raw.get("patterns") and not raw.get("derived"):
                self.problems.append(f"{label}: facts.{name}.patterns: a {kind} fact needs at least one pattern")
            default = raw.get("default")
            if default is not None:
                problem = value_problem(kind, values, default)
                if problem:
                    self.problems.append(f"{label}: facts.{name}.default: {problem}")
            self.facts[name] = FactDef(
                name=name, type=kind, description=raw["description"], file=label, multi=bool(raw.get("multi")),
                derived=bool(raw.get("derived")), default=default, unit=raw.get("unit", ""), values=values,
                phrases={v: tuple(p or ()) for v, p in values_raw.items()}, patterns=tuple(raw.get("patterns") or ()),
                units={k.lower(): float(v) for k, v in (raw.get("units") or {}).items()})
            for i, pattern in enumerate(raw.get("patterns") or ()):
                self._check_regex(pattern, f"{label}: facts.{name}.patterns[{i}]", needs_value=True)
            for value, phrases in values_raw.items():
                for i, phrase in enumerate(phrases or ()):
                    self._check_phrase(phrase, f"{label}: facts.{name}.values.{value}[{i}]")
        for name, by_value in (data.get("phrases") or {}).items():
            for value, phrases in by_value.items():
                self.extra_phrases.append((label, name, value, phrases))

    def _check_regex(self, phrase: str, where: str, needs_value: bool = False) -> None:
        from selector.scenario import compile_phrase  # the reader owns the phrase syntax

        try:
            compiled = compile_phrase(phrase)
        except re.error as exc:
            self.problems.append(f"{where}: invalid regular expression: {exc}")
            return
        if needs_value and "value" not in compiled.groupindex:
            self.problems.append(f"{where}: a number pattern needs a (?P<value>...) group")

    def _check_phrase(self, phrase: str, where: str) -> None:
        self._check_regex(phrase, where)
        self.concept_uses.extend((where, name) for name in _CONCEPT_REF.findall(phrase))

    def merge_phrases(self) -> None:
        for label, name, value, phrases in self.extra_phrases:
            fact = self.facts.get(name)
            if fact is None:
                self.problems.append(f"{label}: phrases.{name}: unknown fact (define it under facts: in a vocabulary file)")
                continue
            if value not in fact.values:
                self.problems.append(f"{label}: phrases.{name}.{value}: {name} has no value {value!r} (values: {', '.join(fact.values)})")
                continue
            for i, phrase in enumerate(phrases):
                self._check_phrase(phrase, f"{label}: phrases.{name}.{value}[{i}]")
            fact.phrases[value] = fact.phrases.get(value, ()) + tuple(phrases)

    def expand_concepts(self) -> None:
        """Replace `{concept}` in every phrase by the concept's regexes (the phrases as written are kept for
        display), reporting each unknown concept where the phrase naming it was written."""
        reported: set[str] = set()
        for where, name in self.concept_uses:
            if name not in self.concepts and where not in reported:
                reported.add(where)
                self.problems.append(f"{where}: unknown concept {{{name}}} (define it under concepts:)")

        def expand(m: re.Match[str]) -> str:
            known = self.concepts.get(m.group(1))
            return "(?:" + "|".join(known[1]) + ")" if known else m.group(0)

        for fact in self.facts.values():
            for value, phrases in fact.phrases.items():
                if any(_CONCEPT_REF.search(phrase) for phrase in phrases):
                    fact.written[value] = phrases
                    fact.phrases[value] = tuple(_CONCEPT_REF.sub(expand, phrase) for phrase in phrases)

    # -- knowledge
    def add_knowledge(self, data: dict[str, Any], label: str) -> None:
        for i, node in enumerate(data.get("nodes") or []):
            node_id = node["id"]
            if node_id in self.nodes and not node.get("overrides"):
                self.problems.append(f"{label}: nodes[{i}].id: node {node_id!r} already defined in "
                                     f"{self.node_labels[node_id]} (set `overrides: true` to replace it)")
                continue
            if node.get("overrides") and node_id not in self.nodes:
                self.problems.append(f"{label}: nodes[{i}].overrides: there is no node {node_id!r} to override")
                continue
            if node.get("overrides"):
                # The replaced node's claims go with it.
                self.claims = {k: c for k, c in self.claims.items() if c.node_id != node_id}
            self.nodes[node_id] = node
            self.node_labels[node_id] = f"{label}: nodes[{i}]"
            for j, claim in enumerate(node.get("claims") or []):
                if claim["id"] in self.claims:
                    self.problems.append(f"{label}: nodes[{i}].claims[{j}].id: claim {claim['id']!r} already defined")
                    continue
                self.claims[claim["id"]] = Claim(id=claim["id"], node_id=node_id, claim=claim["claim"],
                                                 current=claim["current"], status=claim["status"],
                                                 rules_use=claim["rules_use"], sources=_sources(claim["sources"]))

    # -- rules
    def add_decision(self, data: dict[str, Any], label: str, path: Path, order: int) -> int:
        raw = data["decision"]
        decision_id = raw["id"]
        if path.stem != decision_id:
            self.problems.append(f"{label}: decision.id: {decision_id!r} must equal the file name {path.stem!r}")
        base = self.decisions.get(decision_id)
        if base is not None and not raw.get("extends"):
            self.problems.append(f"{label}: decision.id: decision {decision_id!r} already defined in "
                                 f"{self.decision_labels[decision_id]} (set `extends: true` to add rules to it)")
            return order
        if raw.get("extends") and base is None:
            self.problems.append(f"{label}: decision.extends: there is no decision {decision_id!r} to extend")
            return order
        rules = []
        replaced: set[str] = set()
        for i, r in enumerate(data["rules"]):
            rule_id = r["id"]
            if r.get("overrides"):
                if rule_id not in self.rules or self.rules[rule_id].decision_id != decision_id:
                    self.problems.append(f"{label}: rules[{i}].overrides: decision {decision_id!r} has no rule "
                                         f"{rule_id!r} to override")
                    continue
                replaced.add(rule_id)
            elif rule_id in self.rules:
                self.problems.append(f"{label}: rules[{i}].id: rule {rule_id!r} already defined in "
                                     f"{self.rule_labels[rule_id]} (set `overrides: true` to replace it)")
                continue
            rule = Rule(
                id=rule_id, decision_id=decision_id, title=r["title"], priority=r.get("priority", DEFAULT_PRIORITY),
                when=r["when"], choose=r["choose"], rationale=" ".join(r["rationale"].split()),
                why_not={k: " ".join(v.split()) for k, v in (r.get("why_not") or {}).items()},
                sources=_sources(r["sources"]), fire_examples=tuple(_example(e) for e in r["examples"]["fire"]),
                not_fire_examples=tuple(_example(e) for e in r["examples"]["not_fire"]),
                derive=r.get("derive") or {}, compute=r.get("compute"), claims=tuple(r.get("claims") or ()),
                file=label, order=order)
            order += 1
            self.rules[rule_id] = rule
            self.rule_labels[rule_id] = f"{label}: rules[{i}]"
            rules.append(rule)
        options = tuple(Option(id=o["id"], best_for=" ".join(o["best_for"].split())) for o in raw["options"])
        if base is not None:
            # An extension adds options and rules to the built-in decision; overriding rules take the place of
            # the rules they name.
            known = {o.id for o in base.options}
            options = base.options + tuple(o for o in options if o.id not in known)
            rules = [r for r in base.rules if r.id not in replaced] + rules
            self.decisions[decision_id] = Decision(
                id=decision_id, question=base.question, area=base.area, stage=base.stage,
                relevant_when=base.relevant_when, needs=base.needs, options=options, rules=tuple(rules),
                file=base.file, for_approach=base.for_approach)
            return order
        self.decisions[decision_id] = Decision(
            id=decision_id, question=raw["question"], area=raw["area"], stage=raw["stage"],
            relevant_when=raw["relevant_when"], needs=tuple(raw.get("needs") or ()), options=options,
            rules=tuple(rules), file=label, for_approach=raw.get("for_approach"))
        self.decision_labels[decision_id] = label
        return order

    # -- cross references
    def check_references(self) -> None:
        for node_id, node in self.nodes.items():
            where = self.node_labels[node_id]
            for edge_type, targets in (node.get("edges") or {}).items():
                for j, target in enumerate(targets):
                    if target not in self.nodes:
                        self.problems.append(f"{where}.edges.{edge_type}[{j}]: unknown node {target!r}")
            self._check_sources(node.get("facts") or [], f"{where}.facts", nested=True)
            self._check_sources(node.get("claims") or [], f"{where}.claims", nested=True)
        for decision in self.decisions.values():
            label = decision.file
            option_ids = [o.id for o in decision.options]
            if len(set(option_ids)) != len(option_ids):
                self.problems.append(f"{label}: decision.options: duplicate option ids")
            for i, option in enumerate(decision.options):
                if option.id not in self.nodes:
                    self.problems.append(f"{label}: decision.options[{i}].id: {option.id!r} is not a knowledge-graph node")
            self._check_condition(decision.relevant_when, f"{label}: decision.relevant_when")
            for i, need in enumerate(decision.needs):
                if need not in self.facts:
                    self.problems.append(f"{label}: decision.needs[{i}]: unknown fact {need!r}")
            approach = self.facts.get("approach")
            if decision.for_approach and (approach is None or decision.for_approach not in approach.values):
                self.problems.append(f"{label}: decision.for_approach: {decision.for_approach!r} is not a value of "
                                     f"the approach fact")
            for rule in decision.rules:
                where = self.rule_labels[rule.id]
                if rule.choose not in option_ids:
                    self.problems.append(f"{where}.choose: {rule.choose!r} is not an option of decision {decision.id!r}")
                for other in rule.why_not:
                    if other not in option_ids or other == rule.choose:
                        self.problems.append(f"{where}.why_not.{other}: not another option of decision {decision.id!r}")
                if len(option_ids) > 1 and not rule.why_not:
                    self.problems.append(f"{where}.why_not: say why at least one other option loses")
                self._check_condition(rule.when, f"{where}.when")
                for name, value in rule.derive.items():
                    self._check_fact_value(name, value, f"{where}.derive.{name}")
                if rule.compute and rule.compute not in calculators.CALCULATORS:
                    self.problems.append(f"{where}.compute: unknown calculator {rule.compute!r} "
                                         f"(known: {', '.join(sorted(calculators.CALCULATORS))})")
                for j, claim_id in enumerate(rule.claims):
                    if claim_id not in self.claims:
                        self.problems.append(f"{where}.claims[{j}]: unknown claim {claim_id!r}")
                for j, source in enumerate(rule.sources):
                    self._check_source(source, f"{where}.sources[{j}]")
                for kind, examples in (("fire", rule.fire_examples), ("not_fire", rule.not_fire_examples)):
                    for j, example in enumerate(examples):
                        for name, value in (example.facts or {}).items():
                            if isinstance(value, list) and name in self.facts and self.facts[name].type == "numbers":
                                self._check_fact_value(name, value, f"{where}.examples.{kind}[{j}].facts.{name}")
                            elif isinstance(value, list):
                                if not self.facts.get(name, None) or not self.facts[name].multi:
                                    self.problems.append(f"{where}.examples.{kind}[{j}].facts.{name}: a list of "
                                                         f"values needs a multi-valued fact")
                                    continue
                                for k, item in enumerate(value):
                                    self._check_fact_value(name, item, f"{where}.examples.{kind}[{j}].facts.{name}[{k}]")
                            else:
                                self._check_fact_value(name, value, f"{where}.examples.{kind}[{j}].facts.{name}")

    def _check_sources(self, items: list[dict[str, Any]], where: str, nested: bool) -> None:
        for i, item in enumerate(items):
            for j, source in enumerate(_sources(item["sources"])):
                self._check_source(source, f"{where}[{i}].sources[{j}]")

    def _check_source(self, source: Source, where: str) -> None:
        total = SEED_LINES[source.seed]
        cited = source.line_numbers()
        if not 1 <= cited.start <= cited.stop - 1 <= total:
            self.problems.append(f"{where}.lines: {source.lines} is outside {source.seed} (1-{total})")

    def _check_condition(self, condition: dict[str, Any], where: str) -> None:
        try:
            to_dnf(condition)
        except ValueError as exc:
            self.problems.append(f"{where}: {exc}")
        for leaf in condition_leaves(condition):
            name = leaf["fact"]
            fact = self.facts.get(name)
            if fact is None:
                self.problems.append(f"{where}: unknown fact {name!r}")
                continue
            op, value = leaf_operator(leaf)
            if op == "present":
                if value is False and fact.derived:
                    self.problems.append(f"{where}: `present: false` cannot test the derived fact {name!r}")
                continue
            if fact.type == "numbers":
                self.problems.append(f"{where}: a list of numbers ({name!r}) can only be tested with `present`")
                continue
            if op in ("lt", "le", "gt", "ge") and fact.type != "number":
                self.problems.append(f"{where}: {op} needs a number fact; {name!r} is {fact.type}")
                continue
            for item in value if isinstance(value, list) else [value]:
                self._check_fact_value(name, item, f"{where} ({name} {op})")

    def _check_fact_value(self, name: str, value: Any, where: str) -> None:
        fact = self.facts.get(name)
        if fact is None:
            self.problems.append(f"{where}: unknown fact {name!r}")
            return
        problem = value_problem(fact.type, fact.values, value)
        if problem:
            self.problems.append(f"{where}: {problem}")

    def build(self) -> KnowledgeBase:
        graph = nx.MultiDiGraph()
        for node_id in sorted(self.nodes):
            node = self.nodes[node_id]
            graph.add_node(node_id, **{k: v for k, v in node.items() if k not in ("id", "edges")})
        for node_id in sorted(self.nodes):
            for edge_type, targets in sorted((self.nodes[node_id].get("edges") or {}).items()):
                for target in targets:
                    if target in graph:
                        graph.add_edge(node_id, target, key=edge_type, type=edge_type)
        return KnowledgeBase(facts=self.facts, decisions=self.decisions, rules=self.rules, graph=graph,
                             claims=self.claims, fingerprint=self.digest.hexdigest()[:16], files=self.files,
                             notes_dirs=self.notes_dirs)


def value_problem(kind: str, values: tuple[str, ...], value: Any) -> str | None:
    if kind == "numbers":
        ok = isinstance(value, (list, tuple)) and value and all(
            isinstance(v, (int, float)) and not isinstance(v, bool) for v in value)
        return None if ok else f"{value!r} is not a list of numbers"
    if kind == "number":
        return None if isinstance(value, (int, float)) and not isinstance(value, bool) else f"{value!r} is not a number"
    if kind == "bool":
        return None if isinstance(value, bool) else f"{value!r} is not true/false"
    if value not in values:
        return f"{value!r} is not one of {', '.join(values)}"
    return None


def _collect(rules_dirs: list[Path], knowledge_dirs: list[Path]) -> _Loader:
    """Read directories in order: later ones (user packs) may extend or override what earlier ones define."""
    loader = _Loader()
    for root in knowledge_dirs:
        if not root.is_dir():
            loader.problems.append(f"{root}: knowledge directory not found")
            continue
        vocab_root = root / "vocabulary"
        if (root / "notes").is_dir():
            loader.notes_dirs.append(root / "notes")
        for path in _yaml_files(root):
            is_vocab = vocab_root in path.parents
            result = loader.read(path, root, "vocabulary" if is_vocab else "knowledge")
            if result and result[0] is not None:
                (loader.add_vocabulary if is_vocab else loader.add_knowledge)(result[0], result[1])
    loader.merge_phrases()
    loader.expand_concepts()
    order = 0
    for root in rules_dirs:
        if not root.is_dir():
            loader.problems.append(f"{root}: rules directory not found")
            continue
        for path in _yaml_files(root):
            result = loader.read(path, root, "rules")
            if result and result[0] is not None:
                order = loader.add_decision(result[0], result[1], path, order)
    loader.check_references()
    return loader


def default_dirs(extra_rules: list[Path] | None = None, extra_knowledge: list[Path] | None = None
                 ) -> tuple[list[Path], list[Path]]:
    rules = [paths.builtin_rules_dir(), *paths.env_dirs(paths.RULES_ENV), *(extra_rules or [])]
    knowledge = [paths.builtin_knowledge_dir(), *paths.env_dirs(paths.KNOWLEDGE_ENV), *(extra_knowledge or [])]
    return rules, knowledge


def validate(rules_dirs: list[Path], knowledge_dirs: list[Path]) -> tuple[KnowledgeBase | None, list[str]]:
    """Load everything and return the knowledge base (None if invalid) with every problem found."""
    loader = _collect(rules_dirs, knowledge_dirs)
    return (None if loader.problems else loader.build()), loader.problems


_CACHE: dict[tuple[str, ...], KnowledgeBase] = {}


def load(rules_dirs: list[Path] | None = None, knowledge_dirs: list[Path] | None = None) -> KnowledgeBase:
    """Load and validate; raise KnowledgeError listing every problem. Cached per set of directories."""
    if rules_dirs is None or knowledge_dirs is None:
        default_rules, default_knowledge = default_dirs()
        rules_dirs = rules_dirs if rules_dirs is not None else default_rules
        knowledge_dirs = knowledge_dirs if knowledge_dirs is not None else default_knowledge
    key = tuple(str(p.resolve()) for p in rules_dirs) + ("|",) + tuple(str(p.resolve()) for p in knowledge_dirs)
    if key not in _CACHE:
        kb, problems = validate(rules_dirs, knowledge_dirs)
        if kb is None:
            raise KnowledgeError(problems)
        _CACHE[key] = kb
    return _CACHE[key]
