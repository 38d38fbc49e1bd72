"""The cluster mode: N instances of every service behind HAProxy (`BACKORDER_INSTANCES=N`)."""
