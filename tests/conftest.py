"""Settings shared by every test: no test reads the developer's var/ or environment by accident."""

from __future__ import annotations

import datetime as dt
import os

import pytest

from backorder_common.settings import Settings

TODAY = dt.date(2026, 11, 24)  # a Tuesday
API_KEY = "test-api-key"
OPERATOR_KEY = "test-operator-key"


@pytest.fixture
def settings() -> Settings:
    return Settings(
        database_url="sqlite://",
        backend_api_key=API_KEY,
        backend_operator_key=OPERATOR_KEY,
        rasa_token="test-rasa-token",
        backorder_today=TODAY,
        handling_days=1,
    )


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() in ("1", "true", "yes")
