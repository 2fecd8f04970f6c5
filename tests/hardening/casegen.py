"""Hypothesis strategies for cases, derived from schemas/case.schema.json.

``schema_value(node)`` draws a value the schema node allows (every type, pattern, enum,
bound and ``$ref`` of the case schema). ``cases()`` draws whole cases: an example case with
some of its values, optional fields and list items redrawn from the schema at their path,
so most of them validate and travel the whole pipeline, and ``near_valid()`` breaks one
value the way a preparer's typo or a script's bug would (wrong type, one past a bound,
missing required field, unknown field) so validation has something to report.
"""

from __future__ import annotations

import copy
import json
import re
from datetime import date
from decimal import Decimal
from functools import cache
from typing import Any

from hypothesis import strategies as st

from formkit._schemas import SCHEMA_BASE, registry
from tests.conftest import EXAMPLE_FILES

CASE_URL = f"{SCHEMA_BASE}case.schema.json"
TODAY = date(2026, 11, 30)

Node = dict[str, Any]


def _resolve(node: Node, base: str) -> tuple[Node, str]:
    while "$ref" in node:
        ref = node["$ref"]
        url, _, fragment = ref.partition("#")
        base = SCHEMA_BASE + url if url else base
        target: Any = registry().contents(base)
        for part in filter(None, fragment.split("/")):
            target = target[part]
        node = {**target, **{k: v for k, v in node.items() if k != "$ref"}}
    return node, base


def _text(node: Node) -> st.SearchStrategy[str]:
    most = node.get("maxLength", 200)
    least = node.get("minLength", 0)
    letters = st.characters(codec="utf-8", exclude_categories=("Cs",))
    plain = st.text(letters, min_size=least, max_size=min(most, 40))
    if most > 40:  # the longest value the schema allows, in wide characters
        plain = st.one_of(plain, st.sampled_from("WM@é中").map(lambda c: c * most))
    return plain


def schema_value(node: Node, base: str = CASE_URL, depth: int = 0) -> st.SearchStrategy[Any]:
    """Any value the schema node allows."""
    node, base = _resolve(node, base)
    if "const" in node:
        return st.just(node["const"])
    if "enum" in node:
        return st.sampled_from(node["enum"])
    if "anyOf" in node:
        return st.one_of([schema_value(n, base, depth) for n in node["anyOf"]])
    if "allOf" in node and node.get("properties", {}).get("program"):  # a request: pick the program's shape
        return st.one_of([schema_value(n["then"], base, depth) for n in node["allOf"]])
    kind = node.get("type")
    if kind == "object":
        props = node.get("properties", {})
        required = {k: schema_value(props[k], base, depth + 1) for k in node.get("required", []) if k in props}
        optional = {} if depth > 4 else {k: schema_value(v, base, depth + 1) for k, v in props.items()
                                         if k not in required}
        return st.fixed_dictionaries(required, optional=optional)
    if kind == "array":
        least = node.get("minItems", 0)
        most = min(node.get("maxItems", 3), 3 if depth < 3 else max(least, 1))
        return st.lists(schema_value(node.get("items", {}), base, depth + 1), min_size=least, max_size=max(most, least))
    if kind == "string":
        if node.get("format") == "date":
            return st.dates(date(1930, 1, 1), TODAY).map(date.isoformat)
        if node.get("format") == "tin":
            return st.from_regex(r"[1-5][0-9]{2}-[1-9][0-9]-[1-9][0-9]{3}", fullmatch=True)
        if node.get("format") == "email":
            return st.emails().filter(lambda e: len(e) <= node.get("maxLength", 254))
        if "pattern" in node:
            return st.from_regex(node["pattern"]).filter(lambda s: len(s) <= node.get("maxLength", 10_000))
        return _text(node)
    if kind in ("number", "integer"):
        low, high = node.get("minimum", -(10**9)), node.get("maximum", 10**9)
        if kind == "integer":
            return st.integers(int(low), int(high))
        return st.decimals(Decimal(str(low)), Decimal(str(high)), places=2, allow_nan=False, allow_infinity=False)
    if kind == "boolean":
        return st.booleans()
    return st.none()


def node_at(data: Any, path: tuple[Any, ...]) -> tuple[Node, str] | None:
    """The schema node (and its document) describing ``data`` at ``path``."""
    node, base = _resolve(registry().contents(CASE_URL), CASE_URL)
    here = data
    for part in path:
        if "allOf" in node and isinstance(here, dict) and "program" in here:  # a request: its program's shape
            then = next((b["then"] for b in node["allOf"] if b["if"]["properties"]["program"]["const"]
                         == here["program"]), None)
            if then is None:
                return None
            node, base = _resolve(then, base)
        if isinstance(part, int):
            if "items" not in node:
                return None
            node, base = _resolve(node["items"], base)
        else:
            props = node.get("properties", {})
            if part not in props:
                return None
            node, base = _resolve(props[part], base)
        here = here[part] if isinstance(here, (dict, list)) else None
    return node, base


