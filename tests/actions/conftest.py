import pytest


@pytest.fixture
def anyio_backend() -> str:
    # rasa-sdk runs actions on asyncio; no need to test them on trio too.
    return "asyncio"
