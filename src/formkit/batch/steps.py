"""One case of a batch: its steps, each writing exactly what the single command writes.

``validate`` -> ``validation.json`` (``formkit validate CASE --format json``), ``analyze`` ->
``analysis.json``, ``check`` -> ``check.json``, ``fill`` -> ``forms/<document>.pdf`` for every
form of the case's packet (``formkit fill FORM CASE`` with that document's options),
``packet`` -> ``packet/`` (``formkit packet CASE -o ...``). A case that does not validate runs
no further step. Any failure is caught and recorded: one case never stops the others.

Runs in worker processes (or Dask workers), so everything it takes and returns is plain data.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any

from formkit.atomic import write_atomic
from formkit.batch.discover import CaseJob
from formkit.errors import EXIT_FINDINGS, EXIT_USAGE, FormkitError
from formkit.redact import redact_text

STEPS = ("validate", "analyze", "check", "fill", "packet")
EXIT_OK = 0
STATE_FILE = ".formkit-batch.json"


@dataclass(frozen=True, slots=True)
class Options:
    """What every case of one batch shares (plain data: it travels to the workers)."""

    steps: tuple[str, ...]
    forms_dir: str | None = None
    templates_dir: str | None = None
    as_of: str | None = None                 # ISO date
    data_digest: str = ""                    # of formkit's data folders and the firm's templates
    force: bool = False                      # rebuild even when nothing changed


@dataclass(slots=True)
class StepResult:
    status: str                              # ok | findings | error | not_run
    exit_code: int
    seconds: float = 0.0
    outputs: list[str] = field(default_factory=list)
    message: str | None = None
    counts: dict[str, int] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"status": self.status, "exit_code": self.exit_code,
                               "seconds": round(self.seconds, 4), "outputs": sorted(self.outputs)}
        if self.message is not None:
            out["message"] = self.message
        if self.counts:
            out["findings"] = dict(self.counts)
        return out


def _status(code: int) -> str:
    return {EXIT_OK: "ok", EXIT_FINDINGS: "findings"}.get(code, "error")


class _Case:
    """The state one case's steps share (the validated Case, its analysis, outputs written)."""

    def __init__(self, job: CaseJob, options: Options) -> None:
        self.job = job
        self.options = options
        self.out = Path(job.outdir)
        self.as_of = date.fromisoformat(options.as_of) if options.as_of else None
        self.case: Any = None
        self.analysis: Any = None

    def write(self, rel: str, data: bytes, result: StepResult) -> None:
        write_atomic(self.out / rel, data)
        result.outputs.append(rel)

    def json_text(self, data: Any) -> bytes:
        """What the single command prints: deterministic JSON, identification numbers masked."""
        from formkit.commands._common import to_json

        return redact_text(to_json(data)).encode("utf-8")

    # --- the steps ---------------------------------------------------------------------------------

    def validate(self, result: StepResult, *, write: bool = True) -> None:
        from formkit._version import __version__
        from formkit.case import CaseError, validate_file
        from formkit.commands.validate import validation_entry

        try:
            validation = validate_file(self.job.path)
        except CaseError as exc:
            entry = validation_entry(self.job.case, list(exc.problems), "unusable")
            result.exit_code, result.message = EXIT_USAGE, redact_text(exc.problems[0].message)
        else:
            status = "valid" if validation.valid else "invalid"
            entry = validation_entry(self.job.case, list(validation.problems), status)
            result.exit_code = EXIT_OK if validation.valid else EXIT_FINDINGS
            if not validation.valid:
                result.message = redact_text(f"{len(validation.errors)} error(s), first: {validation.errors[0]}")
            self.case = validation.case
        result.counts = {"errors": entry["errors"], "warnings": entry["warnings"]}
        if write:
            self.write("validation.json", self.json_text({"formkit_version": __version__, "results": [entry]}),
                       result)

    def analyze(self, result: StepResult) -> None:
        from formkit.analysis import analyze

        self.analysis = analyze(self.case, as_of=self.as_of)
        self.write("analysis.json", self.json_text(self.analysis.to_dict()), result)

    def check(self, result: StepResult) -> None:
        from formkit.checks import check_case
        from formkit.checks.config import find_config
        from formkit.checks.render import to_data

        config = find_config(Path(self.job.path))
        report = check_case(Path(self.job.path), config=config, as_of=self.as_of)
        result.exit_code = report.exit_code(config.strict)
        result.counts = {"errors": len(report.errors), "warnings": len(report.warnings),
                         "infos": len(report.findings) - len(report.errors) - len(report.warnings)}
        if report.errors:
            result.message = redact_text(f"{len(report.errors)} error(s), first: {report.errors[0].code} "
                                         f"{report.errors[0].message}")
        data = to_data(report, config.strict)
        data["input"] = self.job.case  # as `formkit check CASE` names it
        self.write("check.json", self.json_text(data), result)

    def fill(self, result: StepResult) -> None:
        from formkit.forms.fill import FormFillError, LazyAnalysis, fill_form_document
        from formkit.packet.contents import plan_packet

        templates = Path(self.options.templates_dir) if self.options.templates_dir else None
        plan = plan_packet(self.case, templates_dir=templates, analysis=self.analysis, as_of=self.as_of)
        analysis = self.analysis or LazyAnalysis(self.case, self.as_of)
        problems = []
        for doc in plan.documents:
            if doc.kind != "form" or doc.revision is None:
                continue
            try:
                filled = fill_form_document(doc.revision, self.case, analysis=analysis,
                                            forms_dir=self.options.forms_dir, as_of=self.as_of, **doc.options)
            except FormFillError as exc:
                problems.append(str(exc))
                continue
            self.write(f"forms/{doc.key}.pdf", filled.pdf, result)
        if problems:
            result.exit_code, result.message = EXIT_FINDINGS, redact_text("; ".join(problems))

    def packet(self, result: StepResult) -> None:
        from formkit.packet import PacketBlocked, PacketFormError, PacketInputError, build_packet

        target = self.out / "packet"
        self.out.mkdir(parents=True, exist_ok=True)
        try:
            built = build_packet(self.job.path, target, forms_dir=self.options.forms_dir,
                                 templates_dir=self.options.templates_dir, as_of=self.as_of)
        except (PacketBlocked, PacketFormError) as exc:
            result.exit_code, result.message = EXIT_FINDINGS, redact_text(str(exc))
            return
        except PacketInputError as exc:
            details = "; ".join(exc.details[:3])
            result.exit_code = EXIT_USAGE
            result.message = redact_text(f"{exc}" + (f": {details}" if details else ""))
            return
        result.outputs += [f"packet/{name}" for name in built.files]


