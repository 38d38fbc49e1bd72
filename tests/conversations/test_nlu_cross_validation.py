"""5-fold cross-validation of intent classification on our NLU data.

Issue 4 asks for macro F1 >= 0.90 (GOAL), and the test asserts it. Rasa's CV shuffles the folds
at random, so one data set scores differently from run to run (~0.005 either way); the test fixes
the folds' seed (FOLD_SEED, 42; `CV_SEED=7 pytest ...` tries other folds) so that its verdict is
repeatable and a drop below the goal is the data's or the pipeline's doing, not the dice's. Runs
with random folds on 2026-11-30: 0.907, 0.908, 0.909 (see README.md, "The conversation").

The per-intent report is kept in test-output/rasa/cross-validation/ (intent_report.json, the
confusion matrix and errors, summary.txt). Folds are trained with config.yml minus the FAQ
ResponseSelector: it does not influence intent classification and would triple the run time.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest
from ruamel.yaml import YAML

ROOT = Path(__file__).resolve().parents[2]
RASA_PYTHON = ROOT / ".venv-rasa" / "bin" / "python"
OUTPUT = ROOT / "test-output" / "rasa" / "cross-validation"
GOAL = 0.90
FOLD_SEED = int(os.environ.get("CV_SEED", "42"))

# Rasa's generate_folds builds StratifiedKFold(n_splits=n, shuffle=True) with no seed; giving it
# one is the only change. rasa's own main() then runs `rasa test nlu` as the CLI would.
SEEDED_RASA = """
import functools, sys
import sklearn.model_selection as selection
seed = int(sys.argv[1])
selection.StratifiedKFold = functools.partial(selection.StratifiedKFold, random_state=seed)
sys.argv = ["rasa"] + sys.argv[2:]
from rasa.__main__ import main
sys.exit(main())
"""

pytestmark = pytest.mark.slow


def intent_only_config(target: Path) -> Path:
    yaml = YAML(typ="safe")
    config = yaml.load((ROOT / "config.yml").read_text())
    config["pipeline"] = [c for c in config["pipeline"] if "ResponseSelector" not in c["name"]]
    config.pop("policies", None)
    with target.open("w") as handle:
        yaml.dump(config, handle)
    return target


# Five trainings with the sentence encoder: ~8-10 min on a quiet 2-core machine, twice that when
# the machine is shared.
@pytest.mark.timeout(2400)
def test_intent_macro_f1_over_five_folds(tmp_path: Path) -> None:
    if not RASA_PYTHON.exists():
        pytest.fail(".venv-rasa is missing: run `make setup`")
    OUTPUT.mkdir(parents=True, exist_ok=True)
    config = intent_only_config(tmp_path / "config.yml")
    env = dict(os.environ, SQLALCHEMY_SILENCE_UBER_WARNING="1", PYTHONWARNINGS="ignore")
    result = subprocess.run(
        [
            str(RASA_PYTHON),
            "-c",
            SEEDED_RASA,
            str(FOLD_SEED),
            "test",
            "nlu",
            "--nlu",
            "data/nlu",
            "--config",
            str(config),
            "--cross-validation",
            "--folds",
            "5",
            "--out",
            str(OUTPUT),
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=2300,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    report = json.loads((OUTPUT / "intent_report.json").read_text())
    macro_f1 = report["macro avg"]["f1-score"]
    weak = {
        name: round(scores["f1-score"], 3)
        for name, scores in report.items()
        if isinstance(scores, dict) and "support" in scores and scores["f1-score"] < GOAL
    }
    (OUTPUT / "summary.txt").write_text(
        f"macro F1 {macro_f1:.3f} over 5 folds, seed {FOLD_SEED} (goal {GOAL}); "
        f"intents below: {weak or 'none'}\n"
    )
    assert macro_f1 >= GOAL, f"macro F1 {macro_f1:.3f} (seed {FOLD_SEED}); weak intents: {weak}"
