"""The store page the chat widget lives on: bot/static/ (index.html in English at `/`,
tr/index.html in Turkish at `/tr/`, chat.js, the styles) and the widget's bundle, served from
node_modules where `npm ci` puts it. chat.js speaks the page's `<html lang>`.

The page loads without the bundle (the store still shows, without the chat); the gateway says so
at start-up and on each request for it, naming the fix.
"""

from __future__ import annotations

import logging
from pathlib import Path

from fastapi import FastAPI
from fastapi.responses import FileResponse, PlainTextResponse, RedirectResponse
from fastapi.staticfiles import StaticFiles

logger = logging.getLogger(__name__)

STATIC_DIR = Path(__file__).parent / "static"
# Installed by `npm ci` at the repository root; the widget's UMD bundle, React included.
WEBCHAT_BUNDLE = Path(__file__).resolve().parent.parent / "node_modules/rasa-webchat/lib/index.js"


def install_store_page(http: FastAPI, webchat_bundle: Path) -> None:
    """`/`, `/tr/`, `/static/webchat.js` and the rest of `/static/` on the gateway's app."""

    @http.get("/", include_in_schema=False)
    async def store_page() -> FileResponse:
        return FileResponse(STATIC_DIR / "index.html", media_type="text/html")

    @http.get("/tr/", include_in_schema=False)
    async def store_page_tr() -> FileResponse:
        return FileResponse(STATIC_DIR / "tr" / "index.html", media_type="text/html")

    @http.get("/tr", include_in_schema=False)
    async def store_page_tr_slash() -> RedirectResponse:
        return RedirectResponse("/tr/", status_code=308)

    # Registered before the /static mount, which would otherwise answer for it.
    @http.get("/static/webchat.js", include_in_schema=False, response_model=None)
    async def webchat_js() -> FileResponse | PlainTextResponse:
        if not webchat_bundle.is_file():
            logger.error("chat widget bundle %s is missing: run `npm ci`", webchat_bundle)
            return PlainTextResponse("chat widget not installed", status_code=404)
        return FileResponse(
            webchat_bundle,
            media_type="application/javascript",
            headers={"Cache-Control": "public, max-age=3600"},
        )

    http.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")


def check_webchat_bundle(webchat_bundle: Path) -> None:
    """At start-up (building the app does no I/O): say where the widget comes from, or that
    it is missing and how to get it."""
    if webchat_bundle.is_file():
        logger.info("serving the chat widget from %s", webchat_bundle)
    else:
        logger.error(
            "chat widget bundle %s is missing: run `npm ci` at the repository root; "
            "the store page loads without the chat",
            webchat_bundle,
        )
