"""rasa_components/remote_action_validation.py, run in Rasa's own environment (.venv-rasa)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
RASA_PYTHON = ROOT / ".venv-rasa" / "bin" / "python"

CHECK = """
import time
from jsonschema import ValidationError
from rasa.core.actions.action import RemoteAction
from rasa_components.remote_action_validation import install

install()
install()  # idempotent
action = RemoteAction("action_x", None)
good = {"events": [{"event": "slot", "name": "a", "value": 1}], "responses": [{"text": "hi"}]}
assert action._validate_action_result(good) is True
try:
    action._validate_action_result({"events": "not a list"})
except ValidationError as error:
    assert "Failed to validate Action server response" in error.message
else:
    raise AssertionError("an invalid answer passed")
start = time.perf_counter()
for _ in range(100):
    action._validate_action_result(good)
print((time.perf_counter() - start) * 10, "ms per answer")
"""


@pytest.mark.slow
def test_answers_are_still_validated_with_rasas_error_and_quickly() -> None:
    if not RASA_PYTHON.exists():
        pytest.fail(".venv-rasa is missing: run `make setup`")
    result = subprocess.run(
        [str(RASA_PYTHON), "-c", CHECK], cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr[-3000:]
    per_answer_ms = float(result.stdout.split()[-4])
    assert per_answer_ms < 5, result.stdout  # Rasa's own check takes ~14 ms
