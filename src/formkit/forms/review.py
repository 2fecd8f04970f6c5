"""Review a derived draft field map: look at the doubtful matches, then approve it.

``formkit forms review DRAFT.json`` prints the review list and renders each low-confidence
match as one PNG: the old widget and the new widget cropped from their rendered pages with
the words printed around them, side by side, the box outlined in red. ``--approve`` checks
the draft against the new PDF (every widget mapped or unmapped with a reason, none left
"TO REVIEW", no key on a read-only box) and marks it reviewed, so ``fill`` will use it.
"""

from __future__ import annotations

import contextlib
import io
import json
import logging
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from formkit.forms.derive import TO_REVIEW
from formkit.pdf import compile_template

#: Points of page shown around a widget: enough for the label left of it and the caption above.
_CONTEXT = (150.0, 40.0, 60.0, 20.0)  # left, above, right, below
_RESOLUTION = 110
_CAPTION = 28  # pixels of caption band above each crop
_KEY_FORM = re.compile(r"^[a-z0-9_]+(\[[1-9][0-9]*\])?(\.[a-z0-9_]+(\[[1-9][0-9]*\])?)*$")


@contextlib.contextmanager
def _quiet_renderer() -> Iterator[None]:
    """pdfium logs a warning for every XFA form it opens (the IRS forms carry XFA): not ours to show."""
    log = logging.getLogger("pypdfium2")
    level = log.level
    log.setLevel(logging.ERROR)
    try:
        yield
    finally:
        log.setLevel(level)


@dataclass(frozen=True, slots=True)
class Crop:
    """The rendered surroundings of one widget and where the widget is inside it (pixels)."""

    image: Any  # PIL.Image.Image
    box: tuple[int, int, int, int]


def _crop(pdf: bytes, field: str) -> Crop:
    import pdfplumber

    spec = compile_template(pdf).fields[field]
    widget = spec.widgets[0]
    page_index = widget.page or 0
    x0, y0, x1, y1 = widget.rect
    with _quiet_renderer(), pdfplumber.open(io.BytesIO(pdf)) as doc:
        page = doc.pages[page_index]
        height = float(page.height)
        image = page.to_image(resolution=_RESOLUTION).original
    scale = _RESOLUTION / 72
    left, above, right, below = _CONTEXT
    area = (max(0.0, x0 - left), max(0.0, height - y1 - above),
            min(float(image.width) / scale, x1 + right), min(height, height - y0 + below))
    cut = image.crop((round(area[0] * scale), round(area[1] * scale), round(area[2] * scale),
                      round(area[3] * scale)))
    inner = (round((x0 - area[0]) * scale), round((height - y1 - area[1]) * scale),
             round((x1 - area[0]) * scale), round((height - y0 - area[1]) * scale))
    return Crop(cut, inner)


def side_by_side(old: Crop, new: Crop, old_caption: str, new_caption: str) -> bytes:
    """One PNG: the old widget left, the new one right, each outlined, with a caption."""
    from PIL import Image, ImageDraw

    gap = 16
    width = old.image.width + gap + new.image.width
    height = _CAPTION + max(old.image.height, new.image.height)
    canvas = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(canvas)
    for crop, x, caption in ((old, 0, old_caption), (new, old.image.width + gap, new_caption)):
        canvas.paste(crop.image, (x, _CAPTION))
        b = crop.box
        draw.rectangle((x + b[0] - 2, _CAPTION + b[1] - 2, x + b[2] + 2, _CAPTION + b[3] + 2), outline="red", width=2)
        draw.text((x + 4, 8), caption, fill="black")
    draw.line((old.image.width + gap // 2, 0, old.image.width + gap // 2, height), fill="grey", width=1)
    out = io.BytesIO()
    canvas.save(out, format="PNG", optimize=False)
    return out.getvalue()


def low_confidence(data: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The review items that need a look at both widgets, in review order."""
    return [i for i in data.get("derivation", {}).get("review", [])
            if i["kind"] == "low_confidence" and i.get("old") and i.get("new")]


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", text).strip("_")[:80]


def render_crops(data: Mapping[str, Any], old_pdf: bytes, new_pdf: bytes) -> list[tuple[str, bytes]]:
    """(file name, PNG) for each low-confidence match of the draft."""
    old_rev = data.get("derivation", {}).get("from", {}).get("revision", "old")
    out = []
    for n, item in enumerate(low_confidence(data), start=1):
        old, new = _crop(old_pdf, item["old"]), _crop(new_pdf, item["new"])
        png = side_by_side(
            old, new,
            f"Rev. {old_rev}: {item['old'].rsplit('.', 1)[-1]}",
            f"Rev. {data['revision']}: {item['new'].rsplit('.', 1)[-1]}  "
            f"{item.get('key', '')} ({item.get('confidence', 0):.2f})")
        out.append((f"{n:02d}-{_slug(item.get('key') or item['new'])}.png", png))
    return out


def problems(data: Mapping[str, Any], new_pdf: bytes) -> list[str]:
    """What stops a draft from being approved, checked against the new PDF itself."""
    import hashlib

    found: list[str] = []
    if hashlib.sha256(new_pdf).hexdigest() != data.get("sha256"):
        return ["the PDF given is not the one the draft was derived from (sha256 differs)"]
    compiled = compile_template(new_pdf)
    fields: Mapping[str, Any] = data.get("fields", {})
    unmapped: Mapping[str, str] = data.get("unmapped", {})
    mapped = [spec.get("pdf") for spec in fields.values()]
    for name in sorted({n for n in mapped if mapped.count(n) > 1}):
        found.append(f"{name} is mapped by more than one key")
    for key, spec in fields.items():
        widget = compiled.fields.get(spec.get("pdf", ""))
        if not _KEY_FORM.match(key):
            found.append(f"{key}: not a lowercase dotted semantic key")
        if widget is None:
            found.append(f"{key}: {spec.get('pdf')} is not a field of this PDF")
        elif widget.readonly:
            found.append(f"{key}: {spec['pdf']} is read-only in this revision")
        elif spec.get("kind") == "checkbox" and spec.get("on") not in widget.on_states:
            found.append(f"{key}: on-state {spec.get('on')!r} is not one of {list(widget.on_states)}")
    for name, reason in unmapped.items():
        if name in mapped:
            found.append(f"{name} is both mapped and unmapped")
        if reason.startswith(TO_REVIEW):
            found.append(f"{name}: still marked '{TO_REVIEW}' ({reason[len(TO_REVIEW):].strip()})")
    left = sorted(set(compiled.fields) - set(mapped) - set(unmapped))
    found += [f"{name} is neither mapped nor unmapped" for name in left]
    return found


def approve(path: Path, new_pdf: bytes) -> dict[str, Any]:
    """Mark the draft at ``path`` reviewed, or raise ValueError listing what is still open."""
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    open_items = problems(data, new_pdf)
    if open_items:
        raise ValueError("; ".join(open_items))
    data["reviewed"] = True
    old_rev = data.get("derivation", {}).get("from", {}).get("revision", "?")
    data["note"] = (f"Derived from Rev. {old_rev} by 'formkit forms derive' and reviewed "
                    "('formkit forms review --approve').")
    return data
