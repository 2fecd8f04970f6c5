"""``formkit forms derive|review``: map a new IRS revision from the previous one, then review it."""

from __future__ import annotations

import argparse
import hashlib
import json
from pathlib import Path
from typing import Any

from formkit._data import data_dir
from formkit.commands._common import EXIT_FINDINGS, EXIT_OK, UsageError, emit, write_atomic
from formkit.forms import locate
from formkit.forms.fingerprint import field_set
from formkit.forms.registry import FormRevision, UnknownForm, by_sha256, find_revision
from formkit.pdf import TemplateError


def register(fsub: Any) -> None:
    derive = fsub.add_parser(
        "derive", help="draft the field map of a new revision from the previous one",
        description="Match every widget of NEW.pdf to a widget of the previous revision by what is printed "
        "beside it, its place, size, tooltip, name and kind; carry the old field map over and write a draft "
        "(not filled until reviewed) with its review list beside it.")
    derive.add_argument("pdf", metavar="NEW.pdf", help="the new IRS revision, as downloaded")
    derive.add_argument("--from", dest="source", required=True, metavar="FORM[:REV]",
                        help="the revision to start from, e.g. 2848 or 2848:2-2020 (default: the current one)")
    derive.add_argument("-o", "--output", metavar="MAP.json",
                        help="where to write the draft (default: forms/<form_id>/<revision>.json)")
    derive.add_argument("--revision", metavar="M-YYYY", help="the new revision, when the PDF does not print it")
    derive.add_argument("--forms-dir", help="folder holding the official PDF of the old revision")
    derive.add_argument("--force", action="store_true", help="overwrite an existing map")
    derive.add_argument("--format", choices=("text", "json"), default="text")
    derive.set_defaults(handler=run_derive)
    review = fsub.add_parser(
        "review", help="show a draft's review list and its doubtful matches as PNG; --approve to enable it",
        description="Print the review list of a derived draft and render each low-confidence match as a PNG "
        "(old widget and new widget side by side). With --approve, check the draft against the new PDF and "
        "mark it reviewed so 'formkit fill' uses it.")
    review.add_argument("draft", metavar="DRAFT.json", help="the draft field map 'forms derive' wrote")
    review.add_argument("--pdf", metavar="NEW.pdf", help="the new revision's PDF (default: found by sha256)")
    review.add_argument("--forms-dir", help="folder holding the official PDFs")
    review.add_argument("--png-dir", metavar="DIR",
                        help="where to write the crops (default: formkit-review/<form_id>-<revision>)")
    review.add_argument("--approve", action="store_true", help="mark the draft reviewed")
    review.set_defaults(handler=run_review)


def _form_and_revision(text: str) -> tuple[str, str | None]:
    form, sep, rev = text.rpartition(":")
    return (form, rev) if sep and form else (text, None)


def _read_pdf(name: str) -> bytes:
    path = Path(name)
    if not path.is_file():
        raise UsageError(f"{name}: file not found")
    data = path.read_bytes()
    if not data.startswith(b"%PDF"):
        raise UsageError(f"{name}: not a PDF file")
    return data


