"""Cross-validation figures per language, from the errors of the last NLU cross-validation run.

`tests/conversations/test_nlu_cross_validation.py` writes `intent_errors.json` (every training
example a fold's model got wrong) to test-output/rasa/cross-validation/. This reads it beside the
training data and prints precision, recall and F1 per intent for each language's examples
(`data/nlu/tr/` is Turkish, the rest English). Run from the repository root, in either venv:

    .venv/bin/python scripts/cv_by_language.py [--language tr] [--errors PATH]
"""

from __future__ import annotations

import argparse
import json
import re
from collections import Counter
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
ERRORS = ROOT / "test-output" / "rasa" / "cross-validation" / "intent_errors.json"
ANNOTATION = re.compile(r"\[([^\]]+)\]\([^)]*\)")


def language_of(path: Path) -> str:
    return "tr" if "tr" in path.relative_to(ROOT / "data" / "nlu").parts[:-1] else "en"


def examples(language: str) -> list[tuple[str, str]]:
    """(text, intent) of every training example in `language`; FAQ topics count as `faq`, as
    Rasa's intent evaluation counts them."""
    found = []
    for path in sorted((ROOT / "data" / "nlu").rglob("*.yml")):
        if language_of(path) != language:
            continue
        for item in yaml.safe_load(path.read_text(encoding="utf-8")).get("nlu", []):
            if "intent" not in item:
                continue
            for line in (item.get("examples") or "").splitlines():
                if line.strip().startswith("- "):
                    text = ANNOTATION.sub(r"\1", line.strip()[2:]).strip()
                    found.append((text, item["intent"].split("/")[0]))
    return found


def per_intent(
    data: list[tuple[str, str]], errors: list[dict]
) -> dict[str, dict[str, float | int]]:
    """Precision, recall, F1 and support per intent of `data`, given the run's errors."""
    texts = {text for text, _ in data}
    support = Counter(intent for _, intent in data)
    missed: Counter[str] = Counter()
    wrongly: Counter[str] = Counter()
    for error in errors:
        if error["text"] in texts and error["intent"] in support:
            missed[error["intent"]] += 1
            wrongly[(error.get("intent_prediction") or {}).get("name") or "None"] += 1
    figures: dict[str, dict[str, float | int]] = {}
    for intent, count in sorted(support.items()):
        hits = count - missed[intent]
        precision = hits / (hits + wrongly[intent]) if hits + wrongly[intent] else 0.0
        recall = hits / count
        f1 = 2 * hits / (2 * hits + wrongly[intent] + missed[intent]) if count else 0.0
        figures[intent] = {"precision": precision, "recall": recall, "f1": f1, "support": count}
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--language", default="tr", choices=["tr", "en"])
    parser.add_argument("--errors", type=Path, default=ERRORS)
    args = parser.parse_args()
    errors = json.loads(args.errors.read_text(encoding="utf-8"))
    figures = per_intent(examples(args.language), errors)
    macro = sum(f["f1"] for f in figures.values()) / len(figures)
    total = sum(int(f["support"]) for f in figures.values())
    right = sum(f["recall"] * f["support"] for f in figures.values())
    print(f"{args.language}: {total} examples, accuracy {right / total:.3f}, macro F1 {macro:.3f}")
    print(f"  {'intent':24s} precision recall    f1  support")
    for intent, f in sorted(figures.items(), key=lambda item: item[1]["f1"]):
        print(
            f"  {intent:24s} {f['precision']:9.3f} {f['recall']:6.3f} {f['f1']:5.3f}"
            f"  {f['support']:7d}"
        )


if __name__ == "__main__":
    main()
