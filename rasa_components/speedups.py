"""Rasa 3.6 repeats work on every message that only needs doing once; this does it once.

Each patch below replaces one private piece of Rasa 3.6.21 (two for `rule_matching`) with code
that gives the same results and errors, found with py-spy on our Rasa process (README, "The
conversation", Speed). Private code changes without notice between Rasa releases, so:

- `install()` refuses to patch any Rasa but `RASA_VERSION` (`SpeedupsError`, which stops
  `rasa train` and leaves `rasa run` without a model, its message in the log). A Rasa upgrade
  changes requirements/rasa.txt and so the training fingerprint: `make train` is the first thing
  to fail, in the hands of whoever upgraded, never a running bot. Check each patch below against
  the new Rasa (the fast tests in tests/conversations/test_rasa_speedups.py compare each with
  Rasa's original), then change `RASA_VERSION`; or run Rasa unpatched with
  `RASA_SPEEDUPS_DISABLE=all`.
- `RASA_SPEEDUPS_DISABLE` (comma-separated patch names, or `all`), read by the Rasa process when
  the model loads, leaves those pieces of Rasa as they are: to rule a patch out when Rasa
  misbehaves, without retraining. An unknown name is refused.

The patches, by name (`PATCHES`), with what each assumes of Rasa 3.6.21:

1. `action_answers` (`RemoteAction._validate_action_result`): Rasa validates every custom
   action's answer with `jsonschema.validate`, which first checks the *schema* against the JSON
   Schema meta-schema (~14 ms of CPU per call), then each event against all 23 event schemas of
   a `oneOf`. The validator is built once and each event is checked against the one schema its
   `event` names (`answer_validator`); an answer it refuses goes through Rasa's own check for
   Rasa's error. Assumes: the schema is `action_response_format_spec()`, a constant whose
   alternatives each pin `event` to a constant.
2. `graph_runner` (`DaskGraphRunner.run`): every message runs the model's graph several times;
   each run rebuilt the minimal sub-graph for its targets by an unmemoised recursive walk and
   handed it to `dask.get`, whose scheduler costs more than our small graphs' plumbing. The
   sub-graph is built once per set of targets (kept on the runner) and evaluated in dependency
   order, each node once (`evaluate`). Assumes: the runner's schema and nodes never change after
   it is created; nodes are `(callable, *needed keys)` tasks and inputs literal values, as
   `_build_dask_graph` and `_add_inputs_to_graph` make them.
3. `event_types` (`Event.resolve_by_type`): an event dict becomes an `Event` by walking all
   `Event` subclasses (`inspect.isabstract` on each) for every event. A dict now, rebuilt when an
   unknown name appears (a class imported later). Assumes: the first subclass with the
   `type_name` wins, then "topic" / the default / `ValueError`, as in Rasa's loop.
4. `tracker_states` (`DialogueStateTracker.past_states`): RulePolicy asks for the dialogue
   states 2-3 times per prediction, and each time Rasa replays the whole conversation. The
   states are kept on the tracker per (domain, options) and grown with the events appended
   since (`_StatesSoFar`, which runs the body of Rasa's `Domain.states_for_tracker_history`
   loop); restarts, rewinds, undos, a loop action running again or a new loop start over, as
   Rasa does. Callers get copies. Assumes: that loop body, and trackers whose events are only
   appended to between calls. Memory: `bench/tracker_memory.py`, README's Speed section.
5. `endpoint_sessions` (`EndpointConfig.session`): Rasa opens a new HTTP session (and TCP
   connection) to the action server for every call and encodes the request (the whole
   conversation) with the standard library's `json`. One session per endpoint and event loop
   is kept open (keep-alive `KEEPALIVE_SECONDS`, under the action server's), encoding with
   ujson (`dumps`). Assumes: Rasa uses the session only as `async with endpoint.session()`.
6. `rule_matching` (`RulePolicy._get_possible_keys`, and `RulePolicy.load` to mark loaded
   policies): RulePolicy tests every rule (88 of ours) against the conversation's states, twice
   per predicted action. A rule of n states is decided by the last n states, so a loaded policy
   remembers the answer per rule set and last (longest rule) states, up to `RULE_MEMO_SIZE`
   answers. Assumes: `_is_rule_applicable` looks at one state per turn index, and the rule set
   of a loaded policy does not change (training's does, so only loaded policies remember).
7. `empty_domain` (`Domain.is_empty`): Rasa builds an empty `Domain` from scratch for every
   parsed message to compare ours with; it is built once. Assumes: `is_empty` is
   `self.as_dict() == Domain.empty().as_dict()`.
8. `count_vectors` (`CountVectorsFeaturizer._create_features`): scikit-learn's `transform`
   builds a CSR matrix, sorts it and converts it to COO, twice per featurizer per message; the
   counts go straight into the COO matrix, in the same order. Assumes: fitted `vectorizers` per
   attribute with `vocabulary_`, `build_analyzer()`, `binary` and `dtype`, as scikit-learn's
   `CountVectorizer._count_vocab` uses them.
9. `sentence_features` (`LogisticRegressionClassifier._create_X`): Rasa deep-copies and
   `hstack`s every featurizer's sequence *and* sentence features per message, then uses only
   the sentence part; the sentence features are laid side by side straight into one CSR
   matrix. Assumes: `_create_X` is the sentence features of `TEXT`, sparse before dense, in
   the order of `message.features`.

`RasaSpeedups` is listed first in config.yml's pipeline only so that `install()` runs wherever
the model is loaded (`rasa run`, `rasa test`, `rasa shell`, `rasa train`); it adds no features
and passes messages through untouched. `install()` is idempotent.
"""

