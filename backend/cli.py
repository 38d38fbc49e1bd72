"""The `backorder` command: run the stack and operate the back-order database.

The database commands (migrate, seed, import, export, agent add) are the backend's operations and
run here, in one transaction each. `up` and `deliver` start processes: their code is the
gateway's (bot/stack.py supervises the four services, bot/notify runs a delivery worker), which
talks to the backend over HTTP only; this command is the one place that knows both, so it imports
them inside those two commands and the database commands never load the gateway.
"""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from pydantic import ValidationError

from backorder_common.settings import get_settings

DESCRIPTION = "The `backorder` command: run the stack and operate the back-order database."


def _session():
    from backend.db import make_engine, session_factory

    engine = make_engine(get_settings().database_url)
    return session_factory(engine)()


def cmd_migrate(_args: argparse.Namespace) -> int:
    from backend.migrate import upgrade

    upgrade(get_settings().database_url)
    print("database schema is up to date")
    return 0


def cmd_seed(args: argparse.Namespace) -> int:
    from sqlalchemy import select

    from backend.imports.service import load
    from backend.models import Order
    from backend.seed import demo_batch

    cmd_migrate(args)
    settings = get_settings()
    with _session() as session:
        if args.if_empty and session.execute(select(Order.id).limit(1)).first():
            print("database already holds orders; not seeding")
            return 0
        summary = load(session, demo_batch(settings.today()))
        session.commit()
    print(f"demo data loaded: {summary}")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from backend.imports.service import ImportFailed, load, read_dir

    cmd_migrate(args)
    try:
        batch = read_dir(Path(args.directory))
        with _session() as session:
            summary = load(session, batch)
            session.commit()
    except ImportFailed as failed:
        for error in failed.errors:
            print(error, file=sys.stderr)
        print(f"import rejected: {failed}", file=sys.stderr)
        return 1
    print(f"imported: {summary}")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from backend.migrate import upgrade
    from backend.reports.service import backorders_csv

    # Without cmd_migrate's line on stdout: `backorder export > file.csv` is the CSV alone.
    upgrade(get_settings().database_url)
    with _session() as session:
        text = backorders_csv(session, get_settings())
    if args.file == "-":
        sys.stdout.write(text)
    else:
        Path(args.file).write_text(text, encoding="utf-8")
        print(f"wrote {text.count(chr(10)) - 1} back-ordered lines to {args.file}")
    return 0


def cmd_deliver(_args: argparse.Namespace) -> int:
    import asyncio

    from bot.notify.setup import deliver

    logging.getLogger().setLevel(logging.INFO)
    asyncio.run(deliver(get_settings()))
    return 0


def cmd_agent_add(args: argparse.Namespace) -> int:
    from backend.errors import DomainError
    from backend.handoffs.service import create_agent

    cmd_migrate(args)
    with _session() as session:
        try:
            agent, password = create_agent(session, args.name)
        except DomainError as error:
            print(f"backorder agent add: {error.message}", file=sys.stderr)
            return 1
        session.commit()
    port = get_settings().gateway_port
    print(f"agent {agent.name!r} created; one-time password (shown only now): {password}")
    print(f"log in at http://127.0.0.1:{port}/agent")
    return 0


def cmd_up(args: argparse.Namespace) -> int:
    from bot import stack

    cmd_migrate(args)
    settings = get_settings()
    try:
        if settings.backorder_instances is not None:
            from bot.cluster import supervisor

            return supervisor.run(settings)
        return stack.run(settings)
    except stack.StackError as error:
        print(f"backorder up: {error}", file=sys.stderr)
        return 1


def main(argv: list[str] | None = None) -> int:
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    parser = argparse.ArgumentParser(prog="backorder", description=DESCRIPTION)
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser(
        "up", help="migrate, then start gateway, Rasa, actions and backend"
    ).set_defaults(func=cmd_up)
    commands.add_parser("migrate", help="bring the database schema up to date").set_defaults(
        func=cmd_migrate
    )
    seed = commands.add_parser("seed", help="load the demo catalogue, supply and orders")
    seed.add_argument("--if-empty", action="store_true", help="only when there are no orders")
    seed.set_defaults(func=cmd_seed)
    imp = commands.add_parser("import", help="load suppliers/products/... CSV files from DIR")
    imp.add_argument("directory", metavar="DIR")
    imp.set_defaults(func=cmd_import)
    commands.add_parser(
        "deliver", help="run a notification delivery worker on its own (the gateway runs one too)"
    ).set_defaults(func=cmd_deliver)
    export = commands.add_parser(
        "export", help="write every back-ordered line with its ETA as CSV (operations)"
    )
    export.add_argument("file", metavar="FILE", nargs="?", default="-", help="default: stdout")
    export.set_defaults(func=cmd_export)
    agent = commands.add_parser("agent", help="support agents' console accounts")
    agent_commands = agent.add_subparsers(dest="agent_command", required=True)
    agent_add = agent_commands.add_parser("add", help="create an account; prints its password")
    agent_add.add_argument("name", metavar="NAME")
    agent_add.set_defaults(func=cmd_agent_add)
    args = parser.parse_args(argv)
    try:
        return int(args.func(args))
    except ValidationError as error:  # settings that refuse to start: say which, no traceback
        print(f"backorder {args.command}: invalid settings: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
