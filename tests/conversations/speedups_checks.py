"""Checks of rasa_components/speedups.py, all run in one process of Rasa's own venv.

Importing Rasa takes 10-20 s, so `test_rasa_speedups.py` runs `main()` once with .venv-rasa's
Python (`run_in_rasa`) and asserts on each check's result: one test per check. Each check
compares a patch with Rasa's own code (kept in `ORIGINAL` before anything is patched) on
representative inputs; the guard and setting checks install and take the patches out again.

This module is imported by the app's venv too (for the checks' names): Rasa is imported inside
the checks only.
"""

from __future__ import annotations

import json
import traceback
from collections.abc import Callable
from typing import Any

RESULTS_MARK = "speedups-checks:"

# check name -> (patch it covers, function)
CHECKS: dict[str, tuple[str, Callable[[], None]]] = {}
# "module:Class.attribute" -> what the class itself held before any patch (inspect.getattr_static)
ORIGINAL: dict[str, Any] = {}


def check(patch: str) -> Callable[[Callable[[], None]], Callable[[], None]]:
    def register(function: Callable[[], None]) -> Callable[[], None]:
        CHECKS[function.__name__] = (patch, function)
        return function

    return register


def rasas(spec: str) -> Any:
    """Rasa's own function for `spec`, callable as the class attribute would be."""
    original = ORIGINAL[spec]
    return original.__func__ if isinstance(original, staticmethod) else original


def take_out() -> None:
    """Every patch removed: Rasa's own attributes back in place."""
    import inspect

    from rasa_components.speedups import PATCHES

    for patch in PATCHES:
        for spec, owner, name in patch.targets():
            setattr(owner, name, ORIGINAL[spec])
            assert inspect.getattr_static(owner, name) is ORIGINAL[spec]


def is_rasas(spec: str, owner: Any, name: str) -> bool:
    import inspect

    return inspect.getattr_static(owner, name) is ORIGINAL[spec]


def install_all() -> None:
    from rasa_components.speedups import PATCHES, install

    assert install("") == [patch.name for patch in PATCHES]


# --- the guard and the settings --------------------------------------------------------------


@check("guard")
def another_rasa_is_refused_and_nothing_patched() -> None:
    import logging

    import rasa

    from rasa_components.speedups import PATCHES, RASA_VERSION, SpeedupsError, install

    logged: list[str] = []
    handler = logging.Handler()
    handler.emit = lambda record: logged.append(record.getMessage())  # type: ignore[method-assign]
    logging.getLogger("rasa_components.speedups").addHandler(handler)
    real = rasa.__version__
    try:
        for version in ("3.6.20", "3.7.0", "3.6.21rc1"):
            rasa.__version__ = version
            try:
                install("")
            except SpeedupsError as error:
                message = str(error)
            else:
                raise AssertionError(f"patched Rasa {version}")
            assert f"Rasa {version} is installed" in message, message
            assert f"Rasa {RASA_VERSION}" in message and "RASA_SPEEDUPS_DISABLE=all" in message
            assert logged[-1] == message, logged
            for patch in PATCHES:
                for spec, owner, name in patch.targets():
                    assert is_rasas(spec, owner, name), (version, spec)
        # Every patch off: nothing to refuse, Rasa runs as it is.
        rasa.__version__ = "3.7.0"
        assert install("all") == []
        assert not any(patch.installed() for patch in PATCHES)
        rasa.__version__ = real
        assert install("") == [patch.name for patch in PATCHES]
    finally:
        rasa.__version__ = real
        logging.getLogger("rasa_components.speedups").removeHandler(handler)
        take_out()


