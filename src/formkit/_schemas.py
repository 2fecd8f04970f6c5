"""The JSON Schemas of ``schemas/``, loaded once into one registry (they refer to each other by ``$id``)."""

from __future__ import annotations

import json
from functools import cache
from typing import Any

from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from formkit._data import data_dir

SCHEMA_BASE = "https://formkit.dev/schemas/"


@cache
def registry() -> Registry[Any]:
    resources = []
    for path in sorted(data_dir("schemas").glob("*.schema.json")):
        contents = json.loads(path.read_text(encoding="utf-8"))
        resources.append((contents["$id"], Resource.from_contents(contents, default_specification=DRAFT202012)))
    return Registry().with_resources(resources)


def schema(name: str) -> Any:
    """The contents of ``schemas/<name>.schema.json``."""
    return registry().contents(f"{SCHEMA_BASE}{name}.schema.json")


def first_error(document: Any, name: str) -> str | None:
    """``'/path: message'`` of the first place (in path order) where ``document`` breaks
    ``schemas/<name>.schema.json``, or None when it is valid. The data files formkit ships
    (rules, codes, deadlines) are checked this way when loaded, each raising its own error."""
    from jsonschema import Draft202012Validator

    errors = sorted(Draft202012Validator(schema(name), registry=registry()).iter_errors(document),
                    key=lambda e: list(e.absolute_path))
    if not errors:
        return None
    return "/" + "/".join(str(p) for p in errors[0].absolute_path) + f": {errors[0].message}"

