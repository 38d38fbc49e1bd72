"""The agent console and the handoff routing of the gateway.

`HandoffDesk` (desk.py) decides what happens to a customer message while a ticket owns the
conversation and carries agent replies to the customer's channel; `views.py` serves the console
at /agent; `live.py` pushes the queue and messages to the agents' browsers over socket.io.
"""
