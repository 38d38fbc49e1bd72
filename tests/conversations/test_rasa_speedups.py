"""rasa_components/ (speed-ups, caching tracker store), run in Rasa's own environment.

The speed-ups' checks (`speedups_checks.py`: the version guard, each setting, each patch against
Rasa's own code) run in one process of .venv-rasa, started once for this module (importing Rasa
takes 10-20 s); each is a test of its own here, fast. The slow tests need a trained model, or
exercise the tracker store's database.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conversations import speedups_checks
from tests.conversations.rasa_venv import run_in_rasa


@pytest.fixture(scope="module")
def check_results() -> dict[str, str | None]:
    out = run_in_rasa(
        """
        from tests.conversations.speedups_checks import main

        main()
        """
    )
    line = next(x for x in out.splitlines() if x.startswith(speedups_checks.RESULTS_MARK))
    results: dict[str, str | None] = json.loads(line.removeprefix(speedups_checks.RESULTS_MARK))
    return results


@pytest.mark.parametrize("name", [*speedups_checks.CHECKS, "every_patch_has_a_check"])
def test_speedups(check_results: dict[str, str | None], name: str) -> None:
    assert name in check_results, f"check {name} did not run"
    failure = check_results[name]
    assert failure is None, failure


@pytest.mark.slow  # imports Rasa: ~10-20 s
def test_cached_tracker_store_keeps_what_rasas_store_keeps(tmp_path: Path) -> None:
    out = run_in_rasa(
        """
        import asyncio, sqlite3
        from rasa.core.tracker_store import SQLTrackerStore
        from rasa.shared.core.domain import Domain
        from rasa.shared.core.events import ActionExecuted, SlotSet, UserUttered
        from rasa_components.tracker_store import CachedSQLTrackerStore

        domain = Domain.from_yaml('''
        version: "3.1"
        intents: [greet]
        slots:
          name:
            type: text
            mappings: [{type: custom}]
        ''')

        rasas_saves = []
        rasas_save = SQLTrackerStore.save

        async def counted_save(self, tracker):
            rasas_saves.append(tracker.sender_id)
            await rasas_save(self, tracker)

        SQLTrackerStore.save = counted_save

        async def main():
            store = CachedSQLTrackerStore(domain=domain, dialect="sqlite", db="t.db")
            tracker = await store.get_or_create_tracker("web:1")
            tracker.update(UserUttered("hi", {"name": "greet"}))
            tracker.update(SlotSet("name", "Ada"))
            await store.save(tracker)
            again = await store.retrieve("web:1")
            assert again is tracker  # from the cache
            again.update(ActionExecuted("action_listen"))
            await store.save(again)
            again.update(SlotSet("name", "Ada"))
            await store.save(again)  # twice without a retrieve, as Rasa does on a session start
            assert rasas_saves == [], rasas_saves  # all of it appended, no recount

            # Rasa's own store reads exactly what we wrote.
            plain = SQLTrackerStore(domain=domain, dialect="sqlite", db="t.db")
            from_db = await plain.retrieve("web:1")
            assert [e.as_dict() for e in from_db.events] == [e.as_dict() for e in tracker.events]
            assert from_db.get_slot("name") == "Ada"

            # Changed but never saved (an error half-way): the next message reads the database.
            lent = await store.retrieve("web:1")
            lent.update(SlotSet("name", "lost"))
            fresh = await store.retrieve("web:1")
            assert fresh is not lent and fresh.get_slot("name") == "Ada"

            # Another process writes the conversation: the cache is not trusted.
            await store.save(fresh)
            fresh_db = await plain.retrieve("web:1")
            fresh_db.update(SlotSet("name", "Grace"))
            await plain.save(fresh_db)
            after = await store.retrieve("web:1")
            assert after is not fresh and after.get_slot("name") == "Grace"

            # Found empty, then written by another process before we save: nothing twice.
            assert await store.retrieve("web:2") is None
            other = await plain.get_or_create_tracker("web:2")
            other.update(UserUttered("hi", {"name": "greet"}))
            await plain.save(other)
            ours = await plain.retrieve("web:2")
            ours.update(ActionExecuted("action_listen"))
            await store.save(ours)
            stored = sqlite3.connect("t.db").execute(
                "select count(*) from events where sender_id = 'web:2'").fetchone()[0]
            assert stored == len(ours.events), (stored, len(ours.events))
            assert (await store.retrieve("web:2")) is ours

            mode = sqlite3.connect("t.db").execute("pragma journal_mode").fetchone()[0]
            rows = sqlite3.connect("t.db").execute(
                "select count(*) from events where sender_id = 'web:1'").fetchone()[0]
            print(mode, rows, len(after.events))

        asyncio.run(main())
        """,
        tmp_path,
    )
    mode, rows, events = out.split()
    assert mode == "wal"
    assert rows == events  # every event stored once, none twice


@pytest.mark.slow  # imports Rasa and loads the trained model
def test_rule_matches_on_our_models_rules_are_rasas_matches(tmp_path: Path) -> None:
    model = Path(__file__).resolve().parents[2] / "models" / "current.tar.gz"
    if not model.exists():
        pytest.fail("no trained model: run `make train`")
    out = run_in_rasa(
        f"""
        import json, random
        from pathlib import Path
        from rasa.core.policies.rule_policy import RulePolicy
        from rasa.engine.graph import ExecutionContext
        from rasa.engine.storage.local_model_storage import LocalModelStorage
        from rasa_components.speedups import install

        install()
        storage, metadata = LocalModelStorage.from_model_archive(
            Path({str(tmp_path)!r}), Path({str(model)!r}))
        schema = next(s for s in metadata.predict_schema.nodes.values() if s.uses is RulePolicy)
        context = ExecutionContext(metadata.predict_schema, metadata.model_id)
        config = {{**RulePolicy.get_default_config(), **schema.config}}
        remembering = RulePolicy.load(config, storage, schema.resource, context)
        plain = RulePolicy.load(config, storage, schema.resource, context)
        plain.__dict__.pop("_backorder_rule_memo")  # Rasa's own matching

        def state(raw):  # as the tracker makes them: tuples, not JSON's lists
            return {{k: {{n: tuple(v) if isinstance(v, list) else v for n, v in sub.items()}}
                    for k, sub in raw.items()}}

        rules = [[state(s) for s in json.loads(key)]
                 for name in ("rules", "rules_for_loop_unhappy_path")
                 for key in remembering.lookup[name]]
        pool = [s for rule in rules for s in rule]
        rng = random.Random(4)
        matched = 0
        def histories():
            for _ in range(1000):
                # a rule's own states after a random history, or a random history alone,
                # sometimes with the last state missing a part
                states = [rng.choice(pool) for _ in range(rng.randint(0, 4))]
                states += rng.choice(rules) if rng.random() < 0.6 else []
                if states and rng.random() < 0.3:
                    states[-1] = dict(states[-1])
                    states[-1].pop(rng.choice(list(states[-1])))
                yield states
                # the same last turns after another history: a memo keyed on too few
                # states answers these from the first
                for keep in (1, 2):
                    yield [rng.choice(pool) for _ in range(rng.randint(0, 3))] + states[-keep:]

        for states in histories():
            for name in ("rules", "rules_for_loop_unhappy_path"):
                for _ in range(2):  # the second time from the memo
                    ours = remembering._get_possible_keys(remembering.lookup[name], states)
                    rasas = plain._get_possible_keys(plain.lookup[name], states)
                    assert ours == rasas, (name, states, ours, rasas)
                    matched += bool(rasas)
        print(matched, len(remembering.__dict__["_backorder_rule_memo"]))
        """,
        tmp_path,
    )
    matched, remembered = map(int, out.split())
    assert matched > 1000  # the comparison saw rules apply, not only empty answers
    assert 0 < remembered < 12000  # and the memo answered the repeats