# Typing as in Rasa's own components (Python 3.10 venv; Rasa validates the graph's signatures).
# ruff: noqa: UP006, UP007, UP019, UP035, UP045

from __future__ import annotations

import importlib
import json
import logging
import os
from dataclasses import dataclass
from typing import Any, Callable, Dict, FrozenSet, List, Optional, Text, Tuple, Type

import ujson
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.exceptions import RasaException
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

logger = logging.getLogger(__name__)

# The Rasa every patch was written against and checked on (tests/conversations/
# test_rasa_speedups.py). Change it only after checking each patch against the new Rasa.
RASA_VERSION = "3.6.21"
DISABLE_VARIABLE = "RASA_SPEEDUPS_DISABLE"

_MARK = "_backorder_speedup"


def _installed(function: Callable) -> bool:
    return getattr(function, _MARK, False)


def _mark(function: Callable) -> Callable:
    setattr(function, _MARK, True)
    return function


def install_action_answer_validator() -> None:
    from rasa.core.actions.action import RemoteAction

    current = RemoteAction._validate_action_result
    if _installed(current):
        return
    is_valid = answer_validator(RemoteAction.action_response_format_spec())

    def _validate_action_result(self: RemoteAction, result: Dict[Text, Any]) -> bool:
        if is_valid(result):
            return True
        return current(self, result)  # raises Rasa's own ValidationError

    RemoteAction._validate_action_result = _mark(_validate_action_result)  # type: ignore[method-assign]


def answer_validator(spec: Dict[Text, Any]) -> Callable[[Any], bool]:
    """`jsonschema`'s verdict on an action answer, built once and checking each event against
    the one schema its `event` names.

    Rasa's event schema is a `oneOf` of 23 event schemas, so jsonschema checks every event of an
    answer against all 23 (the shared part once per alternative). Each alternative pins `event`
    to its own constant and the event schema requires `event`, so the one alternative an event
    can match is the one whose constant it carries: checking that one alone gives the same
    verdict. Anything else (no `event`, an unknown one, not an object) goes to the full schema.
    """
    from jsonschema.validators import validator_for

    validator_class = validator_for(spec)
    validator_class.check_schema(spec)
    full = validator_class(spec)
    events_schema = spec["properties"]["events"]
    event_schema = events_schema["items"]
    shared = {key: value for key, value in event_schema.items() if key != "oneOf"}
    by_event = {}
    for alternative in event_schema["oneOf"]:
        name = alternative["properties"]["event"]["const"]
        by_event[name] = validator_class({**shared, "allOf": [alternative]})
    rest = validator_class(
        {**spec, "properties": {k: v for k, v in spec["properties"].items() if k != "events"}}
    )
    events_array = validator_class({**events_schema, "items": {}})

    def is_valid(answer: Any) -> bool:
        if not isinstance(answer, dict) or "events" not in answer:
            return full.is_valid(answer)
        events = answer["events"]
        if not rest.is_valid(answer) or not events_array.is_valid(events):
            return False
        for event in events:
            name = event.get("event") if isinstance(event, dict) else None
            check = by_event.get(name) if isinstance(name, str) else None
            if not (check.is_valid(event) if check else full.is_valid({"events": [event]})):
                return False
        return True

    return is_valid