@check("guard")
def the_pipeline_component_refuses_another_rasa() -> None:
    import tempfile
    from pathlib import Path

    import rasa
    from rasa.engine.graph import ExecutionContext, GraphNode, GraphSchema, SchemaNode
    from rasa.engine.storage.local_model_storage import LocalModelStorage
    from rasa.shared.exceptions import RasaException

    from rasa_components.speedups import RasaSpeedups, SpeedupsError

    real = rasa.__version__
    rasa.__version__ = "3.6.22"
    try:
        node = SchemaNode({}, RasaSpeedups, "create", "process", {}, eager=False)
        with tempfile.TemporaryDirectory() as tmp:
            graph_node = GraphNode.from_schema_node(
                "speedups",
                node,
                LocalModelStorage(Path(tmp)),
                ExecutionContext(GraphSchema({"speedups": node}), "test"),
            )
            # Rasa's training cache keys the component on Rasa's version: it runs again.
            assert RasaSpeedups.fingerprint_addon({}) == "3.6.22"
            try:
                graph_node(("__message__", []))
            except SpeedupsError as error:
                # A RasaException: Rasa's graph passes it on, its CLI prints it without a trace.
                assert isinstance(error, RasaException)
                assert "Rasa 3.6.22 is installed" in str(error)
            else:
                raise AssertionError("the component patched Rasa 3.6.22")
    finally:
        rasa.__version__ = real
        take_out()


@check("settings")
def each_setting_leaves_rasas_own_code_in_place() -> None:
    import os

    from rasa_components.speedups import DISABLE_VARIABLE, PATCHES, install

    for off in PATCHES:
        assert install(off.name) == [patch.name for patch in PATCHES if patch is not off]
        for patch in PATCHES:
            for spec, owner, name in patch.targets():
                if patch is off:
                    assert is_rasas(spec, owner, name), spec
                else:
                    assert not is_rasas(spec, owner, name), spec
            assert patch.installed() == (patch is not off), patch.name
        take_out()
    # Read from the environment when not given; spaces and an empty item are fine.
    os.environ[DISABLE_VARIABLE] = " rule_matching,graph_runner ,"
    try:
        installed = install()
    finally:
        del os.environ[DISABLE_VARIABLE]
    assert "rule_matching" not in installed and "graph_runner" not in installed
    assert len(installed) == len(PATCHES) - 2
    rule = next(p for p in PATCHES if p.name == "rule_matching")
    assert all(is_rasas(*target) for target in rule.targets())
    take_out()


@check("settings")
def an_unknown_setting_is_refused_and_nothing_patched() -> None:
    from rasa_components.speedups import PATCHES, SpeedupsError, install

    for setting in ("rule_match", "graph_runner,nope", "ALL"):
        try:
            install(setting)
        except SpeedupsError as error:
            assert "RASA_SPEEDUPS_DISABLE: no patch named" in str(error), error
            assert "rule_matching" in str(error)  # the names it knows
        else:
            raise AssertionError(setting)
        assert not any(patch.installed() for patch in PATCHES)


@check("settings")
def every_replaced_attribute_is_declared() -> None:
    """What `install()` marks anywhere in Rasa is exactly what PATCHES declares: no patch
    escapes its setting."""
    import inspect
    import sys

    from rasa_components.speedups import _MARK, PATCHES

    install_all()
    marked = set()
    for module in list(sys.modules.values()):
        if not getattr(module, "__name__", "").startswith("rasa."):
            continue
        for owner in vars(module).values():
            if not inspect.isclass(owner) or owner.__module__ != module.__name__:
                continue
            for name, value in vars(owner).items():
                function = getattr(value, "__func__", value)
                if getattr(function, _MARK, False):
                    marked.add(f"{module.__name__}:{owner.__name__}.{name}")
    declared = {spec for patch in PATCHES for spec in patch.replaces}
    assert marked == declared, marked ^ declared
    assert len(PATCHES) == 9 and len({p.name for p in PATCHES}) == 9
    take_out()


# --- each patch against Rasa's own code ------------------------------------------------------


