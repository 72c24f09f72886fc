"""Docs that cannot drift: the CLI reference is what `--help` says today."""

from __future__ import annotations

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def test_cli_reference_is_current() -> None:
    sys.path.insert(0, str(REPO / "tools"))
    try:
        from cli_reference import reference
    finally:
        sys.path.pop(0)
    current = (REPO / "docs" / "cli.md").read_text(encoding="utf-8")
    assert current == reference(), "docs/cli.md is stale: run `.venv/bin/python tools/cli_reference.py > docs/cli.md`"


def test_every_command_has_an_example_in_its_help() -> None:
    from click import Context

    from tacitus.cli import main

    root = Context(main, info_name="tacitus")
    missing = []
    for name in main.list_commands(root):
        command = main.get_command(root, name)
        assert command is not None
        if "tacitus" not in (command.help or ""):
            missing.append(name)
    assert not missing, f"commands whose --help shows no example: {missing}"