def run_derive(args: argparse.Namespace) -> int:
    from formkit.forms.derive import derive, review_text

    form, rev = _form_and_revision(args.source)
    try:
        old = find_revision(form, rev)
    except UnknownForm as exc:
        raise UsageError(str(exc)) from None
    if not old.fields:
        raise UsageError(f"{old.label} has no field map to derive from; name a mapped revision with --from FORM:REV")
    new_pdf = _read_pdf(args.pdf)
    try:
        if not field_set(new_pdf):
            raise UsageError(f"{args.pdf}: has no form fields (a scan, a flattened copy or not a form)")
    except ValueError as exc:
        raise UsageError(f"{args.pdf}: {exc}") from None
    known = by_sha256(hashlib.sha256(new_pdf).hexdigest())
    if known is not None and known.fields and not args.output:
        raise UsageError(f"{args.pdf} is {known.label}, already mapped in the registry "
                         "(derive it with -o FILE to compare with that map)")
    try:
        old_pdf = locate.find(old, args.forms_dir).read_bytes()
    except locate.FormNotAvailable as exc:
        raise UsageError(str(exc)) from None
    old_map = json.loads((data_dir("forms") / old.form_id / f"{old.revision}.json").read_text(encoding="utf-8"))
    try:
        draft = derive(old_map, old_pdf, new_pdf, revision=args.revision)
    except (ValueError, TemplateError) as exc:
        raise UsageError(f"{args.pdf}: {exc}") from None
    revision = draft.data["revision"]
    if not draft.data["fields"]:
        raise UsageError(f"{args.pdf}: no field of {old.label} matches a box of this PDF; is it a revision of "
                         f"Form {old.form}? Nothing written")
    if revision == old.revision:
        raise UsageError(f"{args.pdf} prints Rev. {revision}, the revision it would be derived from; "
                         "give the new revision with --revision")
    target = Path(args.output) if args.output else data_dir("forms") / old.form_id / f"{revision}.json"
    if target.exists() and not args.force:
        raise UsageError(f"{target} exists; choose another -o or use --force to overwrite it")
    review_file = target.with_name(target.stem + ".review.txt")
    text = review_text(draft.data)
    write_atomic(target, (json.dumps(draft.data, indent=2, ensure_ascii=False) + "\n").encode("utf-8"))
    write_atomic(review_file, text.encode("utf-8"))
    if args.format == "json":
        emit(json.dumps({"draft": str(target), "review_list": str(review_file),
                         "review": draft.data["derivation"]["review"]}, indent=2, ensure_ascii=False))
        return EXIT_OK
    emit(f"draft written to {target} (review list: {review_file})\n")
    emit(text)
    emit(f"next: formkit forms review {target}   (then --approve once every item is settled)")
    return EXIT_OK


def _old_pdf(data: dict[str, Any], forms_dir: str | None) -> tuple[FormRevision, bytes]:
    origin = data.get("derivation", {}).get("from", {})
    try:
        old = find_revision(data["form_id"], origin.get("revision"))
        return old, locate.find(old, forms_dir).read_bytes()
    except (UnknownForm, KeyError) as exc:
        raise UsageError(f"the draft's previous revision is not in the registry ({exc})") from None
    except locate.FormNotAvailable as exc:
        raise UsageError(str(exc)) from None


def _new_pdf(data: dict[str, Any], given: str | None, forms_dir: str | None) -> bytes:
    if given:
        return _read_pdf(given)
    path = locate.find_sha256(str(data.get("sha256", "")), forms_dir)
    if path is None:
        raise UsageError(f"the PDF of Form {data.get('form')} (Rev. {data.get('revision')}) is not in "
                         f"{', '.join(str(d) for d in locate.search_dirs(forms_dir))}; give it with --pdf NEW.pdf")
    return path.read_bytes()


def run_review(args: argparse.Namespace) -> int:
    from formkit.forms.derive import review_text
    from formkit.forms.review import approve, render_crops

    path = Path(args.draft)
    try:
        data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
        form_id, revision = str(data["form_id"]), str(data["revision"])
    except (OSError, ValueError, KeyError) as exc:
        raise UsageError(f"{args.draft}: not a field map ({exc})") from None
    new_pdf = _new_pdf(data, args.pdf, args.forms_dir)
    if hashlib.sha256(new_pdf).hexdigest() != data.get("sha256"):
        raise UsageError(f"{args.pdf}: not the PDF {args.draft} was derived from (sha256 differs)")
    if args.approve:
        try:
            approved = approve(path, new_pdf)
        except ValueError as exc:
            emit(f"{path}: not approved; still open:")
            for item in str(exc).split("; "):
                emit(f"  - {item}")
            return EXIT_FINDINGS
        write_atomic(path, (json.dumps(approved, indent=2, ensure_ascii=False) + "\n").encode("utf-8"))
        emit(f"{path}: reviewed; formkit fills Form {approved['form']} (Rev. {revision}) with it")
        return EXIT_OK
    emit(review_text(data))
    _, old_pdf = _old_pdf(data, args.forms_dir)
    crops = render_crops(data, old_pdf, new_pdf)
    if crops:
        folder = Path(args.png_dir) if args.png_dir else Path("formkit-review") / f"{form_id}-{revision}"
        for name, png in crops:
            write_atomic(folder / name, png)
        emit(f"{len(crops)} low-confidence match(es) rendered side by side (old | new) in {folder}/")
    if data.get("reviewed", True) is False:
        emit(f"when every item is settled: formkit forms review {path} --approve")
    return EXIT_OK