@check("action_answers")
def action_answers_get_jsonschemas_verdict() -> None:
    import copy
    import random

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
        {
            "event": "user",
            "text": "hi",
            "parse_data": {"intent": {"name": "greet", "confidence": 0.9}, "entities": []},
        },
        {"event": "reset_slots"},
        {"event": "entities", "entities": [{"entity": "e", "value": 1}]},
    ]
    bad = [
        {"event": "slot", "name": "a"},
        {"event": "slot", "name": 3, "value": 1},
        {"event": "nope"},
        {"name": "a"},
        "slot",
        3,
        None,
        {"event": 5},
        {"event": "slot", "name": "a", "value": 1, "timestamp": "x"},
        {"event": "entities", "entities": [{"entity": "e"}]},
        {"event": "action", "confidence": "high"},
        {"event": "user", "parse_data": {"entities": "x"}},
        {"event": "bot", "metadata": 3},
    ]
    rng = random.Random(1)
    answers: list[Any] = [None, [], "x", {}, {"responses": "x"}, {"events": "x"}, {"events": []}]
    answers += [{"responses": [1]}, {"events": [], "responses": [{"text": 3}]}]
    for _ in range(400):
        pool = good + bad if rng.random() < 0.3 else good
        answer = {"events": [copy.deepcopy(rng.choice(pool)) for _ in range(rng.randint(0, 5))]}
        if rng.random() < 0.5:
            answer["responses"] = rng.choice([[{"text": "x"}], [], [3], "no"])
        answers.append(answer)
    verdicts = [full.is_valid(a) for a in answers]
    assert 0.2 < sum(verdicts) / len(verdicts) < 0.8  # both kinds, plenty of each
    assert [fast(a) for a in answers] == verdicts

    # The patched method: True, or Rasa's own error, as Rasa's method gives.
    install_all()
    action = RemoteAction("action_x", None)
    original = rasas("rasa.core.actions.action:RemoteAction._validate_action_result")
    for answer in answers[:60]:
        if not isinstance(answer, dict):
            continue
        outcomes = []
        for validate in (original, RemoteAction._validate_action_result):
            try:
                outcomes.append(validate(action, answer))
            except Exception as error:
                outcomes.append((type(error), getattr(error, "message", str(error))))
        assert outcomes[0] == outcomes[1], (answer, outcomes)


@check("graph_runner")
def graph_runs_give_what_rasas_runner_gives() -> None:
    """The cached runner's `run` on a real `DaskGraphRunner`: same results, same errors, each
    node once per run, nothing kept from one run's inputs to the next."""
    import tempfile
    from pathlib import Path

    from rasa.engine.graph import ExecutionContext, GraphComponent, GraphSchema, SchemaNode
    from rasa.engine.runner.dask import DaskGraphRunner
    from rasa.engine.storage.local_model_storage import LocalModelStorage

    calls: list[str] = []

    class Step(GraphComponent):
        def __init__(self, config: dict[str, Any]) -> None:
            self.name = config["name"]

        @classmethod
        def create(
            cls,
            config: dict[str, Any],
            model_storage: Any,
            resource: Any,
            execution_context: ExecutionContext,
        ) -> Step:
            return cls(config)

        def run(self, text: str, before: Any = None) -> Any:
            calls.append(self.name)
            if text == "fail" and self.name == "tokens":
                raise ValueError("this node failed")
            return (self.name, text, before)

    def node(name: str, needs: dict[str, str], target: bool = False) -> SchemaNode:
        return SchemaNode(needs, Step, "create", "run", {"name": name}, is_target=target)

    schema = GraphSchema(
        {
            "tokens": node("tokens", {"text": "__message__"}),
            "features": node("features", {"text": "__message__", "before": "tokens"}),
            "intent": node("intent", {"text": "__message__", "before": "features"}, True),
            "policy": node("policy", {"text": "__tracker__", "before": "intent"}, True),
            "unused": node("unused", {"text": "__message__"}),
        }
    )
    original_run = rasas("rasa.engine.runner.dask:DaskGraphRunner.run")
    install_all()
    with tempfile.TemporaryDirectory() as tmp:
        runner = DaskGraphRunner(
            schema, LocalModelStorage(Path(tmp)), ExecutionContext(schema, "test")
        )

        def outcome(run: Callable[..., Any], **kwargs: Any) -> Any:
            calls.clear()
            try:
                result: Any = run(runner, **kwargs)
            except Exception as error:
                cause = error.__cause__
                result = (type(error), str(error), type(cause), str(cause))
            return result, sorted(calls)

        runs = [
            dict(inputs={"__message__": "hi"}, targets=["intent"]),
            dict(inputs={"__message__": "hello"}, targets=["intent"]),  # kept graph, new input
            dict(inputs={"__message__": "hi", "__tracker__": "t1"}),  # the schema's targets
            dict(inputs={"__message__": "hi", "__tracker__": "t2"}, targets=["policy", "tokens"]),
            dict(inputs={"__message__": "fail"}, targets=["intent"]),  # a node's error
            dict(inputs={"__message__": "hi"}, targets=["policy"]),  # an input not given
            dict(inputs={"__message__": "tokens"}, targets=["intent"]),  # input named as a node
        ]
        for kwargs in runs + runs:  # the second time from the kept sub-graphs
            ours, rasas_ = outcome(DaskGraphRunner.run, **kwargs), outcome(original_run, **kwargs)
            assert ours == rasas_, (kwargs, ours, rasas_)
        assert len(runner.__dict__["_built_graphs"]) == 4  # one per set of targets
        ok, ran = outcome(DaskGraphRunner.run, inputs={"__message__": "hi", "__tracker__": "t"})
        assert set(ok) == {"intent", "policy"} and ran == ["features", "intent", "policy", "tokens"]


