"""Rasa's REST messages → neutral replies → what rasa-webchat renders."""

from __future__ import annotations

from bot.channels.web import render, valid_session_id
from bot.replies import from_rasa


def widget(message: dict) -> list[dict]:
    return render(from_rasa(message))


def test_text_is_text_only() -> None:
    assert widget({"recipient_id": "web:x", "text": "Hi"}) == [{"text": "Hi"}]


def test_buttons_are_quick_replies() -> None:
    assert widget({"text": "Pick", "buttons": [{"title": "Yes", "payload": "/affirm"}]}) == [
        {
            "text": "Pick",
            "quick_replies": [{"content_type": "text", "title": "Yes", "payload": "/affirm"}],
        }
    ]


def test_image_follows_its_text_like_rasa_socketio() -> None:
    assert widget({"text": "Look", "image": "https://img.test/a.png"}) == [
        {"text": "Look"},
        {"attachment": {"type": "image", "payload": {"src": "https://img.test/a.png"}}},
    ]


def test_custom_sends_its_data_or_itself() -> None:
    assert widget({"custom": {"data": {"text": "x"}}}) == [{"text": "x"}]
    assert widget({"custom": {"kind": "eta"}}) == [{"kind": "eta"}]


def test_attachment_and_elements() -> None:
    assert widget({"attachment": {"type": "video", "payload": {"src": "v"}}}) == [
        {"attachment": {"type": "video", "payload": {"src": "v"}}}
    ]
    assert widget({"elements": [{"title": "card"}]}) == [
        {
            "attachment": {
                "type": "template",
                "payload": {"template_type": "generic", "elements": {"title": "card"}},
            }
        }
    ]


def test_empty_message_renders_nothing() -> None:
    assert widget({"recipient_id": "web:x"}) == []


def test_session_ids_from_the_browser_are_checked() -> None:
    assert valid_session_id("0123456789abcdef0123456789abcdef") is not None
    assert valid_session_id(None) is None
    assert valid_session_id("short") is None
    assert valid_session_id("../../etc") is None
    assert valid_session_id(42) is None
