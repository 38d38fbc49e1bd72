"""Talk to the running bot (`make run`) as a customer and print the transcript.

    .venv/bin/python scripts/talk.py "where is my order" "100042" "ada.lovelace@example.com"
    .venv/bin/python scripts/talk.py --file conversation.txt --story
    .venv/bin/python scripts/talk.py --file conversations.txt --stories-out stories.yml

Each argument (or each line of --file; a blank line starts a new conversation) is one customer
message, sent to Rasa's REST channel the way the gateway sends it (sender id "tg:<n>", so the
bot answers as on Telegram). --story prints Rasa's own story of each conversation afterwards
(intents, entities, actions and slots): a test story for tests/conversations/ once you have
checked every step is what the bot should do. --stories-out writes those stories as test
stories (named by the "# " comment line before each conversation in --file; clock-dependent
slots left out) for `rasa test`; check each before keeping it: it records what the bot did.
"""

from __future__ import annotations

import argparse
import json
import secrets
import sys

import httpx

from backorder_common.settings import get_settings


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("messages", nargs="*", help="customer messages, in order")
    parser.add_argument("--file", help="a file of messages, one per line; blank lines split")
    parser.add_argument("--story", action="store_true", help="print Rasa's story too")
    parser.add_argument("--stories-out", help="write each conversation's test story to this file")
    args = parser.parse_args()
    conversations, names = _conversations(args.messages, args.file)
    if not conversations:
        parser.error("give messages or --file")
    settings = get_settings()
    base = f"http://127.0.0.1:{settings.rasa_port}"
    token = settings.rasa_api_token()
    with httpx.Client(base_url=base, timeout=60) as client:
        try:
            client.get("/")
        except httpx.ConnectError:
            print(f"Rasa is not running at {base}: start the bot with `make run`.", file=sys.stderr)
            return 2
        stories: list[str] = []
        for number, messages in enumerate(conversations):
            sender = f"tg:{900000000 + secrets.randbelow(99999999)}"
            print("```")
            for text in messages:
                print(f"> {text}")
                reply = client.post(
                    "/webhooks/rest/webhook",
                    json={"sender": sender, "message": text, "metadata": {"channel": "telegram"}},
                )
                reply.raise_for_status()
                for message in reply.json():
                    print("  " + _shown(message))
            print("```")
            if args.story or args.stories_out:
                story = client.get(
                    f"/conversations/{sender}/story", params={"token": token, "all_sessions": True}
                )
                story.raise_for_status()
                if args.story:
                    print(story.text)
                name = names[number] if number < len(names) else f"conversation {number + 1}"
                stories.append(_test_story(story.text, name))
    if args.stories_out:
        with open(args.stories_out, "w", encoding="utf-8") as out:
            out.write('version: "3.1"\nstories:\n' + "".join(stories))
    return 0


# Slots whose values hold the time of the run: a test story can't state them.
CLOCK_SLOTS = ("order_checks", "session_started_metadata")


def _test_story(exported: str, name: str) -> str:
    """Rasa's exported story of one conversation as one test story named `name`: its sessions
    joined, the session-start metadata and clock-dependent slots left out."""
    steps: list[str] = []
    skipping = False
    for line in exported.splitlines():
        if line.startswith(("version:", "stories:", "- story:", "  steps:")):
            continue
        if line.startswith("  - "):
            skipping = False
        if line.startswith("    - ") and line[6:].split(":")[0] in CLOCK_SLOTS:
            skipping = True
            if steps and steps[-1] == "  - slot_was_set:":
                steps.pop()
            continue
        if skipping and line.startswith("      "):
            continue
        steps.append(line)
    # A message the bot did not answer (the chat was with a person by then) has no action after
    # it; a test story can't say that, so the story ends before it.
    while steps and not any(line.startswith("  - action:") for line in steps[-1:]):
        last_user = max(i for i, line in enumerate(steps) if line.startswith("  - "))
        if not steps[last_user].startswith("  - intent:"):
            break
        del steps[last_user:]
    title = name.replace('"', "'")
    return f'- story: "{title}"\n  steps:\n' + "\n".join(steps) + "\n"


def _conversations(messages: list[str], path: str | None) -> tuple[list[list[str]], list[str]]:
    """The conversations to have, and their names (the "# " line before each, in a file)."""
    if not path:
        return ([messages] if messages else []), []
    conversations: list[list[str]] = [[]]
    names: list[str] = []
    with open(path, encoding="utf-8") as lines:
        for line in lines:
            if line.startswith("# "):
                names.append(line[2:].strip())
            elif line.strip():
                conversations[-1].append(line.rstrip("\n"))
            elif conversations[-1]:
                conversations.append([])
    return [c for c in conversations if c], names


def _shown(message: dict) -> str:
    text = message.get("text") or json.dumps(message)
    buttons = message.get("buttons") or []
    if buttons:
        text += "  [" + " | ".join(b.get("title", "") for b in buttons) + "]"
    return text


if __name__ == "__main__":
    sys.exit(main())
