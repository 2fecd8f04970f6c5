"""The package stays layered: case -> analysis -> forms -> checks -> packet -> commands/batch, with
PDF mechanics and shared utilities at the bottom. A module may import its own layer and the
layers below it, never one above (a cycle of knowledge: the analysis must not know how a form
is filled, the PDF writer must not know what a case is).

One exception is data, not code: the forms registry (``formkit.forms.registry``: which
revisions exist and how many rows each repeating line has, read from forms/*.json) is read by
the case validation (override keys) and the analysis (rows per line, declared once in the map).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "formkit"

#: rank of each top-level module or package; a module imports only ranks <= its own
LAYERS: dict[str, int] = {
    **dict.fromkeys(("errors", "_version", "_data", "_schemas", "dates", "files", "atomic", "redact",
                     "findings", "codes"), 0),
    "pdf": 1,
    "case": 2,
    **dict.fromkeys(("transcripts", "csed"), 3),
    **dict.fromkeys(("analysis", "deadlines"), 4),
    "forms": 5,
    "checks": 6,
    "packet": 7,
    "api": 8,
    # batch writes what the single commands write, byte for byte, through their own code
    **dict.fromkeys(("commands", "batch", "__init__"), 9),
    **dict.fromkeys(("cli", "__main__"), 10),
}
#: data read across layers (see the module docstring)
DATA_MODULES = {"formkit.forms.registry"}


def _top(path: Path) -> str:
    return path.relative_to(SRC).parts[0].removesuffix(".py")


def _imports(path: Path) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "formkit":
            found.append((node.lineno, node.module))
        elif isinstance(node, ast.Import):
            found += [(node.lineno, a.name) for a in node.names if a.name.split(".")[0] == "formkit"]
    return found


def test_every_top_level_module_has_a_layer() -> None:
    tops = {_top(p) for p in SRC.rglob("*.py")}
    assert tops - set(LAYERS) == set(), "give the new module a layer in LAYERS"


@pytest.mark.parametrize("path", sorted(SRC.rglob("*.py")), ids=lambda p: str(p.relative_to(SRC)))
def test_no_module_imports_a_layer_above_its_own(path: Path) -> None:
    own = LAYERS[_top(path)]
    upward = []
    for line, module in _imports(path):
        parts = module.split(".")
        if len(parts) < 2 or module in DATA_MODULES:
            continue
        target = parts[1]
        if LAYERS.get(target, 0) > own:
            upward.append(f"line {line}: {module} (layer {LAYERS[target]} > {own})")
    assert upward == []
