"""Stage 2: run the rule base on the facts in durable-rules. The only module that imports durable.

Compilation: every condition is put in disjunctive normal form; each conjunction becomes one durable rule that joins
one fact pattern per fact name. Facts are asserted as {"name", "value"} records (a multi-valued fact is several
records). A fact the scenario does not give is asserted as {"name": "__absent__", "value": NAME} so `present: false`
is a plain join; likewise each value a multi-valued fact does not have is asserted as {"name": "__lacks__",
"value": "NAME=VALUE"}, so `ne`/`not_in` on a multi-valued fact means "none of its values is ...". Only the absences
and lacked values some rule tests are asserted. Rule actions record the firing and assert the rule's derived facts
(forward chaining).

durable-rules keeps rulesets in a process-global registry: each distinct rule base is compiled and registered once,
under names made from its fingerprint, and every evaluation runs in a fresh session (`sid`) that is deleted after.
"""

from __future__ import annotations

import itertools
import json
import threading
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Callable

from durable import engine as durable_engine

from selector.loader import KnowledgeBase, leaf_operator, to_dnf
from selector.models import Fact

ABSENT = "__absent__"
LACKS = "__lacks__"
DECISION_PREFIX = "decision:"
_COMPARISONS = {"lt": "$lt", "le": "$lte", "gt": "$gt", "ge": "$gte"}
RULES_PER_RULESET = 500
ASSERT_BATCH = 16
PATTERN_FANOUT = 48  # durable allows 128 rules under one test node and 64 pending matches per fact
SESSION_ATTEMPTS = 3  # fresh session ids tried when durable reports a (hash-colliding) message as already seen
MAX_CHAINING_ROUNDS = 20  # derived facts passed between rulesets; a chain longer than this is a rule-base loop
# durable's JSON reader drops a batch holding a number in exponent form (1e-05, 1e+16), and with it the other facts
# of the batch: such magnitudes are passed at the nearest bound Python writes without an exponent, which keeps every
# comparison with a rule's threshold (all far inside these bounds) as it was.
PLAIN_MIN, PLAIN_MAX = 1e-4, 1e15


def plain_number(value: Any) -> Any:
    """A float durable can read: magnitudes below 1e-4 or above 1e15 clamped to those bounds (sign kept)."""
    if not isinstance(value, float) or value == 0 or "e" not in repr(value):
        return value
    return PLAIN_MIN * (1 if value > 0 else -1) if abs(value) < 1 else PLAIN_MAX * (1 if value > 0 else -1)


class _SyncHost(durable_engine.Host):
    """A durable host without the background dispatch threads: every action runs inside assert_facts."""

    def _run(self) -> None:  # noqa: D401 - overriding the thread starter on purpose
        return None


_HOST = _SyncHost()
_REGISTERED: dict[str, "Engine"] = {}
_LOCK = threading.Lock()
_SESSION_IDS = itertools.count(1)


def _leaf_pattern(leaf: dict[str, Any]) -> list[dict[str, Any]]:
    """Durable tests on a fact record's value for one leaf (the name test is added by the caller)."""
    op, value = leaf_operator(leaf)
    if op == "eq":
        return [{"value": value}]
    if op == "ne":
        return [{"$neq": {"value": value}}]
    if op == "in":
        return [{"$or": [{"value": v} for v in value]}] if len(value) > 1 else [{"value": value[0]}]
    if op == "not_in":
        return [{"$neq": {"value": v}} for v in value]
    if op in _COMPARISONS:
        return [{_COMPARISONS[op]: {"value": value}}]
    return []  # present: true -> the name test alone


def compile_conjunction(leaves: list[dict[str, Any]], multi_facts: set[str]) -> list[dict[str, Any]]:
    """One durable `all` list: a pattern per fact name (tests on a single-valued fact are merged)."""
    patterns: list[dict[str, Any]] = []
    merged: dict[str, list[dict[str, Any]]] = {}
    for leaf in leaves:
        name = leaf["fact"]
        op, value = leaf_operator(leaf)
        if op == "present" and value is False:
            patterns.append({"$and": [{"name": ABSENT}, {"value": name}]})
        elif name in multi_facts and op in ("eq", "in"):
            patterns.append({"$and": [{"name": name}, *_leaf_pattern(leaf)]})
        elif name in multi_facts and op in ("ne", "not_in"):
            # "none of its values is X": one LACKS record per value the scenario does not state.
            for item in (value if isinstance(value, list) else [value]):
                patterns.append({"$and": [{"name": LACKS}, {"value": f"{name}={item}"}]})
        else:
            merged.setdefault(name, []).extend(_leaf_pattern(leaf))
    for name, tests in merged.items():
        patterns.append({"$and": [{"name": name}, *tests]} if tests else {"name": name})
    return [{f"p{i}": pattern} for i, pattern in enumerate(patterns)]


