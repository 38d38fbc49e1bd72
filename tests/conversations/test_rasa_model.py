"""The Rasa side: training data validates and the test stories pass on the trained model.

Runs Rasa's own CLI from .venv-rasa (Python 3.10); `make test` trains the model first.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from tests.conversations.rasa_venv import run_in_rasa

ROOT = Path(__file__).resolve().parents[2]
RASA = ROOT / ".venv-rasa" / "bin" / "rasa"
MODEL = ROOT / "models" / "current.tar.gz"
OUTPUT = ROOT / "test-output" / "rasa"

pytestmark = pytest.mark.slow


def rasa(*args: str, timeout: int = 600) -> subprocess.CompletedProcess[str]:
    if not RASA.exists():
        pytest.fail(".venv-rasa is missing: run `make setup`")
    env = dict(os.environ, SQLALCHEMY_SILENCE_UBER_WARNING="1")
    return subprocess.run(
        [str(RASA), *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout
    )


def test_training_data_validates():
    result = rasa("data", "validate", "--fail-on-warnings")
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]


def test_conversation_stories_pass():
    if not MODEL.exists():
        pytest.fail("no trained model: run `make train` first (make test does)")
    OUTPUT.mkdir(parents=True, exist_ok=True)
    result = rasa(
        "test",
        "core",
        "--model",
        str(MODEL),
        "--stories",
        "tests/conversations",
        "--fail-on-prediction-errors",
        "--out",
        str(OUTPUT / "core"),
    )
    report = OUTPUT / "core" / "failed_test_stories.yml"
    details = report.read_text() if report.exists() else ""
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:] + details


def test_rating_buttons_send_the_feedback_intent_with_its_rating() -> None:
    out = run_in_rasa(
        """
        import asyncio
        from rasa.core.nlg.response import TemplatedNaturalLanguageGenerator
        from rasa.shared.core.domain import Domain
        from rasa.shared.core.trackers import DialogueStateTracker

        errors = []
        import structlog
        structlog.configure(processors=[lambda _l, level, event: errors.append(level) or event,
                                        structlog.processors.KeyValueRenderer()])
        domain = Domain.load("domain.yml")
        nlg = TemplatedNaturalLanguageGenerator(domain.responses)
        tracker = DialogueStateTracker("t", domain.slots)
        for name in ("utter_ask_feedback", "utter_ask_rating"):
            message = asyncio.run(nlg.generate(name, tracker, "rest"))
            print(name, [b["payload"] for b in message["buttons"]])
        print("logged", errors)
        """
    )
    assert (
        out.count(
            '[\'/feedback{"rating": "1"}\', \'/feedback{"rating": "2"}\', '
            '\'/feedback{"rating": "3"}\', \'/feedback{"rating": "4"}\', '
            '\'/feedback{"rating": "5"}\']'
        )
        == 2
    ), out
    assert "logged []" in out, out  # no "slot name does not exist" error per button
