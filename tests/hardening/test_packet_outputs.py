"""A packet rebuild replaces only what formkit wrote, one build per folder at a time, and recovers from kills.

Regression tests for issue 17: a rebuild deleted files the user had added to the packet
folder; a folder holding only a formkit-looking manifest.json was taken for a packet; four
concurrent builds into one folder all reported success while three were overwritten.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from formkit.files.lock import output_lock
from formkit.packet import PacketError, build_packet
from tests.conftest import EXAMPLES, ROOT, official_forms_dir


def tree(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def complete(folder: Path) -> bool:
    """Every file the manifest lists is there with its sha256, and nothing else."""
    manifest = json.loads((folder / "manifest.json").read_text())
    listed = {manifest["packet"]["file"]: manifest["packet"]["sha256"]}
    listed |= {d["file"]: d["sha256"] for d in manifest["documents"] if d["file"]}
    found = tree(folder)
    found.pop("manifest.json")
    return found == listed


def packet_cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "formkit", "packet", *args], capture_output=True, text=True,
                          cwd=cwd, timeout=180, env={**os.environ, "FORMKIT_FORMS_DIR": str(official_forms_dir()),
                                                     "PYTHONPATH": str(ROOT / "src")})


def test_a_clean_earlier_packet_is_replaced(workdir: Path) -> None:
    assert complete(workdir / "packet")
    r = packet_cli("case.json", "-o", "packet", "--as-of", "2026-11-20", cwd=workdir)
    assert r.returncode == 0, r.stderr
    assert complete(workdir / "packet")
    assert json.loads((workdir / "packet" / "manifest.json").read_text())["as_of"] == "2026-11-20"
    assert sorted(p.name for p in workdir.iterdir()) == ["case.json", "packet"]


def test_a_file_the_user_added_stops_the_rebuild(workdir: Path) -> None:
    (workdir / "packet" / "notes.txt").write_text("call the client back")
    (workdir / "packet" / "documents" / "signed-656.pdf").write_bytes(b"%PDF- the signed copy")
    before = tree(workdir / "packet")
    r = packet_cli("case.json", "-o", "packet", cwd=workdir)
    assert r.returncode == 2
    assert r.stderr.strip().splitlines()[-1] == (
        "formkit: error: packet not built: packet: holds files that a rebuild would destroy: "
        "documents/signed-656.pdf (not written by formkit), notes.txt (not written by formkit); move them out of "
        "the folder (or choose another output folder) and run again")
    assert tree(workdir / "packet") == before


def test_a_file_changed_since_formkit_wrote_it_stops_the_rebuild(workdir: Path) -> None:
    letter = next((workdir / "packet" / "documents").glob("*cover-letter.pdf"))
    letter.write_bytes(letter.read_bytes() + b"\n% the preparer's edits")
    before = tree(workdir / "packet")
    with pytest.raises(PacketError) as err:
        build_packet(workdir / "case.json", workdir / "packet", forms_dir=official_forms_dir())
    assert f"documents/{letter.name} (changed since formkit wrote it)" in str(err.value)
    assert tree(workdir / "packet") == before


def test_a_lone_formkit_manifest_does_not_make_a_folder_a_packet(tmp_path: Path) -> None:
    out = tmp_path / "mine"
    out.mkdir()
    (out / "manifest.json").write_text(json.dumps({"$schema": "https://formkit.dev/schemas/manifest.schema.json"}))
    (out / "thesis.docx").write_text("precious")
    with pytest.raises(PacketError, match=r"thesis.docx \(not written by formkit\)"):
        build_packet(EXAMPLES / "ia-streamlined.json", out, forms_dir=official_forms_dir())
    assert (out / "thesis.docx").read_text() == "precious"


def test_a_symlinked_output_folder_is_refused(workdir: Path) -> None:
    (workdir / "link").symlink_to("packet")
    r = packet_cli("case.json", "-o", "link", cwd=workdir)
    assert r.returncode == 2
    assert r.stderr.strip().endswith("link: is a symbolic link (to packet); formkit does not write through or "
                                     "replace links: give the folder path itself")


def test_a_second_build_into_a_folder_being_built_is_refused_at_once(workdir: Path) -> None:
    before = tree(workdir / "packet")
    with output_lock(workdir / "packet"):  # as a running build holds it
        r = packet_cli("case.json", "-o", "packet", cwd=workdir)
    assert r.returncode == 2
    assert r.stderr.strip() == (f"formkit: error: packet not built: packet: another formkit process (pid {os.getpid()}) "
                                "is writing it now; wait for it to finish and run again")
    assert tree(workdir / "packet") == before


def test_concurrent_builds_never_lose_a_reported_success(workdir: Path) -> None:
    """Four builds at once, each with its own date: a build overlapping another is refused, and the folder
    holds the packet of the last build that reported success (how many overlap depends on the machine's load;
    the refusal itself is pinned by the test above)."""
    env = {**os.environ, "FORMKIT_FORMS_DIR": str(official_forms_dir()), "PYTHONPATH": str(ROOT / "src")}
    days = ["2026-11-10", "2026-11-11", "2026-11-12", "2026-11-13"]
    procs = {day: subprocess.Popen([sys.executable, "-m", "formkit", "packet", "case.json", "-o", "packet", "--as-of",
                                    day], cwd=workdir, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                   text=True) for day in days}
    finished: list[tuple[str, int, str]] = []
    deadline = time.monotonic() + 300
    while procs and time.monotonic() < deadline:
        for day, proc in list(procs.items()):
            if proc.poll() is not None:
                finished.append((day, proc.returncode, proc.stderr.read()))  # type: ignore[union-attr]
                proc.stderr.close()  # type: ignore[union-attr]
                del procs[day]
        time.sleep(0.01)
    assert not procs, "a build hung"
    succeeded = [day for day, code, _ in finished if code == 0]
    refused = [err for _, code, err in finished if code != 0]
    assert succeeded, finished
    assert all("is writing it now; wait for it to finish and run again" in err for err in refused), refused
    assert json.loads((workdir / "packet" / "manifest.json").read_text())["as_of"] == succeeded[-1]
    assert complete(workdir / "packet")
    assert sorted(p.name for p in workdir.iterdir()) == ["case.json", "packet"]


def test_recover_restores_a_packet_left_between_the_two_renames(workdir: Path) -> None:
    before = tree(workdir / "packet")
    (workdir / "packet").rename(workdir / ".packet.0a1b2c3d.previous")
    (workdir / ".packet.99999999.partial").mkdir()
    (workdir / ".packet.99999999.partial" / "packet.pdf").write_bytes(b"%PDF- half")
    r = packet_cli("--recover", "-o", "packet", cwd=workdir)
    assert r.returncode == 0, r.stderr
    assert r.stdout.splitlines() == [
        "packet: restored packet from .packet.0a1b2c3d.previous (a build was stopped between its two renames)",
        "packet: removed .packet.99999999.partial (an unfinished write)"]
    assert tree(workdir / "packet") == before
    assert sorted(p.name for p in workdir.iterdir()) == ["case.json", "packet"]
    again = packet_cli("--recover", "-o", "packet", cwd=workdir)
    assert again.stdout == "packet: nothing to recover\n"


def test_the_next_build_recovers_by_itself(workdir: Path) -> None:
    (workdir / "packet").rename(workdir / ".packet.0a1b2c3d.previous")
    r = packet_cli("case.json", "-o", "packet", cwd=workdir)
    assert r.returncode == 0, r.stderr
    assert ("formkit packet: restored packet from .packet.0a1b2c3d.previous (a build was stopped between its two "
            "renames)") in r.stderr
    assert complete(workdir / "packet")
    assert sorted(p.name for p in workdir.iterdir()) == ["case.json", "packet"]


def test_recover_usage(tmp_path: Path) -> None:
    r = packet_cli("case.json", "--recover", "-o", "packet", cwd=tmp_path)
    assert r.returncode == 2
    assert r.stderr.strip().splitlines()[-1] == (
        "formkit: error: --recover takes no CASE: run 'formkit packet --recover -o OUTDIR'")
    r = packet_cli("-o", "packet", cwd=tmp_path)
    assert r.returncode == 2
    assert r.stderr.strip().splitlines()[-1] == (
        "formkit: error: give the CASE file to build from (or --recover -o OUTDIR to only clean up a killed build)")


def test_a_packet_goes_into_folders_that_do_not_exist_yet(workdir: Path) -> None:
    """`formkit packet CASE -o out/packet` on a fresh checkout (no out/): the folders are made,
    as `fill -o out/656.pdf` makes them (the README's tour did this and failed)."""
    built = build_packet(workdir / "case.json", workdir / "new" / "deeper" / "packet", forms_dir=official_forms_dir())
    assert complete(workdir / "new" / "deeper" / "packet")
    assert built.pdf == (workdir / "new" / "deeper" / "packet" / "packet.pdf").read_bytes()
