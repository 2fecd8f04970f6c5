"""Draft the field map of a new IRS revision from the reviewed map of the previous one.

Each field entry of the old map is carried over whole (every key it has: format, line, note,
source, ...) to the new widget that ``matching`` pairs with its old widget; only the facts
that describe the widget itself (PDF name, kind, page, max length, flags, on-state) are read
from the new PDF, and the printed line number when it changed. What a maintainer must look
at goes to the review list: low-confidence pairings, new boxes nothing was carried to, old
keys that found no box, and lines that moved. The draft is marked ``"reviewed": false``:
``formkit fill`` refuses it until ``formkit forms review --approve``.
"""

from __future__ import annotations

import hashlib
import io
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from formkit.forms.fingerprint import field_set, fingerprint
from formkit.forms.matching import CARRY, CONFIDENT, Matching, Pairing, match
from formkit.forms.widgets import Widget, read_widgets

#: Reason text of a widget a maintainer must still map or explain; approval refuses while any is left.
TO_REVIEW = "TO REVIEW:"
IRS_CURRENT_URL = "https://www.irs.gov/pub/irs-pdf/{form_id}.pdf"

#: Header keys this module writes itself; any other top-level section of the old map (the
#: field map format grows: tables, questions, ...) is copied over for review.
_HEADER = ("form", "form_id", "revision", "title", "supported", "reviewed", "sha256", "bytes", "pages",
           "urls", "currency", "note", "fingerprint", "field_count", "fields", "unmapped", "derivation")
_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september",
           "october", "november", "december")
_REVISION = re.compile(r"\(Rev\.\s+(?:(\d{1,2})-(\d{4})|([A-Za-z]+)\s+(\d{4}))\)")
_LINE_NUMBER = re.compile(r"^(\d{1,2})([a-z]?)$")


@dataclass(frozen=True, slots=True)
class ReviewItem:
    """One thing a maintainer must look at before approving a draft."""

    kind: str  # low_confidence | unmatched_new | dropped_old | moved_line | changed | section
    detail: str
    key: str | None = None
    old: str | None = None  # PDF field name in the old revision
    new: str | None = None  # PDF field name in the new revision
    confidence: float | None = None

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"kind": self.kind}
        for name in ("key", "old", "new", "confidence"):
            value = getattr(self, name)
            if value is not None:
                out[name] = value
        out["detail"] = self.detail
        return out


@dataclass(frozen=True, slots=True)
class Draft:
    data: dict[str, Any]  # the draft field map, as written to forms/<form_id>/<revision>.json
    review: tuple[ReviewItem, ...]
    matching: Matching


def printed_revision(pdf: bytes) -> str | None:
    """The revision printed on the form ('(Rev. January 2021)' or '(Rev. 1-2021)') as '1-2021'."""
    import pdfplumber

    seen: dict[str, int] = {}
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        for page in doc.pages[:2]:
            for m in _REVISION.finditer(page.extract_text() or ""):
                if m.group(1):
                    month, year = int(m.group(1)), m.group(2)
                else:
                    name = m.group(3).lower()
                    if name not in _MONTHS:
                        continue
                    month, year = _MONTHS.index(name) + 1, m.group(4)
                if 1 <= month <= 12:
                    rev = f"{month}-{year}"
                    seen[rev] = seen.get(rev, 0) + 1
    return max(sorted(seen), key=lambda r: seen[r]) if seen else None


def _kind(w: Widget) -> str:
    return "checkbox" if w.kind in ("checkbox", "radio") else w.kind


def _carry(entry: Mapping[str, Any], new: Widget) -> dict[str, Any]:
    """The old entry with every key kept and the widget facts of the new box."""
    out = dict(entry)
    out["pdf"], out["kind"], out["page"] = new.name, _kind(new), new.page
    for key, value in (("max_length", new.max_length), ("multiline", new.multiline or None),
                       ("comb", new.comb or None)):
        if value is None:
            out.pop(key, None)
        else:
            out[key] = value
    out.pop("readonly", None)
    if _kind(new) == "checkbox" and new.on_states:
        out["on"] = new.on_states[0]
    return out


def _changes(entry: Mapping[str, Any], carried: Mapping[str, Any]) -> list[str]:
    changed = []
    for key in ("max_length", "on", "multiline", "comb"):
        if entry.get(key) != carried.get(key):
            changed.append(f"{key} {entry.get(key)!r} -> {carried.get(key)!r}")
    return changed


