"""With REDIS_URL, gateway processes share socket.io rooms: a session open in two tabs that landed
on different gateways gets every reply in both."""

from __future__ import annotations

import time

from tests.bot.conftest import FakeRasa, WebClient, start_gateway, texts


def test_replies_reach_tabs_on_another_gateway(redis_url: str) -> None:
    rasa = FakeRasa()
    first, stop_first = start_gateway(rasa, redis_url=redis_url)
    second, stop_second = start_gateway(rasa, redis_url=redis_url)
    tab_a, tab_b = WebClient(first.url), WebClient(second.url)
    try:
        sid = tab_a.connect("acrossgateways1")
        tab_b.connect(sid)
        time.sleep(0.3)  # let both gateways' pub/sub listeners subscribe
        tab_a.say("hello", sid)
        assert texts(tab_b.wait_for_replies(1)) == ["ok"]
        assert texts(tab_a.wait_for_replies(1)) == ["ok"]
        time.sleep(0.2)
        assert len(tab_a.bot) == len(tab_b.bot) == 1
    finally:
        tab_a.close()
        tab_b.close()
        stop_first()
        stop_second()
