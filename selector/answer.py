"""Answer an exam-style question: recommend for the stem, then score each option against the recommendation.

An option gains when it names a component a decision chose (or one the architecture requires) and loses when it
relies on an alternative a decision rejected, on a service the knowledge marks closed or discontinued, on a fact that
contradicts the scenario, or on an approach the question's qualifier disfavours (custom code under "least effort",
the public internet under "most secure"...). The weights below are general: they refer to kinds of evidence, never to
the wording of a particular question.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from selector.loader import KnowledgeBase
from selector.models import Fact, Recommendation
from selector.notes import Support, index_for
from selector.question import Question, parse_question
from selector.recommend import recommend_from_facts
from selector.scenario import (
    merge_facts,
    number_readings,
    parse_fact_options,
    read_fact,
    read_scenario,
)
from selector.statements import index_for as statements_for
from selector.statements import is_statement_question, question_subject

W_CHOSEN = 3.0  # names the component a decision chose
W_CHOSEN_KIND = 2.0  # names the general kind of a chosen component ("a VPC endpoint" for the S3 gateway endpoint)
W_REQUIRED = 1.0  # names a component the architecture needs
W_REJECTED = -2.0  # relies on an alternative a decision rejected
W_RETIRED = -1.5  # relies on a service closed to new customers or discontinued
W_CONTRADICTS = -1.0  # states a fact that contradicts the scenario
W_MOVES_AWAY = 1.0  # drops or replaces an alternative a decision rejected ("replace the sigmoid with ReLU")
W_RUNNER_UP = 2.0  # in a "choose two/three" question, an option a lower-ranked fired rule chose
W_FALLBACK = 1.0  # in a one-answer question whose options all miss a decision's choice, one a lower-ranked rule chose
W_WRONG_DIRECTION = -1.0  # optimises a metric in the direction opposite to the one the knowledge gives
W_STATEMENT = 3.0  # in a "which statement is true" question, the sources support (or contradict) the option
# ... and there what an option names (a chosen or rejected component) counts for this share: its claim decides
# (measured on the 65 such development questions: 49 -> 50 right at a half, 48 at none).
W_NAMES_IN_STATEMENTS = 0.5
# A decision's stage says whether its choice is for training or for serving; an option that uses the same
# component for the other phase is not evidence either way.
PHASE_OF_STAGE = {"train": "training", "tune": "training", "deploy": "inference", "monitor": "inference"}
RETIRED_STATUSES = ("closed-to-new-customers", "discontinued")
# Ways to pay for the same capacity: a decision made for one of them ("which EMR nodes run on Spot") says nothing
# about an option that buys a component another way ("Reserved Instances for the core nodes").
APPROACH_GROUPS = (frozenset({"spot", "reserved", "on-demand"}),)

# Qualifier (priority fact) x what the option proposes (approach fact) -> weight.
QUALIFIER_WEIGHTS: dict[str, dict[str, float]] = {
    "least-effort": {"custom-code": -1.5, "self-managed": -1.5, "manual": -1.5, "custom-model": -1.0,
                     "managed-service": 1.0, "pretrained-service": 1.0},
    "lowest-cost": {"always-on": -1.0, "self-managed": -0.5, "spot": 1.0, "manual": -0.5, "custom-model": -0.5},
    "most-secure": {"internet-path": -2.0, "private-path": 1.5},
    "lowest-latency": {"manual": -1.0},
    "highest-accuracy": {},
}
# The team's expertise x approach.
NO_EXPERTISE_WEIGHTS = {"custom-model": -1.5, "custom-code": -0.5, "pretrained-service": 1.5, "managed-service": 0.5}
MIN_ALIAS_LENGTH = 2
NOTES_MAX_CONFIDENCE = 0.3  # a tie broken by the notes is a weaker answer than one the rules decide


@dataclass
class ScoredOption:
    label: str
    text: str
    score: float = 0.0
    reasons: list[str] = field(default_factory=list)
    nodes: list[str] = field(default_factory=list)
    notes: Support | None = None  # set when the notes were consulted to break a tie

    def add(self, weight: float, reason: str) -> None:
        self.score += weight
        self.reasons.append(f"{weight:+g} {reason}")


@dataclass
class Answer:
    question: Question
    recommendation: Recommendation
    options: list[ScoredOption]
    choices: list[str]
    confidence: float
    distinguishable: bool
    decided_by: str = "rules"  # rules | notes (a tie the rules left, broken by the study notes) | none


_ALIASES: dict[str, list[tuple[str, re.Pattern[str]]]] = {}


def _alias_patterns(kb: KnowledgeBase) -> list[tuple[str, re.Pattern[str]]]:
    """(node id, regex) for every name and alias, longest first; built once per knowledge base."""
    if kb.fingerprint in _ALIASES:
        return _ALIASES[kb.fingerprint]
    entries: list[tuple[str, str]] = []
    for node_id in kb.graph.nodes:
        for alias in kb.names(node_id):
            if len(alias) >= MIN_ALIAS_LENGTH:
                entries.append((node_id, alias))
    entries.sort(key=lambda e: (-len(e[1]), e[0], e[1]))
    _ALIASES[kb.fingerprint] = [(node_id, re.compile(rf"(?<![\w-]){re.escape(alias)}(?![\w-])", re.IGNORECASE))
                                for node_id, alias in entries]
    return _ALIASES[kb.fingerprint]


def mentions(kb: KnowledgeBase, text: str) -> list[tuple[str, int, int]]:
    """(node id, start, end) of the first place the text names each node, a longer name winning over a name inside
    it ("Glue Data Catalog" over "Glue"), in order of appearance."""
    taken: list[tuple[int, int]] = []
    found: dict[str, tuple[str, int, int]] = {}
    for node_id, pattern in _alias_patterns(kb):
        for m in pattern.finditer(text):
            if any(s <= m.start() and m.end() <= e for s, e in taken):
                continue
            taken.append((m.start(), m.end()))
            if node_id not in found or m.start() < found[node_id][1]:
                found[node_id] = (node_id, m.start(), m.end())
    return sorted(found.values(), key=lambda f: (f[1], f[0]))


def mentioned_nodes(kb: KnowledgeBase, text: str) -> list[str]:
    return [node_id for node_id, _, _ in mentions(kb, text)]


# An option that moves away from a component ("replace the sigmoid with ReLU", "instead of EMR", "do not use X")
# does not rely on it. The word after the verb decides which side a mention is on: "replace X with Y" adopts Y.
_AWAY_VERB = re.compile(r"\b(replac\w*|instead of|rather than|(?:switch|migrat|mov|convert|chang|transform)\w*(?: \S+){0,3} from|"
                        r"stop\w* using|remov\w*|disabl\w*|eliminat\w*|without|avoid\w*)\s+(?:\S+\s+){0,4}$",
                        re.IGNORECASE)
_AWAY_NEAR = re.compile(r"\b(?:not|never|don't|do not|cannot|can't)\s+(?:use|using|need|choose|deploy|run|rely on|"
                        r"resume from|restart from)\s+(?:an?\s+|the\s+)?$",
                        re.IGNORECASE)
_ADOPT_MARKER = re.compile(r"\b(with|by|to|into|for)\b", re.IGNORECASE)
# "set alpha (the L1 term) to 0" switches the component off: every name inside the target drops it.
_ZEROED = re.compile(r"\b(?:set|sets|setting)\s+(?P<target>[^.;:!?]{1,80}?)\s+to\s+(?:0|zero)(?![.,]?\d)", re.IGNORECASE)
_CLAUSE_START = re.compile(r"[.;:!?()]|\b(?:and|but|then|while)\b")


# "..., because the KPL can add delay": a reason clause that names a component for its drawback argues against it.
_REASON_START = re.compile(r"\b(?:because|since)\s+(?:the\s+|an?\s+)?$", re.IGNORECASE)
_DRAWBACK = re.compile(r"^\s*(?:can|could|may|might|would|will|does|do)?\s*(?:adds?|incurs?|introduces?|causes?)\b",
                       re.IGNORECASE)


_REASON = re.compile(r"\b(?:because|since)\b", re.IGNORECASE)


def moves_away(text: str, start: int, end: int) -> bool:
    """True when the option names the component at text[start:end] only to drop or replace it, or to give its
    drawback as the reason for something else."""
    if any(m.start("target") <= start and end <= m.end("target") for m in _ZEROED.finditer(text)):
        return True
    before = text[max(0, start - 80):start]
    breaks = list(_CLAUSE_START.finditer(before))
    clause = before[breaks[-1].end():] if breaks else before
    if _AWAY_NEAR.search(clause):
        return True
    if _REASON_START.search(clause) and _DRAWBACK.search(text[end:]):
        return True
    m = _AWAY_VERB.search(clause)
    return bool(m) and not _ADOPT_MARKER.search(clause[m.end(1):] + text[start:end])


def _fact_map(facts: list[Fact]) -> dict[str, set[Any]]:
    values: dict[str, set[Any]] = {}
    for f in facts:
        values.setdefault(f.name, set()).add(f.value)
    return values


def mention_phase(kb: KnowledgeBase, text: str, start: int, end: int) -> str | None:
    """'training' or 'inference' when the clause around a mention says which ("host the model on ml.c5")."""
    if "compute_phase" not in kb.facts:
        return None
    left = max((m.end() for m in _CLAUSE_START.finditer(text, 0, start)), default=0)
    right = next((m.start() for m in _CLAUSE_START.finditer(text, end)), len(text))
    phases = {f.value for f in read_fact(text[left:right], kb.facts["compute_phase"])}
    return phases.pop() if len(phases) == 1 else None


def other_phase(kb: KnowledgeBase, stage: str, text: str, start: int, end: int,
                asked: str | None = None) -> str | None:
    """The phase an option uses a component for, when it is not the one the component's decision was made for;
    `asked` is the phase the question is about, for an option that does not say."""
    decided_for = PHASE_OF_STAGE.get(stage)
    phase = (mention_phase(kb, text, start, end) or asked) if decided_for else None
    return phase if phase and phase != decided_for else None


_PHASE_WORD = re.compile(r"\b(?:train|host|serv|deploy|inferen|endpoint|predict)\w*", re.IGNORECASE)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def asked_phase(kb: KnowledgeBase, stem: str, stem_facts: dict[str, set[Any]]) -> str | None:
    """When the stem speaks of both training and inference ("trained on a GPU, now to be hosted"), the phase of its
    last sentence that names only one: what the question is about now. None otherwise."""
    if "compute_phase" not in kb.facts or len(stem_facts.get("compute_phase", set())) < 2:
        return None
    for sentence in reversed(_SENTENCE_END.split(stem)):
        phases = {f.value for f in read_fact(sentence, kb.facts["compute_phase"])}
        if len(phases) == 1:
            return phases.pop()
    return None


# Edges by which a component works with another ("the crawler writes to the Data Catalog", "a transition moves objects
# to Standard-IA"): an option naming both uses the second as the first's target, not instead of it.
SERVING_EDGES = ("writes_to", "delivers_to", "uses", "feeds")


_NEGATOR = re.compile(r"\b(?:not|never|cannot|no)\b|n't\b", re.IGNORECASE)


def served_by_chosen(kb: KnowledgeBase, node_id: str, chosen: dict, found: list[tuple[str, int, int]],
                     text: str) -> str | None:
    """A chosen component the option adopts (names, not to drop it) with a serving edge to node_id, if any; not when
    the option denies that they work together ("lifecycle rules cannot transition objects into Deep Archive")."""
    at = next(start for other, start, _ in found if other == node_id)
    for other, start, end in found:
        between = text[min(end, at):max(start, at)]
        if other in chosen and other != node_id and not moves_away(text, start, end) and not _NEGATOR.search(
                between) and any(kb.graph.has_edge(other, node_id, key=edge) for edge in SERVING_EDGES):
            return other
    return None


# "conversion to RecordIO-protobuf": the format an option says something converts its data into.
_CONVERTS_TO = re.compile(r"\b(?:conver\w*|transform\w*|reformat\w*)\b[^.;]{0,40}?\b(?:to|into|as)\s+(?:\w+\s+){0,2}$",
                          re.IGNORECASE)


# what belongs to one service: its features, settings and the techniques for it (not algorithms or services)
_PART_KINDS = ("feature", "concept", "technique", "hyperparameter")


def mismatched_pairing(kb: KnowledgeBase, chosen: dict, found: list[tuple[str, int, int]], text: str) -> str | None:
    """Why an option gives a component something it does not have, else None: a chosen service (`chosen`: choice id
    -> decision) named with a part of (or a technique for) one of its rejected alternatives ("more shards on the
    Firehose delivery stream": shards belong to Kinesis Data Streams), or a conversion into a format that none of the
    named converters writes ("Firehose with conversion to RecordIO-protobuf" when Firehose's format conversion writes
    Parquet and ORC)."""
    named = {node_id for node_id, _, _ in found}
    for choice in sorted(named & set(chosen)):
        rivals = {a.id for a in chosen[choice].alternatives} | kb.targets(choice, "alternative_to")
        # words that may name the choice's own features ("retention period" of a video stream)
        own_words = {w for part in kb.sources(choice, "part_of") for alias in kb.names(part)
                     for w in re.findall(r"\w+", alias.lower())}
        for node_id, start, end in found:
            if (node_id == choice or kb.graph.nodes[node_id].get("kind") not in _PART_KINDS
                    or set(re.findall(r"\w+", text[start:end].lower())) <= own_words):
                continue
            owners = kb.targets(node_id, "part_of") | kb.targets(node_id, "applies_to")
            if choice in owners or owners & named or owners & kb.targets(choice, "part_of"):
                continue  # it is the choice's too, or the option names its owner itself
            for owner in sorted(owners & rivals):
                return (f"names {kb.name_of(choice)} with {kb.name_of(node_id)}, which belongs to "
                        f"{kb.name_of(owner)}, not to {kb.name_of(choice)}")
    writers = {n for node_id in named for n in {node_id} | kb.sources(node_id, "part_of")
               if node_id in chosen or kb.targets(node_id, "part_of") & set(chosen)}
    written = {f for n in writers for f in kb.targets(n, "writes_to") if kb.graph.nodes[f].get("kind") == "format"}
    # another named component (a Glue job after the delivery) may be the one that converts
    helpers = {t for n in writers for edge in ("writes_to", "delivers_to", "part_of") for t in kb.targets(n, edge)}
    if any(kb.graph.nodes[n].get("kind") != "format" for n in named - writers - helpers):
        return None
    for node_id, start, _ in found:
        if (written and node_id not in written and kb.graph.nodes[node_id].get("kind") == "format"
                and _CONVERTS_TO.search(text[:start])):
            return (f"converts into {kb.name_of(node_id)}, which the named converters do not write (they write "
                    f"{', '.join(sorted(kb.name_of(f) for f in written))})")
    return None


def offered_choices(kb: KnowledgeBase, rec: Recommendation, option_texts: list[str]) -> set[str]:
    """The decisions' choices that some option names, itself or by its general kind."""
    named = {node_id for text in option_texts for node_id in mentioned_nodes(kb, text)}
    return {d.choice_id for d in rec.decisions if d.choice_id in named or kb.kinds_of(d.choice_id) & named}


def rejected_for_phase(rec: Recommendation, node_id: str, phase: str) -> tuple[Any, Any] | None:
    """(decision, alternative) when a decision made for that phase rejected the node ("host on p3" when the inference
    decision chose CPU), else None."""
    return next(((d, a) for d in rec.decisions if PHASE_OF_STAGE.get(d.decision.stage) == phase
                 for a in d.alternatives if a.id == node_id), None)


def proposes_other_approach(decision: Any, approaches: set[str]) -> bool:
    """True when a decision chooses its options only for one approach (Spot) and the option proposes another of
    the same group (Reserved, On-Demand) instead."""
    wanted = decision.for_approach
    if not wanted or wanted in approaches:
        return False
    return any(wanted in group and approaches & group for group in APPROACH_GROUPS)


# "Ordinal encoding for the home country": the subject an option applies its component to.
_SUBJECT_WORDS = (r"(?:for|to|on)\s+(?:the|each|every|a|an|its|their)?\s*"
                  r"(?P<subject>[a-z][\w\-]*(?:\s+[a-z][\w\-]*){0,3}?)"
                  r"(?=\s*(?:[,.;:()]|$|\b(?:in|by|with|because|so|and|using|as|column|feature|field)\b))")
_SUBJECT_AFTER = re.compile(r"^\s*(?:\w+\s+){0,2}?" + _SUBJECT_WORDS, re.IGNORECASE)
_SUBJECT_ANY = re.compile(r"\b" + _SUBJECT_WORDS, re.IGNORECASE)
# Where one stem sentence describes two subjects ("a tier column ..., and a country column ...").
_SUBJECT_SPLIT = re.compile(r"(?<=[.;!?])\s+|,\s+(?:and|while|whereas|but)\s+|\s+whereas\s+")


def _plain(text: str) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", text.lower()))


def _part_about(stem: str, subject: str) -> str | None:
    """The one part of the stem that names the subject (None when none or several do)."""
    parts = [p for p in _SUBJECT_SPLIT.split(stem) if p and f" {_plain(subject)} " in f" {_plain(p)} "]
    return parts[0] if len(parts) == 1 else None


class SubjectParts:
    """Subjects the options apply components to ("for the loyalty tier", "for the home country"), each with the one
    part of the stem about it, when the stem describes at least two of them in separate parts (one subject alone,
    "to the network", is the whole scenario). A part is read and recommended on its own once, when first needed."""

    def __init__(self, kb: KnowledgeBase, stem: str, option_texts: list[str]):
        self.kb = kb
        parts: dict[str, str] = {}
        for text in option_texts:
            for found in _SUBJECT_ANY.finditer(text):
                part = _part_about(stem, found.group("subject"))
                if part is not None:
                    parts[_plain(found.group("subject"))] = part
        self.parts = parts if len(set(parts.values())) >= 2 else {}
        self._read: dict[str, Recommendation] = {}

    def __bool__(self) -> bool:
        return bool(self.parts)

    def judge(self, rec: Recommendation, node_id: str, option_text: str, end: int) -> tuple[str, Any] | None:
        """When the stem gave the decision about `node_id` conflicting evidence (rules for different options fired)
        and the option applies it to one of the subjects: (subject, the decision made from that subject's part)."""
        decision = next((d for d in rec.decisions
                         if node_id == d.choice_id or any(a.id == node_id for a in d.alternatives)), None)
        if decision is None or not any(option_id != decision.choice_id for _, option_id in decision.overruled):
            return None
        found = _SUBJECT_AFTER.match(option_text[end:])
        part = self.parts.get(_plain(found.group("subject"))) if found else None
        if part is None:
            return None
        if part not in self._read:
            self._read[part] = recommend_from_facts(self.kb, part, read_scenario(part, self.kb.facts))
        by_part = next((d for d in self._read[part].decisions if d.decision.id == decision.decision.id), None)
        return (found.group("subject"), by_part) if by_part is not None else None


def score_option(kb: KnowledgeBase, rec: Recommendation, stem_facts: dict[str, set[Any]], option: ScoredOption,
                 answers_wanted: int = 1, offered: set[str] | None = None,
                 subjects: SubjectParts | None = None, stem_phase: str | None = None) -> None:
    """Score one option; `offered` holds the choices some option names (None: assume every choice is offered),
    `subjects` the subjects the options apply components to that the stem describes apart, `stem_phase` the phase
    the stem asks about (`asked_phase`)."""
    found = mentions(kb, option.text)
    option.nodes = [node_id for node_id, _, _ in found]
    # The phase for a mention whose own clause names none, when the option says nothing of phases (not even
    # "X training can use ..."): the one the stem asks about.
    asked = None if _PHASE_WORD.search(option.text) else stem_phase
    chosen = {d.choice_id: d for d in rec.decisions}
    # "X, because DeepAR is an RNN": a component the stem names, named again in the reason, restates the scenario.
    reason = _REASON.search(option.text)
    restated = set(mentioned_nodes(kb, rec.scenario)) if reason else set()
    kinds_of_chosen = {c: kb.kinds_of(c) for c in sorted(chosen)}
    placed = {n.id: n for n in rec.nodes}
    approaches = {f.value for f in read_fact(option.text, kb.facts["approach"])} if "approach" in kb.facts else set()
    mismatch = mismatched_pairing(kb, chosen, found, option.text)
    if mismatch:
        # the option's claim about a chosen component is wrong, so naming it is no evidence for the option
        option.add(W_REJECTED, mismatch)
        found = [(node_id, start, end) for node_id, start, end in found if node_id not in chosen]
    for node_id, start, end in found:
        name = kb.name_of(node_id)
        if reason and start >= reason.start() and node_id in restated:
            option.add(0, f"names {name} in its reason, as the scenario does: no evidence either way")
            continue
        if states_computed_value(rec, option.text, end):
            option.add(0, f"states a value for {name}: the arithmetic judges it, not the choice of metric")
            continue
        away = moves_away(option.text, start, end)
        judged = subjects.judge(rec, node_id, option.text, end) if subjects and not away else None
        if judged is not None:
            subject, by_subject = judged
            if by_subject.choice_id == node_id:
                option.add(W_CHOSEN, f"names {name} for {subject}, the choice for '{by_subject.decision.question}' "
                                     f"where the scenario describes {subject} (rules: {', '.join(by_subject.rules)})")
                continue
            why_not = next((a.why_not for a in by_subject.alternatives if a.id == node_id), None)
            if why_not is not None:
                option.add(W_REJECTED, f"relies on {name} for {subject}, rejected for "
                                       f"'{by_subject.decision.question}' where the scenario describes {subject}: "
                                       f"{why_not}")
                continue
        if node_id in chosen:
            d = chosen[node_id]
            if proposes_other_approach(d.decision, approaches):
                option.add(0, f"names {name}, the choice for '{d.decision.question}', but not as "
                              f"{d.decision.for_approach}")
                continue
            phase = other_phase(kb, d.decision.stage, option.text, start, end, asked)
            against = rejected_for_phase(rec, node_id, phase) if phase and not away else None
            if against:
                other, alternative = against
                option.add(W_REJECTED, f"relies on {name} for {phase}, rejected for '{other.decision.question}': "
                                       f"{alternative.why_not}")
            elif phase:
                option.add(0, f"names {name}, the choice for '{d.decision.question}', but for {phase}")
            elif away:
                option.add(W_REJECTED, f"drops {name}, the choice for '{d.decision.question}'")
            else:
                option.add(W_CHOSEN, f"names {name}, the choice for '{d.decision.question}' "
                                     f"(rules: {', '.join(d.rules)})")
            continue
        rejected = [(d, a) for d in rec.decisions for a in d.alternatives if a.id == node_id]
        if rejected:
            # A decision made for the phase the option names the component for speaks first.
            rejected.sort(key=lambda r: other_phase(kb, r[0].decision.stage, option.text, start, end, asked)
                          is not None)
            d, a = rejected[0]
            if proposes_other_approach(d.decision, approaches):
                option.add(0, f"names {name}, rejected for '{d.decision.question}', but not as "
                              f"{d.decision.for_approach}")
                continue
            runner_up = [rule for rule, option_id in d.overruled if option_id == node_id]
            phase = other_phase(kb, d.decision.stage, option.text, start, end, asked)
            if phase:
                option.add(0, f"names {name}, rejected for '{d.decision.question}', but for {phase}")
            elif away:
                option.add(W_MOVES_AWAY, f"moves away from {name}, rejected for '{d.decision.question}'")
            elif runner_up and answers_wanted > 1:
                # Answers are taken in rank order: the choice when offered, then the next fired rules' options; one
                # ranked below the answers wanted is a weaker second answer.
                ranked = list(dict.fromkeys(o for _, o in d.overruled))
                slots = answers_wanted - (1 if offered is None or d.choice_id in offered else 0)
                weight = W_RUNNER_UP if ranked.index(node_id) < slots else W_RUNNER_UP / 2
                option.add(weight, f"names {name}, which rule {runner_up[0]} also chooses for "
                                   f"'{d.decision.question}' (a second answer)")
            elif runner_up and offered is not None and d.choice_id not in offered:
                # The best choice is not on offer: the next rule that fired names the best of what is.
                option.add(W_FALLBACK, f"names {name}, which rule {runner_up[0]} chooses for "
                                       f"'{d.decision.question}' when {kb.name_of(d.choice_id)}, the first choice, "
                                       f"is not among the options")
            elif served := served_by_chosen(kb, node_id, chosen, found, option.text):
                option.add(0, f"names {name} as what {kb.name_of(served)}, the chosen component it also names, "
                              f"works with")
            else:
                option.add(W_REJECTED, f"relies on {name}, rejected for '{d.decision.question}': {a.why_not}")
            continue
        if away:
            option.add(0, f"moves away from {name}")
            continue
        general = next((c for c, kinds in kinds_of_chosen.items() if node_id in kinds), None)
        if general is not None:
            d = chosen[general]
            phase = other_phase(kb, d.decision.stage, option.text, start, end, asked)
            if phase:
                option.add(0, f"names {name}, the kind of the choice for '{d.decision.question}', but for {phase}")
            else:
                option.add(W_CHOSEN_KIND, f"names {name}; the choice for '{d.decision.question}', "
                                          f"{kb.name_of(general)}, is one")
            continue
        owner = None if offered is None else next(
            (c for c in sorted(chosen) if c not in offered and kb.graph.nodes[c].get("kind") == "feature"
             and node_id in kb.targets(c, "part_of")), None)
        if owner is not None:
            # the chosen capability is not on offer, but the service that provides it is ("Amazon Comprehend"
            # when PII detection, a Comprehend feature, is the choice)
            option.add(W_CHOSEN_KIND, f"names {name}, the service that provides {kb.name_of(owner)}, the choice "
                                      f"for '{chosen[owner].decision.question}'")
            continue
        if node_id in placed:
            option.add(W_REQUIRED, f"names {name}, which the architecture needs ({placed[node_id].reason})")
        for claim in kb.graph.nodes[node_id].get("claims") or []:
            if claim["status"] in RETIRED_STATUSES:
                option.add(W_RETIRED, f"relies on {name}: {claim['current']}")
                break
    score_numbers(rec, option, rec.scenario)
    score_direction(kb, option)
    # Facts the option states that contradict the scenario's (restating one is no evidence: measured on the dev
    # half, rewarding it picked distractors that echo the question).
    option_facts: list[Fact] = []
    for fact_def in kb.facts.values():
        # A list an option repeats is usually part of the stem's list, not a claim about it.
        if fact_def.name in stem_facts and fact_def.name not in ("approach", "priority") and fact_def.type != "numbers":
            option_facts.extend(read_fact(option.text, fact_def))
    for fact in option_facts:
        stated = stem_facts[fact.name]
        if fact.value not in stated and not kb.facts[fact.name].multi:
            option.add(W_CONTRADICTS, f"says {fact.name} = {fact.value} ('{fact.evidence}'), but the scenario "
                                      f"gives {', '.join(map(str, sorted(stated, key=str)))}")
    for priority in sorted(stem_facts.get("priority", set())):
        for approach in sorted(approaches):
            weight = QUALIFIER_WEIGHTS.get(priority, {}).get(approach)
            if weight:
                option.add(weight, f"proposes {approach.replace('-', ' ')}, under the qualifier {priority}")
    if False in stem_facts.get("ml_expertise", set()):
        for approach in sorted(approaches):
            weight = NO_EXPERTISE_WEIGHTS.get(approach)
            if weight:
                option.add(weight, f"proposes {approach.replace('-', ' ')} for a team without ML expertise")


def score_direction(kb: KnowledgeBase, option: ScoredOption) -> None:
    """An option that sets one optimisation direction for a metric the knowledge says goes the other way ("maximize
    validation:rmse") proposes an invalid objective."""
    if "objective_direction" not in kb.facts:
        return
    stated = {f.value for f in read_fact(option.text, kb.facts["objective_direction"])}
    if len(stated) != 1:
        return
    direction = stated.pop()
    for node_id in option.nodes:
        known = (kb.node(node_id).get("attributes") or {}).get("optimization_direction")
        if known and known != direction:
            option.add(W_WRONG_DIRECTION, f"sets {kb.name_of(node_id)} to {direction}, but it is {known}d")


def _unit_words(unit: str) -> list[str]:
    """Ways an option may write a unit: 'shards', 'shard'; 'invocations per minute', 'invocations'. The first word
    alone stands for a rate or a share ('invocations', '%'), not for a named quantity ('false' of 'false positive
    rate')."""
    words = unit.lower().split()
    head = words[0] if words and (len(words) == 1 or " per " in unit or unit.startswith("%")) else ""
    return sorted({unit.lower(), head, head.rstrip("s")} - {""}, key=len, reverse=True)


_UNSIGNED = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+"
_NUM_RE = rf"({_UNSIGNED})"
# A value an option states may be negative ("-1.5", typeset "−1.5"): a sign right before the digits, not after a word.
_SIGNED_NUM_RE = rf"([-−]?(?:{_UNSIGNED}))"
_LINK = r"(?:\s*(?:is|are|of|=|:|to|at|was|equals?|about|around|approximately|roughly|~|≈|would be|will be|set to)\s*)*"


def states_computed_value(rec: Recommendation, text: str, end: int) -> bool:
    """Whether the component named just before `end` is followed by a value ("F1 = 0.80", "specificity ≈ 0.978")
    that a calculator worked out: the option reports a result, it does not pick that metric as an approach."""
    if not re.match(rf"\s*(?:\([^)]*\))?{_LINK}{_SIGNED_NUM_RE}", text[end:].lower()):
        return False
    units = [unit for d in rec.decisions if d.setting is not None for unit in d.setting.quantities()]
    return any(_stated_numbers(text.lower(), word) for unit in units for word in _unit_words(unit))


def _stated_numbers(text: str, word: str) -> list[tuple[str, bool]]:
    """Numbers the option states for a unit word: '4 shards', '75% recall', 'recall is 75%', 'F1 = 0.72'."""
    w = re.escape(word)
    found = re.findall(rf"(?<![\w.]){_SIGNED_NUM_RE}\s*(%?)\s*{w}\b", text)
    if not found:
        found = re.findall(rf"(?<![\w-]){w}\b{_LINK}\s*{_SIGNED_NUM_RE}(?![\d,]*\.\d)\s*(%?)", text)
    return [(number, bool(percent)) for number, percent in found]


def _names_unit(text: str, unit: str, asked_only: bool = False) -> bool:
    """Whether the text names the unit; with asked_only, not just as a given number ("handles 20 requests per
    second" states an input in that unit, it does not ask for one)."""
    for m in re.finditer(rf"\b{re.escape(unit)}\b", text):
        if not (asked_only and re.search(rf"{_NUM_RE}\s*%?\s*$", text[:m.start()])):
            return True
    return False


# "(Choose two.)" after the question is an instruction, not the question sentence.
_CHOOSE_ONLY = re.compile(r"\(?\s*(choose|select|pick) (two|three|four|2|3|4)\.?\s*\)?\.?")


def question_sentences(stem: str) -> list[str]:
    """The stem's sentences, lower case, without a trailing "(Choose two.)" instruction."""
    sentences = [s for s in re.split(r"(?<=[.!?])\s+", stem.strip().lower()) if s]
    while sentences and _CHOOSE_ONLY.fullmatch(sentences[-1]):
        sentences.pop()
    return sentences


def _bare_primary(rec: Recommendation, quantities: list, stem: str = "") -> tuple[Any, str, float] | None:
    """The quantity a bare number option ('600', '0.72') is compared with: the one the question names ("what is
    the false positive rate?"), else the only one, else the only calculator result."""
    plain = re.sub(r"[()]", "", stem.strip().lower())  # "misclassification (error) rate" names the error rate
    sentences = question_sentences(plain) if plain else []

    def named_in(texts: list[str], asked_only: bool = False) -> list:
        return [q for q in quantities if any(_names_unit(t, q[1].lower(), asked_only) for t in texts)]

    named = named_in(sentences[-1:])  # the question sentence first
    if not named:
        in_stem = named_in(sentences, asked_only=True)  # else the stem, when it names just one quantity
        named = in_stem if len({q[1] for q in in_stem}) == 1 else []
    if named:
        return max(named, key=lambda q: len(q[1]))  # "false positive rate" over "rate"
    if len(quantities) == 1:
        return quantities[0]
    primary = [(d, d.setting.unit, d.setting.value) for d in rec.decisions if d.setting is not None
               and isinstance(d.setting.value, (int, float)) and not isinstance(d.setting.value, bool)]
    return primary[0] if len(primary) == 1 else None


# A question asking which of the listed values is an outlier ("Which session length would be flagged?"), not for a
# cut-off ("Above what value ...?", "What is the upper fence?"); "not", "within" or "normal" ask for the others.
_OUTLIER_WORDS = re.compile(r"\b(outliers?|flag(ged)?|anomal\w*|outside|beyond|extreme)\b")
_CUTOFF_ASKED = re.compile(r"\b(above|below|beyond|over|under) (what|which) (value|number|point|level|amount)\b|"
                           r"\bwhat (is|are|would be) the\b|\b(threshold|cut-?off|limit|boundary|fence value)s?\b")
_INLIERS_ASKED = re.compile(r"\b(not|never|within|inside|normal|typical|kept|retained)\b|n't\b")
# An option that is one value, perhaps with a currency or unit: "75 minutes", "$1,200", "-12 degrees C".
_VALUE_OPTION = re.compile(rf"\s*[$€£]?\s*([-−]?{_NUM_RE})\s*(?:%|[a-z°]+(?: [a-z]+)?)?\s*")


def asks_for_outliers(stem: str) -> bool | None:
    """True when the question asks which listed values are outliers, False when it asks which are not, else None."""
    sentences = question_sentences(stem)
    question = sentences[-1] if sentences else ""
    if not re.search(r"\bwhich\b", question) or not _OUTLIER_WORDS.search(question) \
            or _CUTOFF_ASKED.search(question):
        return None
    return not _INLIERS_ASKED.search(question)


# An option's claim that a value is or is not an outlier: "a new reading of 10 is flagged", "12 is not an outlier".
_OUTLIER_CLAIM = re.compile(rf"(?<![\w.]){_NUM_RE}\s*(?:[a-z]+\s+)?(?:is|are|would be|will be|gets?|counts? as)\s+"
                            rf"(not\s+)?(?:flagged|an outlier|treated as an outlier|an anomaly)\b")


def _normal_range(rec: Recommendation) -> tuple[Any, float, float] | None:
    """(decision, low, high) of the first range of normal values a calculator worked out, if any."""
    d = next((d for d in rec.decisions if d.setting is not None and d.setting.normal_range is not None), None)
    return (d, *d.setting.normal_range) if d else None


def _fence_side(stated: float, low: float, high: float, range_word: str = "") -> tuple[bool, str]:
    """Whether a value lies outside the fences, and where it lies in words ("outside 2 to 9")."""
    outside = stated < low or stated > high
    return outside, f"{'outside' if outside else 'within'} {range_word}{low:g} to {high:g}"


def score_outlier_claims(option: ScoredOption, fenced: tuple[Any, float, float]) -> None:
    """An option saying that a value is (not) an outlier agrees or disagrees with the range a calculator worked out."""
    d, low, high = fenced
    for m in _OUTLIER_CLAIM.finditer(option.text.lower()):
        outside, where = _fence_side(float(m.group(1).replace(",", "")), low, high)
        claims_outside = not m.group(2)
        if outside == claims_outside:
            option.add(W_CHOSEN, f"says {m.group(1)} {'is' if outside else 'is not'} an outlier: it lies {where}, "
                                 f"as '{d.decision.question}' works out")
        else:
            option.add(W_REJECTED, f"says {m.group(1)} {'is not' if outside else 'is'} an outlier, but it lies {where}")


def score_range_values(rec: Recommendation, option: ScoredOption, stem: str = "") -> bool:
    """In a question asking which value is an outlier, a value option gains when it lies on the asked side of the
    fences a calculator worked out and loses when it does not (other options are checked for outlier claims).
    True when the option was judged as a value."""
    fenced = _normal_range(rec)
    if fenced is None:
        return False
    wanted = asks_for_outliers(stem)
    value = _VALUE_OPTION.fullmatch(option.text.lower().rstrip("."))
    if wanted is None or not value:
        score_outlier_claims(option, fenced)
        return False
    d, low, high = fenced
    outside, where = _fence_side(float(value.group(1).replace("−", "-").replace(",", "")), low, high, "the range ")
    if outside == wanted:
        option.add(W_CHOSEN, f"{value.group(1)} lies {where} that '{d.decision.question}' works out, so it "
                             f"{'is' if outside else 'is not'} an outlier")
    else:
        option.add(W_REJECTED, f"{value.group(1)} lies {where}, so it {'is' if outside else 'is not'} an outlier")
    return True


# The axes of the curve a question names: a point "x = 0.05, y = 0.80" on a ROC curve states FPR and TPR.
_CURVE_AXES = [(re.compile(r"\broc\b"), ("false positive rate", "true positive rate")),
               (re.compile(r"\bprecision[- ]recall curve|\bpr curve"), ("recall", "precision"))]


def _name_axes(text: str, stem: str) -> str:
    """The option with 'x =' and 'y =' named by the axes of the one curve the question names, if it names one."""
    named = [axes for pattern, axes in _CURVE_AXES if pattern.search(stem.lower())]
    if len(named) != 1:
        return text
    x_axis, y_axis = named[0]
    text = re.sub(r"(?<![\w-])x(?:-axis)?\s*(?=[=:])", x_axis + " ", text)
    return re.sub(r"(?<![\w-])y(?:-axis)?\s*(?=[=:])", y_axis + " ", text)


def score_numbers(rec: Recommendation, option: ScoredOption, stem: str = "") -> None:
    """An option that states a quantity a calculator worked out gains when it agrees and loses when it does not."""
    if score_range_values(rec, option, stem):
        return  # the option is a candidate value, not a quantity worked out
    quantities = [(d, unit, value) for d in rec.decisions if d.setting is not None
                  for unit, value in d.setting.quantities().items()]
    if not quantities:
        return
    text = _name_axes(option.text.lower(), stem)
    # A bare number, alone or leading an explanation ("1,500, the average of the three nearest").
    bare = re.fullmatch(rf"\s*(?:about|approximately|roughly|around|~)?\s*{_SIGNED_NUM_RE}\s*(%?)\s*"
                        rf"(?:(?:,|;|:|\(|-|\u2013|\u2014)\s*(?=[a-z]).*)?", text.strip().rstrip("."), re.DOTALL)
    primary = _bare_primary(rec, quantities, stem) if bare else None
    agreeing: list[str] = []
    wrong = 0
    for d, unit, value in quantities:
        found: list[tuple[str, bool]] = []
        for word in _unit_words(unit):
            found = _stated_numbers(text, word)
            if found:
                break
        else:
            if primary is not None and primary[1] == unit and primary[0] is d:
                found = [(bare.group(1), bool(bare.group(2)))]
        for number, percent in found[:1]:
            stated = float(number.replace(",", "").replace("−", "-")) / (100 if percent else 1)
            shown = number + ("%" if percent else "")
            tolerance = 1e-6 * max(1.0, abs(float(value)))
            if 0 < abs(float(value)) < 10 and not float(value).is_integer():
                tolerance = max(tolerance, 0.005 if abs(float(value)) < 1 else 0.05)  # rounded decimals
            if abs(stated - float(value)) <= tolerance:
                step = next((s for s in d.setting.steps if s.lower().startswith(unit.lower())),
                            next((s for s in d.setting.steps if unit.lower() in s.lower()),
                                 d.setting.steps[-1] if d.setting.steps else ""))
                agreeing.append(f"states {shown} {unit}, what '{d.decision.question}' works out ({step})")
            else:
                option.add(W_REJECTED, f"states {shown} {unit}, but the arithmetic gives {value:g}")
                wrong += 1
    # An option stating several quantities ("precision 0.80 and recall 0.67") is right only when all of them are.
    for reason in agreeing:
        option.add(0 if wrong else W_CHOSEN, reason + (", but it states another quantity wrong" if wrong else ""))


def _stated_facts(rec: Recommendation) -> dict[str, set[Any]]:
    """The recommendation's facts by name, leaving out what it only assumed."""
    return _fact_map([f for f in rec.facts if f.origin != "assumed"])


def _choices(rec: Recommendation) -> dict[str, str]:
    return {d.decision.id: d.choice_id for d in rec.decisions}


def other_value_recommendations(kb: KnowledgeBase, stem: str, facts: list[Fact],
                                rec: Recommendation) -> list[tuple[Fact, Recommendation]]:
    """(value, recommendation) for each further value the stem states for a number fact ("Team A trains on 800 MB,
    Team B on 9 GB") that changes what a decision chooses: such a stem asks one answer per value."""
    stated = {f.name for f in facts if f.origin != "text"}  # --fact overrides are not re-read
    others = []
    for fact_def in kb.facts.values():
        if fact_def.type != "number" or fact_def.name in stated:
            continue
        for reading in number_readings(stem, fact_def)[1:]:
            alternative = recommend_from_facts(kb, stem, [f for f in facts if f.name != fact_def.name] + [reading])
            if _choices(alternative) != _choices(rec):
                others.append((reading, alternative))
    return others


def score_for_each_value(kb: KnowledgeBase, others: list[tuple[Fact, Recommendation]], option: ScoredOption,
                         answers_wanted: int) -> None:
    """In a "choose two/three" question whose stem states several values of one quantity, an option answers one of
    them: it keeps its best score over the values."""
    for reading, alternative in others:
        trial = ScoredOption(option.label, option.text)
        stated = _stated_facts(alternative)
        score_option(kb, alternative, stated, trial, answers_wanted, offered_choices(kb, alternative, [option.text]),
                     stem_phase=asked_phase(kb, alternative.scenario, stated))
        if trial.score > option.score:
            option.score, option.nodes = trial.score, trial.nodes
            answered = f"+0 answers the stem's other value {reading.name} = {reading.value} ('{reading.evidence}')"
            option.reasons = [answered, *trial.reasons]


def answer_question(kb: KnowledgeBase, text: str, fact_options: tuple[str, ...] | list[str] = ()) -> Answer:
    question = parse_question(text)
    facts = merge_facts(read_scenario(question.stem, kb.facts), parse_fact_options(fact_options, kb.facts))
    rec = recommend_from_facts(kb, question.stem, facts)
    stem_facts = _stated_facts(rec)
    scored = [ScoredOption(o.label, o.text) for o in question.options]
    statements = statements_for(kb) if is_statement_question(question.stem) else None
    subject = question_subject(statements, question.stem) if statements else None
    if statements is not None and subject is None:
        # "Which statements about the right service are true?": the service the scenario calls for is the subject
        subject = next((d.choice_id for d in rec.decisions if d.choice_kind == "service"), None)
    offered = offered_choices(kb, rec, [o.text for o in scored])
    subjects = SubjectParts(kb, question.stem, [o.text for o in scored])
    others = other_value_recommendations(kb, question.stem, facts, rec) if question.answers_wanted > 1 else []
    stem_phase = asked_phase(kb, rec.scenario, stem_facts)
    for option in scored:
        score_option(kb, rec, stem_facts, option, question.answers_wanted, offered, subjects, stem_phase)
        score_for_each_value(kb, others, option, question.answers_wanted)
        if statements is not None:
            if option.score:
                option.add(-option.score * (1 - W_NAMES_IN_STATEMENTS), "in a 'which statement is true' question "
                                                                         "what the option names counts half; its "
                                                                         "claim decides")
            verdict = statements.judge(option.text, subject)
            if verdict.weight:
                option.add(W_STATEMENT * verdict.weight, verdict.reason)
        if not option.reasons:
            option.reasons.append("+0 nothing in it is decided by the knowledge base for this scenario")
    wanted = question.answers_wanted
    ranked = sorted(scored, key=lambda o: (-o.score, o.label))
    decided_by, confidence = "rules", 0.0
    tied = _tied_at_cut(ranked, wanted)
    if tied:
        # The rules cannot separate the options at the cut: let the notes break the tie.
        supports = index_for(kb.notes_dirs).support(question.stem, [o.text for o in tied]) if kb.notes_dirs else []
        for option, support in zip(tied, supports):
            option.notes = support
            if support.passage is not None:
                option.reasons.append(f"+0 notes: closest passage {support.passage.cite()} "
                                      f"(support {support.score:.1f})")
        ranked = sorted(scored, key=lambda o: (-o.score, -(o.notes.score if o.notes else 0.0), o.label))
        still_tied = _tied_at_cut(ranked, wanted, with_notes=True)
        if supports and not still_tied:
            decided_by = "notes"
            inside = ranked[wanted - 1].notes.score
            outside = ranked[wanted].notes.score if ranked[wanted].notes else 0.0
            confidence = round(min(NOTES_MAX_CONFIDENCE, (inside - outside) / (inside + 1.0)), 3)
        else:
            decided_by = "none"
    else:
        lowest_chosen = ranked[wanted - 1].score
        cut = ranked[wanted].score if len(ranked) > wanted else ranked[-1].score
        confidence = round(min(1.0, (lowest_chosen - cut) / (abs(lowest_chosen) + abs(cut) + 1.0)), 3)
    choices = sorted(o.label for o in ranked[:wanted])
    return Answer(question, rec, scored, choices, confidence, decided_by == "rules", decided_by)


def _tied_at_cut(ranked: list[ScoredOption], wanted: int, with_notes: bool = False) -> list[ScoredOption]:
    """The options that tie with the last chosen one across the cut (empty when the cut is clean)."""
    if len(ranked) <= wanted:
        return []

    def key(o: ScoredOption) -> tuple[float, float]:
        return (o.score, o.notes.score if (with_notes and o.notes) else 0.0)

    boundary = key(ranked[wanted - 1])
    if key(ranked[wanted]) != boundary:
        return []
    return [o for o in ranked if key(o) == boundary]
