"""Pair the widgets of a new form revision with those of the previous one.

A person mapping a new revision looks at each box and asks "which box of the old form is
this?": same printed label, same line, same place on the page (once you allow for a block
that moved down because the IRS inserted a line above it), same size and kind. This module
does that in two passes:

1. **Anchors**: widgets whose printed label is distinctive and matches one widget of the
   other revision clearly better than any other (mutual best, with a margin).
2. **Everything else**, scored on all the evidence with each old widget's position
   predicted from the anchors around it (same row for the vertical shift, same column for
   the horizontal one), then assigned one-to-one, best score first.

A box the IRS split in two (one "name and address" box becoming a name box and an address
box) or merged is never paired: its meaning changed, so it goes to the review list.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from formkit.forms.widgets import Widget

#: A pairing scoring at least this is carried over into the draft map...
CARRY = 0.6
#: ...and below this it is listed for review as a low-confidence match.
CONFIDENT = 0.85

#: Evidence weights: what a person mapping a form by hand relies on most.
_WEIGHTS = {"label": 3.0, "position": 3.0, "size": 1.5, "tooltip": 2.0, "name": 1.5,
            "on-states": 1.0, "line": 0.5, "flags": 0.5}
#: Evidence counted as agreeing when it scores at least this.
_AGREES = 0.8
#: Distance between box centres (share of the page) at which position evidence falls to 1/e.
_POSITION_SCALE = 0.03
#: Anchors: a label match at least this good, ahead of the runner-up by this much.
_ANCHOR_LABEL = 0.6
_ANCHOR_MARGIN = 0.08
_ANCHOR_SIZE = 0.7
#: A box whose predicted place holds two or more new boxes (each mostly inside it, together
#: covering most of it) was split.
_INSIDE = 0.8
_COVERED = 0.6

_STOPWORDS = frozenset({"a", "an", "and", "the", "of", "or", "to", "for", "if", "in", "on", "by", "is", "are",
                        "be", "see", "from", "as", "at", "with"})
_TOKEN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_GENERIC_NAME = re.compile(r"^[a-z]{0,2}\d*[-_]?[a-z]{0,2}\d+(?:[-_]\d+)*[-_]?(?:\[\d+\])?$", re.IGNORECASE)
_CAMEL = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])|\d+")

Box = tuple[float, float, float, float]


def tokens(text: str) -> list[str]:
    """Words of a printed label that carry meaning: lower case, no stop words, no lone letters
    (sub-line letters such as the ``b`` before the next checkbox are renumbered freely)."""
    clean = text.lower().replace("\u2019", "'").replace("(cid:97)", " ")
    return [t for t in _TOKEN.findall(clean)
            if t not in _STOPWORDS and not (len(t) == 1 and t.isalpha())]


def name_tokens(short_name: str) -> list[str]:
    """Words of a descriptive field name (``RepresentativesName1[0]`` -> representatives, name,
    1); none for the IRS's generic names (``f1_5[0]``, ``p1-cb9[3]``, ``c1_7_0_[0]``)."""
    if _GENERIC_NAME.match(short_name):
        return []
    return [t.lower() for t in _CAMEL.findall(re.sub(r"\[\d+\]$", "", short_name))]


class _Weights:
    """Inverse document frequency of label words over both revisions: a word printed next to
    many boxes ("number", "name") says less about which box it is than a rare one ("spouse")."""

    def __init__(self, labels: Iterable[list[str]]) -> None:
        docs = [set(t) for t in labels]
        self.count = max(len(docs), 1)
        self.df: Counter[str] = Counter(t for d in docs for t in d)

    def __call__(self, token: str) -> float:
        return math.log(1.0 + self.count / (1 + self.df[token]))

    def dice(self, a: Sequence[str], b: Sequence[str]) -> float:
        if not a or not b:
            return 0.0
        ca, cb = Counter(a), Counter(b)
        shared = sum(self(t) * min(ca[t], cb[t]) for t in ca.keys() & cb.keys())
        total = sum(self(t) * n for t, n in ca.items()) + sum(self(t) * n for t, n in cb.items())
        return 2.0 * shared / total if total else 0.0


