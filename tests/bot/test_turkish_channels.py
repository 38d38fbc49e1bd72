"""The customer's language on the channels: Telegram's `from.language_code` and the widget's
`customData.language` reach Rasa as message metadata, and what the gateway says itself (the
apology, /stop, the lines around a handoff) is in the customer's language."""

from __future__ import annotations

import re
import string
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from bot.backend_client import BackendClient
from bot.console.desk import HandoffDesk
from bot.rasa_client import RasaClient
from bot.replies import Reply
from bot.router import Router
from bot.words import WORDS, say
from tests.bot.conftest import FakeRasa, Gateway, start_gateway, start_telegram_gateway
from tests.bot.test_handoff_desk import Fake
from tests.telegram_double import TelegramDouble


async def echo(body: dict[str, Any]) -> httpx.Response:
    """Rasa: a greeting with a button, an error for "çök", an echo for the rest."""
    sender, text = body["sender"], body["message"]
    if text == "/session_start":
        return httpx.Response(200, json=[])
    if text == "/greet":
        button = {"title": "Siparişim nerede?", "payload": "/order_status"}
        return httpx.Response(
            200, json=[{"recipient_id": sender, "text": "Merhaba!", "buttons": [button]}]
        )
    if text == "çök":
        return httpx.Response(500)
    return httpx.Response(200, json=[{"recipient_id": sender, "text": f"-> {text}"}])


# --- the words themselves ----------------------------------------------------------------------


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_line_of_the_gateway_has_a_text_in_every_language() -> None:
    assert set(WORDS) == {"en", "tr"}
    for key, english in WORDS["en"].items():
        turkish = WORDS["tr"].get(key)
        assert turkish and turkish != english, key
        assert _fields(turkish) == _fields(english), key
    assert set(WORDS["tr"]) == set(WORDS["en"])


def test_a_language_code_is_normalised_and_anything_else_is_english() -> None:
    assert say("choose", "tr-TR") == say("choose", "tr") == "Lütfen bir seçenek belirleyin:"
    assert say("choose", "de") == say("choose", None) == "Please choose:"
    assert say("agent_joined", "tr", agent="Selin") == "Destek ekibimizden Selin sohbete katıldı."


# --- Telegram -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def telegram(double: TelegramDouble) -> Iterator[Gateway]:
    gw, stop = start_telegram_gateway(double, FakeRasa(echo))
    yield gw
    stop()


def metadata_of(rasa: FakeRasa, message: str) -> dict[str, Any]:
    return next(b["metadata"] for b in reversed(rasa.received) if b["message"] == message)


def test_telegrams_language_code_reaches_rasa_with_every_message(double, telegram) -> None:
    chat = double.chat(701, "Ayşe", language_code="tr-TR")
    assert chat.ask("/start") == ["Merhaba!"]
    assert metadata_of(telegram.rasa, "/greet") == {"channel": "tg", "language": "tr"}
    assert chat.click("Siparişim nerede?") == ["-> /order_status"]
    assert metadata_of(telegram.rasa, "/order_status") == {"channel": "tg", "language": "tr"}
    assert chat.ask("siparişim nerede") == ["-> siparişim nerede"]
    assert metadata_of(telegram.rasa, "siparişim nerede") == {"channel": "tg", "language": "tr"}


def test_a_language_the_shop_does_not_speak_is_passed_as_english(double, telegram) -> None:
    chat = double.chat(702, "Hans", language_code="de")
    chat.ask("wo ist meine Bestellung")
    assert metadata_of(telegram.rasa, "wo ist meine Bestellung")["language"] == "en"


def test_without_a_language_code_none_is_passed(double, telegram) -> None:
    chat = double.chat(703, "Anon")
    chat.ask("hello there")
    assert metadata_of(telegram.rasa, "hello there") == {"channel": "tg"}


def test_stop_and_the_apology_in_turkish(double, telegram) -> None:
    channel = telegram.app.http.state.telegram
    channel.backend = BackendClient(
        "http://backend",
        lambda: "key",
        5,
        transport=httpx.MockTransport(lambda r: httpx.Response(204)),
    )
    chat = double.chat(704, "Emre", language_code="tr")
    assert chat.ask("/stop") == [WORDS["tr"]["stopped"]]
    assert chat.ask("çök") == [WORDS["tr"]["apology"]]
    english = double.chat(705, "Ada", language_code="en-GB")
    assert english.ask("çök") == [WORDS["en"]["apology"]]


# --- the web widget ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def web() -> Iterator[Gateway]:
    gw, stop = start_gateway(FakeRasa(echo))
    yield gw
    stop()


@pytest.mark.parametrize(
    ("custom", "expected"),
    [
        ({"language": "tr"}, {"channel": "web", "language": "tr"}),
        ({"language": "TR-tr"}, {"channel": "web", "language": "tr"}),
        ({"language": "en"}, {"channel": "web", "language": "en"}),
        ({"language": "fr"}, {"channel": "web", "language": "en"}),
        ({}, {"channel": "web"}),
        (None, {"channel": "web"}),
    ],
)
def test_the_widgets_custom_data_language_reaches_rasa(
    web: Gateway, custom: Any, expected: dict[str, str]
) -> None:
    client = web.client()
    try:
        session = client.connect()
        text = f"merhaba {custom!r}"
        body: dict[str, Any] = {"message": text, "session_id": session}
        if custom is not None:
            body["customData"] = custom
        client.sio.emit("user_uttered", body)
        client.wait_for_replies(1)
        assert metadata_of(web.rasa, text) == expected
    finally:
        client.close()


