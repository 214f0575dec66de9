"""The layers point down only: cli → api → pipeline → exporters → model (and shared tables)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "pledgeconv"

# The layer of each module (dotted name below pledgeconv); a module may import only its own layer
# and those below. Anything not listed is the bottom layer (model, tables, helpers).
LAYERS = {
    "__init__": 5, "__main__": 5, "cli": 5, "pledgecmd": 5, "serve": 5,
    "api": 4, "book": 4, "preview": 4,
    "resolve": 3, "render": 3, "workers": 3, "parser": 3, "source": 3, "frontmatter": 3,
    "exporters": 2,
}  # fmt: skip


def layer(module: str) -> int:
    head = module.split(".")[0]
    return LAYERS.get(module, LAYERS.get(head, 1))


def modules() -> dict[str, Path]:
    found = {}
    for path in PACKAGE.rglob("*.py"):
        parts = list(path.relative_to(PACKAGE).with_suffix("").parts)
        if parts[-1] == "__init__" and len(parts) > 1:
            parts = parts[:-1]
        found[".".join(parts)] = path
    return found


def imports(module: str, path: Path) -> set[str]:
    """The pledgeconv modules ``module`` imports, at the top or inside functions."""
    package = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
    out: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - (node.level - 1)] if node.level > 1 else package
                target = [*base, *(node.module.split(".") if node.module else [])]
            elif node.module and node.module.startswith("pledgeconv"):
                target = node.module.split(".")[1:]
            else:
                continue
            names = [".".join([*target, a.name]) for a in node.names]
            known = modules()
            out.update(n for n in names if n in known)
            if ".".join(target) in known and not any(n in known for n in names):
                out.add(".".join(target))
        elif isinstance(node, ast.Import):
            out.update(a.name.split(".", 1)[1] for a in node.names if a.name.startswith("pledgeconv."))
    out.discard(module)
    return {m for m in out if m}


@pytest.mark.parametrize("module", sorted(modules()))
def test_imports_point_down(module: str) -> None:
    path = modules()[module]
    upward = sorted(m for m in imports(module, path) if layer(m) > layer(module))
    assert upward == [], f"{module} (layer {layer(module)}) imports {upward}"


def test_the_checker_sees_an_upward_import(tmp_path: Path) -> None:
    bad = tmp_path / "transforms.py"
    bad.write_text("from .api import parse\n", encoding="utf-8")
    assert imports("transforms", bad) == {"api"} and layer("api") > layer("transforms")
