"""Judge an option that is a claim ("Firehose keeps records for seven days") against what the sources say.

Exam questions often ask which statements are true; the false options are true statements with the subject swapped
(a Kinesis Data Streams property given to Firehose), a negation flipped, or a known mistake. Naming the chosen
service says nothing about such options, so for them each clause of the option is compared with the clauses of
the sources:

- the knowledge base: each node's summary, attributes, facts, and its claims (a claim the knowledge marks wrong is
  a false statement, its correction a true one);
- the study notes: every line, whose subject is the node it names, else the node the closest line above names
  (lines that a claim marks wrong or outdated are left out: the knowledge base already corrects them).

An option clause's subject is the node it names in its first words, else the previous clause's, else the one
the question asks about. Its words are compared with each source clause's (stemmed, weighted by rarity, names of
other nodes as one word each). A negator ("not", "no", "never", "cannot") negates its whole clause, "without" the
next words, an opposite ("small" for "large") or an un-word ("unencrypted") only itself. The best-matching source
clause about the same subject decides: the option agrees when no shared word is affirmed on one side and denied on
the other, contradicts it otherwise ("keeps records ... to replay them" against "offers no replay"), and states a
wrong number when the source gives other numbers. When only a clause about a node one could confuse with the
subject (a neighbour in the graph, another option of one decision) matches, and clearly better, the option gives
that node's property to the wrong subject ("replay" belongs to Kinesis Data Streams, not Firehose).
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from selector.loader import KnowledgeBase

MIN_COVER = 0.5  # share of an option clause's (weighted) words a source clause must match to count
MIN_SHARED_WORDS = 2  # ... and at least this many of its words
SWAP_MARGIN = 1.5  # another subject's clause must match this many times better than the subject's own best
SUBJECT_LEAD_WORDS = 4  # a node named this early in a clause is its subject
NOTE_CONTEXT = 12  # a note line without a name takes the subject of the closest naming line this far above
UNTRUSTED_STATUSES = ("wrong", "outdated")  # claims whose cited note lines are not read as true

_STOPWORDS = frozenset(
    "a an the of to and or in on for with is are be been being by that this these those it its as at from which what "
    "can could will would should may might must does do did has have had so such than then there their they them we "
    "our your you into onto using use used uses when where while whereas but because also only both each every any all "
    "more most less least very just about up out over under after before same other another one how why who whom "
    "his her he she i me my if else per via like as-is etc e g ie eg".split())
_NEGATORS = frozenset("not no never cannot none nor neither nothing".split())
_NUMBER_WORDS = {"two": "2", "three": "3", "four": "4", "five": "5", "six": "6", "seven": "7",
                 "eight": "8", "nine": "9", "ten": "10", "twelve": "12", "hundred": "100"}
_CLAUSE_BREAK = re.compile(r"[;!?]|[.:](?=\s|$)|,\s|\n|\b(?:so|while|whereas|but|because|although|though|however|"
                           r"unlike|which|whereby|thus|hence)\b", re.IGNORECASE)
_COMPARISON = re.compile(r"(?:as with|as in|like|just as|similar to|as for)\b", re.IGNORECASE)  # not a claim
_TOKEN = re.compile(r"\d+(?:[.,]\d+)*(?:st|nd|rd|th)?|[a-z][a-z0-9]*")
_ORDINALS = {"first": "1", "third": "3", "fourth": "4", "fifth": "5"}  # not "second", a unit too
# A number and the unit after it ("7 days", "2 MB/s", "90%"); units of one kind compare with each other. A number
# inside a name ("ml.c4.4xlarge", "p3dn") is not a quantity.
_QUANTITY = re.compile(r"(?<![\w.])(\d+(?:[.,]\d+)*)\s*(%|[a-z]+)")
_UNIT_KINDS = {**dict.fromkeys(("kb", "mb", "gb", "tb", "pb", "kib", "mib", "gib", "byte", "bytes"), "size"),
               **dict.fromkeys(("ms", "millisecond", "milliseconds", "sec", "secs", "second", "seconds", "minute",
                                "minutes", "hour", "hours", "day", "days", "week", "weeks", "month", "months",
                                "year", "years"), "time")}
# Opposites, read as the first word negated: "small" is "not large", "decrypts" is "not encrypts".
_OPPOSITES = {
    "large": ("large", False), "larger": ("large", False), "largest": ("large", False), "big": ("large", False),
    "bigger": ("large", False), "small": ("large", True), "smaller": ("large", True), "smallest": ("large", True),
    "high": ("high", False), "higher": ("high", False), "highest": ("high", False), "raise": ("high", False),
    "raises": ("high", False), "raising": ("high", False), "low": ("high", True), "lower": ("high", True),
    "lowest": ("high", True), "lowering": ("high", True),
    "fast": ("fast", False), "faster": ("fast", False), "fastest": ("fast", False), "quickly": ("fast", False),
    "slow": ("fast", True), "slower": ("fast", True), "slowly": ("fast", True),
    "increase": ("increase", False), "increases": ("increase", False), "decrease": ("increase", True),
    "decreases": ("increase", True), "reduce": ("increase", True), "reduces": ("increase", True),
    "many": ("many", False), "few": ("many", True), "fewer": ("many", True),
    "multiple": ("multiple", False), "several": ("multiple", False), "single": ("multiple", True),
    "long": ("long", False), "longer": ("long", False), "short": ("long", True), "shorter": ("long", True),
    "deep": ("deep", False), "deeper": ("deep", False), "deepest": ("deep", False), "shallow": ("deep", True),
    "automatic": ("automatic", False), "automatically": ("automatic", False), "manual": ("automatic", True),
    "manually": ("automatic", True), "encrypt": ("encrypt", False), "encrypts": ("encrypt", False),
    "decrypt": ("encrypt", True), "decrypts": ("encrypt", True),
    "last": ("first", True),  # read as the ordinal 1, denied: "the target in the last column" is not "the first"
}
# What lies between two names in "<X> [attached to the team] is a <Y>": a plain identity, not negated or hedged.
_IS_A = re.compile(r"^(?:\s+[\w-]+){0,6}?\s+(?:is|are)\s+(?:a|an|the)?\s*$", re.IGNORECASE)
_LOCAL_NEGATOR_REACH = 2  # "without" negates the next two content words ("works without custom code")


def stem(word: str) -> str:
    """A light suffix stripper: 'stores', 'stored', 'storing' and 'store' all give 'stor'."""
    if len(word) <= 3 or word.isdigit():
        return word
    if word.endswith("ies") and len(word) > 4:
        word = word[:-3] + "y"
    elif word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    for suffix in ("ing", "ed", "ly"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[:-len(suffix)]
            break
    return word[:-1] if word.endswith("e") and len(word) > 3 else word


def content_words(text: str) -> tuple[frozenset[str], frozenset[str]]:
    """A clause's content words (stemmed; numbers as written, without thousands commas), and those of them
    that are negative. A negator ("not", "no", "never", "cannot") outside brackets negates the whole clause, once
    per negator (one after "and"/"or" repeats the denial: "no fee and no minimum"), so "does not store the data"
    and "stores no data" agree; "without" negates the next words, and an opposite ("small" for "large") or an
    un-word ("unencrypted") only itself."""
    text = text.lower().replace("n't", " not").replace("cannot", "can not")
    found: dict[str, bool] = {}
    clause_negators, depth, local, previous = 0, 0, 0, ""
    for m in re.finditer(rf"[()]|{_TOKEN.pattern}", text):
        token = m.group(0)
        before, previous = previous, (previous if token in "()" else token)
        if token in "()":
            depth = max(0, depth + (1 if token == "(" else -1))
            continue
        if token[0].isdigit():
            found.setdefault(re.sub(r"(st|nd|rd|th)$", "", token.replace(",", "")), False)
            continue
        if token == "without":
            local = _LOCAL_NEGATOR_REACH
            continue
        if token in _NEGATORS:
            # "no retrieval fee and no minimum" repeats the denial for a second item rather than cancelling it
            repeats = before in ("and", "or", "nor") and clause_negators % 2 == 1
            clause_negators += depth == 0 and not repeats
            continue
        flip = False
        if token in _OPPOSITES:
            token, flip = _OPPOSITES[token]
        elif token.startswith("un") and token.endswith(("ed", "able", "ible")) and len(token) >= 7 \
                and not token.startswith("under"):
            token, flip = token[2:], True
        if token in _NUMBER_WORDS or token in _ORDINALS:
            found.setdefault(_NUMBER_WORDS.get(token) or _ORDINALS[token], flip)
            continue
        if token in _STOPWORDS or len(token) < 2:
            continue
        if local:
            flip, local = not flip, local - 1
        found.setdefault(stem(token), flip)
    negated = clause_negators % 2 == 1
    return frozenset(found), frozenset(w for w, flip in found.items() if flip != negated)


def quantities(text: str) -> frozenset[tuple[str, str]]:
    """(number, unit kind) pairs a clause states: "seven days" gives ("7", "time"), "2 MB/s" ("2", "size")."""
    text = re.sub(r"\b(" + "|".join(_NUMBER_WORDS) + r")\b", lambda m: _NUMBER_WORDS[m.group(1)], text.lower())
    return frozenset((number.replace(",", ""), _UNIT_KINDS.get(unit, stem(unit)))
                     for number, unit in _QUANTITY.findall(text))


def clauses(text: str) -> list[str]:
    parts = [p.strip() for p in _CLAUSE_BREAK.split(text)]
    return [p for p in parts if p]


@dataclass(frozen=True)
class SourceClause:
    subject: str  # the node the clause is about
    text: str
    words: frozenset[str]  # content words; names of nodes other than the subject as one token each
    negative: frozenset[str]  # the words it denies
    quantities: frozenset[tuple[str, str]]
    true: bool  # False for a claim the knowledge marks wrong
    where: str  # "knowledge: node id (fact)" or "notes FILE line N"


@dataclass(frozen=True)
class Verdict:
    weight: int  # +1 the sources support the option, -1 they contradict it, 0 no evidence
    reason: str
    kind: str = ""  # agrees | contradicts | wrong-claim | wrong-number | swapped


class StatementIndex:
    def __init__(self, kb: KnowledgeBase, note_files: list[Path]):
        self._find = _name_finder(kb)
        self._kb = kb
        self._node_token = {node_id: f"nodeq{i}" for i, node_id in enumerate(sorted(kb.graph.nodes))}
        self._related = _related_nodes(kb)
        self.clauses: list[SourceClause] = []
        for node_id, data in sorted(kb.graph.nodes(data=True)):
            self._add_knowledge(node_id, data)
        untrusted = _untrusted_lines(kb)
        for path in note_files:
            self._add_notes(path, untrusted.get(path.name, set()))
        frequency: dict[str, int] = defaultdict(int)
        self._postings: dict[str, list[int]] = defaultdict(list)
        for i, clause in enumerate(self.clauses):
            for word in clause.words:
                frequency[word] += 1
                self._postings[word].append(i)
        n = max(len(self.clauses), 1)
        self._idf = {w: math.log(n / df) for w, df in frequency.items()}

    def read(self, text: str, subject: str | None = None, own_subject: bool = False
             ) -> tuple[str | None, frozenset[str], frozenset[str], frozenset[str]]:
        """A clause's subject, its words (names of other nodes as one token each), those it denies, and the
        nodes it names. The subject is a node named in the clause's first words ("Firehose stores ...", not
        "It sends alerts through CloudWatch"), else the given one; `own_subject` keeps the given one (a node's
        own text is about the node whatever it names)."""
        named = self._find(text)
        if named and (subject is None or (not own_subject and len(text[:named[0][1]].split()) < SUBJECT_LEAD_WORDS)):
            subject = named[0][0]
        plain, last = [], 0
        for node_id, start, end in named:
            plain.append(text[last:start] + ("" if node_id == subject else f" {self._node_token[node_id]} "))
            last = end
        plain.append(text[last:])
        words, negative = content_words(" ".join(plain))
        return subject, words, negative, frozenset(node_id for node_id, _, _ in named)

    def _add(self, text: str, subject: str | None, true: bool, where: str, own_subject: bool = False) -> None:
        for part in clauses(text):
            about, words, negative, _ = self.read(part, subject, own_subject)
            if not own_subject:
                subject = about  # a note line's later clauses are about what its first one names
            if about is not None and len(words) >= 2:
                self.clauses.append(SourceClause(about, part, words, negative, quantities(part), true, where))

    def _add_knowledge(self, node_id: str, data: dict) -> None:
        where = f"knowledge: {node_id}"
        self._add(data.get("summary", ""), node_id, True, f"{where} (summary)", own_subject=True)
        for key, value in sorted((data.get("attributes") or {}).items()):
            self._add(f"{key.replace('_', ' ')} {value}", node_id, True, f"{where} ({key.replace('_', ' ')})",
                      own_subject=True)
        for fact in data.get("facts") or []:
            self._add(fact["text"], node_id, True, f"{where} (fact)", own_subject=True)
        for claim in data.get("claims") or []:
            if claim["status"] == "wrong":
                self._add(claim["claim"], node_id, False, f"{where} (claim {claim['id']}, marked wrong)",
                          own_subject=True)
            elif claim["status"] == "ok":
                self._add(claim["claim"], node_id, True, f"{where} (claim {claim['id']})", own_subject=True)
            self._add(claim["current"], node_id, True, f"{where} (claim {claim['id']}, current)",
                      own_subject=True)

    def _add_notes(self, path: Path, untrusted: set[int]) -> None:
        lines = path.read_text(encoding="utf-8", errors="replace").split("\n")
        subject, subject_line = None, -NOTE_CONTEXT - 1
        for number, line in enumerate(lines, start=1):
            named = self._find(line)
            if number - subject_line > NOTE_CONTEXT:
                subject = None
            if number not in untrusted and line.strip():
                self._add(line, subject, True, f"notes {path.name} line {number}")
            if named:
                subject, subject_line = named[0][0], number

    def judge(self, text: str, subject: str | None = None) -> Verdict:
        """What the sources say about an option; `subject` is the node the question is about, for options
        that name none ("Which statement about Athena charges ...": "Cancelled queries are free")."""
        named_anywhere = frozenset(node_id for node_id, _, _ in self._find(text))
        asked = subject
        verdicts = []
        for part in clauses(text):
            subject, words, negative, named = self.read(part, subject)
            if subject is None or _COMPARISON.match(part):
                continue
            # a property given to the wrong node is only read where the clause names its subject, and never
            # moved to a node the option names too ("..., as with a data stream")
            swap_to = self._related.get(subject, set()) - named_anywhere if subject in named else set()
            verdict = self._judge_identity(part) or self._judge_clause(part, subject, words, negative, swap_to)
            if verdict.kind == "swapped" and asked not in (None, subject):
                # "Start training on CPU instances ..." about DeepAR: a component the asked-about node uses leads
                # the clause; when the sources say it of the asked-about node, the property is not swapped (the
                # clause is then no evidence: a loose match is not support)
                _, asked_words, asked_negative, _ = self.read(part, asked, own_subject=True)
                if self._judge_clause(part, asked, asked_words, asked_negative, set()).kind == "agrees":
                    continue
            if verdict.weight:
                verdicts.append(verdict)
        against = [v for v in verdicts if v.weight < 0]
        return against[0] if against else (verdicts[0] if verdicts else Verdict(0, ""))

    def _judge_identity(self, part: str) -> Verdict | None:
        """A clause that says one node is another ("an IAM policy is a resource-based policy"): true when both
        names are of one node, false when the knowledge makes them alternatives (one is not the other)."""
        named = self._find(part)
        if len(named) < 2 or len(part[:named[0][1]].split()) >= SUBJECT_LEAD_WORDS:
            return None
        (first, _, first_end), (second, second_start, _) = named[0], named[1]
        if not _IS_A.search(part[first_end:second_start]):
            return None
        if first == second:
            return Verdict(1, f"'{part}' calls {self._kb.name_of(first)} by another of its names "
                              f"(knowledge: {first} aliases)", "agrees")
        if second in self._kb.targets(first, "alternative_to") or first in self._kb.targets(second, "alternative_to"):
            return Verdict(-1, f"'{part}' says {self._kb.name_of(first)} is {self._kb.name_of(second)}, but the "
                               f"knowledge makes them alternatives (knowledge: {first} alternative_to)", "contradicts")
        return None

    def _judge_clause(self, part: str, subject: str, words: set[str], negative: frozenset[str], swap_to: set[str]
                      ) -> Verdict:
        known = {w for w in words if w in self._idf}  # a word no source has cannot be matched
        total = sum(self._idf[w] for w in known)
        if len(known) < 2 or total <= 0:
            return Verdict(0, "")
        strength: dict[int, float] = defaultdict(float)
        for word in known:
            for i in self._postings[word]:
                strength[i] += self._idf[word]
        shared = {i for i in strength if len(known & self.clauses[i].words) >= MIN_SHARED_WORDS}
        own = [i for i in shared if self.clauses[i].subject == subject]
        other = [i for i in shared if self.clauses[i].subject in swap_to]
        best_own = max(own, key=lambda i: (strength[i], -i), default=None)
        best_other = max(other, key=lambda i: (strength[i], -i), default=None)
        own_strength = strength[best_own] if best_own is not None else 0.0
        name = self._kb.name_of(subject)
        floor = MIN_COVER * total
        if best_own is not None and own_strength >= floor:
            source = self.clauses[best_own]
            stated = quantities(part)
            source_units = {unit for _, unit in source.quantities}
            wrong = sorted(n for n, unit in stated if unit in source_units and (n, unit) not in source.quantities)
            if wrong and source.true:  # another number for the same kind of unit
                return Verdict(-1, f"'{part}' states {', '.join(wrong)}, but the sources say '{source.text}' "
                                   f"({source.where})", "wrong-number")
            if _numbers(words) - source.words:  # a number the source does not confirm
                return Verdict(0, "")
            holds = not _conflicts(words, negative, source)
            if holds == source.true:
                return Verdict(1, f"'{part}' agrees with '{source.text}' ({source.where})", "agrees")
            if not source.true:
                return Verdict(-1, f"'{part}' repeats a claim the knowledge marks wrong: '{source.text}' "
                                   f"({source.where})", "wrong-claim")
            return Verdict(-1, f"'{part}' contradicts '{source.text}' ({source.where})", "contradicts")
        if best_other is not None and strength[best_other] >= floor \
                and strength[best_other] >= SWAP_MARGIN * own_strength:
            source = self.clauses[best_other]
            if source.true and not _conflicts(words, negative, source):
                return Verdict(-1, f"the sources say '{source.text}' of {self._kb.name_of(source.subject)}, "
                                   f"not of {name} ({source.where})", "swapped")
        return Verdict(0, "")


def _conflicts(words: set[str], negative: frozenset[str], source: SourceClause) -> set[str]:
    """Shared words one side affirms and the other denies."""
    return {w for w in words & source.words if (w in negative) != (w in source.negative)}


def _numbers(words: set[str] | frozenset[str]) -> set[str]:
    return {w for w in words if w[0].isdigit()}


def _related_nodes(kb: KnowledgeBase) -> dict[str, set[str]]:
    """Nodes an option could confuse with each other: joined by an edge, options of one decision, or kinds of
    the same thing."""
    related: dict[str, set[str]] = defaultdict(set)
    groups = [[o.id for o in d.options] for d in kb.decisions.values()]
    kinds: dict[str, list[str]] = defaultdict(list)
    for source, target, edge_type in kb.graph.edges(keys=True):
        related[source].add(target)
        related[target].add(source)
        if edge_type == "kind_of":
            kinds[target].append(source)
    groups.extend(kinds.values())
    for group in groups:
        for node_id in group:
            related[node_id].update(group)
    for node_id, others in related.items():
        others.discard(node_id)
    return related


def _untrusted_lines(kb: KnowledgeBase) -> dict[str, set[int]]:
    """Note lines that claims marked wrong or outdated cite, by file."""
    found: dict[str, set[int]] = defaultdict(set)
    for claim in kb.claims.values():
        if claim.status not in UNTRUSTED_STATUSES:
            continue
        for source in claim.sources:
            found[source.seed].update(source.line_numbers())
    return found


def _name_finder(kb: KnowledgeBase):
    """Where a text names nodes, like answer.mentions() (longest name first), but with one pattern over all names
    factored as a trie, so that thousands of note lines are read in a second."""
    aliases: dict[str, str] = {}
    for node_id in sorted(kb.graph.nodes):
        for alias in sorted(kb.names(node_id)):
            if len(alias) >= 2:
                aliases.setdefault(alias.lower(), node_id)
    pattern = re.compile(rf"(?<![\w-])({_trie_pattern(sorted(aliases))})(?:e?s)?(?![\w-])", re.IGNORECASE)

    def find(text: str) -> list[tuple[str, int, int]]:  # a plural names the node too ("batch sizes")
        return [(aliases[m.group(1).lower()], m.start(), m.end()) for m in pattern.finditer(text)]

    return find


def _trie_pattern(names: list[str]) -> str:
    """A regex matching any of the names; a longer name is tried before a name that is its prefix."""
    trie: dict = {}
    for name in names:
        node = trie
        for char in name:
            node = node.setdefault(char, {})
        node[""] = {}

    def build(node: dict) -> str:
        branches = [re.escape(char) + build(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return build(trie)


_INDEXES: dict[tuple[str, tuple[str, ...]], StatementIndex] = {}


def index_for(kb: KnowledgeBase) -> StatementIndex:
    """The statement index of a knowledge base and its notes, built once per process."""
    key = (kb.fingerprint, tuple(str(d) for d in kb.notes_dirs))
    if key not in _INDEXES:
        files = sorted((p for d in kb.notes_dirs for p in d.glob("*.txt")), key=lambda p: (p.name, str(p)))
        _INDEXES[key] = StatementIndex(kb, files)
    return _INDEXES[key]


_STATEMENT_QUESTION = re.compile(
    r"\b(?:statements?|claims?|descriptions?)\b[^.?!]*\b(?:true|correct|accurate|false|incorrect)\b|"
    r"\b(?:true|correct|accurate)\b[^.?!]*\bstatements?\b|\bcorrectly (?:describes?|explains?|states?)\b|"
    r"\bwhich (?:statements?|descriptions?|claims?)\b|"
    r"\bwhich (?:\w+ )?requirements? (?:apply|applies|hold|holds)\b", re.IGNORECASE)


def is_statement_question(stem: str) -> bool:
    """True when the question asks which options are true statements, not what to do."""
    return bool(_STATEMENT_QUESTION.search(stem))


def question_subject(index: StatementIndex, stem: str) -> str | None:
    """The node a question asks about: the first one its question sentence names, else the first in the stem."""
    sentences = re.split(r"(?<=[.!?])\s+", stem.strip())
    asking = [s for s in sentences if "?" in s] or sentences[-1:]
    for text in (" ".join(asking), stem):
        named = index.read(text)[0]
        if named is not None:
            return named
    return None
