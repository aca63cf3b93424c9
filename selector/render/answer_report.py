"""Report for `selector answer`: the chosen option(s) first, then each option's score and reasons."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from selector.answer import Answer, ScoredOption
from selector.render.data import decision_to_dict


def to_dict(result: Answer) -> dict[str, Any]:
    return {
        "choices": result.choices,
        "answers_wanted": result.question.answers_wanted,
        "confidence": result.confidence,
        "distinguishable": result.distinguishable,
        "decided_by": result.decided_by,
        "options": [{"label": o.label, "text": o.text, "score": round(o.score, 3), "reasons": o.reasons,
                     "mentions": o.nodes, "notes": _notes_dict(o)} for o in result.options],
        "facts": [f.to_dict() for f in result.recommendation.facts],
        "decisions": [decision_to_dict(d) for d in result.recommendation.decisions],
        "warnings": list(result.recommendation.warnings),
    }


def _notes_dict(option: ScoredOption) -> dict[str, Any] | None:
    if option.notes is None or option.notes.passage is None:
        return None
    return {"support": round(option.notes.score, 3), "passage": option.notes.passage.cite(),
            "text": option.notes.passage.text}


def render(result: Answer, console: Console) -> None:
    by_label = {o.label: o for o in result.options}
    chosen = ", ".join(f"{label}. {by_label[label].text}" for label in result.choices)
    if result.distinguishable:
        console.print(f"[bold green]Answer: {escape(chosen)}[/]  (confidence {result.confidence:.2f})")
    elif result.decided_by == "notes":
        console.print(f"[bold yellow]The rules cannot tell the best options apart; the study notes favour:[/] "
                      f"{escape(chosen)} (confidence {result.confidence:.2f})")
        for label in result.choices:
            support = by_label[label].notes
            if support is not None and support.passage is not None:
                console.print(f"[dim]{escape(support.passage.cite())}:[/]")
                console.print(escape("\n".join("    " + line.strip() for line in support.passage.text.splitlines()
                                               if line.strip())))
    else:
        console.print(f"[bold yellow]Cannot tell the options apart from the knowledge base.[/] "
                      f"Best guess: {escape(chosen)} (confidence 0)")
    table = Table(show_lines=True)
    table.add_column("option")
    table.add_column("score", justify="right")
    table.add_column("why")
    for o in sorted(result.options, key=lambda o: (-o.score, o.label)):
        mark = "*" if o.label in result.choices else ""
        table.add_row(f"{mark}{o.label}. {escape(o.text)}", f"{o.score:+.1f}", escape("\n".join(o.reasons)))
    console.print(table)
    if result.recommendation.decisions:
        console.print("[bold]Decisions behind it[/]")
        for d in result.recommendation.decisions:
            console.print(f"  {escape(d.decision.question)} -> {escape(d.choice_name)}: {escape(d.rationale)}")
    facts = ", ".join(f"{f.name}={f.value}" for f in result.recommendation.facts if f.origin != "assumed")
    console.print(f"[dim]Facts read: {escape(facts) or 'none'}[/]")
