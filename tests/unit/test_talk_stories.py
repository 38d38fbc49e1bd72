"""scripts/talk.py --stories-out: Rasa's exported story becomes a test story `rasa test` can
replay (sessions joined, clock-dependent slots and unanswered messages left out)."""

import importlib.util
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "talk.py"
spec = importlib.util.spec_from_file_location("talk", SCRIPT)
assert spec is not None and spec.loader is not None
talk = importlib.util.module_from_spec(spec)
spec.loader.exec_module(talk)

EXPORTED = """version: "3.1"
stories:
- story: tg:1, story 1
  steps:
  - slot_was_set:
    - session_started_metadata:
        channel: telegram
- story: tg:1, story 2
  steps:
  - intent: order_status
    user: |-
      order [100042](order_number) zip [34710](postal_code)
  - action: action_check_order_status
  - slot_was_set:
    - order_checks:
        '100042': '2026-12-05T10:27:45+00:00'
  - slot_was_set:
    - order_lookup_result: found
  - intent: human_handoff
    user: |-
      a person please
  - action: action_handoff
  - intent: thank
    user: |-
      thanks
"""


def test_an_exported_conversation_becomes_one_replayable_test_story() -> None:
    story = talk._test_story(EXPORTED, 'gives "both" details')
    assert story.startswith("- story: \"gives 'both' details\"\n  steps:\n")
    assert "session_started_metadata" not in story and "order_checks" not in story
    assert "order_lookup_result: found" in story
    assert story.rstrip().endswith("- action: action_handoff")  # "thanks" went to a person
    assert story.count("- story:") == 1


def test_conversation_files_name_each_conversation_by_its_comment(tmp_path: Path) -> None:
    # A "# " line with no messages under it (the file's title) names nothing.
    path = tmp_path / "set.txt"
    path.write_text(
        "# Acceptance set X\n\n# first\nhi\nbye\n\n# second\nwhere is my order\n",
        encoding="utf-8",
    )
    assert talk._conversations([], str(path)) == [
        ("first", ["hi", "bye"]),
        ("second", ["where is my order"]),
    ]
    assert talk._conversations(["hi"], None) == [("conversation 1", ["hi"])]