@check("graph_runner")
def evaluate_gives_what_dask_gives() -> None:
    import dask

    from rasa_components.speedups import evaluate

    calls = []

    def node(name: str) -> Callable[..., Any]:
        def run(*inputs: Any) -> Any:
            calls.append(name)
            return (name, [i[1] if isinstance(i, tuple) else i for i in inputs])

        return run

    graph = {
        "a": (node("a"), "input"),
        "b": (node("b"), "a"),
        "c": (node("c"), "a", "b", "missing"),
        "unused": (node("unused"), "a"),
        "input": ("input", {"text": "hi"}),
    }
    ours = evaluate(graph, ["c", "b"])
    assert calls == ["a", "b", "c"], calls  # each node once, only what the targets need
    assert ours == dict(dask.get(graph, ["c", "b"])), (ours, dask.get(graph, ["c", "b"]))


@check("event_types")
def event_lookup_finds_every_type_and_keeps_rasas_errors() -> None:
    import rasa.shared.utils.common
    from rasa.shared.core.events import Event, SlotSet

    install_all()
    original = rasas("rasa.shared.core.events:Event.resolve_by_type")
    names = {c.type_name for c in rasa.shared.utils.common.all_subclasses(Event)}
    for name in sorted(names) + ["topic"]:
        assert Event.resolve_by_type(name) is original(name), name
    assert Event.resolve_by_type("nope", SlotSet) is SlotSet

    class LaterSlot(SlotSet):  # an event class imported after the first lookups
        type_name = "backorder_later_slot"

    assert Event.resolve_by_type("backorder_later_slot") is LaterSlot
    assert original("backorder_later_slot") is LaterSlot
    for resolve in (Event.resolve_by_type, original):
        try:
            resolve("nope")
        except ValueError as error:
            assert str(error) == "Unknown event name 'nope'."
        else:
            raise AssertionError("no error")
    event = Event.from_parameters({"event": "slot", "name": "a", "value": 1})
    assert isinstance(event, SlotSet) and event.value == 1