def test_a_turkish_widget_gets_the_apology_in_turkish(web: Gateway) -> None:
    client = web.client()
    try:
        session = client.connect()
        client.sio.emit(
            "user_uttered",
            {"message": "çök", "session_id": session, "customData": {"language": "tr"}},
        )
        assert client.wait_for_replies(1) == [{"text": WORDS["tr"]["apology"]}]
    finally:
        client.close()


# --- around a handoff -----------------------------------------------------------------------


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture
def fake() -> Fake:
    return Fake()


@pytest.fixture
def desk(fake: Fake) -> HandoffDesk:
    transport = httpx.MockTransport(fake)
    backend = BackendClient("http://backend", lambda: "key", 2, transport=transport)
    rasa = RasaClient("http://rasa", 2, token=lambda: "tok", transport=transport)
    desk = HandoffDesk(backend, rasa)
    delivered: list[tuple[str, list[Reply]]] = []

    async def deliver(conversation: str, replies: list[Reply]) -> None:
        delivered.append((conversation, replies))

    desk.deliver_with(deliver)
    desk.delivered = delivered  # type: ignore[attr-defined]
    return desk


def delivered_texts(desk: HandoffDesk) -> list[str | None]:
    return [r["text"] for _, replies in desk.delivered for r in replies]  # type: ignore[attr-defined]


@pytest.mark.anyio
async def test_a_waiting_turkish_customer_is_answered_in_turkish(
    desk: HandoffDesk, fake: Fake
) -> None:
    fake.ticket = {"id": 5, "status": "waiting", "conversation_id": "tg:42", "language": "tr"}
    router = Router(RasaClient("http://rasa", 2, transport=httpx.MockTransport(fake)), desk)
    [reply] = await router.route("tg:42", "kimse yok mu?", "tr")
    assert reply["text"] == WORDS["tr"]["waiting_ack"]
    assert reply["buttons"] == [{"title": "Bota geri dön", "payload": "/back_to_bot"}]


@pytest.mark.anyio
async def test_the_ticket_language_wins_over_the_channels(desk: HandoffDesk, fake: Fake) -> None:
    # Telegram says English, but the customer wrote Turkish and the bot handed over in Turkish.
    fake.ticket = {"id": 5, "status": "waiting", "conversation_id": "tg:42", "language": "tr"}
    router = Router(RasaClient("http://rasa", 2, transport=httpx.MockTransport(fake)), desk)
    [reply] = await router.route("tg:42", "merhaba?", "en")
    assert reply["text"] == WORDS["tr"]["waiting_ack"]


@pytest.mark.anyio
async def test_agents_joining_replying_and_leaving_are_told_in_turkish(
    desk: HandoffDesk, fake: Fake
) -> None:
    fake.ticket = {"id": 5, "status": "waiting", "conversation_id": "tg:42", "language": "tr"}
    ayse = {"id": 3, "name": "Ayşe"}
    await desk.claim(5, ayse)
    await desk.reply(5, ayse, "Merhaba, hemen bakıyorum.")
    await desk.release(5, ayse)
    assert delivered_texts(desk) == [
        "Destek ekibimizden Ayşe sohbete katıldı.",
        "Ayşe (destek): Merhaba, hemen bakıyorum.",
        "Ayşe sohbetinizi destek kuyruğuna geri aktardı; ilk müsait temsilcimiz size buradan"
        " yanıt verecek.",
    ]
    stored = [b["text"] for _, p, b in fake.calls if p == "/v1/handoffs/5/messages"]
    assert stored[0] == "Destek ekibimizden Ayşe sohbete katıldı."  # the agent reads it too


@pytest.mark.anyio
async def test_a_ticket_without_a_language_is_english(desk: HandoffDesk, fake: Fake) -> None:
    fake.ticket = {"id": 5, "status": "assigned", "conversation_id": "web:abcdefgh"}
    await desk.reply(5, {"id": 3, "name": "Ayse"}, "Hello!")
    assert delivered_texts(desk) == ["Ayse (support): Hello!"]


@pytest.mark.anyio
async def test_the_bot_taking_over_again_says_so_in_turkish(fake: Fake, desk: HandoffDesk) -> None:
    fake.paused = True
    router = Router(RasaClient("http://rasa", 2, transport=httpx.MockTransport(fake)), desk)
    replies = await router.route("web:abcdefgh", "merhaba", "tr")
    assert [r["text"] for r in replies] == [WORDS["tr"]["resumed"], "the bot answers merhaba"]
    sent = [b for _, p, b in fake.calls if p == "/webhooks/rest/webhook"]
    assert all(b["metadata"] == {"channel": "web", "language": "tr"} for b in sent)


def test_no_english_is_left_in_the_turkish_lines() -> None:
    english_words = re.compile(r"\b(the|your|please|agent|support|bot)\b", re.IGNORECASE)
    for key, text in WORDS["tr"].items():
        assert not english_words.search(text.replace("{agent}", "")), key
