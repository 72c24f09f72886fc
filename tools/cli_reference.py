"""Write docs/cli.md from the commands' own --help texts, so the reference cannot drift.

    .venv/bin/python tools/cli_reference.py > docs/cli.md

tests/test_docs.py fails when docs/cli.md differs from what this prints.
"""

from __future__ import annotations

import click

from tacitus.cli import main


def reference() -> str:
    """The CLI reference as Markdown: the group's help, then each command's --help in name order."""
    lines = ["# Command-line reference", "", "Generated from `--help` by `tools/cli_reference.py`; do not edit.", ""]
    root = click.Context(main, info_name="tacitus", terminal_width=100, max_content_width=100)
    lines += ["## tacitus", "", "```", main.get_help(root), "```", ""]
    for name in sorted(main.list_commands(root)):
        command = main.get_command(root, name)
        if command is None or command.hidden:
            continue
        context = click.Context(command, info_name=f"tacitus {name}", parent=root, terminal_width=100,
                                max_content_width=100)
        lines += [f"## tacitus {name}", "", "```", command.get_help(context), "```", ""]
    return "\n".join(lines)


if __name__ == "__main__":
    print(reference(), end="")
