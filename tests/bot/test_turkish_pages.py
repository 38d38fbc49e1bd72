"""The store page in Turkish at /tr/ and in English at /, each telling the widget its language."""

from __future__ import annotations

import re

import pytest

from tests.bot.test_pages import http_client

pytestmark = pytest.mark.anyio


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


async def test_the_turkish_store_page_is_at_tr() -> None:
    async with http_client() as client:
        page = await client.get("/tr/")
        bare = await client.get("/tr")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    html = page.text
    assert '<html lang="tr">' in html
    assert "<title>Yardım ve destek · Byte Bazaar</title>" in html
    assert "Siparişinizle ilgili yardım" in html and "Pazartesi–Cuma 10:00–18:00" in html
    assert '<a href="/" hreflang="en"' in html  # the way to the English page
    assert "/static/chat.js" in html and "/static/webchat.js" in html
    assert bare.status_code == 308 and bare.headers["location"] == "/tr/"


async def test_the_english_page_stays_at_the_root() -> None:
    async with http_client() as client:
        html = (await client.get("/")).text
    assert '<html lang="en">' in html and "Help with your order" in html
    assert '<a href="/tr/" hreflang="tr"' in html


async def test_the_widget_takes_its_words_and_language_from_the_page() -> None:
    async with http_client() as client:
        script = (await client.get("/static/chat.js")).text
    assert "document.documentElement.lang" in script
    assert re.search(r"customData:\s*\{\s*language:\s*language\s*\}", script)
    for words in (
        "Byte Bazaar destek",
        "Siparişinizle ilgili sorunuzu yazın…",
        "Ask about your order…",
    ):
        assert words in script