@check("tracker_states")
def past_states_grow_with_the_events_exactly_as_rasa_recomputes_them() -> None:
    from rasa.shared.core.domain import Domain
    from rasa.shared.core.events import (
        ActionExecuted,
        ActionReverted,
        ActiveLoop,
        BotUttered,
        FollowupAction,
        Restarted,
        SessionStarted,
        SlotSet,
        UserUtteranceReverted,
        UserUttered,
    )
    from rasa.shared.core.trackers import DialogueStateTracker

    install_all()
    domain = Domain.load("domain.yml")

    def user(intent: str, **entities: str) -> UserUttered:
        return UserUttered(
            intent,
            {"name": intent, "confidence": 1.0},
            [{"entity": k, "value": v} for k, v in entities.items()],
        )

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
    ]  # fmt: skip
    rule_only = {"rule_only_slots": ["requested_slot"], "rule_only_loops": [form]}
    options: list[dict[str, Any]] = [
        {},
        {"omit_unset_slots": True},
        {"ignore_rule_only_turns": True, "rule_only_data": rule_only},
        {"ignore_rule_only_turns": True, "rule_only_data": rule_only, "omit_unset_slots": True},
    ]
    tracker = DialogueStateTracker("t", domain.slots)
    for event in events:
        tracker.update(event)
        for option in options:
            # Rasa's own, from the start, against ours, grown event by event
            assert tracker.past_states(domain, **option) == domain.states_for_tracker_history(
                tracker, **option
            ), (event, option)
    assert len(tracker.__dict__["_past_states_memo"]) == len(options)


@check("tracker_states")
def past_states_are_handed_out_as_copies() -> None:
    from rasa.shared.core.domain import Domain
    from rasa.shared.core.events import ActionExecuted, UserUttered
    from rasa.shared.core.trackers import DialogueStateTracker

    domain = Domain.from_yaml(
        """
        version: "3.1"
        intents: [greet, bye]
        actions: [utter_hi]
        responses:
          utter_hi: [{text: hi}]
        """
    )
    tracker = DialogueStateTracker("t", domain.slots)
    for event in [
        ActionExecuted("action_listen"),
        UserUttered("hey", {"name": "greet"}),
        ActionExecuted("utter_hi"),
        ActionExecuted("action_listen"),
    ]:
        tracker.update(event)
    plain = rasas("rasa.shared.core.trackers:DialogueStateTracker.past_states")(tracker, domain)
    install_all()
    first = tracker.past_states(domain, rule_only_data={"rule_only_slots": []})
    assert first == plain
    del first[1]["user"]["intent"]  # featurizers edit what they get
    again = tracker.past_states(domain, rule_only_data={"rule_only_slots": []})
    assert again == plain, again
    tracker.update(UserUttered("bye", {"name": "bye"}))
    longer = tracker.past_states(domain)
    assert len(longer) == len(plain) and longer[-1]["user"]["intent"] == "bye", longer


@check("endpoint_sessions")
def endpoint_requests_share_one_open_session() -> None:
    import asyncio

    from rasa.utils.endpoints import EndpointConfig

    from rasa_components.speedups import dumps

    install_all()

    async def main() -> None:
        endpoint = EndpointConfig("http://127.0.0.1:9/webhook", headers={"X-A": "1"})
        rasas_session = rasas("rasa.utils.endpoints:EndpointConfig.session")(endpoint)
        async with endpoint.session() as one:
            pass
        async with endpoint.session() as two:
            pass
        assert one is two and not one.closed
        assert one.headers == rasas_session.headers and one.headers["X-A"] == "1"
        assert one.timeout == rasas_session.timeout
        assert one.json_serialize is dumps
        await rasas_session.close()
        await one.close()
        async with endpoint.session() as three:
            assert three is not one and not three.closed
        await three.close()

    asyncio.run(main())


@check("endpoint_sessions")
def action_requests_are_the_json_rasa_would_send() -> None:
    import json
    import math

    from rasa.shared.core.domain import Domain
    from rasa.shared.core.events import ActionExecuted, BotUttered, SlotSet, UserUttered
    from rasa.shared.core.trackers import DialogueStateTracker, EventVerbosity

    from rasa_components.speedups import dumps

    domain = Domain.load("domain.yml")
    tracker = DialogueStateTracker("web:ü/1", domain.slots)
    for event in [
        ActionExecuted("action_listen"),
        UserUttered(
            "wo ist meine Bestellung? #100042 / größe 2TB",
            {"name": "order_status", "confidence": 0.8123456789012345},
            [{"entity": "order_number", "value": "100042", "start": 26, "end": 33}],
        ),
        SlotSet("order_number", "100042"),
        SlotSet("pending", 1e300),
        BotUttered(
            'Line <b>1</b>, "quoted" — done',
            {"buttons": [{"title": "5", "payload": '/feedback{"rating": "5"}'}]},
        ),
    ]:
        tracker.update(event)
    request = {
        "next_action": "action_order_status",
        "sender_id": tracker.sender_id,
        "tracker": tracker.current_state(EventVerbosity.ALL),
        "domain": domain.as_dict(),
        "version": "3.6.21",
    }
    assert len(dumps(request)) > 1000
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