def _kind(w: Widget) -> str:
    return "checkbox" if w.kind in ("checkbox", "radio") else w.kind


def _centre(box: Box) -> tuple[float, float]:
    return ((box[0] + box[2]) / 2, (box[1] + box[3]) / 2)


def _distance(a: Box, b: Box) -> float:
    """How far apart two boxes sit: their centres, or their top-left corners when a box grew
    or shrank (the IRS keeps a caption's corner where it was and stretches the box)."""
    (ax, ay), (bx, by) = _centre(a), _centre(b)
    return min(math.hypot(ax - bx, ay - by), math.hypot(a[0] - b[0], a[1] - b[1]))


def _size_ratio(a: Widget, b: Widget) -> float:
    (wa, ha), (wb, hb) = a.size, b.size
    if min(wa, ha, wb, hb) <= 0:
        return 0.0
    return math.sqrt((min(wa, wb) / max(wa, wb)) * (min(ha, hb) / max(ha, hb)))


def _inside(inner: Box, outer: Box, slack: float = 0.004) -> float:
    """Share of ``inner``'s area that lies within ``outer`` (grown by ``slack``)."""
    x0, y0 = max(inner[0], outer[0] - slack), max(inner[1], outer[1] - slack)
    x1, y1 = min(inner[2], outer[2] + slack), min(inner[3], outer[3] + slack)
    area = (inner[2] - inner[0]) * (inner[3] - inner[1])
    if x1 <= x0 or y1 <= y0 or area <= 0:
        return 0.0
    return (x1 - x0) * (y1 - y0) / area


@dataclass(frozen=True, slots=True)
class Placement:
    """Where an old widget is expected on the new revision."""

    page: int
    box: Box


@dataclass(frozen=True, slots=True)
class Pairing:
    """An old widget and the new widget taken to be the same box, with the evidence."""

    old: Widget
    new: Widget
    confidence: float
    evidence: tuple[str, ...]  # what agreed, strongest weight first

    @property
    def confident(self) -> bool:
        return self.confidence >= CONFIDENT


@dataclass(frozen=True, slots=True)
class Reshaped:
    """An old box whose place now holds several new boxes (split), or a new box holding
    several old ones (merged): the meaning changed, so nothing is carried over."""

    old: tuple[Widget, ...]
    new: tuple[Widget, ...]

    @property
    def how(self) -> str:
        return "split" if len(self.old) == 1 else "merged"


@dataclass(frozen=True, slots=True)
class Matching:
    pairings: tuple[Pairing, ...]
    reshaped: tuple[Reshaped, ...]
    unmatched_old: tuple[Widget, ...]
    unmatched_new: tuple[Widget, ...]


class _Scorer:
    def __init__(self, old: Sequence[Widget], new: Sequence[Widget]) -> None:
        self.labels = {id(w): tokens(w.label) for w in (*old, *new)}
        self.tips = {id(w): tokens(w.tooltip) for w in (*old, *new)}
        self.words = _Weights(self.labels.values())
        self.tip_words = _Weights(self.tips.values())

    def label(self, a: Widget, b: Widget) -> float | None:
        la, lb = self.labels[id(a)], self.labels[id(b)]
        if not la and not lb:
            return None
        return self.words.dice(la, lb)

    def evidence(self, old: Widget, new: Widget, place: Placement | None) -> dict[str, float]:
        out: dict[str, float] = {}
        label = self.label(old, new)
        if label is not None:
            out["label"] = label
        ta, tb = self.tips[id(old)], self.tips[id(new)]
        if ta and tb:
            out["tooltip"] = self.tip_words.dice(ta, tb)
        if place is not None:
            if place.page != new.page:
                out["position"] = 0.0
            else:
                out["position"] = math.exp(-_distance(place.box, new.box) / _POSITION_SCALE)
        out["size"] = _size_ratio(old, new)
        if old.name == new.name:
            out["name"] = 1.0
        else:
            na, nb = name_tokens(old.short_name), name_tokens(new.short_name)
            if na and nb:
                out["name"] = len(set(na) & set(nb)) / len(set(na) | set(nb))
        if _kind(old) == "checkbox":
            out["on-states"] = 1.0 if old.on_states == new.on_states else 0.3
        if old.line and new.line:
            out["line"] = 1.0 if old.line == new.line else 0.0
        out["flags"] = sum((old.max_length == new.max_length, old.multiline == new.multiline,
                            old.comb == new.comb, old.readonly == new.readonly)) / 4
        return out

    def score(self, old: Widget, new: Widget, place: Placement | None) -> tuple[float, tuple[str, ...]]:
        ev = self.evidence(old, new, place)
        weight = sum(_WEIGHTS[k] for k in ev)
        value = sum(_WEIGHTS[k] * v for k, v in ev.items()) / weight
        agreed = tuple(sorted((k for k, v in ev.items() if v >= _AGREES), key=lambda k: -_WEIGHTS[k]))
        return round(value, 3), agreed


