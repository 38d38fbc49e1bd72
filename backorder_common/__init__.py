"""What every process of the project shares: settings and wording.

Imported by the backend, the gateway (bot/), the action server (actions/) and the operator CLI, so
it imports none of them: the gateway and the actions reach the backend over HTTP only.
"""
