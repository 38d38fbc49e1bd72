"""Score the trained model on the held-out utterances (tests/conversations/heldout/*.yml).

Run in Rasa's environment, from the repository root:

    .venv-rasa/bin/python scripts/evaluate_heldout.py [--model models/current.tar.gz]
        [--files 'tests/conversations/heldout/en_*.yml'] [--out test-output/rasa/heldout]

Each held-out file maps a label (an intent, or `faq/<topic>` for an FAQ answer) to utterances
written by someone who never read data/. A prediction is the intent, or for `faq` the answer the
FAQ selector picks; `nlu_fallback` (the FallbackClassifier's "not sure") counts as out of scope,
because that is what the customer gets. Writes report.json (accuracy, in-scope accuracy,
out-of-scope recall, recall per label, the same per language (a file's language is its name's
prefix: `en_a.yml`, `tr_a.yml`), every miss, and a sweep of the fallback threshold) and
summary.txt to --out, and prints the summary. `--files 'tests/conversations/heldout/*.yml'` scores
every language at once; `.../tr_*.yml` the Turkish files alone.
"""

from __future__ import annotations

import argparse
import asyncio
import glob
import json
import logging
import os
import sys
from collections import defaultdict
from pathlib import Path

import yaml

# The model names our components (rasa_components.*): import them from this checkout.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

OUT_OF_SCOPE = {"out_of_scope", "nlu_fallback"}
SWEEP = [(t, a) for t in (0.0, 0.3, 0.4, 0.5, 0.6, 0.7) for a in (0.0, 0.05, 0.1, 0.2)]
SWEEP_FIGURES = ("accuracy", "in_scope_accuracy", "out_of_scope_recall")


def load_heldout(pattern: str) -> list[tuple[str, str, str]]:
    """(file name, label, text) for every utterance in the files matching `pattern`."""
    rows = []
    for path in sorted(glob.glob(pattern)):
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
        for label, texts in data.items():
            rows.extend(
                (Path(path).name, gold_label(label, str(text)), str(text)) for text in texts
            )
    if not rows:
        raise SystemExit(f"no held-out utterances match {pattern}")
    return rows


def gold_label(label: str, text: str) -> str:
    """The label as this bot means it: a message giving order details is an order question
    (`order_status`: the lookup runs with them), whatever the writer called it; `inform` is
    left for answers without order details ("the rtx 4070"). The NLU decides the same way
    (rasa_components/details_extractor.py), and data/nlu labels its examples so."""
    from rasa_components.order_details import find_details

    if label == "inform" and find_details(text):
        return "order_status"
    return label


def label_of(intent: str, parse: dict) -> str:
    if intent != "faq":
        return intent
    selected = (parse.get("response_selector") or {}).get("faq", {}).get("response", {})
    return selected.get("intent_response_key") or "faq"


def raw_ranking(parse: dict) -> list[tuple[str, float]]:
    """The classifier's own ranking (intent, confidence), before the FallbackClassifier."""
    ranking = [
        (entry["name"], float(entry["confidence"]))
        for entry in parse.get("intent_ranking") or []
        if entry["name"] != "nlu_fallback"
    ]
    return ranking or [(parse["intent"]["name"], float(parse["intent"]["confidence"]))]


def is_right(expected: str, predicted: str) -> bool:
    if expected == "out_of_scope":
        return predicted in OUT_OF_SCOPE
    return predicted == expected


def refallback(row: dict, threshold: float, ambiguity: float) -> str:
    """What the FallbackClassifier would say with these thresholds (Rasa's own two tests)."""
    if row["raw_confidence"] < threshold or row["raw_margin"] < ambiguity:
        return "nlu_fallback"
    return row["raw_label"]


def score(results: list[dict], thresholds: tuple[float, float] | None = None) -> dict:
    """Accuracy figures; with `thresholds` (threshold, ambiguity), as if config.yml said so."""
    recall: dict[str, list[bool]] = defaultdict(list)
    for row in results:
        predicted = row["predicted"] if thresholds is None else refallback(row, *thresholds)
        recall[row["expected"]].append(is_right(row["expected"], predicted))
    every = [hit for hits in recall.values() for hit in hits]
    in_scope = [hit for label, hits in recall.items() if label != "out_of_scope" for hit in hits]
    # .get: reading a missing key of the defaultdict would add an empty label (a language's
    # files without out-of-scope utterances).
    out_of_scope = recall.get("out_of_scope", [])
    return {
        "accuracy": sum(every) / len(every),
        "in_scope_accuracy": sum(in_scope) / len(in_scope) if in_scope else None,
        "out_of_scope_recall": sum(out_of_scope) / len(out_of_scope) if out_of_scope else None,
        "recall": {label: sum(hits) / len(hits) for label, hits in sorted(recall.items())},
        "count": {label: len(hits) for label, hits in sorted(recall.items())},
    }


