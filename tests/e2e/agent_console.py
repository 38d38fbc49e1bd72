"""The agent console driven over HTTP, as its page's script does: log in, claim, reply, resolve."""

from __future__ import annotations

import re
import time
from typing import Any

import httpx


class AgentConsole:
    def __init__(self, gateway_url: str, name: str, password: str) -> None:
        self.http = httpx.Client(base_url=gateway_url.rstrip("/"), timeout=15)
        login = self.http.get("/agent/login")
        token = re.search(r'name="csrf" value="([^"]+)"', login.text)
        assert token, login.text
        done = self.http.post(
            "/agent/login", data={"name": name, "password": password, "csrf": token.group(1)}
        )
        assert done.status_code == 303, done.text
        if done.headers["location"] == "/agent/password":  # first login: the password was one-time
            form = self.http.get("/agent/password").text
            token = re.search(r'name="csrf" value="([^"]+)"', form)
            assert token, form
            new = password + "-mine"
            changed = self.http.post(
                "/agent/password",
                data={
                    "password": password,
                    "new_password": new,
                    "repeat": new,
                    "csrf": token.group(1),
                },
            )
            assert changed.status_code == 303 and changed.headers["location"] == "/agent"
            self.password = new
        else:
            assert done.headers["location"] == "/agent", done.headers
            self.password = password
        page = self.http.get("/agent")
        meta = re.search(r'name="csrf-token" content="([^"]+)"', page.text)
        assert meta, page.text
        self.csrf = meta.group(1)

    def close(self) -> None:
        self.http.close()

    def api(self, method: str, path: str, body: Any = None) -> httpx.Response:
        return self.http.request(
            method, f"/agent/api{path}", json=body, headers={"X-CSRF-Token": self.csrf}
        )

    def wait_for_ticket(self, conversation_id: str, timeout: float = 20) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            queue = self.api("GET", "/queue")
            assert queue.status_code == 200, (queue.status_code, queue.text)
            for ticket in queue.json()["tickets"]:
                if ticket["conversation_id"] == conversation_id:
                    return ticket  # type: ignore[no-any-return]
            time.sleep(0.2)
        raise AssertionError(f"no ticket for {conversation_id} in the queue")

    def messages(self, ticket_id: int) -> list[dict[str, Any]]:
        return self.api("GET", f"/tickets/{ticket_id}").json()["messages"]  # type: ignore[no-any-return]