def evaluate(graph: Dict[Text, Any], targets: List[Text]) -> Dict[Text, Any]:
    """What `dict(dask.get(graph, targets))` gives for Rasa's graphs, without dask's scheduler.

    A value is a task `(callable, key, ...)`, called with the values of its keys, or a literal
    (Rasa's inputs: `(input_name, value)` tuples), taken as it is. Each node runs once. An
    argument that is no key of the graph (an input not given) is passed as it is, as dask does:
    Rasa's node then raises its "Missing input" error.
    """
    values: Dict[Text, Any] = {}

    def value(key: Text) -> Any:
        if key in values:
            return values[key]
        task = graph[key]
        if isinstance(task, tuple) and task and callable(task[0]):
            result = task[0](*(value(arg) if arg in graph else arg for arg in task[1:]))
        else:
            result = task
        values[key] = result
        return result

    return dict(value(target) for target in targets)


def install_graph_runner() -> None:
    from rasa.engine.exceptions import GraphRunError
    from rasa.engine.runner.dask import DaskGraphRunner

    if _installed(DaskGraphRunner.run):
        return

    def run(
        self: DaskGraphRunner,
        inputs: Optional[Dict[Text, Any]] = None,
        targets: Optional[List[Text]] = None,
    ) -> Dict[Text, Any]:
        run_targets = targets if targets else self._graph_schema.target_names
        built: Dict[Tuple[Text, ...], Dict[Text, Any]] = self.__dict__.setdefault(
            "_built_graphs", {}
        )
        key = tuple(run_targets)
        if key not in built:
            minimal_schema = self._graph_schema.minimal_graph_schema(run_targets)
            built[key] = self._build_dask_graph(minimal_schema)
        run_graph = dict(built[key])
        if inputs:
            self._add_inputs_to_graph(inputs, run_graph)
        try:
            return evaluate(run_graph, list(run_targets))
        except RuntimeError as error:
            raise GraphRunError("Error running runner.") from error

    DaskGraphRunner.run = _mark(run)  # type: ignore[method-assign]


def install_event_type_lookup() -> None:
    import rasa.shared.utils.common
    from rasa.shared.core.events import Event

    if _installed(Event.resolve_by_type):
        return
    original = Event.resolve_by_type
    by_name: Dict[Text, Type[Event]] = {}

    def refresh() -> None:
        by_name.clear()
        # First match wins, as in Rasa's own loop.
        for cls in rasa.shared.utils.common.all_subclasses(Event):
            by_name.setdefault(cls.type_name, cls)

    def resolve_by_type(
        type_name: Text, default: Optional[Type[Event]] = None
    ) -> Optional[Type[Event]]:
        if type_name not in by_name:
            refresh()
        if type_name in by_name:
            return by_name[type_name]
        return original(type_name, default)  # "topic", the default, or Rasa's own error

    Event.resolve_by_type = staticmethod(_mark(resolve_by_type))  # type: ignore[method-assign]