@check("rule_matching")
def rule_matches_remembered_by_the_last_states_are_rasas_matches() -> None:
    """A loaded policy (persisted and loaded back, as from a model) against Rasa's matching on
    random histories, many ending in a rule's own states."""
    import json
    import random
    import tempfile
    from pathlib import Path

    from rasa.core.policies.rule_policy import RulePolicy
    from rasa.engine.graph import ExecutionContext, GraphSchema
    from rasa.engine.storage.local_model_storage import LocalModelStorage
    from rasa.engine.storage.resource import Resource

    listen = {"action_name": "action_listen"}
    pool: list[dict[str, Any]] = [
        {},  # a conversation's start
        {"prev_action": listen, "user": {"intent": "greet"}},
        {"prev_action": listen, "user": {"intent": "faq"}},
        {"prev_action": listen, "user": {"text": "hi there"}},
        {"prev_action": listen, "user": {"intent": "order_status", "entities": ("order_number",)}},
        {"prev_action": {"action_name": "utter_greet"}, "user": {"intent": "greet"}},
        {
            "prev_action": {"action_name": "order_lookup_form"},
            "user": {"intent": "order_status"},
            "active_loop": {"name": "order_lookup_form"},
            "slots": {"order_number": (1.0,)},
        },
        {
            "prev_action": listen,
            "user": {"intent": "inform", "entities": ("email", "order_number")},
            "active_loop": {"name": "order_lookup_form"},
            "slots": {"order_number": (1.0,), "verified": (1.0, 0.0)},
        },
        {"prev_action": {"action_name": "action_order_status"}, "slots": {"verified": (1.0,)}},
        {"prev_action": {"action_name": "...", "action_text": "x"}},
    ]
    rng = random.Random(4)

    def jsonable(states: list[dict[str, Any]]) -> str:
        return json.dumps(states, sort_keys=True)  # tuples become lists, as in Rasa's keys

    rules = [[rng.choice(pool) for _ in range(rng.randint(1, 5))] for _ in range(60)]
    lookup = {
        "rules": {jsonable(rule): f"utter_{n}" for n, rule in enumerate(rules[:45])},
        "rules_for_loop_unhappy_path": {jsonable(rule): "loop" for rule in rules[45:]},
        "rules_by_loop": {},
    }
    install_all()
    with tempfile.TemporaryDirectory() as tmp:
        storage = LocalModelStorage(Path(tmp))
        context = ExecutionContext(GraphSchema({}), "test")
        resource = Resource("rules")
        config = RulePolicy.get_default_config()
        RulePolicy(config, storage, resource, context, lookup=lookup).persist()
        remembering = RulePolicy.load(config, storage, resource, context)
        plain = rasas("rasa.core.policies.rule_policy:RulePolicy.load").__func__(
            RulePolicy, config, storage, resource, context
        )
    assert "_backorder_rule_memo" in remembering.__dict__
    assert "_backorder_rule_memo" not in plain.__dict__  # Rasa's load: Rasa's own matching
    assert remembering.lookup == plain.lookup == lookup

    def histories() -> Any:
        for _ in range(400):
            states = [rng.choice(pool) for _ in range(rng.randint(0, 4))]
            states += rng.choice(rules) if rng.random() < 0.6 else []
            if states and rng.random() < 0.3:  # the last state missing a part
                states[-1] = dict(states[-1])
                if states[-1]:
                    states[-1].pop(rng.choice(list(states[-1])))
            yield states
            # the same last turns after another history: a memo keyed on too few states
            # answers these from the first
            for keep in (1, 2, 3, 4):
                yield [rng.choice(pool) for _ in range(rng.randint(0, 3))] + states[-keep:]

    original = rasas("rasa.core.policies.rule_policy:RulePolicy._get_possible_keys")
    matched = 0
    for states in histories():
        for name in ("rules", "rules_for_loop_unhappy_path"):
            rasas_keys = original(plain, plain.lookup[name], states)
            for _ in range(2):  # the second time from the memo
                ours = remembering._get_possible_keys(remembering.lookup[name], states)
                assert ours == rasas_keys, (name, states, ours, rasas_keys)
            assert plain._get_possible_keys(plain.lookup[name], states) == rasas_keys
            matched += bool(rasas_keys)
    assert matched > 300, matched  # rules applied, not only empty answers
    assert 0 < len(remembering.__dict__["_backorder_rule_memo"]) < 4000  # repeats remembered


