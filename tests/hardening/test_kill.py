"""Crash safety, measured: SIGKILL at every step of the packet swap, and at 30 random points of `formkit packet`.

After any kill the earlier packet is complete (manifest hashes match) or the new one is,
nothing half-written takes the packet's name, and the next run (or `formkit packet
--recover`) puts back or removes whatever the killed build left beside it.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from formkit.files.atomic import recover
from formkit.packet.build import recover_packet
from tests.conftest import ROOT, official_forms_dir
from tests.hardening.test_packet_outputs import complete, tree

# Runs write_packet in a child that kills itself just before its K-th step: a file written
# (K counts these too, and a write is cut off halfway), a rename, or an unlink while the
# replaced packet is removed.
_CHILD = r"""
import json, os, shutil, signal, sys
from datetime import datetime, timezone
from pathlib import Path
from formkit.files import atomic
from formkit.packet import build

kill_at, outdir, source = int(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3])
steps = 0

def step():
    global steps
    steps += 1
    if steps == kill_at:
        os.kill(os.getpid(), signal.SIGKILL)

def writer(path, data, moment):
    step()
    with open(path, "xb") as fh:
        fh.write(data[: len(data) // 2])
        fh.flush()
        step()
        fh.write(data[len(data) // 2:])

for name in ("rename", "unlink", "rmdir"):
    real = getattr(os, name)
    def wrapped(*args, _real=real, **kwargs):
        step()
        return _real(*args, **kwargs)
    setattr(os, name, wrapped)

files = {p.relative_to(source).as_posix(): p.read_bytes() for p in sorted(source.rglob("*")) if p.is_file()}
build.write_packet(outdir, files, datetime(2026, 11, 2, tzinfo=timezone.utc), write=writer)
print(steps)
"""


@pytest.fixture(scope="module")
def two_packets(built_packet: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The session's packet (A) and the same case built for another day (B)."""
    from formkit.packet import build_packet

    root = tmp_path_factory.mktemp("b")
    build_packet(built_packet / "case.json", root / "packet", forms_dir=official_forms_dir(),
                 as_of=__import__("datetime").date(2026, 11, 20))
    return built_packet / "packet", root / "packet"


def _run_child(kill_at: int, outdir: Path, source: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", _CHILD, str(kill_at), str(outdir), str(source)], capture_output=True,
                          text=True, timeout=60, env={**os.environ, "PYTHONPATH": str(ROOT / "src")})


def test_a_kill_at_every_step_of_the_swap_is_recovered(two_packets: tuple[Path, Path], tmp_path: Path) -> None:
    import shutil

    a, b = two_packets
    seen: dict[str, int] = {"old": 0, "new": 0, "restored": 0}
    kill_at = 1
    while True:
        work = tmp_path / f"k{kill_at}"
        work.mkdir()
        shutil.copytree(a, work / "packet")
        r = _run_child(kill_at, work / "packet", b)
        if r.returncode == 0:
            total = int(r.stdout)
            assert tree(work / "packet") == tree(b)
            break
        assert r.returncode == -signal.SIGKILL, r.stderr
        out = work / "packet"
        # nothing half-written ever has the packet's name
        assert not out.exists() or tree(out) in (tree(a), tree(b)), f"kill at step {kill_at}"
        done = recover(out)
        restored = any(line.startswith("restored") for line in done)
        seen["restored" if restored else ("new" if tree(out) == tree(b) else "old")] += 1
        assert complete(out) and tree(out) in (tree(a), tree(b))
        assert sorted(p.name for p in work.iterdir() if p.name != ".packet.lock") == ["packet"]
        kill_at += 1
    assert kill_at == total + 1  # every step was killed once
    # kills while writing keep the old packet, a kill between the two renames is restored, the rest see the new one
    assert seen["old"] >= 2 * len(tree(b)) and seen["restored"] == 1 and seen["new"] >= 1, seen


def test_thirty_random_kills_of_formkit_packet(built_packet: Path, tmp_path: Path) -> None:
    import shutil

    env = {**os.environ, "FORMKIT_FORMS_DIR": str(official_forms_dir()), "PYTHONPATH": str(ROOT / "src")}
    shutil.copy(built_packet / "case.json", tmp_path / "case.json")
    shutil.copytree(built_packet / "packet", tmp_path / "packet")
    cmd = [sys.executable, "-m", "formkit", "packet", "case.json", "-o", "packet"]
    start = time.perf_counter()
    subprocess.run([*cmd, "--as-of", "2026-11-03"], cwd=tmp_path, env=env, check=True, capture_output=True)
    duration = time.perf_counter() - start
    rng = random.Random(17)
    outcomes: dict[str, int] = {}
    for trial in range(30):
        before = tree(tmp_path / "packet")
        proc = subprocess.Popen([*cmd, "--as-of", f"2026-11-{4 + trial % 20:02d}"], cwd=tmp_path, env=env,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0, duration * 1.1))
        proc.send_signal(signal.SIGKILL)
        code = proc.wait()
        out = tmp_path / "packet"
        assert not out.exists() or complete(out), f"trial {trial}: a half-written packet took the name"
        state = ("finished" if code == 0 else "missing" if not out.exists()
                 else "unchanged" if tree(out) == before else "replaced")
        outcomes[state] = outcomes.get(state, 0) + 1
        if trial % 10 == 9:  # the command itself now and then; in between the same function, without a start-up
            r = subprocess.run([*cmd[:4], "--recover", "-o", "packet"], cwd=tmp_path, env=env, capture_output=True,
                               text=True, timeout=60)
            assert r.returncode == 0, r.stderr
        else:
            recover_packet(out)
        assert complete(out), f"trial {trial}"
        assert sorted(p.name for p in tmp_path.iterdir()) == ["case.json", "packet"], f"trial {trial}"
    print(f"30/30 kills recovered; build {duration:.2f} s; outcomes {json.dumps(outcomes, sort_keys=True)}")
