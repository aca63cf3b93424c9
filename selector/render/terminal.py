"""Terminal report (rich): each decision with its rationale first, then what it rejected and why."""

from __future__ import annotations

from rich.console import Console, Group
from rich.markup import escape
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from selector.models import DecisionResult, Recommendation, format_value


def decision_panel(d: DecisionResult) -> Panel:
    head = Text.assemble((d.choice_name, "bold green"))
    if d.setting is not None and d.setting.value is not None:
        head.append(f"  {d.setting.value} {d.setting.unit}", style="bold cyan")
    parts: list[object] = [head, Text(d.rationale)]
    if d.setting is not None and d.setting.steps:
        parts.append(Text("Arithmetic", style="bold"))
        parts.extend(Text(f"  {step}") for step in d.setting.steps)
    if d.alternatives:
        parts.append(Text("Rejected", style="bold"))
        for a in d.alternatives:
            parts.append(Text.assemble("  ", (a.name, "red"), f": {a.why_not}"))
    if d.node_facts:
        parts.append(Text("Facts used", style="bold"))
        parts.extend(Text(f"  - {fact}") for fact in d.node_facts)
    for c in d.claims:
        parts.append(Text(f"Note check ({c.status}): the notes say \"{c.claim}\" Current: {c.current}",
                          style="yellow"))
    parts.append(Text(f"Rules: {', '.join(d.rules)}", style="dim"))
    parts.append(Text("Sources: " + "; ".join(s.cite() for s in d.sources), style="dim"))
    return Panel(Group(*parts), title=escape(d.decision.question), title_align="left")


def render(rec: Recommendation, console: Console) -> None:
    if not rec.decisions:
        console.print("No decision could be made for this scenario.", style="bold yellow")
    for d in rec.decisions:
        console.print(decision_panel(d))
    if rec.nodes:
        table = Table(title="Architecture", title_justify="left")
        table.add_column("stage")
        table.add_column("component")
        table.add_column("why")
        for n in rec.nodes:
            table.add_row(n.stage, n.name, n.reason)
        console.print(table)
        names = {n.id: n.name for n in rec.nodes}
        for e in rec.edges:
            console.print(f"  {escape(names[e.source])} -> {escape(names[e.target])} ({e.label}"
                          f"{', inferred' if e.inferred else ''})")
    facts = Table(title="Facts read from the scenario", title_justify="left")
    facts.add_column("fact")
    facts.add_column("value")
    facts.add_column("from")
    for f in rec.facts:
        facts.add_row(f.name, format_value(f.value), escape(f.evidence))
    console.print(facts)
    for a in rec.assumptions:
        console.print(f"assumed: {escape(a)}", style="yellow")
    for w in rec.warnings:
        console.print(f"warning: {escape(w)}", style="yellow")
