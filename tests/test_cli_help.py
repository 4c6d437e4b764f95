"""Every command-line option says its default in ``--help`` (issue 10 item 4), and ``demo``
says that its ``--fail-on`` defaults to ``never``."""

from __future__ import annotations

import argparse

import pytest

from jcp_controls.cli import COMMANDS, build_parser, main
from jcp_controls.plugins import Plugins
from jcp_controls.report.formats import formats


def _commands() -> dict[str, argparse.ArgumentParser]:
    parser = build_parser(formats(Plugins(entry_points=False)))
    (sub,) = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    return dict(sub.choices)


@pytest.mark.parametrize("command", [name for name, _, _ in COMMANDS])
def test_every_optional_option_states_its_default(command: str) -> None:
    for action in _commands()[command]._actions:
        if not action.option_strings or isinstance(action, argparse._HelpAction):
            continue
        if action.required:
            continue
        assert action.help, action.option_strings
        assert "default" in action.help, (command, action.option_strings, action.help)


def test_demo_help_says_it_defaults_to_fail_on_never(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stopped:
        main(["demo", "--help"])
    assert stopped.value.code == 0
    text = " ".join(capsys.readouterr().out.split())
    assert "--fail-on defaults to never" in text
    assert "(default never)" in text
    with pytest.raises(SystemExit):
        main(["evaluate", "--help"])
    assert "(default fail)" in " ".join(capsys.readouterr().out.split())
