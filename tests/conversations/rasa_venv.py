"""Run a check inside Rasa's own environment (.venv-rasa, Python 3.10) and return its output."""

from __future__ import annotations

import os
import subprocess
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
RASA_PYTHON = ROOT / ".venv-rasa" / "bin" / "python"


def run_in_rasa(script: str, cwd: Path | None = None) -> str:
    """Run `script` (dedented) with .venv-rasa's Python, the repository importable."""
    if not RASA_PYTHON.exists():
        pytest.fail(".venv-rasa is missing: run `make setup`")
    result = subprocess.run(
        [str(RASA_PYTHON), "-c", textwrap.dedent(script)],
        cwd=cwd or ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT), "PYTHONWARNINGS": "ignore"},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout
