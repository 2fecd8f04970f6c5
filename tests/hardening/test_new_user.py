"""The new user's rough edges (issue 14): every subcommand explains itself with --help, `forms
list` reads as a table, `forms fetch` offline says what to do in one line, and a packet names
every official PDF it lacks at once."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

import pytest

from formkit.cli import build_parser
from tests.conftest import EXAMPLES, official_forms_dir


def _subparsers(parser: argparse.ArgumentParser, prefix: tuple[str, ...] = ()) -> list[
        tuple[tuple[str, ...], argparse.ArgumentParser, str | None]]:
    """Every (sub)command parser, with the help line its parent lists it by."""
    found = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            helps = {a.dest: a.help for a in action._choices_actions}
            for name, sub in action.choices.items():
                found.append(((*prefix, name), sub, helps.get(name)))
                found += _subparsers(sub, (*prefix, name))
    return found


COMMANDS = _subparsers(build_parser())


def test_every_subcommand_is_found() -> None:
    names = {" ".join(path) for path, _, _ in COMMANDS}
    assert {"validate", "fill", "packet", "forms", "forms list", "forms add", "forms fetch", "forms verify",
            "forms derive", "forms review", "standards import", "transcripts import"} <= names


@pytest.mark.parametrize(("path", "parser", "summary"), COMMANDS, ids=[" ".join(c[0]) for c in COMMANDS])
def test_every_subcommand_and_option_has_help(path: tuple[str, ...], parser: argparse.ArgumentParser,
                                              summary: str | None) -> None:
    assert summary, f"'formkit {' '.join(path)}' has no one-line summary in its parent's --help"
    undocumented = [a.option_strings[0] if a.option_strings else a.dest for a in parser._actions
                    if not isinstance(a, (argparse._HelpAction, argparse._SubParsersAction)) and not a.help]
    assert not undocumented, f"'formkit {' '.join(path)} --help' does not explain {undocumented}"
    assert parser.description, f"'formkit {' '.join(path)} --help' does not say what it does"


def test_help_exits_0_for_each_forms_subcommand() -> None:
    for action in ("list", "add", "fetch", "verify", "derive", "review"):
        done = subprocess.run([sys.executable, "-m", "formkit", "forms", action, "--help"], capture_output=True,
                              text=True, timeout=60)
        assert done.returncode == 0 and done.stdout.startswith("usage: formkit forms " + action), done.stderr


def test_forms_list_columns_line_up(forms_dir: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "formkit", "forms", "list", "--forms-dir", str(forms_dir)],
                          capture_output=True, text=True, timeout=60, check=True)
    rows = [line for line in done.stdout.splitlines() if line and not line.startswith("searched:")]
    header = rows[0]
    starts = [header.index(word) for word in ("revision", "state", "status", "path")]
    for row in rows[1:]:
        for start in starts:  # every column starts where its heading does, after a space
            assert row[start - 1] == " " and row[start] != " ", f"misaligned at {start}: {row!r}"


def test_fetch_offline_is_one_line_with_the_next_step(tmp_path: Path) -> None:
    env = {**os.environ, "FORMKIT_CACHE_DIR": str(tmp_path), "https_proxy": "http://127.0.0.1:9",
           "HTTPS_PROXY": "http://127.0.0.1:9", "no_proxy": "", "NO_PROXY": ""}
    env.pop("FORMKIT_FORMS_DIR", None)
    env.pop("FORMKIT_IRS_BASE_URL", None)
    done = subprocess.run([sys.executable, "-m", "formkit", "forms", "fetch", "656", "9465"], capture_output=True,
                          text=True, timeout=120, env=env)
    assert done.returncode == 1
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert "cannot reach irs.gov" in lines[0] and "Form 656 (Rev. 4-2025), Form 9465 (Rev. 9-2020)" in lines[0]
    assert "formkit forms add" in lines[0] and "--forms-dir" in lines[0]


def test_fetch_skips_forms_already_verified_here(tmp_path: Path) -> None:
    env = {**os.environ, "FORMKIT_FORMS_DIR": str(official_forms_dir()), "FORMKIT_CACHE_DIR": str(tmp_path),
           "https_proxy": "http://127.0.0.1:9", "HTTPS_PROXY": "http://127.0.0.1:9"}
    done = subprocess.run([sys.executable, "-m", "formkit", "forms", "fetch", "656", "2848"], capture_output=True,
                          text=True, timeout=120, env=env)
    assert done.returncode == 0, done.stderr  # nothing downloaded: offline does not matter
    assert done.stdout.count("already here, sha256 verified") == 2


def test_a_packet_names_every_missing_pdf_at_once(tmp_path: Path) -> None:
    from formkit.packet import PacketError, build_packet

    with pytest.MonkeyPatch.context() as mp:
        mp.delenv("FORMKIT_FORMS_DIR", raising=False)
        mp.setenv("FORMKIT_CACHE_DIR", str(tmp_path / "cache"))
        with pytest.raises(PacketError) as raised:
            build_packet(EXAMPLES / "oic-periodic-joint-self-employed.json", tmp_path / "packet",
                         forms_dir=tmp_path / "empty")
    message = str(raised.value)
    assert "3 official PDFs are not available: Form 656 (Rev. 4-2025), Form 433-A (OIC) (Rev. 4-2025), " \
           "Form 2848 (Rev. 1-2021)" in message
    assert "'formkit forms fetch f656 f433aoi f2848'" in message
    assert not (tmp_path / "packet").exists()
