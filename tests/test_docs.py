"""Docs checked against the code: the generated rule catalogue is current, every command is documented."""

from __future__ import annotations

from pathlib import Path

import click

from selector.cli import cli
from selector.docs import rules_markdown

REPO = Path(__file__).resolve().parent.parent


def test_rules_catalogue_is_current(kb):
    assert (REPO / "docs" / "rules.md").read_text(encoding="utf-8") == rules_markdown(kb), \
        "docs/rules.md is stale: run `selector kb docs`"


def command_paths(group: click.Group, prefix: str = "selector") -> list[str]:
    paths = []
    for name, command in sorted(group.commands.items()):
        paths.append(f"{prefix} {name}")
        if isinstance(command, click.Group):
            paths.extend(command_paths(command, f"{prefix} {name}"))
    return paths


def test_every_command_is_documented():
    documented = "\n".join(p.read_text(encoding="utf-8") for p in [REPO / "README.md", *sorted((REPO / "docs").glob("*.md"))])
    missing = [path for path in command_paths(cli) if f"`{path}" not in documented]
    assert not missing, f"commands not mentioned in README.md or docs/: {missing}"


def test_command_reference_is_current():
    from selector.docs import cli_markdown

    assert (REPO / "docs" / "cli.md").read_text(encoding="utf-8") == cli_markdown(), \
        "docs/cli.md is stale: run `selector kb docs`"