class _StatesSoFar:
    """`Domain.states_for_tracker_history` run up to the end of the events seen so far, kept so
    that the next call only runs through the events appended since (Rasa runs through all).

    The loop body is Rasa 3.6's, unchanged; what is kept is everything it carries from one event
    to the next: the replayed tracker, the states of the turns behind, the last ML action and
    whether the turn was hidden. The states of the final turn (the tracker as it is now) are
    worked out on a copy of that, since more events will follow.
    """

    def __init__(
        self,
        tracker: Any,
        domain: Any,
        omit_unset_slots: bool,
        ignore_rule_only_turns: bool,
        rule_only_data: Optional[Dict[Text, Any]],
    ) -> None:
        self.domain = domain
        self.omit_unset_slots = omit_unset_slots
        self.ignore_rule_only_turns = ignore_rule_only_turns
        self.rule_only_data = rule_only_data
        self.replay = tracker.init_copy()
        self.states: List[Dict[Text, Any]] = []
        self.last_ml_action_sub_state: Any = None
        self.turn_was_hidden = False
        self.loop_names: set = set()
        self.first: Any = None
        self.last: Any = None
        self.length = 0
        self.extend(tracker.applied_events(), tracker)

    def extend(self, events: List[Any], tracker: Any) -> None:
        from rasa.shared.core.events import ActionExecuted

        for event in events:
            if isinstance(event, ActionExecuted):
                self._turn(self.replay, event.hide_rule_turn, self.states)
            self.replay.update(event)
        self._remember(tracker)

    def _remember(self, tracker: Any) -> None:
        from rasa.shared.core.events import ActiveLoop

        events = tracker.events
        self.length = len(events)
        self.first = events[0] if events else None
        self.last = events[-1] if events else None
        self.loop_names = {e.name for e in events if isinstance(e, ActiveLoop) and e.name}

    def _turn(self, tr: Any, hide_rule_turn: bool, states: List[Dict[Text, Any]]) -> None:
        # Rasa 3.6.21's Domain.states_for_tracker_history, the body of its loop.
        domain = self.domain
        if self.ignore_rule_only_turns:
            if not self.turn_was_hidden:
                self.last_ml_action_sub_state = domain._get_prev_action_sub_state(tr)
            if not tr.followup_action and tr.latest_action_name != tr.active_loop_name:
                self.turn_was_hidden = hide_rule_turn
            if self.turn_was_hidden:
                return
        state = domain.get_active_state(tr, omit_unset_slots=self.omit_unset_slots)
        if self.ignore_rule_only_turns:
            domain._remove_rule_only_features(state, self.rule_only_data)
            if states:
                domain._substitute_rule_only_user_input(state, states[-1])
            if self.last_ml_action_sub_state:
                state["prev_action"] = self.last_ml_action_sub_state
        states.append(domain._clean_state(state))

    def appended(self, tracker: Any) -> Optional[List[Any]]:
        """The events appended since, if they only extend what Rasa would apply; else None.

        Restarts, session starts, rewinds and undos change the events applied before them, and
        so does a loop action running again (Rasa drops its earlier turns) or a loop first
        named now: those are worked out again from the start.
        """
        from rasa.shared.core.events import (
            ActionExecuted,
            ActionReverted,
            ActiveLoop,
            Restarted,
            SessionStarted,
            UserUtteranceReverted,
        )

        events = tracker.events
        if (
            len(events) < self.length
            or not events
            or events[0] is not self.first
            or (self.length and events[self.length - 1] is not self.last)
        ):
            return None
        new = [events[i] for i in range(self.length, len(events))]
        for event in new:
            if isinstance(
                event, (Restarted, SessionStarted, ActionReverted, UserUtteranceReverted)
            ):
                return None
            if isinstance(event, ActiveLoop) and event.name and event.name not in self.loop_names:
                return None
            if isinstance(event, ActionExecuted) and event.action_name in self.loop_names:
                return None
        return new

    def now(self) -> List[Dict[Text, Any]]:
        """The states up to now, the final turn's included (worked out on copies)."""
        carried = (self.last_ml_action_sub_state, self.turn_was_hidden)
        states = list(self.states)
        self._turn(self.replay, False, states)
        self.last_ml_action_sub_state, self.turn_was_hidden = carried
        return states


