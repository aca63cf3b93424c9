"""The command line. Thin: read the input, call a pipeline stage, hand the result to a renderer."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any, Callable

import click
from rich.console import Console
from rich.table import Table

from selector import __version__, loader
from selector.errors import ScenarioError, SelectorError
from selector.loader import KnowledgeBase
from selector.models import AREAS

FORMATS = ("text", "json", "markdown")


def _console(stderr: bool = False) -> Console:
    # rich turns colour off for NO_COLOR and when output is not a terminal.
    return Console(stderr=stderr, highlight=False, soft_wrap=False, width=None if sys.stdout.isatty() else 110)


def load_kb(rules_dirs: tuple[Path, ...] = (), knowledge_dirs: tuple[Path, ...] = ()) -> KnowledgeBase:
    rules, knowledge = loader.default_dirs(list(rules_dirs), list(knowledge_dirs))
    return loader.load(rules, knowledge)


def data_dir_options(fn: Callable[..., Any]) -> Callable[..., Any]:
    """--rules-dir / --knowledge-dir: add a user's own rules and knowledge to the built-in base."""
    fn = click.option("--knowledge-dir", "knowledge_dirs", multiple=True, type=click.Path(path_type=Path),
                      help="Extra knowledge directory (nodes in *.yaml, vocabulary in vocabulary/). "
                           "Also SELECTOR_KNOWLEDGE_DIR.")(fn)
    fn = click.option("--rules-dir", "rules_dirs", multiple=True, type=click.Path(path_type=Path),
                      help="Extra rules directory (one decision per YAML file). Also SELECTOR_RULES_DIR.")(fn)
    return fn


def _extra_dirs(directory: Path | None, rules_dirs: tuple[Path, ...], knowledge_dirs: tuple[Path, ...]
                ) -> tuple[list[Path], list[Path]]:
    """--rules-dir/--knowledge-dir plus the rules/ and knowledge/ of a pack DIRECTORY, if one is given."""
    from selector.packs import pack_dirs

    extra_rules, extra_knowledge = list(rules_dirs), list(knowledge_dirs)
    if directory is not None:
        pack_rules, pack_knowledge = pack_dirs(directory)
        extra_rules += pack_rules
        extra_knowledge += pack_knowledge
    return extra_rules, extra_knowledge


def read_input(text: str | None, file: Path | None, what: str = "scenario") -> str:
    """The user's text from the argument, --file (or - for stdin), or piped stdin."""
    if text is not None and file is not None:
        raise ScenarioError(f"give the {what} as text or with --file, not both")
    if file is not None:
        if str(file) == "-":
            return sys.stdin.read()
        try:
            return file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise ScenarioError(f"cannot read {file}: {getattr(exc, 'strerror', None) or exc}") from None
    if text == "-" or (text is None and not sys.stdin.isatty()):
        return sys.stdin.read()
    return text or ""


