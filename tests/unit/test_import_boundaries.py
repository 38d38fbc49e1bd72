"""The processes' code keeps to its rooms (issue 20): the gateway (bot/) and the action server
(actions/) reach the backend over HTTP only, so they never import backend/; what they share with
it (settings, wording) is in backorder_common/, which imports none of the three.

The one module that knows every process is the `backorder` command (backend/cli.py): its
database commands are the backend's, and `up` and `deliver` hand over to the gateway's code.
"""

from __future__ import annotations

import ast
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# (package, what it must not import, files allowed to)
RULES = [
    ("bot", {"backend", "actions"}, set()),
    ("actions", {"backend", "bot"}, set()),
    ("backorder_common", {"backend", "bot", "actions"}, set()),
    ("backend", {"bot", "actions"}, {"backend/cli.py"}),
]


def imported_packages(source: str) -> set[str]:
    """The top-level package of every absolute import, at any depth (function bodies and
    TYPE_CHECKING blocks included: an import there is still a dependency)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module.split(".")[0])
    return found


def crossings() -> list[str]:
    found = []
    for package, forbidden, allowed in RULES:
        for path in sorted((ROOT / package).rglob("*.py")):
            name = path.relative_to(ROOT).as_posix()
            if name in allowed:
                continue
            for target in sorted(imported_packages(path.read_text(encoding="utf-8")) & forbidden):
                found.append(f"{name} imports {target}")
    return found


def test_no_process_imports_another_s_code() -> None:
    assert crossings() == []


def test_the_check_sees_imports_wherever_they_hide() -> None:
    source = textwrap.dedent(
        """
        from typing import TYPE_CHECKING
        import backorder_common.settings as settings
        if TYPE_CHECKING:
            from backend.models import Order
        def later():
            import bot.stack
        from . import sibling
        """
    )
    assert imported_packages(source) == {"typing", "backorder_common", "backend", "bot"}


def test_the_gateway_and_the_actions_import_without_the_backend() -> None:
    """Importing every module of bot/ and actions/ (what uvicorn and `rasa_sdk --actions` do)
    works with backend/ unimportable."""
    script = textwrap.dedent(
        """
        import importlib, pkgutil, sys

        class NoBackend:
            def find_spec(self, name, path=None, target=None):
                if name == "backend" or name.startswith("backend."):
                    raise ImportError(f"{name} imported")

        sys.meta_path.insert(0, NoBackend())
        for package in ("bot", "actions"):
            module = importlib.import_module(package)
            for info in pkgutil.walk_packages(module.__path__, package + "."):
                importlib.import_module(info.name)
        print("ok")
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ok"