def install_past_states_memo() -> None:
    from rasa.shared.core.trackers import DialogueStateTracker

    if _installed(DialogueStateTracker.past_states):
        return

    def past_states(
        self: DialogueStateTracker,
        domain: Any,
        omit_unset_slots: bool = False,
        ignore_rule_only_turns: bool = False,
        rule_only_data: Optional[Dict[Text, Any]] = None,
    ) -> List[Dict[Text, Any]]:
        events = self.events
        version = (len(events), id(events[-1]) if events else None)
        memo = self.__dict__.setdefault("_past_states_memo", {})
        # RulePolicy builds a new rule_only_data dict on every call: keyed by its content.
        rule_only = tuple(sorted((k, tuple(v)) for k, v in (rule_only_data or {}).items()))
        key = (id(domain), omit_unset_slots, ignore_rule_only_turns, rule_only)
        entry = memo.get(key)
        if entry is None or entry[0] is not domain:  # the domain kept alive: its id stays its own
            entry = memo[key] = [domain, None, None, None]
        if entry[1] != version:
            so_far = entry[2]
            appended = None if so_far is None else so_far.appended(self)
            if appended is None:
                so_far = _StatesSoFar(
                    self, domain, omit_unset_slots, ignore_rule_only_turns, rule_only_data
                )
            elif appended:
                so_far.extend(appended, self)
            entry[1], entry[2], entry[3] = version, so_far, so_far.now()
        # Callers edit the states they get (featurizers delete keys of the sub-states): a copy
        # two levels deep, the values below are tuples and strings.
        return [
            {name: dict(sub) if isinstance(sub, dict) else sub for name, sub in state.items()}
            for state in entry[3]
        ]

    DialogueStateTracker.past_states = _mark(past_states)  # type: ignore[method-assign]


class _KeptSession:
    """`async with` gives the shared session and leaves it open."""

    def __init__(self, session: Any) -> None:
        self.session = session

    async def __aenter__(self) -> Any:
        return self.session

    async def __aexit__(self, *exc_info: Any) -> None:
        return None


# Below the action server's keep-alive (Sanic's default: 5 s), so that we never send on a
# connection the server is closing.
KEEPALIVE_SECONDS = 3


def dumps(value: Any) -> str:
    """`json.dumps` by ujson (Rasa's own dependency): the action server's request carries the
    whole conversation, and the standard library's encoder cost ~7% of Rasa's CPU per message.
    Anything ujson refuses goes to `json.dumps`, for its result or its usual error."""
    try:
        return ujson.dumps(value, escape_forward_slashes=False)
    except (TypeError, OverflowError, ValueError):
        return json.dumps(value)


def install_kept_endpoint_sessions() -> None:
    import asyncio

    import aiohttp
    from rasa.utils.endpoints import DEFAULT_REQUEST_TIMEOUT, EndpointConfig

    if _installed(EndpointConfig.session):
        return

    def session(self: EndpointConfig) -> Any:
        loop = asyncio.get_running_loop()
        kept = self.__dict__.get("_kept_session")
        if kept is None or kept[0] is not loop or kept[1].closed:
            auth = None
            if self.basic_auth:
                auth = aiohttp.BasicAuth(self.basic_auth["username"], self.basic_auth["password"])
            kept = (
                loop,
                aiohttp.ClientSession(
                    headers=self.headers,
                    auth=auth,
                    timeout=aiohttp.ClientTimeout(total=DEFAULT_REQUEST_TIMEOUT),
                    connector=aiohttp.TCPConnector(keepalive_timeout=KEEPALIVE_SECONDS),
                    json_serialize=dumps,
                ),
            )
            self.__dict__["_kept_session"] = kept
        return _KeptSession(kept[1])

    EndpointConfig.session = _mark(session)  # type: ignore[method-assign]


