"""Bad CSV files get row-numbered errors, never a traceback, and nothing is written (issue 18):
huge integers, huge fields, deep JSON, NUL bytes, dates out of range; and a fuzz test."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from backend.imports.service import FILES, ImportFailed, load, read_dir
from backend.models import Order, OrderLine, Product, PurchaseOrder, Supplier
from tests.backend.test_import import GOOD, write
from tests.conftest import TODAY

TABLES = (Supplier, Product, PurchaseOrder, Order, OrderLine)
ROW_ERROR = re.compile(
    r"^(suppliers|products|purchase_orders|orders|order_lines)\.csv( line \d+)?: "
)


def rows(session: Session) -> list[int]:
    return [session.execute(select(func.count()).select_from(t)).scalar_one() for t in TABLES]


def rejected(session: Session, directory: Path) -> list[str]:
    before = rows(session)
    with pytest.raises(ImportFailed) as failed:
        load(session, read_dir(directory, TODAY))
    assert rows(session) == before, "something was written"
    assert all(ROW_ERROR.match(error) for error in failed.value.errors), failed.value.errors
    return failed.value.errors


def changed(file: str, old: str, new: str) -> dict[str, str]:
    assert old in GOOD[file]
    return {**GOOD, file: GOOD[file].replace(old, new, 1)}


@pytest.mark.parametrize(
    ("file", "old", "new", "expected"),
    [
        ("products.csv", ",EUR,1,", f",EUR,{2**63 + 1},", "products.csv line 2: on_hand"),
        ("products.csv", ",EUR,1,", f",EUR,{2**31},", "products.csv line 2: on_hand"),
        ("order_lines.csv", "GPU-1,2,", f"GPU-1,{2**31},", "order_lines.csv line 3: quantity"),
        ("purchase_orders.csv", "GPU-1,5,", f"GPU-1,{2**64},", "purchase_orders.csv line 2"),
        ("order_lines.csv", "100002,1,", f"100002,{2**63},", "order_lines.csv line 3: line_no"),
        ("products.csv", "RTX 4070", "RTX\x004070", "products.csv line 2: name: must not contain"),
        ("orders.csv", "a@example.com,34710", "a@example.com,347\x0010", "orders.csv line 2"),
        ("products.csv", '""vram_gb""', '""vram\\u0000gb""', "products.csv line 2: attributes"),
        ("purchase_orders.csv", "2026-12-09", "9999-12-31", "purchase_orders.csv line 2"),
        ("orders.csv", "2026-11-03T10:15", "0001-01-01T00:15", "orders.csv line 2: placed_at"),
    ],
)
def test_values_beyond_what_the_database_holds_are_row_errors(
    tmp_path: Path, session: Session, file: str, old: str, new: str, expected: str
) -> None:
    errors = rejected(session, write(tmp_path, changed(file, old, new)))
    assert any(error.startswith(expected) for error in errors), errors


def test_a_field_over_128_kib_is_a_row_error(tmp_path: Path, session: Session) -> None:
    files = changed("products.csv", "RTX 4070", "R" * (130 * 1024))
    errors = rejected(session, write(tmp_path, files))
    assert errors[0].startswith("products.csv line 2: field larger than field limit"), errors


@pytest.mark.parametrize("depth", [9, 5000])
def test_deeply_nested_attributes_are_a_row_error(
    tmp_path: Path, session: Session, depth: int
) -> None:
    attributes = '"{""a"": ' + "[" * depth + "]" * depth + '}"'
    files = changed("products.csv", '"{""vram_gb"": 12}"', attributes)
    errors = rejected(session, write(tmp_path, files))
    assert errors == ["products.csv line 2: attributes: nested deeper than 8 levels"], errors


def test_eight_levels_of_attributes_still_load(tmp_path: Path, session: Session) -> None:
    files = changed("products.csv", '"{""vram_gb"": 12}"', '"{""a"": [[[[[[1]]]]]]}"')
    load(session, read_dir(write(tmp_path, files), TODAY))
    assert session.execute(select(Product.attributes)).scalar_one() == {"a": [[[[[[1]]]]]]}


# --- fuzz: any cell replaced by anything ----------------------------------------------------

BIG = st.one_of(
    st.integers(min_value=2**31 - 2, max_value=2**70).map(str),
    st.sampled_from([str(2**31), str(2**63), str(-(2**63) - 1), str(2**64 + 1)]),
)
NASTY = st.one_of(
    st.text(max_size=40),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=40),
    st.integers().map(str),
    BIG,
    BIG,
    st.sampled_from(["", " ", "\x00", "-1", "0", "1e309", "NaN", "9999-12-31", "0001-01-01",
                     "2026-02-30", "{}", "[]", "null", '{"a":' * 50, "\ufeff", '"', "\r\n"]),
    st.integers(min_value=1, max_value=3000).map(lambda n: "[" * n + "]" * n),
)  # fmt: skip


def _csv_cell(value: str) -> str:
    return '"' + value.replace('"', '""') + '"'


@settings(
    max_examples=100,
    deadline=None,
    database=None,
    derandomize=True,  # the same files every run: a failure is one to reproduce
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_fuzzed_files_load_or_fail_with_row_numbered_errors(
    session: Session, data: st.DataObject
) -> None:
    files = dict(GOOD)
    for _ in range(data.draw(st.integers(min_value=1, max_value=3), label="cells")):
        name = data.draw(st.sampled_from(sorted(FILES)), label="file")
        lines = files[name].splitlines()
        row = data.draw(st.integers(min_value=1, max_value=len(lines) - 1), label="row")
        cells = re.findall(r'"(?:[^"]|"")*"|[^,]+|(?<=,)(?=,)|(?<=,)$', lines[row])
        column = data.draw(st.integers(min_value=0, max_value=len(cells) - 1), label="column")
        cells[column] = _csv_cell(data.draw(NASTY, label="value"))
        lines[row] = ",".join(cells)
        files[name] = "\n".join(lines) + "\n"
    with tempfile.TemporaryDirectory() as tmp, session.begin_nested() as savepoint:
        directory = Path(tmp)
        for name, content in files.items():
            (directory / name).write_text(content, encoding="utf-8", errors="surrogatepass")
        before = rows(session)
        try:
            load(session, read_dir(directory, TODAY))
        except ImportFailed as failed:
            assert failed.errors and all(ROW_ERROR.match(e) for e in failed.errors), failed.errors
            assert rows(session) == before
        savepoint.rollback()
