"""Understanding measured on text nobody wrote for training: tests/conversations/heldout/.

Cross-validation on our own examples cannot see how the bot does on other people's wording (0.906
there against 0.677 on third-party text, issue 15). The held-out files were written by people
(helpers with a fresh context) who never read data/; they are never trained on. When a miss
teaches something, add *different* examples to data/ and write new held-out utterances; never
copy a held-out line into data/ (`test_no_heldout_text_is_in_the_training_data` checks).

Goals (issue 15): accuracy >= 0.90 and out-of-scope recall >= 0.85 with the fallback threshold of
config.yml. The report (recall per label, every miss, a sweep of the fallback threshold) is kept
in test-output/rasa/heldout/; `scripts/evaluate_heldout.py` produces it and can be run alone.
"""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest
import yaml

from scripts.evaluate_heldout import load_heldout

ROOT = Path(__file__).resolve().parents[2]
HELDOUT = ROOT / "tests" / "conversations" / "heldout"
RASA_PYTHON = ROOT / ".venv-rasa" / "bin" / "python"
MODEL = ROOT / "models" / "current.tar.gz"
OUTPUT = ROOT / "test-output" / "rasa" / "heldout"
ACCURACY_GOAL = {"en": 0.90, "tr": 0.90}
# Issue 17's goal for Turkish. Writers TR-E and TR-F (tr_e, tr_f) wrote before the fifth
# session's changes and their misses were never read while writing examples: 0.930 there on
# 2026-12-05 (all six Turkish files together about 0.93; TR-A to TR-D taught earlier rounds).
OUT_OF_SCOPE_GOAL = 0.85
PER_LABEL = 40
# Short everyday phrases ("hi", "no thanks", "where is my order") are typed by everybody and turn
# up in both sets by themselves; a longer identical sentence in data/ would be a copy.
COINCIDENCE_WORDS = 5
ANNOTATION = re.compile(r"\[([^\]]+)\]\([^)]*\)")


def heldout(pattern: str = "en_*.yml") -> dict[str, list[str]]:
    labels: dict[str, list[str]] = {}
    for _file, label, text in load_heldout(str(HELDOUT / pattern)):
        labels.setdefault(label, []).append(text)
    return labels


def normalised(text: str) -> str:
    return " ".join(ANNOTATION.sub(r"\1", text).lower().split())


def training_texts() -> set[str]:
    texts = set()
    for path in (ROOT / "data" / "nlu").rglob("*.yml"):  # data/nlu/tr/ too
        for item in yaml.safe_load(path.read_text(encoding="utf-8")).get("nlu", []):
            for line in (item.get("examples") or "").splitlines():
                if line.strip().startswith("- "):
                    texts.add(normalised(line.strip()[2:]))
    return texts


def domain_labels() -> set[str]:
    domain = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))
    intents = {name for name in domain["intents"] if name != "faq"}
    topics = {name.removeprefix("utter_") for name in domain["responses"] if "faq/" in name}
    return intents | topics


@pytest.mark.parametrize("language", ["en", "tr"])
def test_every_intent_and_faq_topic_has_enough_heldout_utterances(language: str) -> None:
    labels = heldout(f"{language}_*.yml")
    assert set(labels) == domain_labels()
    thin = {label: len(texts) for label, texts in labels.items() if len(texts) < PER_LABEL}
    assert not thin, f"fewer than {PER_LABEL} held-out utterances: {thin}"


def test_no_heldout_text_is_in_the_training_data() -> None:
    trained = training_texts()
    leaked = sorted(
        text
        for texts in heldout("*.yml").values()
        for text in texts
        if normalised(text) in trained and len(normalised(text).split()) >= COINCIDENCE_WORDS
    )
    assert not leaked, f"held-out utterances copied into data/nlu: {leaked[:20]}"


@pytest.mark.slow
@pytest.mark.parametrize("language", ["en", "tr"])
def test_heldout_accuracy_and_out_of_scope_recall(language: str) -> None:
    """English (writers A-J) and Turkish (writers TR-A to TR-D, 80 per label) apart: each must
    reach the goals on its own."""
    if not MODEL.exists():
        pytest.fail("no trained model: run `make train` first (make test does)")
    output = OUTPUT / language
    files = str(HELDOUT.relative_to(ROOT) / f"{language}_*.yml")
    result = subprocess.run(
        [str(RASA_PYTHON), "scripts/evaluate_heldout.py", "--files", files, "--out", str(output)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=900,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT), "PYTHONWARNINGS": "ignore"},
    )
    assert result.returncode == 0, result.stderr[-3000:]
    report = json.loads((output / "report.json").read_text())
    print(result.stdout)  # the summary, in pytest's output with -s or on failure
    assert report["accuracy"] >= ACCURACY_GOAL[language], result.stdout[:3000]
    assert report["out_of_scope_recall"] >= OUT_OF_SCOPE_GOAL, result.stdout[:3000]