def paths(data: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every path in ``data`` (objects, lists and leaves), the root excluded."""
    found: list[tuple[Any, ...]] = []
    items = data.items() if isinstance(data, dict) else enumerate(data) if isinstance(data, list) else ()
    for key, value in items:
        found.append((*prefix, key))
        found += paths(value, (*prefix, key))
    return found


@cache
def examples() -> tuple[str, ...]:
    return tuple(f.read_text() for f in EXAMPLE_FILES)


def _example(text: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(text, parse_float=Decimal)
    return data


def _set(data: Any, path: tuple[Any, ...], value: Any) -> None:
    for part in path[:-1]:
        data = data[part]
    data[path[-1]] = value


def _delete(data: Any, path: tuple[Any, ...]) -> None:
    for part in path[:-1]:
        data = data[part]
    del data[path[-1]]


@st.composite
def cases(draw: st.DrawFn, changes: int = 6) -> dict[str, Any]:
    """An example case with up to ``changes`` values, optional fields or list items redrawn from the schema."""
    data = _example(draw(st.sampled_from(examples())))
    for _ in range(draw(st.integers(0, changes))):
        action = draw(st.sampled_from(("replace", "replace", "add", "append")))
        candidates = paths(data)
        if action == "add":  # an optional property the example leaves out
            holders = [p for p in [(), *candidates] if isinstance(_get(data, p), dict)]
            holder = draw(st.sampled_from(holders))
            found = node_at(data, holder)
            if found is None:
                continue
            node, base = found
            missing = [k for k in node.get("properties", {}) if k not in _get(data, holder) and k != "$schema"]
            if not missing:
                continue
            key = draw(st.sampled_from(sorted(missing)))
            _get(data, holder)[key] = draw(schema_value(node["properties"][key], base, len(holder)))
            continue
        if action == "append":
            lists = [p for p in candidates if isinstance(_get(data, p), list)]
            if not lists:
                continue
            where = draw(st.sampled_from(lists))
            found = node_at(data, where)
            if found is None or "items" not in found[0]:
                continue
            if len(_get(data, where)) >= found[0].get("maxItems", 10**9):
                continue
            _get(data, where).append(draw(schema_value(found[0]["items"], found[1], len(where))))
            continue
        path = draw(st.sampled_from(candidates))
        found = node_at(data, path)
        if found is None:
            continue
        _set(data, path, draw(schema_value(found[0], found[1], len(path))))
    return data


def _get(data: Any, path: tuple[Any, ...]) -> Any:
    for part in path:
        data = data[part]
    return data


_BREAKERS = ("wrong_type", "past_bound", "drop_required", "unknown_field", "empty_string")


@st.composite
def near_valid(draw: st.DrawFn) -> dict[str, Any]:
    """A case from ``cases()`` with one value broken the way a typo or a script bug breaks it."""
    data = copy.deepcopy(draw(cases(changes=2)))
    how = draw(st.sampled_from(_BREAKERS))
    candidates = paths(data)
    path = draw(st.sampled_from(candidates))
    found = node_at(data, path)
    if how == "wrong_type":
        _set(data, path, draw(st.sampled_from(["", "NaN", "1e999", [], {}, None, True, -1, 10**30])))
    elif how == "past_bound" and found is not None:
        node = found[0]
        if "maxLength" in node:
            _set(data, path, "x" * (node["maxLength"] + 1))
        elif "maximum" in node:
            _set(data, path, Decimal(str(node["maximum"])) + 1)
        elif "anyOf" in node:  # money
            _set(data, path, draw(st.sampled_from([Decimal("1000000000"), Decimal("-0.01"), "1e308", "12.345"])))
        else:
            _set(data, path, 10**30)
    elif how == "drop_required" and len(path) > 0:
        _delete(data, path)
    elif how == "unknown_field":
        holder = _get(data, path[:-1]) if isinstance(_get(data, path[:-1]), dict) else data
        holder["unknown_" + re.sub(r"\W", "_", str(path[-1]))] = "?"
    else:
        _set(data, path, "")
    return data


#: Strings left as they are when lengthening: the county and country choose the local standards,
#: and an attachment path must name a real file.
_KEEP = ("county", "country", "path")


def _plain_text(node: Node) -> bool:
    return (node.get("type") == "string" and "maxLength" in node
            and not {"format", "pattern", "enum", "const"} & node.keys())


def longest_strings(data: dict[str, Any], fill: str = "W", shortest: int = 0) -> dict[str, Any]:
    """``data`` with every free-text string whose schema allows at least ``shortest`` characters
    (present or optional) at its schema's maxLength: ``fill`` repeated ("W", the widest glyph,
    makes one unbreakable word; "Wide " makes words)."""
    data = copy.deepcopy(data)
    for path in [(), *paths(data)]:
        holder = _get(data, path)
        found = node_at(data, path) if isinstance(holder, dict) else None
        if found is None:
            continue
        for key, sub in found[0].get("properties", {}).items():
            node, _ = _resolve(sub, found[1])
            if key not in _KEEP and _plain_text(node) and node["maxLength"] >= shortest:
                holder[key] = (fill * node["maxLength"])[:node["maxLength"]].strip().ljust(node["maxLength"], "W")
    return data


def secrets_of(data: Any) -> set[str]:
    """The case's full identification and account numbers (the values the schema marks
    ``x-sensitive``), as written and as bare digits, the way a leak would print them."""
    found: set[str] = set()
    for path in paths(data):
        value = _get(data, path)
        located = node_at(data, path) if isinstance(value, str) else None
        if located is None or not located[0].get("x-sensitive"):
            continue
        digits = "".join(ch for ch in value if ch.isdigit())
        if len(digits) < 6:
            continue  # too short to tell from any other number
        found.add(value)
        found.add(digits)
    return found