async def parse_all(model: str, rows: list[tuple[str, str, str]]) -> list[dict]:
    from rasa.core.agent import Agent

    agent = Agent.load(model)
    results = []
    for source, expected, text in rows:
        parse = await agent.parse_message(text)
        intent = parse["intent"]["name"]
        ranking = raw_ranking(parse)
        raw_intent, raw_confidence = ranking[0]
        runner_up = ranking[1][1] if len(ranking) > 1 else 0.0
        results.append(
            {
                "file": source,
                "text": text,
                "expected": expected,
                "predicted": label_of(intent, parse),
                "raw_label": label_of(raw_intent, parse),
                "raw_confidence": raw_confidence,
                "raw_margin": raw_confidence - runner_up,
            }
        )
    return results


def _figures(scored: dict) -> dict:
    return {name: scored[name] for name in SWEEP_FIGURES}


def language_of(file_name: str) -> str:
    """The language a held-out file is written in, from its name: `en_a.yml` -> `en`."""
    stem = Path(file_name).stem
    return stem.split("_", 1)[0] if "_" in stem else "?"


def by_language(results: list[dict]) -> dict[str, dict]:
    """The figures of `score` for each language's files on their own."""
    languages = sorted({language_of(row["file"]) for row in results})
    return {
        language: score([row for row in results if language_of(row["file"]) == language])
        for language in languages
    }


def _share(value: float | None) -> str:
    return "  -  " if value is None else f"{value:.3f}"


def summary_text(report: dict) -> str:
    lines = [
        f"held-out utterances: {report['utterances']} ({', '.join(report['files'])})",
        f"accuracy {report['accuracy']:.3f}, in-scope accuracy "
        f"{_share(report['in_scope_accuracy'])}, "
        f"out-of-scope recall {_share(report['out_of_scope_recall'])}",
        "",
    ]
    languages = report["by_language"]
    if len(languages) > 1:
        for language, figures in languages.items():
            count = sum(figures["count"].values())
            lines.append(
                f"  {language}: accuracy {figures['accuracy']:.3f}, in-scope accuracy "
                f"{_share(figures['in_scope_accuracy'])}, out-of-scope recall "
                f"{_share(figures['out_of_scope_recall'])} ({count})"
            )
        lines.append("")
    columns = "".join(f" {language:>5s}" for language in languages) if len(languages) > 1 else ""
    lines.append(f"recall by label (lowest first):{' ' * 14}all{columns}")
    for label, value in sorted(report["recall"].items(), key=lambda item: item[1]):
        per_language = ""
        if len(languages) > 1:
            per_language = "".join(
                f" {_share(figures['recall'].get(label))}" for figures in languages.values()
            )
        lines.append(f"  {label:28s} {value:.3f}{per_language}  ({report['count'][label]})")
    lines += [
        "",
        "FallbackClassifier sweep (threshold, ambiguity_threshold: accuracy, in-scope accuracy,"
        " out-of-scope recall):",
    ]
    for row in report["threshold_sweep"]:
        lines.append(
            f"  {row['threshold']:.2f}, {row['ambiguity']:.2f}: {row['accuracy']:.3f}, "
            f"{_share(row['in_scope_accuracy'])}, {_share(row['out_of_scope_recall'])}"
        )
    lines += ["", f"misses ({len(report['misses'])}):"]
    for miss in report["misses"]:
        lines.append(f"  [{miss['expected']} -> {miss['predicted']}] {miss['text']}")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", default="models/current.tar.gz")
    parser.add_argument("--files", default="tests/conversations/heldout/en_*.yml")
    parser.add_argument("--out", default="test-output/rasa/heldout")
    args = parser.parse_args()
    logging.disable(logging.WARNING)
    import structlog  # Rasa logs every parse through structlog, to stdout

    structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(logging.WARNING))
    os.environ.setdefault("SQLALCHEMY_SILENCE_UBER_WARNING", "1")

    rows = load_heldout(args.files)
    results = asyncio.run(parse_all(args.model, rows))
    report = {
        "utterances": len(results),
        "files": sorted({row["file"] for row in results}),
        **score(results),
        "by_language": by_language(results),
        "threshold_sweep": [
            {"threshold": t, "ambiguity": a, **_figures(score(results, (t, a)))} for t, a in SWEEP
        ],
        "misses": [row for row in results if not is_right(row["expected"], row["predicted"])],
    }
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    (out / "report.json").write_text(json.dumps(report, indent=1, ensure_ascii=False))
    text = summary_text(report)
    (out / "summary.txt").write_text(text, encoding="utf-8")
    sys.stdout.write(text)


if __name__ == "__main__":
    main()