class SelectorGroup(click.Group):
    """Turns the errors a user can act on into one line on stderr and exit code 1 (also under CliRunner)."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except SelectorError as exc:
            raise click.ClickException(str(exc)) from None


@click.group(cls=SelectorGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="selector")
def cli() -> None:
    """Which AWS service, which ML algorithm, which setting, with reasons.

    Example:

    \b
        selector recommend "Clickstream events must land in S3 within a minute, no servers to manage"
    """


@cli.command()
@click.argument("text", required=False)
@click.option("--file", "-f", type=click.Path(path_type=Path), help="Read the scenario from a file (- for stdin).")
@click.option("--fact", "facts", multiple=True, metavar="NAME=VALUE",
              help="Add or override a fact, e.g. --fact latency=real-time (repeatable).")
@click.option("--format", "output_format", type=click.Choice(FORMATS), default="text", show_default=True)
@click.option("--diagram", type=click.Path(path_type=Path), help="Also draw the architecture: .svg, .png or .dot.")
@click.option("--icons", is_flag=True,
              help="Draw AWS icons in the diagram when the `diagrams` package is installed (else plain boxes).")
@data_dir_options
def recommend(text: str | None, file: Path | None, facts: tuple[str, ...], output_format: str,
              diagram: Path | None, icons: bool, rules_dirs: tuple[Path, ...], knowledge_dirs: tuple[Path, ...]) -> None:
    """Recommend an architecture for a scenario written in plain English.

    Every decision comes with its rationale, the options it rejected and why, the rules that fired and the notes
    they come from. Facts the text does not give are assumed and reported.

    Example:

    \b
        selector recommend "A Kinesis stream gets 500 KB records, 2 per second, read by 7 consumers"
        selector recommend --file scenario.txt --format json --diagram arch.svg
        selector recommend "Predict churn from our CRM table" --fact latency=batch
        selector recommend --file scenario.txt --diagram arch.svg --icons
    """
    from selector.recommend import recommend as run_recommend
    from selector.render import diagram as diagram_render

    scenario = read_input(text, file)
    if not scenario.strip() and not facts:
        raise ScenarioError("the scenario is empty: pass some text, --file FILE, or pipe it on stdin")
    kb = load_kb(rules_dirs, knowledge_dirs)
    rec = run_recommend(kb, scenario, facts)
    if diagram is not None and file is not None and diagram.resolve() == file.resolve():
        raise ScenarioError(f"--diagram {diagram} would overwrite the scenario file; choose another path")
    if diagram is not None and icons:
        from selector.render.icons import draw

        click.echo(draw(rec.nodes, rec.edges, diagram, icons=True).message(), err=True)
    elif diagram is not None:
        result = diagram_render.write_diagram(diagram_render.to_dot(rec.nodes, rec.edges), diagram)
        message = result.note or f"diagram written to {result.path}" + (f" ({result.renderer})" if result.renderer else "")
        click.echo(message, err=True)
    _emit_recommendation(rec, output_format)


def _emit_recommendation(rec: Any, output_format: str) -> None:
    from selector.render import json_format, markdown, terminal

    if output_format == "json":
        click.echo(json_format.render(rec), nl=False)
    elif output_format == "markdown":
        click.echo(markdown.render(rec), nl=False)
    else:
        terminal.render(rec, _console())


@cli.command()
@click.argument("text", required=False)
@click.option("--file", "-f", type=click.Path(path_type=Path), help="Read the question from a file (- for stdin).")
@click.option("--fact", "facts", multiple=True, metavar="NAME=VALUE", help="Add or override a fact (repeatable).")
@click.option("--format", "output_format", type=click.Choice(("text", "json")), default="text", show_default=True)
@data_dir_options
def answer(text: str | None, file: Path | None, facts: tuple[str, ...], output_format: str,
           rules_dirs: tuple[Path, ...], knowledge_dirs: tuple[Path, ...]) -> None:
    """Answer an exam-style question: the best option(s) first, then why each option wins or loses.

    Paste the scenario and question, then the options as 'A. text', 'A) text', '(A) text', 'A: text',
    '- [ ] text' or '- text'. "Choose two" asks for two answers. The rules score the options; when they tie,
    the study notes break the tie and the passage that decided is cited (confidence at most 0.3).

    Example:

    \b
        selector answer --file question.txt
        pbpaste | selector answer --format json
    """
    from selector.answer import answer_question
    from selector.render import answer_report

    question_text = read_input(text, file, what="question")
    kb_obj = load_kb(rules_dirs, knowledge_dirs)
    result = answer_question(kb_obj, question_text, facts)
    if output_format == "json":
        from selector.render.json_format import dumps

        click.echo(dumps(answer_report.to_dict(result)), nl=False)
    else:
        answer_report.render(result, _console())


@cli.command()
@click.argument("banks", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--format", "output_format", type=click.Choice(("text", "json")), default="text", show_default=True)
@click.option("--show-misses/--no-misses", default=True, show_default=True, help="List the questions answered wrong.")
@data_dir_options
def bench(banks: tuple[Path, ...], output_format: str, show_misses: bool, rules_dirs: tuple[Path, ...],
          knowledge_dirs: tuple[Path, ...]) -> None:
    """Run question banks and report accuracy overall and per area, the misses, and throughput.

    A bank is a markdown file (questions under '## ID' headings, correct options marked '- [x]'), a YAML list of
    {id, area, question, options, answer}, or a directory of them.

    Example:

    \b
        selector bench examples/questions/dev
        selector bench examples/questions/test --format json
    """
    from rich.progress import Progress

    from selector.bench import load_bank, run_bench
    from selector.render.json_format import dumps

    questions = load_bank(list(banks))
    kb_obj = load_kb(rules_dirs, knowledge_dirs)
    if output_format == "json" or not sys.stderr.isatty():
        result = run_bench(kb_obj, questions)
    else:
        with Progress(console=_console(stderr=True), transient=True) as progress:
            task = progress.add_task("answering", total=len(questions))
            result = run_bench(kb_obj, questions, progress=lambda q: progress.advance(task))
    data = result.to_dict()
    if output_format == "json":
        click.echo(dumps(data), nl=False)
        return
    console = _console()
    console.print(_accuracy_table("Accuracy per area", "area", data["per_area"]))
    console.print(_accuracy_table("Who decided (rules; notes when the rules tied; none)", "decided by",
                                  data["decided_by"]))
    if show_misses and result.misses:
        misses = Table(title="Misses", title_justify="left")
        for column in ("question", "area", "chosen", "correct", "decided by"):
            misses.add_column(column)
        for m in result.misses:
            misses.add_row(m["id"], m["area"], ",".join(m["chosen"]), ",".join(m["correct"]), m["decided_by"])
        console.print(misses)
    click.echo(f"accuracy {result.correct}/{result.total} = {100 * result.accuracy:.1f}%; "
               f"{data['questions_per_second']} questions/s")


def _accuracy_table(title: str, key: str, rows: dict[str, dict[str, Any]]) -> Table:
    table = Table(title=title, title_justify="left")
    for column in (key, "correct", "total", "accuracy"):
        table.add_column(column, justify="left" if column == key else "right")
    for name, row in rows.items():
        table.add_row(name, str(row["correct"]), str(row["total"]), f"{100 * row['accuracy']:.1f}%")
    return table


@cli.command(name="facts")
@click.option("--format", "output_format", type=click.Choice(("text", "json")), default="text", show_default=True)
@data_dir_options
def list_facts(output_format: str, rules_dirs: tuple[Path, ...], knowledge_dirs: tuple[Path, ...]) -> None:
    """List the facts a scenario can state, their values and defaults (for --fact).

    Example:

    \b
        selector facts
    """
    from selector.render.json_format import dumps

    kb = load_kb(rules_dirs, knowledge_dirs)
    rows = [{"name": f.name, "type": f.type, "values": list(f.values) if f.type == "enum" else [],
             "unit": f.unit, "default": f.default, "derived": f.derived, "description": f.description}
            for f in sorted(kb.facts.values(), key=lambda f: f.name)]
    if output_format == "json":
        click.echo(dumps(rows), nl=False)
        return
    table = Table()
    for column in ("name", "type", "values / unit", "default", "description"):
        table.add_column(column)
    for row in rows:
        values = ", ".join(row["values"]) if row["values"] else row["unit"]
        table.add_row(row["name"], row["type"] + (" (derived)" if row["derived"] else ""), values,
                      "" if row["default"] is None else str(row["default"]), row["description"])
    _console().print(table)


@cli.group()
def kb() -> None:
    """Validate, test and count the knowledge base.

    Example:

    \b
        selector kb validate
        selector kb test --area ingestion
    """


@kb.command(name="validate")
@click.argument("directory", required=False, type=click.Path(path_type=Path))
@click.option("--format", "output_format", type=click.Choice(("text", "json")), default="text", show_default=True)
@data_dir_options
def kb_validate(directory: Path | None, output_format: str, rules_dirs: tuple[Path, ...],
                knowledge_dirs: tuple[Path, ...]) -> None:
    """Check every rule, knowledge and vocabulary file; list every problem with its file and key path.

    DIRECTORY is a pack with rules/ and/or knowledge/ subdirectories, checked together with the built-in base.
    Beyond the schema and cross references, it flags rules of one decision that choose different options under the
    same condition and priority, and rules none of whose `fire` examples fires them. Exit 1 on any problem.

    Example:

    \b
        selector kb validate
        selector kb validate examples/user-pack
        selector kb validate examples/user-pack --format json
    """
    from selector.packs import pack_problems
    from selector.render.json_format import dumps

    rules, knowledge = loader.default_dirs(*_extra_dirs(directory, rules_dirs, knowledge_dirs))
    kb_obj, problems = loader.validate(rules, knowledge)
    if kb_obj is not None:
        problems = pack_problems(kb_obj, rules)
        if problems:
            kb_obj = None
    if output_format == "json":
        summary = {"valid": not problems, "problems": problems}
        if kb_obj is not None:
            summary.update(decisions=len(kb_obj.decisions), rules=len(kb_obj.rules), nodes=kb_obj.graph.number_of_nodes())
        click.echo(dumps(summary), nl=False)
    else:
        for problem in problems:
            click.echo(problem)
        if kb_obj is not None:
            click.echo(f"ok: {len(kb_obj.decisions)} decisions, {len(kb_obj.rules)} rules, "
                       f"{kb_obj.graph.number_of_nodes()} nodes, {kb_obj.graph.number_of_edges()} edges, "
                       f"{len(kb_obj.facts)} facts")
        else:
            click.echo(f"{len(problems)} problems", err=True)
    if problems:
        sys.exit(1)


@kb.command(name="test")
@click.argument("directory", required=False, type=click.Path(path_type=Path))
@click.option("--area", type=click.Choice(AREAS), help="Only rules of this area.")
@click.option("--rule", "rule_id", help="Only this rule.")
@click.option("--verbose", "-v", is_flag=True, help="List passing examples too.")
@click.option("--format", "output_format", type=click.Choice(("text", "json")), default="text", show_default=True)
@data_dir_options
def kb_test(directory: Path | None, area: str | None, rule_id: str | None, verbose: bool, output_format: str,
            rules_dirs: tuple[Path, ...], knowledge_dirs: tuple[Path, ...]) -> None:
    """Run every rule's examples: each `fire` example must fire the rule, each `not_fire` must not.

    Example:

    \b
        selector kb test
        selector kb test --area evaluation -v
    """
    from selector.kb import run_examples
    from selector.render.json_format import dumps

    extra_rules, extra_knowledge = _extra_dirs(directory, rules_dirs, knowledge_dirs)
    kb_obj = load_kb(tuple(extra_rules), tuple(extra_knowledge))
    results = run_examples(kb_obj, area=area, rule_id=rule_id)
    passed = sum(r.passed for r in results)
    failed = len(results) - passed
    if output_format == "json":
        click.echo(dumps({"passed": passed, "failed": failed, "results": [
            {"rule": r.rule.id, "expect": r.expect, "example": r.example.label(), "passed": r.passed}
            for r in results]}), nl=False)
    else:
        for r in results:
            if verbose or not r.passed:
                status = "PASS" if r.passed else "FAIL"
                what = "should fire" if r.expect == "fire" else "should not fire"
                click.echo(f"{status} {r.rule.id} ({what}): {r.example.label()}")
        click.echo(f"{passed} passed, {failed} failed")
    if failed:
        sys.exit(1)


@kb.command(name="stats")
@click.option("--format", "output_format", type=click.Choice(("text", "json")), default="text", show_default=True)
@data_dir_options
def kb_stats(output_format: str, rules_dirs: tuple[Path, ...], knowledge_dirs: tuple[Path, ...]) -> None:
    """Count rules, decisions and graph nodes per area, and the share of rules with sources and examples.

    Example:

    \b
        selector kb stats
    """
    from selector.kb import stats
    from selector.render.json_format import dumps

    kb_obj = load_kb(rules_dirs, knowledge_dirs)
    rows = stats(kb_obj)
    total_rules = sum(r.rules for r in rows)
    sourced = sum(r.sourced_rules for r in rows)
    with_examples = sum(r.rules_with_examples for r in rows)

    def share(part: int, whole: int) -> float:
        return round(100.0 * part / whole, 1) if whole else 0.0

    if output_format == "json":
        click.echo(dumps({"areas": [vars(r) for r in rows], "total": {
            "decisions": sum(r.decisions for r in rows), "rules": total_rules,
            "nodes": kb_obj.graph.number_of_nodes(), "edges": kb_obj.graph.number_of_edges(),
            "facts": len(kb_obj.facts), "claims": len(kb_obj.claims),
            "sourced_rules_pct": share(sourced, total_rules), "rules_with_examples_pct": share(with_examples, total_rules)}}),
            nl=False)
        return
    table = Table(title="Knowledge base", title_justify="left")
    for column in ("area", "decisions", "rules", "nodes", "claims", "sourced %", "with examples %"):
        table.add_column(column, justify="left" if column == "area" else "right")
    for r in rows:
        table.add_row(r.area, str(r.decisions), str(r.rules), str(r.nodes), str(r.claims),
                      f"{share(r.sourced_rules, r.rules):g}", f"{share(r.rules_with_examples, r.rules):g}")
    table.add_row("total", str(sum(r.decisions for r in rows)), str(total_rules), str(kb_obj.graph.number_of_nodes()),
                  str(len(kb_obj.claims)), f"{share(sourced, total_rules):g}", f"{share(with_examples, total_rules):g}",
                  style="bold")
    _console().print(table)
    click.echo(f"{kb_obj.graph.number_of_edges()} edges, {len(kb_obj.facts)} facts")


@kb.command(name="coverage")
@click.option("--min-run", type=click.IntRange(min=1), default=8, show_default=True,
              help="List uncited runs of at least this many content lines.")
@click.option("--runs/--no-runs", default=True, show_default=True, help="List the uncited runs under the table.")
@click.option("--format", "output_format", type=click.Choice(("text", "json")), default="text", show_default=True)
@data_dir_options
def kb_coverage(min_run: int, runs: bool, output_format: str, rules_dirs: tuple[Path, ...],
                knowledge_dirs: tuple[Path, ...]) -> None:
    """Show which lines of the study notes the knowledge base cites, like code coverage.

    A content line (4+ characters) counts as cited when a rule, a node fact or a claim names it in its sources.
    Uncited runs are where the notes say something no rule or fact encodes yet.

    Example:

    \b
        selector kb coverage --min-run 15
    """
    from selector.kb import coverage
    from selector.render.json_format import dumps

    report = coverage(load_kb(rules_dirs, knowledge_dirs), min_run)
    content = sum(c.content_lines for c in report)
    cited = sum(c.cited_lines for c in report)
    percent = round(100.0 * cited / content, 1) if content else 0.0
    if output_format == "json":
        click.echo(dumps({"files": [{"file": c.file, "content_lines": c.content_lines, "cited_lines": c.cited_lines,
                                     "percent": c.percent,
                                     "uncited_runs": [{"first": a, "last": b, "content_lines": n, "starts": text}
                                                      for a, b, n, text in c.uncited_runs]} for c in report],
                          "total": {"content_lines": content, "cited_lines": cited, "percent": percent}}), nl=False)
        return
    table = Table(title="Note lines the knowledge base cites", title_justify="left")
    for column in ("notes", "content lines", "cited", "%", f"uncited runs of {min_run}+"):
        table.add_column(column, justify="left" if column == "notes" else "right")
    for c in report:
        table.add_row(c.file, str(c.content_lines), str(c.cited_lines), f"{c.percent:g}", str(len(c.uncited_runs)))
    table.add_row("total", str(content), str(cited), f"{percent:g}", str(sum(len(c.uncited_runs) for c in report)),
                  style="bold")
    _console().print(table)
    if runs:
        for c in report:
            for first, last, n, text in c.uncited_runs:
                click.echo(f"{c.file} lines {first}-{last} ({n} uncited): {text[:70]}")


@kb.command(name="docs")
@click.option("--output", "-o", type=click.Path(path_type=Path), default=Path("docs/rules.md"), show_default=True)
@click.option("--check", is_flag=True, help="Exit 1 if the file differs from what would be generated.")
def kb_docs(output: Path, check: bool) -> None:
    """Generate the rule catalogue (docs/rules.md) and command reference (docs/cli.md beside it).

    Example:

    \b
        selector kb docs
        selector kb docs --check
    """
    from selector.docs import cli_markdown, rules_markdown
    from selector.errors import OutputError

    outputs = {output: rules_markdown(load_kb()), output.with_name("cli.md"): cli_markdown()}
    for path, text in outputs.items():
        if check:
            current = path.read_text(encoding="utf-8") if path.exists() else ""
            if current != text:
                raise OutputError(f"{path} is stale: run `selector kb docs`")
            click.echo(f"{path} is up to date")
            continue
        try:
            path.write_text(text, encoding="utf-8")
        except OSError as exc:
            raise OutputError(f"cannot write {path}: {exc.strerror or exc}") from None
        click.echo(f"wrote {path}")


def main() -> None:
    """Entry point: user errors exit 1 with one line on stderr, usage errors exit 2; never a traceback."""
    try:
        cli.main(prog_name="selector")
    except Exception as exc:  # noqa: BLE001 - SELECTOR_DEBUG=1 shows the traceback
        if os.environ.get("SELECTOR_DEBUG"):
            raise
        click.echo(f"Error: internal error: {type(exc).__name__}: {exc} (set SELECTOR_DEBUG=1 for details)", err=True)
        sys.exit(1)


from selector import cli_teach  # noqa: E402,F401  (registers teaching commands)
