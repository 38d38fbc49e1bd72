"""A stand-in for Rasa's REST webhook, for trying the widget in a browser without a model.

uvicorn tests.bot.fake_rasa:app --port 5005
"""

from __future__ import annotations

from fastapi import FastAPI

app = FastAPI()


@app.post("/webhooks/rest/webhook")
async def webhook(body: dict) -> list[dict]:
    sender, text = body.get("sender", ""), str(body.get("message", ""))
    if text == "/greet":
        return [
            {"recipient_id": sender, "text": "Hi! I'm the Byte Bazaar assistant."},
            {
                "recipient_id": sender,
                "text": "What can I help you with?",
                "buttons": [
                    {"title": "Where is my order?", "payload": "/order_status"},
                    {"title": "Is a product in stock?", "payload": "/product_availability"},
                ],
            },
        ]
    if text == "/order_status":
        return [{"recipient_id": sender, "text": "Sure. What's your order number?"}]
    return [{"recipient_id": sender, "text": f"You said: {text}"}]
