"""The package's import graph: no cycle, and run-time code never imports training code.

Every module's imports are read with `ast` (function-level imports count too; imports under
`if TYPE_CHECKING:` are annotations only and do not run, so they are left out).
"""

from __future__ import annotations

import ast
from pathlib import Path

from .conftest import REPO

PACKAGE = REPO / "plainspeak"
TRAINING = "plainspeak.model.training"
TRAINING_FRONT_ENDS = {"plainspeak.cli.train"}  # `plainspeak train`, which runs training (imported lazily)


def _modules() -> dict[str, Path]:
    out = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(REPO).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        out[name] = path
    return out


def _type_checking_nodes(tree: ast.AST) -> set[int]:
    skip: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            skip.update(id(n) for child in node.body for n in ast.walk(child))
    return skip


def imports(name: str, path: Path, modules: dict[str, Path]) -> set[str]:
    """The package modules that `name` imports."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip = _type_checking_nodes(tree)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in skip:
            continue
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            for alias in node.names:
                if f"{module}.{alias.name}" in modules:
                    found.add(f"{module}.{alias.name}")
                elif module in modules:
                    found.add(module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names if alias.name in modules)
    found.discard(name)
    return found


def graph() -> dict[str, set[str]]:
    modules = _modules()
    return {name: imports(name, path, modules) for name, path in modules.items()}


def cycles(g: dict[str, set[str]]) -> list[list[str]]:
    found: list[list[str]] = []
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(u: str) -> None:
        state[u] = 1
        stack.append(u)
        for v in sorted(g.get(u, ())):
            if state.get(v) == 1:
                found.append(stack[stack.index(v) :] + [v])
            elif v not in state:
                visit(v)
        stack.pop()
        state[u] = 2

    for u in sorted(g):
        if u not in state:
            visit(u)
    return found


def test_the_reader_sees_real_imports() -> None:
    g = graph()
    assert "plainspeak.model.stage" in g["plainspeak.pipeline"]
    assert "plainspeak.model.training.data" in g["plainspeak.model.training.word_pairs"]
    assert "plainspeak.rules.schema" in g["plainspeak.rules.matcher"]


def test_no_import_cycle_in_the_package() -> None:
    found = cycles(graph())
    assert not found, "import cycles: " + "; ".join(" -> ".join(c) for c in found)


def test_the_cycle_finder_finds_one() -> None:
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == [["a", "b", "c", "a"]]


def test_inference_never_imports_training() -> None:
    bad = sorted(
        f"{name} -> {dep}"
        for name, deps in graph().items()
        if not name.startswith(TRAINING) and name not in TRAINING_FRONT_ENDS
        for dep in deps
        if dep.startswith(TRAINING)
    )
    assert bad == [], "run-time code imports training code: " + ", ".join(bad)
