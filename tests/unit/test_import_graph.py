"""The gateway's modules import each other in one direction only: no loops, no hidden local imports
that paper over one (issue 20: the router and the handoff desk depended on each other)."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "bot"


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imports_of(path: Path, modules: set[str]) -> set[str]:
    """Every `bot.*` module the file imports, at any depth (function bodies and TYPE_CHECKING
    blocks included: a loop hidden there is still a loop for the reader)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
        found.update(name for name in names if name in modules)
    return found


def graph() -> dict[str, set[str]]:
    files = {module_name(p): p for p in PACKAGE.rglob("*.py")}
    modules = set(files)
    return {name: imports_of(path, modules) - {name} for name, path in files.items()}


def cycle(edges: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for target in sorted(edges.get(node, ())):
            if state.get(target) == 1:
                return path[path.index(target) :] + [target]
            if target not in state and (found := visit(target)):
                return found
        path.pop()
        state[node] = 2
        return None

    for node in sorted(edges):
        if node not in state and (found := visit(node)):
            return found
    return None


def test_the_gateway_has_no_import_loop() -> None:
    edges = graph()
    assert "bot.router" in edges and "bot.console.desk" in edges
    assert cycle(edges) is None, " -> ".join(cycle(edges) or [])


def test_the_loop_finder_finds_a_loop() -> None:
    assert cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert cycle({"a": {"b"}, "b": set()}) is None


def test_the_gateway_has_one_client_for_the_backend_and_one_for_rasa() -> None:
    """Every HTTP call the gateway makes to another service goes through bot/backend_client.py
    or bot/rasa_client.py (one base URL, key, timeout and pool each)."""
    makers = sorted(
        module_name(path)
        for path in PACKAGE.rglob("*.py")
        if "httpx.AsyncClient(" in path.read_text(encoding="utf-8")
    )
    assert makers == ["bot.backend_client", "bot.rasa_client"]