@check("empty_domain")
def the_domain_is_empty_only_when_rasa_says_so() -> None:
    from rasa.shared.core.domain import Domain

    install_all()
    original = rasas("rasa.shared.core.domain:Domain.is_empty")
    for domain in (
        Domain.empty(),
        Domain.from_dict({}),
        Domain.load("domain.yml"),
        Domain.from_dict({"intents": ["greet"]}),
        Domain.from_dict({"responses": {"utter_hi": [{"text": "hi"}]}}),
        Domain.from_dict({"session_config": {"session_expiration_time": 5}}),
        Domain.from_dict({"config": {"store_entities_as_slots": False}}),
    ):
        assert domain.is_empty() == original(domain)
    assert Domain.empty().is_empty() and not Domain.load("domain.yml").is_empty()


@check("count_vectors")
def count_vectors_are_the_matrices_scikit_learn_builds() -> None:
    import random
    import tempfile
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

    rasas_features = rasas(
        "rasa.nlu.featurizers.sparse_featurizer.count_vectors_featurizer:"
        "CountVectorsFeaturizer._create_features"
    )
    install_all()
    context = ExecutionContext(GraphSchema({}), "test")
    tokenizer = WhitespaceTokenizer(WhitespaceTokenizer.get_default_config())
    words = ["where", "is", "my", "order", "#100042", "rtx", "4090", "in", "stock", "Größe"]
    words += ["2TB", "ssd", "ada.lovelace@example.com", "100", "042", "thanks", "?", "ok"]
    rng = random.Random(5)

    def text() -> str:
        return " ".join(rng.choice(words) for _ in range(rng.randint(1, 8)))

    train = [Message(data={"text": text(), "intent": rng.choice(["a", "b_c"])}) for _ in range(60)]
    tokenizer.process_training_data(TrainingData(train))
    configs: list[dict[str, Any]] = [
        {},
        {"analyzer": "char_wb", "min_ngram": 1, "max_ngram": 4},
        {"min_ngram": 1, "max_ngram": 2},  # ours (config.yml)
        {"lowercase": False, "binary": True},
        {"analyzer": "char", "min_ngram": 2, "max_ngram": 3},
    ]
    compared = 0
    with tempfile.TemporaryDirectory() as tmp:
        storage = LocalModelStorage(Path(tmp))
        for n, config in enumerate(configs):
            rasa_config = {k: v for k, v in config.items() if k != "binary"}
            featurizer = Featurizer.create(
                {**Featurizer.get_default_config(), **rasa_config},
                storage,
                Resource(f"cv{n}"),
                context,
            )
            featurizer.train(TrainingData(train))
            for vectorizer in featurizer.vectorizers.values():  # not a Rasa option: set here
                vectorizer.binary = config.get("binary", False)
            for attribute in ("text", "intent"):
                for _ in range(12):
                    message = Message(data={"text": text() + " unseen wörds", "intent": "b_c"})
                    tokenizer.process([message])
                    tokens = featurizer._get_processed_message_tokens_by_attribute(
                        message, attribute
                    )
                    for batch in ([tokens], [tokens, []], [[], tokens, tokens[:1]]):
                        ours = Featurizer._create_features(featurizer, attribute, batch)
                        theirs = rasas_features(featurizer, attribute, batch)
                        for a, b in zip(ours[0] + ours[1], theirs[0] + theirs[1], strict=True):
                            assert (a is None) == (b is None), (config, attribute, batch)
                            if a is None:
                                continue
                            assert a.format == b.format == "coo" and a.shape == b.shape
                            assert a.dtype == b.dtype and a.row.dtype == b.row.dtype
                            assert a.col.dtype == b.col.dtype
                            assert (a.row == b.row).all() and (a.col == b.col).all()
                            assert (a.data == b.data).all(), (config, batch)
                            compared += 1
    assert compared > 300, compared


