"""Memory the Rasa process keeps per conversation: the tracker cache and the states memo.

    .venv/bin/python bench/tracker_memory.py            # 10,000 conversations (~2 min)
    .venv/bin/python bench/tracker_memory.py --quick    # 1,000 conversations

Two caches keep memory between messages, both bounded by the number of trackers kept:

- `CachedSQLTrackerStore` (rasa_components/tracker_store.py) keeps up to `cache_size` trackers
  (default 10,000) of the conversations it saved: their events, slots and so on;
- the `tracker_states` speed-up (rasa_components/speedups.py) keeps, on each tracker, the
  dialogue states worked out so far and a replayed copy of the tracker to grow them from, per
  (domain, options) RulePolicy asks with. It lives and dies with its tracker;
- besides, the `rule_matching` speed-up keeps up to `RULE_MEMO_SIZE` answers per loaded policy
  (all conversations together).

The conversations are the test stories (tests/conversations/test_stories.yml and
test_flows.yml, 49 of them, 4-75 events) replayed event by event into trackers, each with its
own events (the bot's text after each `utter_` action, an intent ranking of 10 in each user
message, as Rasa stores them), the RulePolicy of models/current.tar.gz predicting before every
action as `rasa run` does, all speed-ups installed. Memory is Python's own allocations
(tracemalloc): the memo's is what is freed when it is dropped from every tracker, the
trackers' what is freed when they are dropped too. The table is printed and written to
test-output/bench/tracker_memory.md. Runs in Rasa's venv (it re-starts itself there).
"""

from __future__ import annotations

import argparse
import gc
import logging
import os
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
RASA_PYTHON = ROOT / ".venv-rasa" / "bin" / "python"
OUTPUT = ROOT / "test-output" / "bench" / "tracker_memory.md"
MODEL = ROOT / "models" / "current.tar.gz"
STORIES = [ROOT / "tests/conversations" / name for name in ("test_stories.yml", "test_flows.yml")]

if __name__ == "__main__":
    # Run as a script, this folder would shadow modules by its files' names: use the root.
    _here = Path(__file__).resolve().parent
    sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _here]
    sys.path.insert(0, str(ROOT))


def conversation_scripts(domain: Any) -> list[list[dict[str, Any]]]:
    """Each test story as the event dicts a real tracker of it would hold."""
    from rasa.shared.core.events import ActionExecuted, UserUttered
    from rasa.shared.core.training_data.story_reader.yaml_story_reader import YAMLStoryReader

    intents = sorted(domain.intents)
    scripts = []
    for path in STORIES:
        for step in YAMLStoryReader(domain).read_from_file(str(path)):
            events: list[dict[str, Any]] = [
                {"event": "action", "name": "action_session_start"},
                {"event": "session_started"},
            ]
            for event in step.explicit_events(domain):
                as_dict = event.as_dict()
                if isinstance(event, UserUttered):
                    name = event.intent_name or "nlu_fallback"
                    ranking = [name] + [i for i in intents if i != name][:9]
                    as_dict["parse_data"] = {
                        **as_dict.get("parse_data", {}),
                        "intent": {"name": name, "confidence": 0.97},
                        "intent_ranking": [
                            {"name": i, "confidence": round(0.97 / (n + 1), 6)}
                            for n, i in enumerate(ranking)
                        ],
                        "text": event.text,
                    }
                events.append(as_dict)
                name = event.action_name if isinstance(event, ActionExecuted) else None
                if name and name.startswith("utter_") and domain.responses.get(name):
                    response = domain.responses[name][0]
                    events.append(
                        {
                            "event": "bot",
                            "text": response.get("text"),
                            "data": {"buttons": response.get("buttons")},
                            "metadata": {"utter_action": name},
                        }
                    )
            scripts.append(events)
    return scripts


def load_rule_policy(tmp: Path) -> tuple[Any, Any]:
    """The trained RulePolicy of models/current.tar.gz, and the model's domain."""
    from rasa.core.policies.rule_policy import RulePolicy
    from rasa.engine.graph import ExecutionContext
    from rasa.engine.storage.local_model_storage import LocalModelStorage

    storage, metadata = LocalModelStorage.from_model_archive(tmp, MODEL)
    schema = next(s for s in metadata.predict_schema.nodes.values() if s.uses is RulePolicy)
    context = ExecutionContext(metadata.predict_schema, metadata.model_id)
    config = {**RulePolicy.get_default_config(), **schema.config}
    return RulePolicy.load(config, storage, schema.resource, context), metadata.domain


def traced() -> int:
    gc.collect()
    return tracemalloc.get_traced_memory()[0]