@dataclass
class EngineResult:
    fired: list[str] = field(default_factory=list)  # rule ids in firing order, each once
    relevant: list[str] = field(default_factory=list)  # decision ids whose relevant_when held
    derived: list[Fact] = field(default_factory=list)


def _fanout_key(pattern: dict[str, Any]) -> str:
    """What a pattern adds to durable's per-node limits: equality tests on a fact share one hashed node per value;
    any other test (ne, lt, ...) is a node of its own under the fact's name, all visited for every record."""
    (body,) = pattern.values()
    tests = body.get("$and", [body]) if isinstance(body, dict) else [body]
    name = next((t["name"] for t in tests if isinstance(t, dict) and "name" in t), "")
    if all(isinstance(t, dict) and set(t) <= {"name", "value"} for t in tests):
        return json.dumps(body, sort_keys=True)
    return f"non-equality tests on {name}"


class Engine:
    """A compiled rule base registered in durable-rules. Build with `Engine.for_kb(kb)`.

    durable-rules lets at most 128 rules hang off one test node (NEXT_LIST_LENGTH in its C core), so a large rule
    base is split by decision into several rulesets of at most RULES_PER_RULESET durable rules. Derived facts are
    then passed between rulesets in rounds until none is new, which keeps forward chaining across the split.
    """

    def __init__(self, kb: KnowledgeBase):
        self.kb = kb
        self._multi = {name for name, f in kb.facts.items() if f.multi}
        self._session: EngineResult | None = None
        self._asserted: set[tuple[str, str]] = set()
        self._pending: list[dict[str, Any]] = []
        self._quiet: frozenset[str] = frozenset()
        self.definition = self._compile()
        self._absent_used, self._lacks_used = self._absence_tests(self.definition)
        self.ruleset_names: list[str] = []
        for i, part in enumerate(self._partition(self.definition)):
            name = f"selector_{kb.fingerprint}_{i}"
            part["__catch_all__"] = {"all": [{"m": {"$ex": {"name": 1}}}]}
            # register_rulesets mutates what it is given (it pops the actions): hand it a copy.
            _HOST.register_rulesets({name: self._with_actions(part)})
            self.ruleset_names.append(name)

    @classmethod
    def for_kb(cls, kb: KnowledgeBase) -> "Engine":
        with _LOCK:
            if kb.fingerprint not in _REGISTERED:
                _REGISTERED[kb.fingerprint] = cls(kb)
            return _REGISTERED[kb.fingerprint]

    def _compile(self) -> dict[str, dict[str, Any]]:
        """The rule base as durable's JSON form (without actions), keyed by durable rule name, decision by decision."""
        definition: dict[str, dict[str, Any]] = {}
        for decision in self.kb.decisions.values():
            for i, conj in enumerate(to_dnf(decision.relevant_when)):
                definition[f"{DECISION_PREFIX}{decision.id}#{i}"] = {"all": compile_conjunction(conj, self._multi)}
            for rule in decision.rules:
                for i, conj in enumerate(to_dnf(rule.when)):
                    definition[f"{rule.id}#{i}"] = {"all": compile_conjunction(conj, self._multi)}
        return definition

    @staticmethod
    def _absence_tests(definition: dict[str, dict[str, Any]]) -> tuple[set[str], set[str]]:
        """The __absent__ and __lacks__ values some rule joins on: only those records need asserting."""
        absent: set[str] = set()
        lacks: set[str] = set()
        for body in definition.values():
            for entry in body["all"]:
                for pattern in entry.values():
                    # compile_conjunction writes these as {"$and": [{"name": ABSENT|LACKS}, {"value": ...}]}
                    name_test, *value_tests = pattern.get("$and", [{}])
                    if name_test.get("name") == ABSENT:
                        absent.add(value_tests[0]["value"])
                    elif name_test.get("name") == LACKS:
                        lacks.add(value_tests[0]["value"])
        return absent, lacks

    def _partition(self, definition: dict[str, dict[str, Any]]) -> list[dict[str, dict[str, Any]]]:
        """Whole decisions packed into rulesets so that none holds more than RULES_PER_RULESET durable rules or more
        than PATTERN_FANOUT rules with an identical fact pattern (durable's per-node limit)."""
        by_decision: dict[str, dict[str, dict[str, Any]]] = {}
        owner = {}
        for decision in self.kb.decisions.values():
            owner[f"{DECISION_PREFIX}{decision.id}"] = decision.id
            for rule in decision.rules:
                owner[rule.id] = decision.id
        for name, body in definition.items():
            by_decision.setdefault(owner[name.rsplit("#", 1)[0]], {})[name] = body
        groups: list[tuple[dict[str, dict[str, Any]], Counter[str]]] = []
        for rules in by_decision.values():
            needs: Counter[str] = Counter(_fanout_key(pattern) for body in rules.values() for pattern in body["all"])
            for group, used in groups:
                if len(group) + len(rules) <= RULES_PER_RULESET and all(
                        used[key] + count <= PATTERN_FANOUT for key, count in needs.items()):
                    break
            else:
                group, used = {}, Counter()
                groups.append((group, used))
            group.update(rules)
            used.update(needs)
        return [group for group, _ in groups] or [{}]

    def _with_actions(self, definition: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
        return {name: {**body, "run": self._action(name)} for name, body in definition.items()}

    def _action(self, durable_name: str) -> Callable[[Any], None]:
        # One parameter only: durable treats a two-parameter action as asynchronous. Actions only record: durable
        # swallows exceptions raised inside them.
        if durable_name == "__catch_all__":
            return lambda c: None
        target = durable_name.rsplit("#", 1)[0]

        def action(c: Any) -> None:
            session = self._session
            if session is None:
                return
            if target.startswith(DECISION_PREFIX):
                decision_id = target[len(DECISION_PREFIX):]
                if decision_id not in session.relevant:
                    session.relevant.append(decision_id)
                return
            if target in session.fired:
                return
            session.fired.append(target)
            if target in self._quiet:
                return
            rule = self.kb.rules[target]
            for name, value in rule.derive.items():
                key = (name, repr(value))
                if key in self._asserted:
                    continue
                self._asserted.add(key)
                session.derived.append(Fact(name, value, f"derived by rule {rule.id}", "derived"))
                self._pending.append({"name": name, "value": value})

        return action

    def run(self, facts: list[Fact], quiet: frozenset[str] = frozenset()) -> EngineResult:
        """Evaluate the facts in a fresh durable session and return what fired.

        Rules named in `quiet` fire but assert none of their derived facts (see recommend.run_settled).
        """
        records: list[dict[str, Any]] = []
        seen: set[tuple[str, str]] = set()
        for fact in facts:
            key = (fact.name, repr(fact.value))
            if key not in seen:
                seen.add(key)
                # A list of numbers is only ever tested for presence: durable gets it as one string.
                value = ", ".join(map(str, fact.value)) if isinstance(fact.value, (list, tuple)) else fact.value
                value = plain_number(value)
                records.append({"name": fact.name, "value": value})
        given = {f.name for f in facts}
        # Absence records only for what some rule tests: fewer records, and fewer chances for durable's message
        # hashes to collide (a collision reads as MessageObservedException).
        records.extend({"name": ABSENT, "value": name} for name, d in sorted(self.kb.facts.items())
                       if name not in given and not d.derived and name in self._absent_used)
        stated = {(f.name, f.value) for f in facts}
        records.extend({"name": LACKS, "value": f"{name}={value}"} for name in sorted(self._multi)
                       for value in self.kb.facts[name].values
                       if not self.kb.facts[name].derived and (name, value) not in stated
                       and f"{name}={value}" in self._lacks_used)
        with _LOCK:
            for _ in range(SESSION_ATTEMPTS - 1):
                try:
                    return self._run_session(records, seen, quiet)
                except durable_engine.MessageObservedException:
                    # durable identifies a message by a hash that includes the session id; two different records
                    # can collide. The same records in a session with another id hash differently.
                    continue
            return self._run_session(records, seen, quiet)  # the last attempt lets the exception through

    def _run_session(self, records: list[dict[str, Any]], seen: set[tuple[str, str]],
                     quiet: frozenset[str]) -> EngineResult:
        sid = f"s{next(_SESSION_IDS)}"
        self._session = EngineResult()
        self._quiet = quiet
        self._asserted = set(seen)
        self._pending = []
        try:
            batch = records
            for _ in range(MAX_CHAINING_ROUNDS):
                for name in self.ruleset_names:
                    # Small batches: durable's C core caps how many actions one call may queue (error 303).
                    for i in range(0, len(batch), ASSERT_BATCH):
                        _HOST.assert_facts(name, [{**r, "sid": sid} for r in batch[i:i + ASSERT_BATCH]])
                batch, self._pending = self._pending, []
                if not batch:
                    break
            return self._session
        finally:
            self._session = None
            for name in self.ruleset_names:
                try:
                    _HOST.delete_state(name, sid)
                except Exception:  # noqa: BLE001 - a session that asserted nothing has no state to delete
                    pass
