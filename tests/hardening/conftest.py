"""A packet built once per session, copied by tests that need an earlier packet to rebuild over."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from formkit.packet import build_packet
from tests.conftest import EXAMPLES, official_forms_dir

PACKET_CASE = "ia-streamlined"  # the quickest example to build (about a second)


@pytest.fixture(scope="session")
def built_packet(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("built")
    shutil.copy(EXAMPLES / f"{PACKET_CASE}.json", root / "case.json")
    build_packet(root / "case.json", root / "packet", forms_dir=official_forms_dir())
    return root


@pytest.fixture
def workdir(tmp_path: Path, built_packet: Path) -> Path:
    """tmp_path holding case.json and its earlier packet/."""
    shutil.copy(built_packet / "case.json", tmp_path / "case.json")
    shutil.copytree(built_packet / "packet", tmp_path / "packet")
    return tmp_path
