"""The layout is the flow: lower layers never import higher ones, and no module imports itself back.

The layers and their order are docs/architecture.md's; this test reads every ``import`` in
``specdiff/`` (deferred ones inside functions included) and checks them against it.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "specdiff"

#: Each layer may import its own modules and the layers before it, never one after it.
LAYERS = [
    ("foundation", ("specdiff.errors", "specdiff.inputfiles", "specdiff.safewrite", "specdiff.packagedata", "specdiff.workers")),
    ("pages", ("specdiff.pages",)),
    ("model", ("specdiff.model",)),
    ("loaders", ("specdiff.loaders",)),
    ("compare", ("specdiff.compare",)),
    ("stubs", ("specdiff.stubs",)),
    ("render", ("specdiff.render",)),
    ("job", ("specdiff.job",)),
    ("cli", ("specdiff.cli", "specdiff.__main__")),
]


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def layer_of(module: str) -> int:
    for index, (_, prefixes) in enumerate(LAYERS):
        if any(module == p or module.startswith(p + ".") for p in prefixes):
            return index
    raise AssertionError(f"{module} is in no layer of docs/architecture.md")


def imports(path: Path) -> set[str]:
    """The specdiff modules a file imports, at the top or inside a function."""
    found: set[str] = set()
    package = module_name(path) if path.name == "__init__.py" else module_name(path).rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names if alias.name.startswith("specdiff"))
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(package.split(".")[: len(package.split(".")) - node.level + 1] + ([base] if base else []))
            if base.startswith("specdiff"):
                found.add(base)
                # `from specdiff.cli import compare` names a module, not an attribute
                for alias in node.names:
                    if (PACKAGE.parent / (base + "." + alias.name).replace(".", "/")).with_suffix(".py").exists():
                        found.add(f"{base}.{alias.name}")
    return found


def graph() -> dict[str, set[str]]:
    modules = {module_name(p): p for p in PACKAGE.rglob("*.py")}
    edges = {}
    for name, path in modules.items():
        edges[name] = {m for m in imports(path) if m in modules and m != name}
    return edges


def test_every_module_is_in_a_layer() -> None:
    for name in graph():
        if name != "specdiff":
            layer_of(name)


def test_no_layer_imports_a_higher_one() -> None:
    wrong = []
    for name, targets in graph().items():
        if name == "specdiff":  # the package's lazy re-exports of the library API
            continue
        for target in targets:
            if target != "specdiff" and layer_of(target) > layer_of(name):
                wrong.append(f"{name} ({LAYERS[layer_of(name)][0]}) imports {target} ({LAYERS[layer_of(target)][0]})")
    assert wrong == []


def test_no_import_circles() -> None:
    edges = graph()
    # a package's __init__ is entered before its modules: importing the package from one
    # of its modules is not a circle through that module
    state: dict[str, int] = {}
    circles = []

    def visit(node: str, trail: list[str]) -> None:
        state[node] = 1
        for target in sorted(edges[node]):
            if node.startswith(target + "."):
                continue
            if state.get(target) == 1:
                circles.append(" -> ".join(trail[trail.index(target):] + [target]))
            elif target not in state:
                visit(target, trail + [target])
        state[node] = 2

    for node in sorted(edges):
        if node not in state:
            visit(node, [node])
    assert circles == []


def test_the_document_names_every_module() -> None:
    text = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    missing = [name for name in graph() if name != "specdiff" and f"`{name.removeprefix('specdiff.')}" not in text]
    assert missing == []