def run_case(job: CaseJob, options: Options) -> dict[str, Any]:
    """Run ``options.steps`` on one case (or skip it when nothing changed); the JSON Lines record."""
    from formkit.batch import incremental

    started = time.perf_counter()
    fingerprint = incremental.fingerprint(job, options)
    previous = incremental.previous(job)
    if not options.force and incremental.unchanged(job, previous, fingerprint):
        assert previous is not None
        record = dict(previous["record"])
        record["skipped"] = True
        record["seconds"] = round(time.perf_counter() - started, 4)
        return record
    state = _Case(job, options)
    steps: dict[str, StepResult] = {}
    stop: str | None = None
    for name in STEPS:
        wanted = name in options.steps
        if stop is not None:
            if wanted:
                steps[name] = StepResult("not_run", EXIT_OK, message=stop)
            continue
        if name == "validate":  # always: every later step needs a valid case; written only when asked
            result = _run_step(partial(state.validate, write=wanted), name)
            if wanted or result.exit_code:
                steps[name] = result
            if state.case is None:
                stop = "not run: the case does not validate"
        elif wanted:
            steps[name] = _run_step(getattr(state, name), name)
    record = _record(job, steps, time.perf_counter() - started)
    incremental.remember(job, previous, fingerprint, record)
    return record


def _run_step(step: Callable[[StepResult], None], name: str) -> StepResult:
    result = StepResult("ok", EXIT_OK)
    start = time.perf_counter()
    try:
        step(result)
    except FormkitError as exc:
        result.exit_code, result.message = exc.exit_code, redact_text(str(exc))
    except Exception as exc:  # a bug in one case must not stop the batch; say so plainly
        detail = traceback.format_exc() if os.environ.get("FORMKIT_DEBUG") else f"{type(exc).__name__}: {exc}"
        result.exit_code, result.message = EXIT_USAGE, redact_text(f"internal error in {name}: {detail}")
    result.seconds = time.perf_counter() - start
    result.status = _status(result.exit_code)
    return result


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _record(job: CaseJob, steps: dict[str, StepResult], seconds: float) -> dict[str, Any]:
    exit_code = max((r.exit_code for r in steps.values()), default=EXIT_OK)
    counts: dict[str, int] = {"errors": 0, "warnings": 0, "infos": 0}
    for r in steps.values():
        for k, v in r.counts.items():
            counts[k] += v
    out = Path(job.outdir)
    outputs = {rel: _sha256(out / rel) for r in steps.values() for rel in r.outputs if (out / rel).is_file()}
    messages = [f"{name}: {r.message}" for name, r in steps.items() if r.message and r.exit_code]
    record: dict[str, Any] = {
        "case": job.case, "key": job.key, "outdir": job.outdir, "status": _status(exit_code),
        "exit_code": exit_code, "skipped": False, "seconds": round(seconds, 4), "findings": counts,
        "steps": {name: r.as_dict() for name, r in steps.items()}, "outputs": dict(sorted(outputs.items())),
    }
    if messages:
        record["message"] = messages[0]
    return record


def step_of(rel: str) -> str:
    """Which step writes an output (by its path below the case's output folder)."""
    return {"validation.json": "validate", "analysis.json": "analyze", "check.json": "check"}.get(
        rel, "fill" if rel.startswith("forms/") else "packet")


def remove_stale(outdir: Path, old: dict[str, str], new: dict[str, str], ran: tuple[str, ...]) -> None:
    """Delete outputs an earlier run wrote that this run's steps did not write again (e.g. a
    packet now blocked), so no folder shows a result the inputs no longer give."""
    for rel in sorted(set(old) - set(new)):
        path = outdir / rel
        if step_of(rel) in ran and path.is_file():
            path.unlink()
    packet = outdir / "packet"
    if "packet" in ran and packet.is_dir() and not any(rel.startswith("packet/") for rel in new):
        shutil.rmtree(packet, ignore_errors=True)
    forms = outdir / "forms"
    if forms.is_dir() and not any(forms.iterdir()):
        forms.rmdir()
