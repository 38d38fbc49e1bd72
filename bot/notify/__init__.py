"""Delivery of notifications: claim from the backend's outbox, send on the customer's channel."""
