"""Writes Rasa's endpoints.yml from the settings into DIR, for a Rasa container to read.

    python deploy/rasa_endpoints.py /etc/rasa

The same code `backorder up` uses (bot/rasa_endpoints.py): the action server at ACTIONS_URL, the
tracker store on DATABASE_URL's PostgreSQL, the lock store on REDIS_URL. Run by the app image
before Rasa starts (an init container in Kubernetes, a one-shot service in Compose), so nobody
edits endpoints by hand and the passwords stay in the Secret.
"""

from __future__ import annotations

import sys
from pathlib import Path

from backorder_common.settings import get_settings
from bot.rasa_endpoints import EndpointsError, write_endpoints


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    try:
        written = write_endpoints(get_settings(), Path(argv[0]))
    except EndpointsError as error:
        print(f"rasa_endpoints: {error}", file=sys.stderr)
        return 1
    print(f"wrote {written}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
