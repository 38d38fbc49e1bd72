"""Talk to the running bot (`make run`) as a customer and print the transcript.

    .venv/bin/python scripts/talk.py "where is my order" "100042" "ada.lovelace@example.com"
    .venv/bin/python scripts/talk.py --file conversation.txt --story
    .venv/bin/python scripts/talk.py --file conversations.txt --stories-out stories.yml

Each argument (or each line of --file; a blank line starts a new conversation) is one customer
message, passed to the gateway's own router (`bot.router.Router`) as a Telegram chat (sender id
"tg:<n>"): Rasa answers, or the handoff desk while a ticket owns the chat ("an agent will be with
you" acknowledgements included), as a customer on Telegram would see it. Needs the backend and
Rasa running (`make run`; the gateway itself is not needed). --story prints Rasa's own story of
each conversation afterwards (intents, entities, actions and slots): a test story for
tests/conversations/ once you have checked every step is what the bot should do. --stories-out
writes those stories as test stories (named by the "# " comment line before each conversation in
--file; clock-dependent slots left out) for `rasa test`; check each before keeping it: it records
what the bot did.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import secrets
import sys

import httpx

from backorder_common.settings import get_settings
from bot.backend_client import BackendClient
from bot.console.desk import HandoffDesk
from bot.rasa_client import RasaClient
from bot.router import Router


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("messages", nargs="*", help="customer messages, in order")
    parser.add_argument("--file", help="a file of messages, one per line; blank lines split")
    parser.add_argument("--story", action="store_true", help="print Rasa's story too")
    parser.add_argument("--stories-out", help="write each conversation's test story to this file")
    args = parser.parse_args()
    conversations = _conversations(args.messages, args.file)
    if not conversations:
        parser.error("give messages or --file")
    return asyncio.run(_talk(conversations, args))


async def _talk(conversations: list[tuple[str, list[str]]], args: argparse.Namespace) -> int:
    settings = get_settings()
    rasa = RasaClient(settings.rasa_url, 60, token=settings.rasa_api_token)
    backend = BackendClient.from_settings(settings)
    # The gateway's own router: while a handoff ticket owns the chat, the desk answers.
    router = Router(rasa, HandoffDesk(backend, rasa))
    try:
        async with httpx.AsyncClient(base_url=settings.rasa_url, timeout=60) as client:
            try:
                await client.get("/")
            except httpx.ConnectError:
                print(
                    f"Rasa is not running at {settings.rasa_url}: start the bot with `make run`.",
                    file=sys.stderr,
                )
                return 2
            stories: list[str] = []
            for name, messages in conversations:
                sender = f"tg:{900000000 + secrets.randbelow(99999999)}"
                print("```")
                for text in messages:
                    print(f"> {text}")
                    for reply in await router.route(sender, text):
                        print("  " + _shown(reply))
                print("```")
                if args.story or args.stories_out:
                    story = await client.get(
                        f"/conversations/{sender}/story",
                        params={"token": settings.rasa_api_token(), "all_sessions": True},
                    )
                    story.raise_for_status()
                    if args.story:
                        print(story.text)
                    stories.append(_test_story(story.text, name))
    finally:
        await rasa.aclose()
        await backend.aclose()
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


def _conversations(messages: list[str], path: str | None) -> list[tuple[str, list[str]]]:
    """The conversations to have, each with its name (the "# " line just before it, in a file;
    a "# " line with no messages under it, such as a file's title, names nothing)."""
    if not path:
        return [("conversation 1", messages)] if messages else []
    conversations: list[tuple[str, list[str]]] = []
    name, current = "", []
    with open(path, encoding="utf-8") as lines:
        for line in list(lines) + [""]:
            if line.startswith("# "):
                name = line[2:].strip()
            elif line.strip():
                current.append(line.rstrip("\n"))
            elif current:
                conversations.append((name or f"conversation {len(conversations) + 1}", current))
                name, current = "", []
    return conversations


def _shown(message: dict) -> str:
    text = message.get("text") or json.dumps(message)
    buttons = message.get("buttons") or []
    if buttons:
        text += "  [" + " | ".join(b.get("title", "") for b in buttons) + "]"
    return text


if __name__ == "__main__":
    sys.exit(main())