def install_sentence_feature_stacking() -> None:
    """LogisticRegressionClassifier's input row from the message's sentence features, stacked once.

    Rasa's `_create_X` asks the message for its combined sparse features, which deep-copies the
    first featurizer's sequence *and* sentence features and stacks the others onto each, one
    `hstack` at a time, then stacks the (absent) dense ones: ~15% of Rasa's CPU per message in
    py-spy. The classifier uses only the sentence part; the same matrices' columns and values are
    laid side by side here in the same order (sparse, then dense: the sentence encoder's vector),
    straight into one CSR matrix (scipy's `hstack` cost more than the rest of the prediction).
    Messages with no sentence features, or of another kind, go the original way.
    """
    import numpy as np
    from rasa.nlu.classifiers.logistic_regression_classifier import LogisticRegressionClassifier
    from rasa.shared.nlu.constants import FEATURE_TYPE_SENTENCE, TEXT
    from scipy.sparse import csr_matrix

    original = LogisticRegressionClassifier._create_X
    if _installed(original):
        return

    def _create_X(self: LogisticRegressionClassifier, messages: List[Message]) -> Any:  # noqa: N802
        # The rows' columns and values, side by side, each featurizer's columns after the
        # previous ones', sparse before dense as Rasa stacks them: the CSR matrix scipy's
        # hstack + vstack build, without their checks (and, as they do, no stored zeros).
        data, columns, row_ends, width = [], [], [0], None
        for message in messages:
            sentence = [
                f.features
                for f in message.features
                if f.attribute == TEXT and f.type == FEATURE_TYPE_SENTENCE
            ]
            sparse = [m for m in sentence if getattr(m, "format", None) == "coo"]
            dense = [m for m in sentence if isinstance(m, np.ndarray)]
            if (
                not sentence
                or len(sparse) + len(dense) != len(sentence)
                or any(m.shape[0] != 1 for m in sentence)
            ):
                return original(self, messages)
            offset, stored = 0, 0
            for matrix in sparse:
                columns.append(matrix.col + offset)
                data.append(matrix.data)
                offset += matrix.shape[1]
                stored += len(matrix.data)
            for array in dense:
                nonzero = np.flatnonzero(array[0])
                columns.append(nonzero + offset)
                data.append(array[0, nonzero])
                offset += array.shape[1]
                stored += len(nonzero)
            if width is not None and offset != width:
                return original(self, messages)
            width = offset
            row_ends.append(row_ends[-1] + stored)
        return csr_matrix(
            (np.concatenate(data), np.concatenate(columns), np.array(row_ends)),
            shape=(len(messages), width),
        )

    LogisticRegressionClassifier._create_X = _mark(_create_X)  # type: ignore[method-assign]


def _frozen_state(state: Dict[Text, Any]) -> Tuple[Any, ...]:
    """A state (`{"user": {"intent": ..., "entities": (...)}, "slots": {...}, ...}`), hashable."""
    return tuple(
        sorted(
            (name, tuple(sorted(sub.items())) if isinstance(sub, dict) else sub)
            for name, sub in state.items()
        )
    )


# Distinct (rule set, last states) answers kept per policy before starting over.
RULE_MEMO_SIZE = 50_000


def install_rule_match_memo() -> None:
    """RulePolicy's `_get_possible_keys` remembered per rule set and last states, once loaded.

    Rasa keeps the rules whose states match the conversation's, going back one state at a time;
    a rule of n states is decided by the last n (further back it is applicable by definition).
    So for a rule set whose longest rule has L states, the answer is a function of the last L
    states: remembered under them. Only policies loaded from a model use it: training edits
    the rule set while it asks.
    """
    import inspect

    from rasa.core.policies.rule_policy import RulePolicy

    original = RulePolicy._get_possible_keys
    if _installed(original):
        return
    original_load = inspect.getattr_static(RulePolicy, "load").__func__

    def load(cls: Type[RulePolicy], *args: Any, **kwargs: Any) -> RulePolicy:
        policy = original_load(cls, *args, **kwargs)
        policy.__dict__["_backorder_rule_memo"] = {}
        return policy

    def _get_possible_keys(self: RulePolicy, lookup: Dict[Text, Text], states: List[Any]) -> Any:
        memo = self.__dict__.get("_backorder_rule_memo")
        if memo is None:
            return original(self, lookup, states)
        longest = memo.get(id(lookup))
        if longest is None:
            longest = max((len(self._rule_key_to_state(key)) for key in lookup), default=0)
            memo[id(lookup)] = longest
        recent = states[-longest:] if longest else []
        try:
            key = (id(lookup), tuple(_frozen_state(state) for state in recent))
            hash(key)
        except TypeError:  # a value Rasa's states never hold (a list): no memo
            return original(self, lookup, states)
        found = memo.get(key)
        if found is None:
            if len(memo) > RULE_MEMO_SIZE:
                memo.clear()  # the longest rule's length is worked out again on the next call
            found = memo[key] = frozenset(original(self, lookup, states))
        return set(found)

    RulePolicy.load = classmethod(_mark(load))  # type: ignore[assignment]
    RulePolicy._get_possible_keys = _mark(_get_possible_keys)  # type: ignore[method-assign]


