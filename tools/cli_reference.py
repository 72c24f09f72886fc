"""Write docs/cli.md from the commands' own --help texts, so the reference cannot drift.

    .venv/bin/python tools/cli_reference.py > docs/cli.md

tests/test_docs.py fails when docs/cli.md differs from what this prints.
"""

from __future__ import annotations

import click

from tacitus.cli import main


def _help(command: click.Command, context: click.Context) -> str:
    formatter = click.HelpFormatter(width=100, max_width=100)
    command.format_help(context, formatter)
    return formatter.getvalue().rstrip("\n")


def reference() -> str:
    """The CLI reference as Markdown: the group's help, then each command's --help in name order."""
    lines = ["# Command-line reference", "", "Generated from `--help` by `tools/cli_reference.py`; do not edit.", ""]
    root = click.Context(main, info_name="tacitus", **main.context_settings)
    lines += ["## tacitus", "", "```", _help(main, root), "```", ""]
    for name in sorted(main.list_commands(root)):
        command = main.get_command(root, name)
        if command is None or command.hidden:
            continue
        context = click.Context(command, info_name=f"tacitus {name}", parent=root)
        lines += [f"## tacitus {name}", "", "```", _help(command, context), "```", ""]
    return "\n".join(lines)


if __name__ == "__main__":
    print(reference(), end="")