def _new_line(entry_line: Any, pairing: Pairing) -> str | None:
    """The printed line to record for a carried entry, when the IRS renumbered it: only for an
    entry whose line is the number printed beside its old box; a sub-letter the old entry did
    not have is left off (the row's letters are not read)."""
    old, new = pairing.old.line, pairing.new.line
    if not old or not new or old == new or entry_line != old:
        return None
    old_m, new_m = _LINE_NUMBER.match(old), _LINE_NUMBER.match(new)
    if old_m and new_m and not old_m.group(2):
        return new_m.group(1)  # "6" -> "5a": keep the number, the letter is the row's first box
    return new


def _page_count(pdf: bytes) -> int:
    from formkit.pdf import compile_template

    return compile_template(pdf).page_count


def _strings(node: Any) -> Iterator[str]:
    if isinstance(node, str):
        yield node
    elif isinstance(node, Mapping):
        for k, v in node.items():
            yield str(k)
            yield from _strings(v)
    elif isinstance(node, list):
        for v in node:
            yield from _strings(v)


def _where(w: Widget) -> str:
    line = f"line {w.line}, " if w.line else ""
    label = f' "{w.label[:60]}"' if w.label else ""
    return f"{line}page {w.page}{label}"


def derive(old_map: Mapping[str, Any], old_pdf: bytes, new_pdf: bytes, *, revision: str | None = None) -> Draft:
    """The draft field map of ``new_pdf`` carried over from ``old_map`` (for ``old_pdf``)."""
    new_revision = revision or printed_revision(new_pdf)
    if not new_revision:
        raise ValueError("the new PDF prints no revision date '(Rev. ...)': give it with --revision M-YYYY")
    old_rev = str(old_map["revision"])
    new_widgets = read_widgets(new_pdf)
    result = match(read_widgets(old_pdf), new_widgets)
    paired = {p.old.name: p for p in result.pairings}
    reshaped = {o.name: r for r in result.reshaped for o in r.old}
    review: list[ReviewItem] = []
    fields: dict[str, Any] = {}
    matches: dict[str, Any] = {}
    unmapped: dict[str, str] = {}

    for key, entry in old_map.get("fields", {}).items():
        pairing = paired.get(entry["pdf"])
        if pairing is None:
            shape = reshaped.get(entry["pdf"])
            why = (f"its box was {shape.how} in Rev. {new_revision} ("
                   + ", ".join(n.short_name for n in shape.new) + ")" if shape is not None
                   else f"no box of Rev. {new_revision} matches it")
            review.append(ReviewItem("dropped_old", why, key=key, old=entry["pdf"]))
            continue
        new = pairing.new
        if new.readonly or _kind(new) not in ("text", "checkbox"):
            why = "read-only" if new.readonly else f"a {new.kind} field"
            review.append(ReviewItem("dropped_old", f"its box {new.short_name} is {why} in Rev. {new_revision}",
                                     key=key, old=entry["pdf"], new=new.name))
            unmapped[new.name] = f"{TO_REVIEW} {why} in Rev. {new_revision}; Rev. {old_rev} mapped it as {key}"
            continue
        carried = _carry(entry, new)
        line = _new_line(entry.get("line"), pairing)
        if line is not None:
            carried["line"] = line
        fields[key] = carried
        matches[key] = {"from": pairing.old.name, "confidence": pairing.confidence,
                        "evidence": list(pairing.evidence)}
        if not pairing.confident:
            review.append(ReviewItem("low_confidence", "agreeing: " + (", ".join(pairing.evidence) or "nothing"),
                                     key=key, old=pairing.old.name, new=new.name, confidence=pairing.confidence))
        if pairing.old.line and pairing.new.line and pairing.old.line != pairing.new.line:
            page = f" (page {pairing.old.page} -> {new.page})" if pairing.old.page != new.page else ""
            review.append(ReviewItem("moved_line", f"line {pairing.old.line} -> {pairing.new.line}{page}",
                                     key=key, old=pairing.old.name, new=new.name))
        changed = _changes(entry, carried)
        if changed:
            review.append(ReviewItem("changed", "; ".join(changed), key=key, old=entry["pdf"], new=new.name))

    for name, reason in old_map.get("unmapped", {}).items():
        pairing = paired.get(name)
        if pairing is None or pairing.new.name in unmapped:
            continue
        new = pairing.new
        still = (new.kind == "pushbutton") if pairing.old.kind == "pushbutton" else new.readonly
        if still:
            unmapped[new.name] = reason
            continue
        why = f"unmapped in Rev. {old_rev} ({reason}) but fillable in Rev. {new_revision}"
        unmapped[new.name] = f"{TO_REVIEW} {why}"
        review.append(ReviewItem("unmatched_new", f"{why}; {_where(new)}", old=name, new=new.name))

    taken = {f["pdf"] for f in fields.values()} | set(unmapped)
    split_into = {n.name: r for r in result.reshaped for n in r.new}
    for new in new_widgets:
        if new.name in taken:
            continue
        if new.kind == "pushbutton":
            unmapped[new.name] = "push button, not data"
            continue
        shape = split_into.get(new.name)
        origin = (f"part of Rev. {old_rev}'s " + ", ".join(o.short_name for o in shape.old)
                  + f" ({shape.how})" if shape is not None else f"new in Rev. {new_revision}")
        unmapped[new.name] = f"{TO_REVIEW} {origin}: map it in fields or give the reason it stays unmapped"
        review.append(ReviewItem("unmatched_new", f"{origin}; {_where(new)}", new=new.name))

    sections = {k: v for k, v in old_map.items() if k not in _HEADER}
    dropped = {i.key for i in review if i.kind == "dropped_old" and i.key}
    for name, section in sections.items():
        stale = sorted({s for s in _strings(section) if s in dropped})
        review.append(ReviewItem("section", f"'{name}' copied from Rev. {old_rev}; check it against the new form"
                                 + (f"; it names keys not carried over: {', '.join(stale)}" if stale else "")))

    month, year = new_revision.split("-")
    data: dict[str, Any] = {
        "form": old_map["form"], "form_id": old_map["form_id"], "revision": new_revision,
        "title": old_map["title"], "supported": True, "reviewed": False,
        "sha256": hashlib.sha256(new_pdf).hexdigest(), "bytes": len(new_pdf),
        "pages": _page_count(new_pdf),
        "urls": [IRS_CURRENT_URL.format(form_id=old_map["form_id"])],
        "currency": {"released": f"{year}-{int(month):02d}-01",
                     "source": f"Revision date printed on the form (Rev. {new_revision}); set the IRS posting "
                               f"date when known, and record on Rev. {old_rev} when this one superseded it."},
        "note": f"Draft derived by 'formkit forms derive' from Rev. {old_rev}: not filled until reviewed "
                f"('formkit forms review', then --approve).",
        "fingerprint": "", "field_count": 0,
        "fields": fields, "unmapped": dict(sorted(unmapped.items())),
        **sections,
        "derivation": {"from": {"revision": old_rev, "sha256": old_map.get("sha256")},
                       "thresholds": {"carry": CARRY, "confident": CONFIDENT},
                       "matches": matches, "review": [i.as_dict() for i in review]},
    }
    names = field_set(new_pdf)
    data["fingerprint"], data["field_count"] = fingerprint(names), len(names)
    return Draft(data, tuple(review), result)


