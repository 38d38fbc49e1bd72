"""rasa_components/ (speedups, FAQ selector, tracker store), run in Rasa's own environment.

Each check runs a small script with .venv-rasa's Python and asserts on its output: Rasa's
behaviour must be what it was without our changes.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conversations.rasa_venv import run_in_rasa

pytestmark = pytest.mark.slow  # each imports Rasa: ~10-20 s


def test_action_answers_are_still_validated_with_rasas_error() -> None:
    out = run_in_rasa(
        """
        from jsonschema import ValidationError
        from rasa.core.actions.action import RemoteAction
        from rasa_components.speedups import install

        install()
        install()  # idempotent
        assert RemoteAction._validate_action_result._backorder_speedup
        action = RemoteAction("action_x", None)
        good = {
            "events": [{"event": "slot", "name": "a", "value": 1}],
            "responses": [{"text": "hi"}],
        }
        assert action._validate_action_result(good) is True
        try:
            action._validate_action_result({"events": "not a list"})
        except ValidationError as error:
            assert "Failed to validate Action server response" in error.message
            print("refused")
        """
    )
    assert out.strip() == "refused"


def test_checking_each_event_against_its_own_schema_gives_jsonschemas_verdict() -> None:
    out = run_in_rasa(
        """
        import copy, random
        from jsonschema.validators import validator_for
        from rasa.core.actions.action import RemoteAction
        from rasa_components.speedups import answer_validator

        spec = RemoteAction.action_response_format_spec()
        full = validator_for(spec)(spec)
        fast = answer_validator(spec)
        good = [
            {"event": "slot", "name": "a", "value": 1},
            {"event": "slot", "name": "a", "value": None, "timestamp": 1.5},
            {"event": "action", "name": "x", "policy": None, "confidence": 1.0},
            {"event": "active_loop", "name": "order_form"},
            {"event": "followup", "name": "action_x"},
            {"event": "bot", "text": "hi", "data": {}},
            {"event": "user", "text": "hi",
             "parse_data": {"intent": {"name": "greet", "confidence": 0.9}, "entities": []}},
            {"event": "reset_slots"},
            {"event": "entities", "entities": [{"entity": "e", "value": 1}]},
        ]
        bad = [
            {"event": "slot", "name": "a"}, {"event": "slot", "name": 3, "value": 1},
            {"event": "nope"}, {"name": "a"}, "slot", 3, None, {"event": 5},
            {"event": "slot", "name": "a", "value": 1, "timestamp": "x"},
            {"event": "entities", "entities": [{"entity": "e"}]},
            {"event": "action", "confidence": "high"},
            {"event": "user", "parse_data": {"entities": "x"}}, {"event": "bot", "metadata": 3},
        ]
        rng = random.Random(1)
        answers = [None, [], "x", {}, {"responses": "x"}, {"events": "x"}, {"events": []},
                   {"responses": [1]}, {"events": [], "responses": [{"text": 3}]}]
        for _ in range(1500):
            pool = good + bad if rng.random() < 0.3 else good
            answer = {"events": [copy.deepcopy(rng.choice(pool)) for _ in range(rng.randint(0, 5))]}
            if rng.random() < 0.5:
                answer["responses"] = rng.choice([[{"text": "x"}], [], [3], "no"])
            answers.append(answer)
        verdicts = [full.is_valid(a) for a in answers]
        assert 0.2 < sum(verdicts) / len(verdicts) < 0.8  # both kinds, plenty of each
        assert [fast(a) for a in answers] == verdicts
        print("same")
        """
    )
    assert out.strip() == "same"


def test_the_classifier_gets_the_same_feature_rows() -> None:
    out = run_in_rasa(
        """
        import numpy as np
        from scipy.sparse import coo_matrix
        from rasa.nlu.classifiers.logistic_regression_classifier import (
            LogisticRegressionClassifier as Classifier,
        )
        from rasa.shared.nlu.training_data.features import Features
        from rasa.shared.nlu.training_data.message import Message
        from rasa_components.speedups import install

        original = Classifier._create_X
        install()
        assert Classifier._create_X is not original

        rng = np.random.default_rng(3)

        def sparse(rows, columns, dtype):
            dense = (rng.random((rows, columns)) < 0.3) * rng.integers(1, 4, (rows, columns))
            return coo_matrix(dense.astype(dtype))

        def message(text, tokens, with_dense=False):
            m = Message(data={"text": text})
            for origin, width, dtype in [("regex", 3, np.float64), ("words", 7, np.int64),
                                          ("chars", 11, np.float32)]:
                m.add_features(Features(sparse(tokens, width, dtype), "sequence", "text", origin))
                m.add_features(Features(sparse(1, width, dtype), "sentence", "text", origin))
            m.add_features(Features(sparse(1, 2, np.float64), "sentence", "intent", "other"))
            if with_dense:  # the sentence encoder's vector: scaled, zeros for "104233"
                vector = (rng.random((1, 6)) * 5).astype(np.float32) * (with_dense == "some")
                vector[0, 2] = 0.0
                m.add_features(Features(np.tile(vector, (tokens, 1)), "sequence", "text", "e5"))
                m.add_features(Features(vector, "sentence", "text", "e5"))
            return m

        for messages in ([message("a", 2)], [message("b c", 3), message("d", 1)],
                         [message("e", 2, with_dense="some")],
                         [message("f g", 2, "some"), message("104233", 1, "zeros"),
                          message("h", 1, "some")]):
            before, after = original(None, messages), Classifier._create_X(None, messages)
            assert before.shape == after.shape and before.dtype == after.dtype
            assert (before.toarray() == after.toarray()).all()
        print("same")
        """
    )
    assert out.strip() == "same"


def test_graph_runs_give_what_dask_gives() -> None:
    out = run_in_rasa(
        """
        import dask
        from rasa_components.speedups import evaluate

        calls = []
        def node(name):
            def run(*inputs):
                calls.append(name)
                return (name, [i[1] if isinstance(i, tuple) else i for i in inputs])
            return run
        graph = {
            "a": (node("a"), "input"),
            "b": (node("b"), "a"),
            "c": (node("c"), "a", "b"),
            "unused": (node("unused"), "a"),
            "input": ("input", {"text": "hi"}),
        }
        ours = evaluate(graph, ["c", "b"])
        assert calls == ["a", "b", "c"], calls  # each node once, only what the targets need
        assert ours == dict(dask.get(graph, ["c", "b"])), (ours, dask.get(graph, ["c", "b"]))
        print("same")
        """
    )
    assert out.strip() == "same"


def test_event_lookup_finds_every_type_and_keeps_rasas_errors() -> None:
    out = run_in_rasa(
        """
        import rasa.shared.utils.common
        from rasa.shared.core.events import Event, SlotSet, UserUttered
        from rasa_components.speedups import install

        subclasses = rasa.shared.utils.common.all_subclasses(Event)
        everything = {c.type_name: c for c in reversed(subclasses)}
        install()
        for name, cls in everything.items():
            assert Event.resolve_by_type(name) is not None, name
        assert Event.resolve_by_type("slot") is SlotSet
        assert Event.resolve_by_type("user") is UserUttered
        assert Event.resolve_by_type("topic") is None
        assert Event.resolve_by_type("nope", SlotSet) is SlotSet
        try:
            Event.resolve_by_type("nope")
        except ValueError as error:
            print(error)
        """
    )
    assert out.strip() == "Unknown event name 'nope'."


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


def test_past_states_are_computed_once_per_tracker_state_and_handed_out_as_copies() -> None:
    out = run_in_rasa(
        """
        from rasa.shared.core.domain import Domain
        from rasa.shared.core.events import ActionExecuted, UserUttered
        from rasa.shared.core.trackers import DialogueStateTracker
        from rasa_components.speedups import install

        domain = Domain.from_yaml('''
        version: "3.1"
        intents: [greet, bye]
        actions: [utter_hi]
        responses:
          utter_hi: [{text: hi}]
        ''')
        tracker = DialogueStateTracker("t", domain.slots)
        for event in [ActionExecuted("action_listen"), UserUttered("hey", {"name": "greet"}),
                      ActionExecuted("utter_hi"), ActionExecuted("action_listen")]:
            tracker.update(event)
        plain = tracker.past_states(domain)
        install()
        first = tracker.past_states(domain, rule_only_data={"rule_only_slots": []})
        assert first == plain
        del first[1]["user"]["intent"]  # featurizers edit what they get
        again = tracker.past_states(domain, rule_only_data={"rule_only_slots": []})
        assert again == plain, again
        tracker.update(UserUttered("bye", {"name": "bye"}))
        longer = tracker.past_states(domain)
        assert len(longer) == len(plain) and longer[-1]["user"]["intent"] == "bye", longer
        print("ok")
        """
    )
    assert out.strip() == "ok"


def test_endpoint_requests_share_one_open_session() -> None:
    out = run_in_rasa(
        """
        import asyncio
        from rasa.utils.endpoints import EndpointConfig
        from rasa_components.speedups import dumps, install

        install()
        async def main():
            endpoint = EndpointConfig("http://127.0.0.1:9/webhook", headers={"X-A": "1"})
            async with endpoint.session() as one:
                pass
            async with endpoint.session() as two:
                pass
            assert one is two and not one.closed
            assert one.headers["X-A"] == "1"
            assert one.json_serialize is dumps
            await one.close()
            async with endpoint.session() as three:
                assert three is not one and not three.closed
            await three.close()
            print("ok")
        asyncio.run(main())
        """
    )
    assert out.strip() == "ok"


def test_action_requests_are_the_json_rasa_would_send() -> None:
    out = run_in_rasa(
        """
        import json, math
        from rasa.shared.core.domain import Domain
        from rasa.shared.core.events import ActionExecuted, SlotSet, UserUttered, BotUttered
        from rasa.shared.core.trackers import DialogueStateTracker, EventVerbosity
        from rasa_components.speedups import dumps

        domain = Domain.load("domain.yml")
        tracker = DialogueStateTracker("web:ü/1", domain.slots)
        for event in [
            ActionExecuted("action_listen"),
            UserUttered("wo ist meine Bestellung? #100042 / größe 2TB", {"name": "order_status",
                        "confidence": 0.8123456789012345},
                        [{"entity": "order_number", "value": "100042", "start": 26, "end": 33}]),
            SlotSet("order_number", "100042"), SlotSet("pending", 1e300),
            BotUttered('Line <b>1</b>, "quoted" — done', {"buttons": [
                {"title": "5", "payload": '/feedback{"rating": "5"}'}]}),
        ]:
            tracker.update(event)
        request = {"next_action": "action_order_status", "sender_id": tracker.sender_id,
                   "tracker": tracker.current_state(EventVerbosity.ALL),
                   "domain": domain.as_dict(), "version": "3.6.21"}
        assert json.loads(dumps(request)) == json.loads(json.dumps(request))
        assert dumps("a/b ü") == json.dumps("a/b ü")  # no escaped slash; non-ASCII escaped
        assert dumps(math.nan) == json.dumps(math.nan)
        for bad in (object(), b"bytes", {1, 2}, [1j]):
            try:
                dumps(bad)
            except TypeError as error:
                assert "JSON serializable" in str(error), error
            else:
                raise AssertionError(bad)
        print(len(dumps(request)))
        """
    )
    assert int(out) > 1000


def test_the_domain_is_empty_only_when_rasa_says_so() -> None:
    out = run_in_rasa(
        """
        from rasa.shared.core.domain import Domain
        from rasa_components.speedups import install

        install()
        assert Domain.is_empty._backorder_speedup
        assert Domain.empty().is_empty()
        assert Domain.from_dict({}).is_empty()
        assert not Domain.load("domain.yml").is_empty()
        assert not Domain.from_dict({"intents": ["greet"]}).is_empty()
        print("ok")
        """
    )
    assert out.strip() == "ok"


def test_past_states_grow_with_the_events_exactly_as_rasa_recomputes_them() -> None:
    out = run_in_rasa(
        """
        from rasa.shared.core.domain import Domain
        from rasa.shared.core.events import (
            ActionExecuted, ActionReverted, ActiveLoop, BotUttered, FollowupAction, Restarted,
            SessionStarted, SlotSet, UserUttered, UserUtteranceReverted,
        )
        from rasa.shared.core.trackers import DialogueStateTracker
        from rasa_components.speedups import install

        install()
        domain = Domain.load("domain.yml")

        def user(intent, **entities):
            return UserUttered(intent, {"name": intent, "confidence": 1.0},
                               [{"entity": k, "value": v} for k, v in entities.items()])

        listen = ActionExecuted("action_listen")
        form = "order_lookup_form"
        events = [
            ActionExecuted("action_session_start"), SessionStarted(), listen,
            user("greet"), ActionExecuted("utter_greet"), BotUttered("hi"), listen,
            user("order_status", order_number="100042"), ActionExecuted(form), ActiveLoop(form),
            SlotSet("order_number", "100042"), SlotSet("requested_slot", "email"), listen,
            user("faq"), ActionExecuted("action_default_fallback", hide_rule_turn=True),
            ActionExecuted(form), SlotSet("requested_slot", "email"), listen,
            user("inform"), ActionExecuted(form), SlotSet("requested_slot", None),
            ActiveLoop(None), ActionExecuted("action_order_status"), listen,
            user("thank"), ActionExecuted("utter_greet", hide_rule_turn=True), listen,
            user("bot_challenge"), UserUtteranceReverted(), listen, user("greet"),
            ActionExecuted("utter_greet"), ActionReverted(), FollowupAction("utter_greet"),
            ActionExecuted("utter_greet"), listen, user("goodbye"), Restarted(), listen,
            user("greet"), ActionExecuted("utter_greet", hide_rule_turn=True), listen,
        ]
        rule_only = {"rule_only_slots": ["requested_slot"], "rule_only_loops": [form]}
        options = [dict(), dict(omit_unset_slots=True),
                   dict(ignore_rule_only_turns=True, rule_only_data=rule_only),
                   dict(ignore_rule_only_turns=True, rule_only_data=rule_only,
                        omit_unset_slots=True)]
        tracker = DialogueStateTracker("t", domain.slots)
        checked = 0
        for event in events:
            tracker.update(event)
            for option in options:
                # Rasa's own, from the start, against ours, grown event by event
                assert tracker.past_states(domain, **option) == \
                    domain.states_for_tracker_history(tracker, **option), (event, option)
                checked += 1
        print(checked)
        """
    )
    assert int(out.strip()) > 100


def test_rule_matches_remembered_by_the_last_states_are_rasas_matches(tmp_path: Path) -> None:
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


def test_count_vectors_are_the_matrices_scikit_learn_builds(tmp_path: Path) -> None:
    out = run_in_rasa(
        f"""
        import random
        from pathlib import Path
        from rasa.engine.graph import ExecutionContext, GraphSchema
        from rasa.engine.storage.local_model_storage import LocalModelStorage
        from rasa.engine.storage.resource import Resource
        from rasa.nlu.featurizers.sparse_featurizer.count_vectors_featurizer import (
            CountVectorsFeaturizer as Featurizer,
        )
        from rasa.nlu.tokenizers.whitespace_tokenizer import WhitespaceTokenizer
        from rasa.shared.nlu.training_data.message import Message
        from rasa.shared.nlu.training_data.training_data import TrainingData
        from rasa_components.speedups import install

        rasas = Featurizer._create_features
        install()
        assert Featurizer._create_features is not rasas
        storage = LocalModelStorage(Path({str(tmp_path)!r}))
        context = ExecutionContext(GraphSchema({{}}), "test")
        tokenizer = WhitespaceTokenizer(WhitespaceTokenizer.get_default_config())
        words = ["where", "is", "my", "order", "#100042", "rtx", "4090", "in", "stock", "Größe",
                 "2TB", "ssd", "ada.lovelace@example.com", "100", "042", "thanks", "?", "ok"]
        rng = random.Random(5)
        def text():
            return " ".join(rng.choice(words) for _ in range(rng.randint(1, 8)))
        train = [Message(data={{"text": text(), "intent": rng.choice(["a", "b_c"])}})
                 for _ in range(60)]
        tokenizer.process_training_data(TrainingData(train))
        configs = [{{}}, {{"analyzer": "char_wb", "min_ngram": 1, "max_ngram": 4}},
                   {{"min_ngram": 1, "max_ngram": 2}}, {{"lowercase": False, "binary": True}},
                   {{"analyzer": "char", "min_ngram": 2, "max_ngram": 3}}]
        compared = 0
        for n, config in enumerate(configs):
            rasa_config = {{k: v for k, v in config.items() if k != "binary"}}
            featurizer = Featurizer.create({{**Featurizer.get_default_config(), **rasa_config}},
                                           storage, Resource(f"cv{{n}}"), context)
            featurizer.train(TrainingData(train))
            for vectorizer in featurizer.vectorizers.values():  # not a Rasa option: set here
                vectorizer.binary = config.get("binary", False)
            for attribute in ("text", "intent"):
                for _ in range(40):
                    message = Message(data={{"text": text() + " unseen wörds", "intent": "b_c"}})
                    tokenizer.process([message])
                    tokens = featurizer._get_processed_message_tokens_by_attribute(
                        message, attribute)
                    for batch in ([tokens], [tokens, []], [[], tokens, tokens[:1]]):
                        ours = Featurizer._create_features(featurizer, attribute, batch)
                        theirs = rasas(featurizer, attribute, batch)
                        for a, b in zip(ours[0] + ours[1], theirs[0] + theirs[1]):
                            assert (a is None) == (b is None), (config, attribute, batch)
                            if a is None:
                                continue
                            assert a.format == b.format == "coo" and a.shape == b.shape
                            assert a.dtype == b.dtype and a.row.dtype == b.row.dtype
                            assert a.col.dtype == b.col.dtype
                            assert (a.row == b.row).all() and (a.col == b.col).all()
                            assert (a.data == b.data).all(), (config, batch)
                            compared += 1
        print(compared)
        """,
        tmp_path,
    )
    assert int(out) > 1000
