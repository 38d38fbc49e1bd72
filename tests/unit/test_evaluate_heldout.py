"""The held-out report's figures per language (scripts/evaluate_heldout.py), on made-up parses."""

from scripts.evaluate_heldout import SWEEP, _figures, by_language, language_of, score, summary_text


def row(file: str, expected: str, predicted: str) -> dict:
    return {
        "file": file,
        "text": f"{expected} in {file}",
        "expected": expected,
        "predicted": predicted,
        "raw_label": predicted,
        "raw_confidence": 0.9,
        "raw_margin": 0.5,
    }


RESULTS = [
    row("en_a.yml", "greet", "greet"),
    row("en_a.yml", "out_of_scope", "nlu_fallback"),
    row("tr_a.yml", "greet", "greet"),
    row("tr_b.yml", "greet", "thank"),
    row("tr_b.yml", "order_status", "order_status"),
]


def test_the_language_is_the_file_name_prefix() -> None:
    assert language_of("en_a.yml") == "en"
    assert language_of("tests/conversations/heldout/tr_c.yml") == "tr"
    assert language_of("extra.yml") == "?"


def test_each_language_is_scored_on_its_own_files() -> None:
    languages = by_language(RESULTS)
    assert list(languages) == ["en", "tr"]
    assert languages["en"]["accuracy"] == 1.0
    assert languages["en"]["out_of_scope_recall"] == 1.0
    assert languages["tr"]["accuracy"] == 2 / 3
    assert languages["tr"]["recall"] == {"greet": 0.5, "order_status": 1.0}
    assert languages["tr"]["out_of_scope_recall"] is None


def test_the_summary_shows_each_language_beside_the_whole() -> None:
    report = {
        "utterances": len(RESULTS),
        "files": sorted({r["file"] for r in RESULTS}),
        **score(RESULTS),
        "by_language": by_language(RESULTS),
        "threshold_sweep": [
            {"threshold": t, "ambiguity": a, **_figures(score(RESULTS, (t, a)))} for t, a in SWEEP
        ],
        "misses": [RESULTS[3]],
    }
    text = summary_text(report)
    assert "  tr: accuracy 0.667, in-scope accuracy 0.667, out-of-scope recall   -   (3)" in text
    assert "  greet                        0.667 1.000 0.500  (3)" in text
    assert "[greet -> thank] greet in tr_b.yml" in text
