"""Which cases a batch runs: files, folders (every ``*.json`` below) and glob patterns.

Each case gets an output folder under OUTDIR mirroring where it sits below the inputs'
common folder (``cases/east/a.json`` -> ``OUTDIR/east/a/``), so two cases with the same
file name in different folders never share one. Nothing below OUTDIR is taken as a case.
"""

from __future__ import annotations

import glob
import os
from dataclasses import dataclass
from pathlib import Path

from formkit.errors import FormkitError

_GLOB_CHARS = frozenset("*?[")


class NoCases(FormkitError):
    """An input names nothing usable (exit 2)."""


@dataclass(frozen=True, slots=True)
class CaseJob:
    """One case: its path as given (what outputs and reports show), the absolute path it is
    read from (workers may run in another folder, or on another machine), its output folder."""

    case: str
    path: str
    key: str
    outdir: str


def _expand(item: str) -> list[Path]:
    if _GLOB_CHARS & set(item):
        found = [Path(p) for p in sorted(glob.glob(item, recursive=True))]
        if not found:
            raise NoCases(f"{item}: no file matches this pattern")
        return [p for f in found for p in (_folder(f) if f.is_dir() else [f])]
    path = Path(item)
    if path.is_dir():
        return _folder(path)
    if not path.exists():
        raise NoCases(f"{item}: no such file or folder")
    return [path]


def _folder(folder: Path) -> list[Path]:
    """Every ``*.json`` below ``folder``, hidden folders skipped, in a stable order."""
    found = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        found += [Path(root) / f for f in sorted(files) if f.endswith(".json") and not f.startswith(".")]
    return found


def discover(inputs: list[str], outdir: str | Path) -> list[CaseJob]:
    """The cases named by ``inputs``, each once, in the order given (folders sorted)."""
    out = Path(outdir).resolve()
    paths: list[Path] = []
    seen: set[Path] = set()
    for item in inputs:
        for path in _expand(item):
            full = path.resolve()
            if full in seen or full.is_relative_to(out):
                continue
            seen.add(full)
            paths.append(path)
    if not paths:
        raise NoCases("no case files found (give case .json files, folders holding them, or glob patterns)")
    resolved = [p.resolve() for p in paths]
    base = Path(os.path.commonpath([r.parent for r in resolved]))
    jobs = []
    for path, full in zip(paths, resolved, strict=True):
        key = full.relative_to(base).with_suffix("").as_posix()
        jobs.append(CaseJob(case=str(path), path=str(full), key=key, outdir=str(out / key)))
    return jobs
