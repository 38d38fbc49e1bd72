"""The back-order backend: catalogue, stock, orders, supply, allocation and the /v1 API."""
