"""Errors the user can act on. The CLI prints their message on one line and exits 1."""

from __future__ import annotations


class SelectorError(Exception):
    """Base for every error caused by the user's input or the knowledge base."""


class KnowledgeError(SelectorError):
    """The rule or knowledge files are invalid. Carries every problem found, each with file and key path."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        first = problems[0] if problems else "invalid knowledge base"
        more = f" (and {len(problems) - 1} more problems; run `selector kb validate`)" if len(problems) > 1 else ""
        super().__init__(first + more)


class ScenarioError(SelectorError):
    """The scenario text or a --fact option cannot be used."""


class OutputError(SelectorError):
    """An output (diagram, report) cannot be written."""