def install_count_vectors_transform() -> None:
    """CountVectorsFeaturizer's features counted straight into the COO matrices it hands on.

    For each message Rasa asks scikit-learn's `CountVectorizer.transform` twice per featurizer
    (the tokens, then the joined sentence), each building a CSR matrix, sorting its indices and
    converting it to COO. The counting here is `transform`'s own (`_count_vocab`: the
    vectorizer's analyzer, its vocabulary, `binary`, `dtype`), the matrix is built once, in the
    order `sort_indices` + `tocoo` leave it: ~0.4 ms of CPU less per message.
    """
    import numpy as np
    from rasa.nlu.constants import DENSE_FEATURIZABLE_ATTRIBUTES
    from rasa.nlu.featurizers.sparse_featurizer.count_vectors_featurizer import (
        CountVectorsFeaturizer,
    )
    from scipy.sparse import coo_matrix

    original = CountVectorsFeaturizer._create_features
    if _installed(original):
        return

    def counts(vectorizer: Any, analyze: Callable, documents: List[Text]) -> Any:
        vocabulary = vectorizer.vocabulary_
        rows: List[int] = []
        columns: List[int] = []
        values: List[int] = []
        for row, document in enumerate(documents):
            counter: Dict[int, int] = {}
            for feature in analyze(document):
                index = vocabulary.get(feature)
                if index is not None:
                    counter[index] = counter.get(index, 0) + 1
            for index in sorted(counter):
                rows.append(row)
                columns.append(index)
                values.append(1 if vectorizer.binary else counter[index])
        return coo_matrix(
            (
                np.array(values, dtype=vectorizer.dtype),
                (np.array(rows, dtype=np.int32), np.array(columns, dtype=np.int32)),
            ),
            shape=(len(documents), len(vocabulary)),
        )

    def _create_features(
        self: CountVectorsFeaturizer, attribute: Text, all_tokens: List[List[Text]]
    ) -> Any:
        vectorizer = self.vectorizers.get(attribute) if self.vectorizers else None
        vocabulary = getattr(vectorizer, "vocabulary_", None)
        if vocabulary is None or len(vocabulary) > np.iinfo(np.int32).max:
            return original(self, attribute, all_tokens)
        # The analyzer, built once per fitted vocabulary (a re-fit makes a new one).
        analyzers = self.__dict__.setdefault("_backorder_analyzers", {})
        kept = analyzers.get(attribute)
        if kept is None or kept[0] is not vocabulary:
            kept = analyzers[attribute] = (vocabulary, vectorizer.build_analyzer())
        analyze = kept[1]
        sequence_features: List[Any] = []
        sentence_features: List[Any] = []
        for tokens in all_tokens:
            if not tokens:
                sequence_features.append(None)
                sentence_features.append(None)
                continue
            sequence_features.append(counts(vectorizer, analyze, tokens))
            sentence_features.append(
                counts(vectorizer, analyze, [" ".join(tokens)])
                if attribute in DENSE_FEATURIZABLE_ATTRIBUTES
                else None
            )
        return sequence_features, sentence_features

    CountVectorsFeaturizer._create_features = _mark(_create_features)  # type: ignore[method-assign]


def install_domain_empty_check() -> None:
    """`Domain.is_empty` against an empty domain built once: Rasa builds one from scratch for
    every message it parses (`_check_for_unseen_features`), ~0.4 ms of CPU each time."""
    from rasa.shared.core.domain import Domain

    if _installed(Domain.is_empty):
        return
    empty = Domain.empty().as_dict()

    def is_empty(self: Domain) -> bool:
        return self.as_dict() == empty

    Domain.is_empty = _mark(is_empty)  # type: ignore[method-assign]


class SpeedupsError(RasaException):
    """The patches cannot be installed as asked: another Rasa, or an unknown patch name."""


@dataclass(frozen=True)
class Patch:
    name: Text  # what RASA_SPEEDUPS_DISABLE calls it
    install: Callable[[], None]
    replaces: Tuple[Text, ...]  # "module:Class.attribute", each one Rasa's own

    def targets(self) -> List[Tuple[Text, Any, Text]]:
        """(spec, class, attribute name) for each piece of Rasa this patch replaces."""
        found = []
        for spec in self.replaces:
            module, _, path = spec.partition(":")
            owner_name, _, attribute = path.rpartition(".")
            owner = getattr(importlib.import_module(module), owner_name)
            found.append((spec, owner, attribute))
        return found

    def installed(self) -> bool:
        return all(_installed(getattr(owner, name)) for _, owner, name in self.targets())