def _anchors(old: Sequence[Widget], new: Sequence[Widget], scorer: _Scorer) -> list[tuple[Widget, Widget]]:
    """Pairs whose printed labels match clearly: each is the other's best, by a margin."""
    sims: dict[tuple[int, int], float] = {}
    for i, o in enumerate(old):
        for j, n in enumerate(new):
            if _kind(o) != _kind(n) or _size_ratio(o, n) < _ANCHOR_SIZE:
                continue
            s = scorer.label(o, n)
            if s is not None and s > 0:
                sims[(i, j)] = s

    def best_two(values: list[tuple[float, int]]) -> tuple[float, int, float]:
        values.sort(key=lambda v: (-v[0], v[1]))
        first = values[0] if values else (0.0, -1)
        return first[0], first[1], values[1][0] if len(values) > 1 else 0.0

    by_old: dict[int, list[tuple[float, int]]] = {}
    by_new: dict[int, list[tuple[float, int]]] = {}
    for (i, j), s in sims.items():
        by_old.setdefault(i, []).append((s, j))
        by_new.setdefault(j, []).append((s, i))
    found = []
    for i, cands in by_old.items():
        s, j, runner_up = best_two(cands)
        if s < _ANCHOR_LABEL or s - runner_up < _ANCHOR_MARGIN:
            continue
        s_back, i_back, runner_back = best_two(by_new[j])
        if i_back == i and s_back - runner_back >= _ANCHOR_MARGIN:
            found.append((old[i], new[j]))
    return found


def _overlap(a0: float, a1: float, b0: float, b1: float) -> bool:
    return min(a1, b1) - max(a0, b0) > 0


def _moved(w: Widget, anchor: tuple[Widget, Widget], dy: float | None = None) -> Placement:
    """``w`` moved as ``anchor`` moved (with vertical shift ``dy`` when given)."""
    o, n = anchor
    dx = n.box[0] - o.box[0]
    shift = n.box[1] - o.box[1] if dy is None else dy
    return Placement(n.page, (w.box[0] + dx, w.box[1] + shift, w.box[2] + dx, w.box[3] + shift))


def _place(w: Widget, anchors: Sequence[tuple[Widget, Widget]]) -> Placement:
    """Where ``w`` should sit on the new revision. An anchor moves to its partner (its own
    size kept, so a box split in two is still seen covering both parts); any other widget moves
    like the nearest anchor of its printed row (IRS rows move as a unit, even when the boxes of
    a row are re-spaced), else by the shift interpolated between the anchors above and below
    it; a page without anchors is taken to be unmoved."""
    for anchor in anchors:
        if anchor[0] is w:
            return _moved(w, anchor)
    same_page = [(o, n) for o, n in anchors if o.page == w.page]
    if not same_page:
        return Placement(w.page, w.box)
    cx, cy = _centre(w.box)
    row = [a for a in same_page if _overlap(a[0].box[1], a[0].box[3], w.box[1], w.box[3])]
    if row:
        return _moved(w, min(row, key=lambda a: (abs(_centre(a[0].box)[0] - cx), a[0].name)))
    above = [a for a in same_page if _centre(a[0].box)[1] < cy]
    below = [a for a in same_page if _centre(a[0].box)[1] > cy]

    def closest(group: list[tuple[Widget, Widget]], sign: float) -> tuple[Widget, Widget]:
        return min(group, key=lambda a: (sign * (cy - _centre(a[0].box)[1]), abs(_centre(a[0].box)[0] - cx),
                                         a[0].name))

    up = closest(above, 1.0) if above else None
    down = closest(below, -1.0) if below else None
    if up is not None and down is not None and up[1].page == down[1].page:
        y_up, y_down = _centre(up[0].box)[1], _centre(down[0].box)[1]
        dy_up, dy_down = up[1].box[1] - up[0].box[1], down[1].box[1] - down[0].box[1]
        t = (cy - y_up) / (y_down - y_up) if y_down > y_up else 0.0
        nearer = up if t <= 0.5 else down
        return _moved(w, nearer, dy_up + t * (dy_down - dy_up))
    only = up or down
    assert only is not None
    return _moved(w, only)