@check("sentence_features")
def the_classifier_gets_the_same_feature_rows() -> None:
    import numpy as np
    from rasa.nlu.classifiers.logistic_regression_classifier import (
        LogisticRegressionClassifier as Classifier,
    )
    from rasa.shared.nlu.training_data.features import Features
    from rasa.shared.nlu.training_data.message import Message
    from scipy.sparse import coo_matrix

    original = rasas(
        "rasa.nlu.classifiers.logistic_regression_classifier:LogisticRegressionClassifier._create_X"
    )
    install_all()
    rng = np.random.default_rng(3)

    def sparse(rows: int, columns: int, dtype: Any) -> Any:
        dense = (rng.random((rows, columns)) < 0.3) * rng.integers(1, 4, (rows, columns))
        return coo_matrix(dense.astype(dtype))

    def message(text: str, tokens: int, with_dense: str = "") -> Message:
        m = Message(data={"text": text})
        for origin, width, dtype in [
            ("regex", 3, np.float64),
            ("words", 7, np.int64),
            ("chars", 11, np.float32),
        ]:
            m.add_features(Features(sparse(tokens, width, dtype), "sequence", "text", origin))
            m.add_features(Features(sparse(1, width, dtype), "sentence", "text", origin))
        m.add_features(Features(sparse(1, 2, np.float64), "sentence", "intent", "other"))
        if with_dense:  # the sentence encoder's vector: scaled, zeros for "104233"
            vector = (rng.random((1, 6)) * 5).astype(np.float32) * (with_dense == "some")
            vector[0, 2] = 0.0
            m.add_features(Features(np.tile(vector, (tokens, 1)), "sequence", "text", "e5"))
            m.add_features(Features(vector, "sentence", "text", "e5"))
        return m

    no_sentence = Message(data={"text": "x"})  # goes Rasa's way (and Rasa's error)
    no_sentence.add_features(Features(sparse(1, 3, np.float64), "sequence", "text", "regex"))
    for messages in (
        [message("a", 2)],
        [message("b c", 3), message("d", 1)],
        [message("e", 2, with_dense="some")],
        [message("f g", 2, "some"), message("104233", 1, "zeros"), message("h", 1, "some")],
        [no_sentence],
    ):
        outcomes = []
        for create in (original, Classifier._create_X):
            try:
                matrix = create(None, messages)
                outcomes.append((matrix.shape, matrix.dtype, matrix.toarray().tolist()))
            except Exception as error:
                outcomes.append((type(error), str(error)))
        assert outcomes[0] == outcomes[1], outcomes


def main() -> None:
    """Runs every check, Rasa's originals kept first; prints each one's traceback or None."""
    import inspect
    import logging

    from rasa_components.speedups import PATCHES

    logging.getLogger("rasa_components.speedups").setLevel(logging.INFO)
    for patch in PATCHES:
        for spec, owner, name in patch.targets():
            ORIGINAL[spec] = inspect.getattr_static(owner, name)
    assert not any(patch.installed() for patch in PATCHES)
    results: dict[str, str | None] = {}
    for name, (_patch, function) in CHECKS.items():
        try:
            function()
            results[name] = None
        except BaseException:
            results[name] = traceback.format_exc()
    covered = {patch for patch, _ in CHECKS.values()}
    missing = [patch.name for patch in PATCHES if patch.name not in covered]
    results["every_patch_has_a_check"] = f"no check for {missing}" if missing else None
    print(RESULTS_MARK + json.dumps(results))


if __name__ == "__main__":
    main()