def measure(conversations: int) -> dict[str, Any]:
    from rasa.shared.core.events import ActionExecuted, Event
    from rasa.shared.core.trackers import DialogueStateTracker
    from rasa.utils.log_utils import configure_structlog

    from rasa_components.speedups import RULE_MEMO_SIZE, install
    from rasa_components.tracker_store import DEFAULT_CACHE_SIZE

    configure_structlog(logging.WARNING)  # RulePolicy logs every prediction at debug level
    install("")  # every patch, as `rasa run` with no RASA_SPEEDUPS_DISABLE
    with tempfile.TemporaryDirectory() as tmp:
        policy, domain = load_rule_policy(Path(tmp))
    scripts = conversation_scripts(domain)
    tracemalloc.start()
    start, before = time.monotonic(), traced()
    trackers, events, predictions = [], 0, 0
    for n in range(conversations):
        tracker = DialogueStateTracker(f"bench:{n}", domain.slots)
        for as_dict in scripts[n % len(scripts)]:
            event = Event.from_parameters(as_dict)
            if isinstance(event, ActionExecuted) and event.action_name != "action_session_start":
                policy.predict_action_probabilities(tracker, domain)
                predictions += 1
            tracker.update(event)
        events += len(tracker.events)
        trackers.append(tracker)
    seconds = time.monotonic() - start
    with_memos = traced()
    rule_memo = policy.__dict__["_backorder_rule_memo"]
    answers = len(rule_memo)
    policy.__dict__["_backorder_rule_memo"] = {}
    del rule_memo
    without_rule_memo = traced()
    keys_per_tracker = [len(t.__dict__.get("_past_states_memo", {})) for t in trackers]
    for tracker in trackers:
        tracker.__dict__.pop("_past_states_memo", None)
    without_memos = traced()
    trackers.clear()
    after = traced()
    tracemalloc.stop()
    memo = without_rule_memo - without_memos
    tracker_bytes = without_memos - after
    rule_bytes = with_memos - without_rule_memo
    return {
        "conversations": conversations,
        "events": events,
        "predictions": predictions,
        "seconds": seconds,
        "memo_keys": sorted(set(keys_per_tracker)),
        "tracker_bytes": tracker_bytes,
        "memo_bytes": memo,
        "rule_answers": answers,
        "rule_bytes": rule_bytes,
        "rule_memo_size": RULE_MEMO_SIZE,
        "cache_size": DEFAULT_CACHE_SIZE,
        "baseline_bytes": before,
    }


def report(r: dict[str, Any]) -> str:
    n, cache = r["conversations"], r["cache_size"]
    per_tracker, per_memo = r["tracker_bytes"] / n, r["memo_bytes"] / n
    per_answer = r["rule_bytes"] / max(r["rule_answers"], 1)

    def mb(value: float) -> str:
        return f"{value / 1e6:,.1f} MB"

    rows = [
        ("conversations (test stories, replayed)", f"{n:,}"),
        ("events per conversation (mean)", f"{r['events'] / n:.1f}"),
        ("RulePolicy predictions per conversation (mean)", f"{r['predictions'] / n:.1f}"),
        ("tracker itself, per conversation (tracker store cache)", f"{per_tracker / 1e3:.1f} kB"),
        ("states memo, per conversation (`tracker_states`)", f"{per_memo / 1e3:.1f} kB"),
        ("states memo per event", f"{r['memo_bytes'] / r['events']:.0f} B"),
        ("states memo entries per tracker", ", ".join(map(str, r["memo_keys"]))),
        (
            f"both, at {n:,} conversations" + (" (the store's bound)" if n == cache else ""),
            mb(r["tracker_bytes"] + r["memo_bytes"]),
        ),
    ]
    if n != cache:
        rows.append(
            (
                f"both, at the store's bound ({cache:,} trackers; worked out, not measured)",
                mb((per_tracker + per_memo) * cache),
            )
        )
    rows += [
        (
            "rule memo (`rule_matching`, all conversations)",
            f"{r['rule_answers']:,} answers, {mb(r['rule_bytes'])} ({per_answer:.0f} B each)",
        ),
        (
            f"rule memo at its bound ({r['rule_memo_size']:,} answers)",
            mb(per_answer * r["rule_memo_size"]),
        ),
    ]
    lines = ["| measurement | value |", "|---|---|"]
    lines += [f"| {name} | {value} |" for name, value in rows]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="1,000 conversations, not 10,000")
    parser.add_argument("--conversations", type=int, help="how many conversations")
    args = parser.parse_args()
    try:
        import rasa  # noqa: F401
    except ImportError:  # the app's venv (`make bench`): run again in Rasa's
        if not RASA_PYTHON.exists():
            sys.exit(".venv-rasa is missing: run `make setup`")
        env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONWARNINGS": "ignore"}
        os.execve(RASA_PYTHON, [str(RASA_PYTHON), __file__, *sys.argv[1:]], env)
    from rasa_components.tracker_store import DEFAULT_CACHE_SIZE

    if not MODEL.exists():
        sys.exit("no trained model: run `make train`")
    # As many as the tracker store keeps by default: the figure at its bound, measured.
    count = args.conversations or (1000 if args.quick else DEFAULT_CACHE_SIZE)
    results = measure(count)
    table = report(results)
    print(table)
    print(f"(replayed in {results['seconds']:.0f} s under tracemalloc)")
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    OUTPUT.write_text(table)


if __name__ == "__main__":
    main()