def _reshaped(old: Sequence[Widget], new: Sequence[Widget], places: dict[int, Placement]) -> list[Reshaped]:
    found: list[Reshaped] = []
    for o in old:
        place = places[id(o)]
        parts = [n for n in new if n.page == place.page and _kind(n) == _kind(o)
                 and _inside(n.box, place.box) >= _INSIDE]
        if len(parts) >= 2:
            covered = sum((n.box[2] - n.box[0]) * (n.box[3] - n.box[1]) for n in parts)
            area = (place.box[2] - place.box[0]) * (place.box[3] - place.box[1])
            if area > 0 and covered / area >= _COVERED:
                found.append(Reshaped((o,), tuple(parts)))
    for n in new:
        parts = [o for o in old if places[id(o)].page == n.page and _kind(o) == _kind(n)
                 and _inside(places[id(o)].box, n.box) >= _INSIDE]
        if len(parts) >= 2:
            covered = sum((places[id(o)].box[2] - places[id(o)].box[0])
                          * (places[id(o)].box[3] - places[id(o)].box[1]) for o in parts)
            area = (n.box[2] - n.box[0]) * (n.box[3] - n.box[1])
            if area > 0 and covered / area >= _COVERED:
                found.append(Reshaped(tuple(parts), (n,)))
    return found


def match(old: Sequence[Widget], new: Sequence[Widget]) -> Matching:
    """Pair each old widget with at most one new widget (see the module docstring)."""
    scorer = _Scorer(old, new)
    anchors = _anchors(old, new, scorer)
    places = {id(o): _place(o, anchors) for o in old}
    reshaped = _reshaped(old, new, places)
    blocked_old = {id(o) for r in reshaped if r.how == "split" for o in r.old}
    blocked_old |= {id(o) for r in reshaped if r.how == "merged" for o in r.old}
    blocked_new = {id(n) for r in reshaped if r.how == "merged" for n in r.new}
    candidates: list[tuple[float, str, str, Widget, Widget, tuple[str, ...]]] = []
    for o in old:
        if id(o) in blocked_old:
            continue
        for n in new:
            if id(n) in blocked_new or _kind(o) != _kind(n):
                continue
            value, agreed = scorer.score(o, n, places[id(o)])
            if value >= CARRY:
                candidates.append((value, o.name, n.name, o, n, agreed))
    candidates.sort(key=lambda c: (-c[0], c[1], c[2]))
    taken_old: set[int] = set()
    taken_new: set[int] = set()
    pairings: list[Pairing] = []
    for value, _, _, o, n, agreed in candidates:
        if id(o) in taken_old or id(n) in taken_new:
            continue
        taken_old.add(id(o))
        taken_new.add(id(n))
        pairings.append(Pairing(o, n, value, agreed))
    reshaped_new = {id(n) for r in reshaped for n in r.new}
    return Matching(
        pairings=tuple(sorted(pairings, key=lambda p: (p.new.page, p.new.box[1], p.new.box[0], p.new.name))),
        reshaped=tuple(reshaped),
        unmatched_old=tuple(o for o in old if id(o) not in taken_old and id(o) not in blocked_old),
        unmatched_new=tuple(n for n in new if id(n) not in taken_new and id(n) not in reshaped_new),
    )
