"""The README's set-up contract and quick tour are exercised, so they cannot drift from the code."""

from __future__ import annotations

import re
import shlex
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from tacitus.cli import main

REPO = Path(__file__).resolve().parent.parent
README = (REPO / "README.md").read_text(encoding="utf-8")


def quick_tour() -> list[list[str]]:
    """The commands of the README's "Quick tour" block, comments stripped, as argument lists."""
    block = README.split("## Quick tour", 1)[1].split("```", 2)[1]
    commands = []
    for line in block.splitlines():
        line = re.split(r"\s+#\s", line, maxsplit=1)[0].strip()
        if line.startswith("tacitus "):
            commands.append(shlex.split(line)[1:])
    return commands


def test_readme_opens_with_the_two_setup_commands() -> None:
    first_block = README.split("```", 2)[1]
    assert re.search(r"^make demo\b", first_block, re.MULTILINE)
    assert re.search(r"^make test\b", first_block, re.MULTILINE)
    ci = (REPO / ".ci" / "run").read_text()
    assert re.search(r"^make test$", ci, re.MULTILINE)
    makefile = (REPO / "Makefile").read_text()
    assert re.search(r"^demo:", makefile, re.MULTILINE) and re.search(r"^test:", makefile, re.MULTILINE)


def test_every_documented_page_exists() -> None:
    for link in re.findall(r"\]\((docs/[^)]+)\)", README):
        assert (REPO / link).is_file(), f"README links to missing {link}"


@pytest.mark.slow
def test_quick_tour_commands_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every quick-tour command succeeds, in order, in a fresh folder with the example corpus."""
    shutil.copytree(REPO / "examples", tmp_path / "examples")
    (tmp_path / "notes.txt").write_text(
        "Officials in Ankara said on Monday that Turkey criticised Sweden over the burning of a book.\n",
        encoding="utf-8",
    )
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("TACITUS_DB", str(tmp_path / "tour.db"))
    runner = CliRunner()
    commands = quick_tour()
    assert len(commands) >= 10
    for args in commands:
        if args[0] == "serve":  # a server runs until stopped; its own tests start it for real
            args = [*args, "--help"]
        result = runner.invoke(main, args, catch_exceptions=False)
        assert result.exit_code == 0, f"tacitus {shlex.join(args)} failed:\n{result.output}"
    assert (tmp_path / "iran-china.png").stat().st_size > 1000
    assert "<graphml" in (tmp_path / "actors.graphml").read_text(encoding="utf-8")
    assert (tmp_path / "events.gdelt.tsv").read_text(encoding="utf-8").count("\n") > 10
