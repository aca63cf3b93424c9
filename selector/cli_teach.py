"""Teaching commands: compare, explain, graph show/path, quiz, calc. Registered on the `cli` group from cli.py.

Each command builds plain data (selector.teach, selector.quiz, selector.calculators) and prints it as text (rich,
plain when NO_COLOR is set or the output is not a terminal) or as JSON (`--format json`, keys in a fixed order).
"""

from __future__ import annotations

import math
import random
from pathlib import Path
from typing import Any

import click
from click.shell_completion import CompletionItem
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from selector import calculators, teach
from selector.cli import _console, cli, data_dir_options, load_kb
from selector.errors import SelectorError
from selector.models import AREAS, format_value
from selector.render.json_format import dumps

TEXT_JSON = click.Choice(("text", "json"))


class CalcError(SelectorError):
    """A calculator name or input the user gave cannot be used."""


def _complete_ids(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[CompletionItem]:
    """Shell completion of knowledge ids (nodes, rules, decisions, facts) from the loaded base."""
    try:
        kb = load_kb(tuple(ctx.params.get("rules_dirs") or ()), tuple(ctx.params.get("knowledge_dirs") or ()))
    except Exception:  # noqa: BLE001 - completion must never fail loudly
        return []
    names = sorted(set(kb.graph.nodes) | set(kb.rules) | set(kb.decisions) | set(kb.facts))
    return [CompletionItem(n) for n in names if n.startswith(incomplete)][:200]


def _emit_json(data: Any) -> None:
    click.echo(dumps(data), nl=False)


def _sources_line(console: Console, sources: list[dict[str, str]]) -> None:
    if sources:
        console.print("Sources: " + escape("; ".join(teach.cite(s) for s in sources)), style="dim")


def _heading(console: Console, text: str) -> None:
    console.print(escape(text), style="bold")


# ---------------------------------------------------------------- compare

@cli.command()
@click.argument("items", nargs=-1, required=True, shell_complete=_complete_ids)
@click.option("--format", "output_format", type=TEXT_JSON, default="text", show_default=True)
@click.option("--diagram", type=click.Path(path_type=Path),
              help="Draw where they sit in a pipeline (their stages and neighbours): .svg, .png or .dot.")
@click.option("--icons", is_flag=True, help="Use AWS icons in the diagram when the `diagrams` package is installed.")
@data_dir_options
def compare(items: tuple[str, ...], output_format: str, diagram: Path | None, icons: bool,
            rules_dirs: tuple[Path, ...], knowledge_dirs: tuple[Path, ...]) -> None:
    """Compare two or more services, algorithms or techniques side by side.

    ITEMS are knowledge ids, names or aliases. The table shows what each is for, its latency, cost model,
    management effort and limits, and, from the decisions where they compete, when each wins and loses and why.

    Example:

    \b
        selector compare firehose kinesis-data-streams
        selector compare xgboost linear-learner --format json
        selector compare athena redshift --diagram compare.svg
    """
    kb = load_kb(rules_dirs, knowledge_dirs)
    data = teach.compare(kb, list(items))
    if diagram is not None:
        from selector.render.icons import draw

        nodes, edges = teach.neighbourhood_diagram(kb, [i["id"] for i in data["items"]])
        title = "compare: " + " vs ".join(i["name"] for i in data["items"])
        click.echo(draw(nodes, edges, diagram, title=title, icons=icons).message(), err=True)
    if output_format == "json":
        _emit_json(data)
        return
    _render_compare(data, _console())


def _render_compare(data: dict[str, Any], console: Console) -> None:
    items = data["items"]
    names = {i["id"]: i["name"] for i in items}
    table = Table(title="Compare", title_justify="left", show_lines=True)
    table.add_column("", overflow="fold")
    for item in items:
        table.add_column(escape(item["name"]), overflow="fold")

    def row(label: str, cells: list[str]) -> None:
        if any(cells):
            table.add_row(label, *(escape(c) for c in cells))

    row("id", [i["id"] for i in items])
    row("kind / stage", [f"{i['kind']} / {i['stage']} ({i['area']})" for i in items])
    row("what it is", [i["summary"] for i in items])
    for key in data["attribute_keys"]:
        row(key.replace("_", " "), [format_value(i["attributes"].get(key, "")) for i in items])
    row("best for", ["\n".join(f"{b['best_for']} ({b['decision']})" for b in data["best_for"][i["id"]])
                     for i in items])
    row("wins when", ["\n".join(f"{w['when']} [{w['rule']}]" for w in data["wins"][i["id"]]) for i in items])
    row("loses when", ["\n".join(f"to {names.get(x['to'], x['to'])}: {x['why']}" for x in data["loses"][i["id"]])
                       for i in items])
    row("facts", ["\n".join(f"- {f['text']}" for f in i["facts"]) for i in items])
    row("note checks", ["\n".join(f"{c['status']}: {c['claim']} Current: {c['current']}" for c in i["claims"])
                        for i in items])
    console.print(table)
    if not data["decisions"]:
        console.print("They do not compete in any decision of the knowledge base: compare their attributes above.",
                      style="yellow")
    for decision in data["decisions"]:
        _heading(console, f"Where they compete: {decision['question']} ({decision['id']})")
        for rule in decision["rules"]:
            console.print(escape(f"  {names[rule['chooses']]} wins when {rule['when']} "
                                 f"[{rule['id']}, priority {rule['priority']}]"))
            console.print(f"    {escape(rule['rationale'])}")
            for other, why in rule["beats"].items():
                console.print(f"    not {escape(names[other])}: {escape(why)}")
    for edge in data["edges_between"]:
        console.print(f"{escape(names[edge['from']])} --{edge['type']}--> {escape(names[edge['to']])}")
    _sources_line(console, data["sources"])


# ---------------------------------------------------------------- explain

@cli.command()
@click.argument("item", shell_complete=_complete_ids)
@click.option("--format", "output_format", type=TEXT_JSON, default="text", show_default=True)
@data_dir_options
def explain(item: str, output_format: str, rules_dirs: tuple[Path, ...], knowledge_dirs: tuple[Path, ...]) -> None:
    """Explain a rule, decision, knowledge node or fact: rationale, sources, examples and neighbours.

    ITEM is an id (or a node's name or alias). Prefix it with rule:, decision:, node: or fact: when the same id
    names several things.

    Example:

    \b
        selector explain firehose-managed-delivery
        selector explain streaming-ingestion
        selector explain "kinesis firehose"
        selector explain fact:latency --format json
    """
    kb = load_kb(rules_dirs, knowledge_dirs)
    data = teach.explain(kb, item)
    if output_format == "json":
        _emit_json(data)
        return
    console = _console()
    {"rule": _render_rule, "decision": _render_decision, "node": _render_node, "fact": _render_fact}[data["what"]](
        data, console)
    if data.get("also"):
        console.print(f"The same id also names: {', '.join(data['also'])}", style="dim")


def _render_rule(d: dict[str, Any], c: Console) -> None:
    _heading(c, f"Rule {d['id']}: {d['title']}")
    c.print(f"Decision: {escape(d['decision']['question'])} ({escape(d['decision']['id'])})")
    c.print(f"Chooses: {escape(d['chooses']['name'])} ({escape(d['chooses']['id'])}), priority {d['priority']}")
    c.print(f"When: {escape(d['when'])}")
    if d["derive"]:
        c.print("Derives: " + escape(", ".join(f"{k} = {format_value(v)}" for k, v in d["derive"].items())))
    if d["compute"]:
        c.print(f"Computes: {escape(d['compute'])} (try `selector calc {escape(d['compute'])}`)")
    _heading(c, "Why")
    c.print(escape(d["rationale"]))
    _heading(c, "Why not the others")
    for option, why in d["why_not"].items():
        c.print(f"  {escape(option)}: {escape(why)}")
    for claim in d["claims"]:
        c.print(f"Note check ({claim['status']}): the notes say \"{escape(claim['claim'])}\" "
                f"Current: {escape(claim['current'])} This rule uses the "
                f"{'current fact' if claim['rules_use'] == 'current' else 'note'}.", style="yellow")
    _heading(c, "Examples")
    for kind in ("fire", "not_fire"):
        for e in d["examples"][kind]:
            text = e.get("text") or f"facts {e.get('facts')}"
            c.print(f"  {'fires' if kind == 'fire' else 'does not fire'}: {escape(text)}")
    if d["neighbours"]:
        _heading(c, "Other rules of this decision")
        for r in d["neighbours"]:
            c.print(f"  {escape(r['id'])} -> {escape(r['chooses'])} (priority {r['priority']}): {escape(r['title'])}")
    _sources_line(c, d["sources"])
    c.print(f"Defined in {escape(d['file'])}", style="dim")


def _render_decision(d: dict[str, Any], c: Console) -> None:
    _heading(c, f"Decision {d['id']}: {d['question']}")
    c.print(f"Area {d['area']}, stage {d['stage']}. Applies when {escape(d['relevant_when'])}.")
    if d["needs"]:
        c.print(f"Needs: {escape(', '.join(d['needs']))} (assumed at their defaults when the scenario is silent)")
    _heading(c, "Options")
    for o in d["options"]:
        rules = f" [rules: {', '.join(o['rules'])}]" if o["rules"] else ""
        c.print(f"  {escape(o['name'])} ({escape(o['id'])}): best for {escape(o['best_for'])}{escape(rules)}")
    _heading(c, "Rules")
    for r in d["rules"]:
        c.print(f"  {escape(r['id'])} -> {escape(r['chooses'])} (priority {r['priority']}) when {escape(r['when'])}")
        c.print(f"    {escape(r['rationale'])}")
    if d["examples"]:
        _heading(c, "Example scenarios")
        for e in d["examples"]:
            c.print(escape(f"  {e['text']} [{e['rule']}]"))
    _sources_line(c, d["sources"])
    c.print(f"Defined in {escape(d['file'])}", style="dim")


def _render_node(d: dict[str, Any], c: Console) -> None:
    _heading(c, f"{d['name']} ({d['id']})")
    c.print(f"{d['kind']} in {d['area']}, stage {d['stage']}" +
            (f"; also called {escape(', '.join(d['aliases']))}" if d["aliases"] else ""))
    c.print(escape(d["summary"]))
    for key, value in d["attributes"].items():
        c.print(f"  {escape(key.replace('_', ' '))}: {escape(format_value(value))}")
    if d["facts"]:
        _heading(c, "Facts")
        for f in d["facts"]:
            c.print(f"  - {escape(f['text'])}")
    for claim in d["claims"]:
        c.print(f"Note check ({claim['status']}): the notes say \"{escape(claim['claim'])}\" "
                f"Current: {escape(claim['current'])}", style="yellow")
    if d["decisions"]:
        _heading(c, "Decisions it is an option of")
        for x in d["decisions"]:
            c.print(f"  {escape(x['question'])} ({escape(x['id'])}): best for {escape(x['best_for'])}; "
                    f"competes with {escape(', '.join(x['competes_with']) or 'nothing')}")
    if d["chosen_by"]:
        _heading(c, "Chosen by")
        for r in d["chosen_by"]:
            c.print(f"  {escape(r['id'])} when {escape(r['when'])}: {escape(r['rationale'])}")
    if d["examples"]:
        _heading(c, "Example scenarios")
        for e in d["examples"]:
            c.print(f"  {escape(e['text'])}")
    if d["edges_out"] or d["edges_in"]:
        _heading(c, "Neighbours")
        for e in d["edges_out"]:
            c.print(f"  --{e['type']}--> {escape(e['name'])} ({escape(e['to'])})")
        for e in d["edges_in"]:
            c.print(f"  <--{e['type']}-- {escape(e['name'])} ({escape(e['from'])})")
    _sources_line(c, d["sources"])


def _render_fact(d: dict[str, Any], c: Console) -> None:
    _heading(c, f"Fact {d['id']} ({d['type']}{', derived by rules' if d['derived'] else ''})")
    c.print(escape(d["description"]))
    if d["values"]:
        c.print(f"Values: {escape(', '.join(d['values']))}" + (" (several may hold)" if d["multi"] else ""))
    if d["unit"]:
        c.print(f"Unit: {escape(d['unit'])}")
    if d["default"] is not None:
        c.print(f"Default when the scenario is silent: {escape(format_value(d['default']))}")
    for value, phrases in d["phrases"].items():
        c.print(f"  {escape(value)} <- {escape(' | '.join(phrases))}")
    for pattern in d["patterns"]:
        c.print(f"  pattern: {escape(pattern)}")
    for label, key in (("Rules testing it", "used_by_rules"), ("Decisions it makes relevant", "makes_relevant"),
                       ("Decisions that need it", "needed_by"), ("Rules deriving it", "derived_by")):
        if d[key]:
            c.print(f"{label}: {escape(', '.join(d[key]))}")
    c.print(f"Set it with --fact {escape(d['id'])}=VALUE; defined in {escape(d['file'])}", style="dim")


# ---------------------------------------------------------------- graph

@cli.group()
def graph() -> None:
    """Explore the knowledge graph: a node's neighbourhood, or how two nodes connect.

    Example:

    \b
        selector graph show athena --depth 2
        selector graph path kinesis-data-firehose athena
    """


@graph.command(name="show")
@click.argument("node", shell_complete=_complete_ids)
@click.option("--depth", type=click.IntRange(1, teach.MAX_DEPTH), default=1, show_default=True,
              help="How many hops of neighbours to include.")
@click.option("--format", "output_format", type=TEXT_JSON, default="text", show_default=True)
@click.option("--diagram", type=click.Path(path_type=Path), help="Draw the neighbourhood: .svg, .png or .dot.")
@click.option("--icons", is_flag=True, help="Use AWS icons in the diagram when the `diagrams` package is installed.")
@data_dir_options
def graph_show(node: str, depth: int, output_format: str, diagram: Path | None, icons: bool,
               rules_dirs: tuple[Path, ...], knowledge_dirs: tuple[Path, ...]) -> None:
    """Show a node, its typed edges, and every node within --depth hops.

    Example:

    \b
        selector graph show s3
        selector graph show firehose --depth 2 --diagram firehose.svg
        selector graph show xgboost --format json
    """
    kb = load_kb(rules_dirs, knowledge_dirs)
    data = teach.graph_show(kb, node, depth)
    if diagram is not None:
        from selector.render.icons import draw

        nodes, edges = teach.graph_diagram(kb, data)
        title = f"{data['node']['name']}: {depth} hop{'s' if depth > 1 else ''}"
        click.echo(draw(nodes, edges, diagram, title=title, icons=icons).message(), err=True)
    if output_format == "json":
        _emit_json(data)
        return
    console = _console()
    n = data["node"]
    _heading(console, f"{n['name']} ({n['id']})")
    console.print(f"{n['kind']} in {n['area']}, stage {n['stage']}: {escape(n['summary'])}")
    for e in data["edges_out"]:
        console.print(f"  --{e['type']}--> {escape(e['name'])} ({escape(e['to'])})")
    for e in data["edges_in"]:
        console.print(f"  <--{e['type']}-- {escape(e['name'])} ({escape(e['from'])})")
    table = Table(title=f"Within {depth} hop{'s' if depth > 1 else ''}", title_justify="left")
    for column in ("hops", "id", "name", "kind", "stage"):
        table.add_column(column, justify="right" if column == "hops" else "left")
    for m in data["nodes"]:
        table.add_row(str(m["distance"]), escape(m["id"]), escape(m["name"]), m["kind"], m["stage"])
    console.print(table)
    console.print(f"{len(data['nodes'])} nodes, {len(data['edges'])} edges")


@graph.command(name="path")
@click.argument("source", shell_complete=_complete_ids)
@click.argument("target", shell_complete=_complete_ids)
@click.option("--format", "output_format", type=TEXT_JSON, default="text", show_default=True)
@data_dir_options
def graph_path(source: str, target: str, output_format: str, rules_dirs: tuple[Path, ...],
               knowledge_dirs: tuple[Path, ...]) -> None:
    """The shortest ways from one node to another, following edges in either direction.

    Example:

    \b
        selector graph path kinesis-data-firehose athena
        selector graph path xgboost s3 --format json
    """
    kb = load_kb(rules_dirs, knowledge_dirs)
    data = teach.graph_path(kb, source, target)
    if output_format == "json":
        _emit_json(data)
        return
    console = _console()
    a, b = data["from"], data["to"]
    if not data["connected"]:
        console.print(f"{escape(a['name'])} and {escape(b['name'])} are not connected in the knowledge graph.",
                      style="yellow")
        return
    plural = "s" if len(data["paths"]) > 1 else ""
    _heading(console, f"{a['name']} to {b['name']}: {data['length']} hop{'s' if data['length'] != 1 else ''}, "
                      f"{len(data['paths'])} shortest path{plural}")
    for i, path in enumerate(data["paths"], 1):
        console.print(f"Path {i}: " + escape(" -> ".join(n["id"] for n in path["nodes"])))
        for hop in path["hops"]:
            for e in hop["edges"]:
                console.print(f"  {escape(e['from'])} --{e['type']}--> {escape(e['to'])}")


# ---------------------------------------------------------------- quiz

@cli.command()
@click.option("--area", type=click.Choice(AREAS), help="Only questions from this area's decisions.")
@click.option("--count", type=click.IntRange(1, 100), default=5, show_default=True, help="Number of questions.")
@click.option("--seed", type=int, help="Seed for a repeatable quiz (printed when not given).")
@click.option("--answer-key", is_flag=True, help="Print the questions with their answers instead of asking.")
@click.option("--format", "output_format", type=TEXT_JSON, default="text", show_default=True,
              help="json: questions are asked on stderr and the graded quiz is printed as JSON.")
@data_dir_options
def quiz(area: str | None, count: int, seed: int | None, answer_key: bool, output_format: str,
         rules_dirs: tuple[Path, ...], knowledge_dirs: tuple[Path, ...]) -> None:
    """Quiz yourself: scenarios from the rules' examples, the decision's options as choices.

    Type the letter of an answer (or the option's name); each answer is graded with the rationale, and the score
    comes at the end. Answers may be piped on stdin, one per line; the quiz stops early when input ends.

    Example:

    \b
        selector quiz --area ingestion --count 3
        selector quiz --seed 7
        printf 'A\\nB\\n' | selector quiz --count 2 --seed 7 --format json
    """
    from selector.quiz import build_quiz, grade, parse_answer, score

    if seed is None:
        seed = random.SystemRandom().randrange(1_000_000)
    kb = load_kb(rules_dirs, knowledge_dirs)
    questions = build_quiz(kb, area=area, count=count, seed=seed)
    as_json = output_format == "json"
    if answer_key:
        if as_json:
            _emit_json({"seed": seed, "area": area, "questions": [grade(q, q.answer).to_dict() for q in questions]})
            return
        console = _console()
        for q in questions:
            _ask(console, q, len(questions))
            console.print(f"Answer: {q.answer}. {escape(q.option(q.answer).name)}: {escape(q.rationale)}")
        return
    console = _console(stderr=as_json)
    console.print(f"Quiz: {len(questions)} questions (seed {seed}; rerun with --seed {seed})", style="bold")
    grades = []
    for q in questions:
        _ask(console, q, len(questions))
        given = _read_answer(q, as_json, parse_answer)
        if given is None:
            console.print("(input ended: the quiz stops here)", style="yellow")
            break
        g = grade(q, given)
        grades.append(g)
        right = q.option(q.answer)
        if g.correct:
            console.print(f"Right: {escape(right.name)}.", style="bold green")
        else:
            console.print(f"Not quite: the answer is {right.label}. {escape(right.name)}.", style="bold red")
            why = q.option(given).why_not
            if why:
                console.print(f"Why not {escape(q.option(given).name)}: {escape(why)}")
        console.print(f"Why: {escape(q.rationale)}")
        _sources_line(console, q.sources)
    result = score(grades)
    unanswered = len(questions) - result["answered"]
    console.print(f"Score: {result['correct']}/{result['answered']} ({result['percent']:g}%)"
                  + (f"; {unanswered} not answered" if unanswered else ""), style="bold")
    if as_json:
        asked = grades + [grade(q, None) for q in questions[len(grades):]]
        result = score(asked)
        _emit_json({"seed": seed, "area": area, "score": result, "questions": [g.to_dict() for g in asked]})


def _ask(console: Console, q: Any, total: int) -> None:
    console.print()
    console.print(f"Question {q.number}/{total} ({q.area})", style="bold")
    console.print(escape(q.scenario))
    console.print(escape(q.question), style="bold")
    for o in q.options:
        console.print(f"  {o.label}. {escape(o.name)}")


def _read_answer(q: Any, to_stderr: bool, parse: Any) -> str | None:
    """The label the user typed; None when input ends (Ctrl-D, or the end of piped answers)."""
    labels = "/".join(o.label for o in q.options)
    while True:
        try:
            raw = click.prompt(f"Your answer ({labels})", default="", show_default=False, err=to_stderr)
        except click.exceptions.Abort:
            return None
        given = parse(q, raw)
        if given is not None:
            return given
        click.echo(f"Type one of {labels} (or the option's name).", err=to_stderr)


# ---------------------------------------------------------------- calc

def _calc_name(name: str) -> str:
    key = name.strip().lower().replace("-", "_")
    if key not in calculators.CALCULATORS:
        raise CalcError(f"no calculator {name!r} (known: {', '.join(sorted(calculators.CALCULATORS))})")
    return key


def _calc_inputs(name: str, assignments: tuple[str, ...]) -> dict[str, Any]:
    known = getattr(calculators, "INPUTS", {}).get(name, {})
    values: dict[str, Any] = {}
    for assignment in assignments:
        key, sep, raw = assignment.partition("=")
        key = key.strip().lower().replace("-", "_")
        if not sep or not key:
            raise CalcError(f"{assignment!r}: write inputs as NAME=VALUE, e.g. record_kb=500")
        if known and key not in known:
            raise CalcError(f"{name} has no input {key!r} (inputs: {', '.join(known)})")
        numbers = []
        for part in raw.split(","):
            try:
                number = float(part.strip().replace("_", ""))
            except ValueError:
                raise CalcError(f"{key}={raw}: {key} takes a number") from None
            signed = key in getattr(calculators, "SIGNED_INPUTS", set())
            if not math.isfinite(number) or (number < 0 and not signed):
                raise CalcError(f"{key}={raw}: {key} takes a finite number of zero or more")
            numbers.append(int(number) if number.is_integer() else number)
        values[key] = numbers if len(numbers) > 1 else numbers[0]
    return values


@cli.command()
@click.argument("name", required=False)
@click.argument("inputs", nargs=-1, metavar="[INPUT=VALUE]...")
@click.option("--format", "output_format", type=TEXT_JSON, default="text", show_default=True)
def calc(name: str | None, inputs: tuple[str, ...], output_format: str) -> None:
    """Run a sizing calculator and show its arithmetic; without NAME, list the calculators and their inputs.

    Example:

    \b
        selector calc
        selector calc kinesis_shards record_kb=500 records_per_s=2 consumers=7
        selector calc endpoint_instances peak_rps=1200 instance_max_rps=250 safety_factor=0.5
        selector calc confusion_metrics tp=1 fp=1 fn=8 tn=90 --format json
    """
    sources = getattr(calculators, "SOURCES", {})
    if name is None:
        rows = [{"name": key, "what": (fn.__doc__ or "").strip().splitlines()[0],
                 "inputs": dict(getattr(calculators, "INPUTS", {}).get(key, {})),
                 "sources": [{"seed": s, "lines": lines} for s, lines in sources.get(key, [])]}
                for key, fn in sorted(calculators.CALCULATORS.items())]
        if output_format == "json":
            _emit_json(rows)
            return
        console = _console()
        for row in rows:
            _heading(console, row["name"])
            console.print(f"  {escape(row['what'])}")
            for key, meaning in row["inputs"].items():
                console.print(f"  {key}: {escape(meaning)}")
        console.print("Run one: selector calc NAME INPUT=VALUE ...", style="dim")
        return
    key = _calc_name(name)
    values = _calc_inputs(key, inputs)
    try:
        setting = calculators.CALCULATORS[key](values)
    except (TypeError, ValueError, ZeroDivisionError) as exc:
        raise CalcError(f"{key}: cannot compute with {', '.join(inputs) or 'no inputs'}: {exc}") from None
    if setting.value is None and not setting.missing:
        raise CalcError(f"{key}: " + "; ".join(setting.steps or ["cannot compute with these inputs"]))
    if setting.missing:
        meanings = getattr(calculators, "INPUTS", {}).get(key, {})
        wanted = ", ".join(f"{m} ({meanings[m]})" if m in meanings else m for m in setting.missing)
        raise CalcError(f"{key}: missing input {wanted}; e.g. selector calc {key} {setting.missing[0]}=...")
    data = {"calculator": key, "inputs": values, "value": setting.value, "unit": setting.unit,
            "arithmetic": list(setting.steps),
            "sources": [{"seed": s, "lines": lines} for s, lines in sources.get(key, [])]}
    if output_format == "json":
        _emit_json(data)
        return
    console = _console()
    result = "cannot be computed" if setting.value is None else f"{format_value(setting.value)} {setting.unit}".strip()
    _heading(console, f"{key}: {result}")
    for step in setting.steps:
        console.print(f"  {escape(step)}")
    _sources_line(console, data["sources"])
