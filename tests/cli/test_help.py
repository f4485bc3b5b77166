"""Every command explains itself with an example; ``python -m cleaner`` runs."""

from __future__ import annotations

import argparse
import subprocess
import sys

import pytest

from cleaner import cli


def _subcommands() -> dict[str, argparse.ArgumentParser]:
    parser = cli._build_parser()
    [action] = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    return dict(action.choices)


def test_the_commands() -> None:
    assert set(_subcommands()) == {"clean", "fetch", "eval"}


@pytest.mark.parametrize("command", ["clean", "fetch", "eval"])
def test_each_command_has_help_with_an_example(capsys: pytest.CaptureFixture[str], command: str) -> None:
    with pytest.raises(SystemExit) as info:
        cli.main([command, "--help"])
    assert info.value.code == 0
    text = capsys.readouterr().out
    assert f"cleaner {command}" in text
    assert "example" in text.lower()
    assert f"  cleaner {command} " in text  # the example is a command line to copy
    parser = _subcommands()[command]
    for action in parser._actions:
        if action.option_strings and action.dest != "help":
            assert action.help, f"{command} {action.option_strings} has no help text"


def test_top_level_help(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        cli.main(["--help"])
    text = capsys.readouterr().out
    assert "clean" in text and "fetch" in text and "eval" in text and "example" in text


def test_python_dash_m_cleaner_runs() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "cleaner", "clean", "--help"], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0 and "example" in done.stdout
    usage = subprocess.run([sys.executable, "-m", "cleaner", "bogus"], capture_output=True, text=True, timeout=60)
    assert usage.returncode == 2 and "invalid choice" in usage.stderr
