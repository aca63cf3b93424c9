"""Markdown report: the same content as the terminal report, for pasting into notes and tickets."""

from __future__ import annotations

from selector.models import Recommendation, format_value


def render(rec: Recommendation) -> str:
    lines = ["# Recommended architecture", ""]
    if rec.scenario.strip():
        lines += ["> " + " ".join(rec.scenario.split()), ""]
    for d in rec.decisions:
        lines += [f"## {d.decision.question}", "", f"**{d.choice_name}**"
                  + (f": **{d.setting.value} {d.setting.unit}**" if d.setting and d.setting.value is not None else ""),
                  "", d.rationale, ""]
        if d.setting and d.setting.steps:
            lines += ["Arithmetic:", ""] + [f"    {step}" for step in d.setting.steps] + [""]
        if d.alternatives:
            lines += ["Rejected:", ""] + [f"- {a.name}: {a.why_not}" for a in d.alternatives] + [""]
        if d.node_facts:
            lines += ["Facts used:", ""] + [f"- {f}" for f in d.node_facts] + [""]
        for c in d.claims:
            lines += [f"Note check ({c.status}): the notes say \"{c.claim}\"; current: {c.current}", ""]
        lines += [f"Rules: {', '.join(f'`{r}`' for r in d.rules)}  ", "Sources: " + "; ".join(s.cite() for s in d.sources), ""]
    if rec.nodes:
        lines += ["## Architecture", "", "| stage | component | why |", "| --- | --- | --- |"]
        lines += [f"| {n.stage} | {n.name} | {n.reason} |" for n in rec.nodes] + [""]
        if rec.edges:
            names = {n.id: n.name for n in rec.nodes}
            lines += [f"- {names[e.source]} -> {names[e.target]} ({e.label}{', inferred' if e.inferred else ''})"
                      for e in rec.edges] + [""]
    lines += ["## Facts read", "", "| fact | value | from |", "| --- | --- | --- |"]
    lines += [f"| {f.name} | {format_value(f.value)} | {f.evidence} |" for f in rec.facts] + [""]
    if rec.assumptions:
        lines += ["## Assumptions", ""] + [f"- {a}" for a in rec.assumptions] + [""]
    if rec.warnings:
        lines += ["## Warnings", ""] + [f"- {w}" for w in rec.warnings] + [""]
    return "\n".join(lines).rstrip() + "\n"
