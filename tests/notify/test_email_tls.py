"""Email notices are encrypted as SMTP_URL asks, against a local SMTP server (aiosmtpd) with a
test certificate (tls/, self-signed for localhost and 127.0.0.1, valid 2000-2100)."""

from __future__ import annotations

import asyncio
import ssl
from collections.abc import Iterator
from dataclasses import dataclass, field
from email import message_from_bytes
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

from bot.notify.senders import EmailSender
from tests.bot.conftest import free_port

TLS = Path(__file__).parent / "tls"


def server_context() -> ssl.SSLContext:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(TLS / "cert.pem", TLS / "key.pem")
    return context


def client_context() -> ssl.SSLContext:
    return ssl.create_default_context(cafile=str(TLS / "cert.pem"))


def encrypted(server: Any) -> bool:
    return server.transport.get_extra_info("ssl_object") is not None


@dataclass
class Mailbox:
    """What the server saw: each mail with whether it came over TLS, and every login tried."""

    mails: list[tuple[bool, Any]] = field(default_factory=list)
    logins: list[tuple[bool, str, str]] = field(default_factory=list)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        self.mails.append((encrypted(server), message_from_bytes(envelope.content)))
        return "250 OK"

    def authenticate(
        self, server: Any, session: Any, envelope: Any, mechanism: str, data: Any
    ) -> AuthResult:
        assert isinstance(data, LoginPassword)
        user, password = data.login.decode(), data.password.decode()
        self.logins.append((encrypted(server), user, password))
        return AuthResult(success=(user, password) == ("mailer", "p@ss word"))


@pytest.fixture
def smtp(request: pytest.FixtureRequest) -> Iterator[tuple[int, Mailbox]]:
    """A server; `request.param` says how: "starttls", "plain" (no STARTTLS, and it would even
    take a password in clear) or "implicit" (TLS from the first byte)."""
    mode = request.param
    box = Mailbox()
    port = free_port()
    options: dict[str, Any] = {
        "authenticator": box.authenticate,
        # aiosmtpd knows of TLS only by STARTTLS; `encrypted` tells for every mode.
        "auth_require_tls": mode == "starttls",
    }
    if mode == "starttls":
        options["tls_context"] = server_context()
    if mode == "implicit":
        options["ssl_context"] = server_context()
    controller = Controller(
        box, hostname="127.0.0.1", port=port, server_hostname="127.0.0.1", **options
    )
    controller.start()
    yield port, box
    controller.stop()


def send(url: str) -> Any:
    sender = EmailSender(url, "shop@example.com", timeout=5, tls_context=client_context())
    return asyncio.run(sender.send("c0@example.com", "An update", "Your order ships today."))


@pytest.mark.parametrize("smtp", ["starttls"], indirect=True)
def test_credentials_go_only_over_starttls(smtp: tuple[int, Mailbox]) -> None:
    port, box = smtp
    assert send(f"smtp://mailer:p%40ss%20word@127.0.0.1:{port}").kind == "sent"
    assert box.logins == [(True, "mailer", "p@ss word")]
    [(encrypted, mail)] = box.mails
    assert encrypted and mail["To"] == "c0@example.com"


@pytest.mark.parametrize("smtp", ["plain"], indirect=True)
def test_no_password_in_clear_when_the_server_offers_no_starttls(
    smtp: tuple[int, Mailbox],
) -> None:
    port, box = smtp
    outcome = send(f"smtp://mailer:p%40ss%20word@127.0.0.1:{port}")
    assert outcome.kind == "retry" and "STARTTLS" in outcome.error
    assert box.logins == [] and box.mails == []


@pytest.mark.parametrize("smtp", ["starttls"], indirect=True)
def test_without_credentials_starttls_is_used_when_offered(smtp: tuple[int, Mailbox]) -> None:
    port, box = smtp
    assert send(f"smtp://127.0.0.1:{port}").kind == "sent"
    assert [encrypted for encrypted, _ in box.mails] == [True]


@pytest.mark.parametrize("smtp", ["plain"], indirect=True)
def test_without_credentials_a_server_without_tls_still_gets_the_mail(
    smtp: tuple[int, Mailbox],
) -> None:
    port, box = smtp
    assert send(f"smtp://127.0.0.1:{port}").kind == "sent"
    assert [encrypted for encrypted, _ in box.mails] == [False]


@pytest.mark.parametrize("smtp", ["implicit"], indirect=True)
def test_smtps_is_tls_from_the_first_byte(smtp: tuple[int, Mailbox]) -> None:
    port, box = smtp
    assert send(f"smtps://mailer:p%40ss%20word@127.0.0.1:{port}").kind == "sent"
    assert box.logins == [(True, "mailer", "p@ss word")]
    assert [encrypted for encrypted, _ in box.mails] == [True]


@pytest.mark.parametrize("smtp", ["starttls"], indirect=True)
def test_a_certificate_nobody_vouches_for_is_refused(smtp: tuple[int, Mailbox]) -> None:
    port, box = smtp
    sender = EmailSender(f"smtp://mailer:pw@127.0.0.1:{port}", "shop@example.com", timeout=5)
    outcome = asyncio.run(sender.send("c0@example.com", "An update", "text"))
    assert outcome.kind == "retry" and "certificate" in outcome.error.lower()
    assert box.logins == [] and box.mails == []