_TITLES = {
    "low_confidence": "Low-confidence matches (check the crops: formkit forms review)",
    "dropped_old": "Old keys not carried over",
    "unmatched_new": "New boxes with nothing carried over (map them or give a reason in 'unmapped')",
    "moved_line": "Moved lines",
    "changed": "Widget facts that changed",
    "section": "Sections copied from the old map",
}


def review_text(data: Mapping[str, Any]) -> str:
    """The review list of a draft map, grouped by what to do, as printed and saved beside it."""
    derivation = data.get("derivation", {})
    items = derivation.get("review", [])
    carried = len(derivation.get("matches", {}))
    confident = sum(1 for m in derivation.get("matches", {}).values()
                    if m["confidence"] >= derivation.get("thresholds", {}).get("confident", CONFIDENT))
    lines = [f"Form {data['form']} (Rev. {data['revision']}): draft derived from Rev. "
             f"{derivation.get('from', {}).get('revision', '?')}; {carried} field(s) carried over "
             f"({confident} with high confidence), {len(items)} item(s) to review"
             + ("" if data.get("reviewed", True) is False else "; reviewed")]
    for kind, title in _TITLES.items():
        group = [i for i in items if i["kind"] == kind]
        if not group:
            continue
        lines += ["", f"{title}: {len(group)}"]
        for i in group:
            who = i.get("key") or i.get("new") or ""
            conf = f" [{i['confidence']:.2f}]" if "confidence" in i else ""
            pdf = f" {i['old'].rsplit('.', 1)[-1]} -> {i['new'].rsplit('.', 1)[-1]}" if i.get("old") and i.get(
                "new") else ""
            lines.append(f"  - {who}{conf}{pdf}: {i['detail']}")
    return "\n".join(lines) + "\n"
