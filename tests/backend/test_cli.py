"""The `backorder` command as an operator runs it: exit codes, import, seed --if-empty, export.

Each test has a SQLite file of its own (DATABASE_URL), as the command reads its settings from the
environment; the command's logic is the same on PostgreSQL (the services under it are tested on
both in the other backend tests).
"""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select

from backend.cli import main
from backend.db import make_engine, session_factory
from backend.models import Order
from backend.reports.service import COLUMNS
from backorder_common.settings import get_settings
from tests.backend.test_import import GOOD, write
from tests.conftest import API_KEY, TODAY

ROOT = Path(__file__).resolve().parents[2]
BAD_ROW = "100003,not-an-email,1,2026-11-03T10:15:00,open\n"


@pytest.fixture
def database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    for name in ("BACKORDER_ENV", "ALLOWED_ORIGINS", "BACKORDER_NOW", "REDIS_URL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("BACKORDER_TODAY", TODAY.isoformat())
    monkeypatch.setenv("BACKEND_API_KEY", API_KEY)
    get_settings.cache_clear()
    yield url
    get_settings.cache_clear()


def orders(url: str) -> list[str]:
    engine = make_engine(url)
    try:
        with session_factory(engine)() as session:
            return list(session.scalars(select(Order.order_number).order_by(Order.order_number)))
    finally:
        engine.dispose()


def order_count(url: str) -> int:
    engine = make_engine(url)
    try:
        with session_factory(engine)() as session:
            return session.execute(select(func.count()).select_from(Order)).scalar_one()
    finally:
        engine.dispose()


def csv_dir(tmp_path: Path, **changes: str) -> Path:
    directory = tmp_path / "csv"
    directory.mkdir(exist_ok=True)
    return write(directory, {**GOOD, **changes})


def test_an_import_exits_0_and_a_rejected_one_non_zero_with_row_numbers(
    database: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = csv_dir(tmp_path, **{"orders.csv": GOOD["orders.csv"] + BAD_ROW})
    assert main(["import", str(bad)]) != 0
    err = capsys.readouterr().err
    assert "orders.csv line 4: email" in err
    assert "import rejected" in err
    assert orders(database) == []  # nothing half-imported

    good = csv_dir(tmp_path)
    assert main(["import", str(good)]) == 0
    assert orders(database) == ["100001", "100002"]
    assert main(["import", str(good)]) == 0  # the same files again change nothing
    assert orders(database) == ["100001", "100002"]


def test_the_process_exit_status_of_a_rejected_import(database: str, tmp_path: Path) -> None:
    """What a shell script sees (`backorder import DIR || ...`), not only main()'s return value."""
    bad = csv_dir(tmp_path, **{"orders.csv": GOOD["orders.csv"] + BAD_ROW})
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]),
    }
    done = subprocess.run(
        [sys.executable, "-m", "backend.cli", "import", str(bad)],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 1, done.stderr
    assert "orders.csv line 4" in done.stderr
    assert orders(database) == []


def test_unknown_commands_and_missing_arguments_exit_2(database: str) -> None:
    for argv in (["no-such-command"], ["import"], ["agent"]):
        with pytest.raises(SystemExit) as exited:
            main(argv)
        assert exited.value.code == 2, argv


def test_a_second_agent_of_the_same_name_exits_1(
    database: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["agent", "add", "Ayse"]) == 0
    assert "one-time password" in capsys.readouterr().out
    assert main(["agent", "add", "Ayse"]) == 1
    assert "backorder agent add:" in capsys.readouterr().err


def test_seed_if_empty_seeds_an_empty_database_only(
    database: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["seed", "--if-empty"]) == 0
    seeded = order_count(database)
    assert seeded > 100  # the demo orders
    assert main(["seed", "--if-empty"]) == 0
    assert "not seeding" in capsys.readouterr().out
    assert order_count(database) == seeded


def test_seed_if_empty_leaves_a_database_with_real_orders_alone(
    database: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["import", str(csv_dir(tmp_path))]) == 0
    assert main(["seed", "--if-empty"]) == 0
    assert "not seeding" in capsys.readouterr().out
    assert orders(database) == ["100001", "100002"]  # no demo order was added
    assert main(["seed"]) == 0  # without the flag it seeds
    assert order_count(database) > 2


def test_export_writes_the_back_ordered_lines_to_a_file_or_stdout(
    database: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["import", str(csv_dir(tmp_path))]) == 0
    capsys.readouterr()
    target = tmp_path / "backorders.csv"
    assert main(["export", str(target)]) == 0
    assert f"wrote 1 back-ordered lines to {target}" in capsys.readouterr().out
    rows = list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8"))))
    assert list(rows[0]) == COLUMNS
    # GPU-1: one unit on hand serves 100001; 100002's two units wait for PO-1 (due 2026-12-09).
    assert [(r["order_number"], r["line_no"], r["sku"], r["quantity"]) for r in rows] == [
        ("100002", "1", "GPU-1", "2")
    ]
    assert rows[0]["allocated_quantity"] == "0"
    assert rows[0]["queue_position"] == "1"
    assert rows[0]["restock_date"] == "2026-12-09"

    assert main(["export"]) == 0  # `backorder export > file.csv`: the CSV and nothing else
    assert capsys.readouterr().out == target.read_bytes().decode("utf-8")