PATCHES: Tuple[Patch, ...] = (
    Patch(
        "action_answers",
        install_action_answer_validator,
        ("rasa.core.actions.action:RemoteAction._validate_action_result",),
    ),
    Patch("graph_runner", install_graph_runner, ("rasa.engine.runner.dask:DaskGraphRunner.run",)),
    Patch(
        "event_types", install_event_type_lookup, ("rasa.shared.core.events:Event.resolve_by_type",)
    ),
    Patch(
        "tracker_states",
        install_past_states_memo,
        ("rasa.shared.core.trackers:DialogueStateTracker.past_states",),
    ),
    Patch(
        "endpoint_sessions",
        install_kept_endpoint_sessions,
        ("rasa.utils.endpoints:EndpointConfig.session",),
    ),
    Patch(
        "rule_matching",
        install_rule_match_memo,
        (
            "rasa.core.policies.rule_policy:RulePolicy._get_possible_keys",
            "rasa.core.policies.rule_policy:RulePolicy.load",
        ),
    ),
    Patch("empty_domain", install_domain_empty_check, ("rasa.shared.core.domain:Domain.is_empty",)),
    Patch(
        "count_vectors",
        install_count_vectors_transform,
        (
            "rasa.nlu.featurizers.sparse_featurizer.count_vectors_featurizer:"
            "CountVectorsFeaturizer._create_features",
        ),
    ),
    Patch(
        "sentence_features",
        install_sentence_feature_stacking,
        (
            "rasa.nlu.classifiers.logistic_regression_classifier:"
            "LogisticRegressionClassifier._create_X",
        ),
    ),
)


def disabled_patches(setting: Optional[Text]) -> FrozenSet[Text]:
    """The patch names RASA_SPEEDUPS_DISABLE turns off: comma-separated, or `all`."""
    names = {name.strip() for name in (setting or "").split(",")} - {""}
    known = [patch.name for patch in PATCHES]
    if "all" in names:
        return frozenset(known)
    unknown = sorted(names - set(known))
    if unknown:
        raise SpeedupsError(
            f"{DISABLE_VARIABLE}: no patch named {', '.join(map(repr, unknown))}; "
            f"the patches are {', '.join(known)} (or all)."
        )
    return frozenset(names)


def check_rasa_version(version: Text) -> None:
    """Refuses any Rasa but the one the patches were written against and checked on."""
    if version != RASA_VERSION:
        raise SpeedupsError(
            f"rasa_components/speedups.py patches private code of Rasa {RASA_VERSION}, but Rasa "
            f"{version} is installed: refusing to patch it. Check each patch against Rasa "
            f"{version} (tests/conversations/test_rasa_speedups.py) and update RASA_VERSION, "
            f"or set {DISABLE_VARIABLE}=all to run Rasa unpatched."
        )


def install(disabled: Optional[Text] = None) -> List[Text]:
    """Installs every patch but those `disabled` names (default: RASA_SPEEDUPS_DISABLE).

    Returns the names of the patches in place. Raises `SpeedupsError`, having patched nothing,
    on another Rasa (unless every patch is disabled) or an unknown name.
    """
    import rasa

    off = disabled_patches(os.environ.get(DISABLE_VARIABLE) if disabled is None else disabled)
    wanted = [patch for patch in PATCHES if patch.name not in off]
    if wanted:
        try:
            check_rasa_version(rasa.__version__)
        except SpeedupsError as error:
            logger.error(str(error))
            raise
    for patch in wanted:
        patch.install()
    if off:
        logger.warning(
            f"Rasa speed-ups turned off by {DISABLE_VARIABLE}: {', '.join(sorted(off))}; "
            "Rasa's own code runs for those."
        )
    return [patch.name for patch in wanted]


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER, is_trainable=False)
class RasaSpeedups(GraphComponent):
    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> RasaSpeedups:
        install()
        return cls()

    @classmethod
    def fingerprint_addon(cls, config: Dict[Text, Any]) -> Optional[Text]:
        """Rasa's version: on another Rasa, training runs this component (and its guard)
        instead of taking its output from Rasa's training cache."""
        import rasa

        return str(rasa.__version__)

    def process(self, messages: List[Message]) -> List[Message]:
        return messages

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data
