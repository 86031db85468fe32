"""CLI commands for scores, rubric diffs and briefs (kept apart from the data commands)."""

from __future__ import annotations

import argparse


def add_commands(sub: argparse._SubParsersAction) -> None:
    """Register the scoring commands on the ``techrisk`` parser."""
