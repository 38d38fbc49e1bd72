"""The agent console and the handoff routing of the gateway.

`HandoffDesk` (desk.py) decides what happens to a customer message while a ticket owns the
conversation and carries agent replies to the customer's channel. The console at /agent:
`setup.install_console` puts it into the gateway's app; `pages.py` serves the HTML (Jinja2
templates in templates/), `api.py` the JSON API, `guards.py` the CSRF and origin checks and the
session each call needs, `sessions.py` the signed, revocable sessions, `login_limits.py` the
limits on password checks; `live.py` pushes the queue and messages to the agents' browsers over
socket.io.
"""
