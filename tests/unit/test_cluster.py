"""The cluster mode's parts: HAProxy's configuration from the settings, and a supervisor that
starts a dead instance again."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
import time

import pytest

from backorder_common.settings import Settings
from bot.cluster import supervisor
from bot.cluster.haproxy import STICKY_COOKIE, config


def test_each_service_is_balanced_over_its_instances_on_base_port_plus_i(settings: Settings):
    written = config(settings, 2)
    for front, health in ((8080, "/healthz"), (8000, "/healthz"), (5005, "/"), (5055, "/health")):
        assert f"bind 127.0.0.1:{front}\n" in written
        assert f"127.0.0.1:{front + 1} check" in written
        assert f"127.0.0.1:{front + 2} check" in written
        assert f"127.0.0.1:{front + 3}" not in written
        assert f"option httpchk GET {health}\n" in written
    # Sticky sessions only where socket.io's long polling needs them.
    assert written.count(f"cookie {STICKY_COOKIE} insert") == 1
    assert "server gateway1 127.0.0.1:8081 check cookie gateway1" in written
    assert "retry-on conn-failure" in written


def test_haproxy_accepts_the_configuration(settings: Settings, tmp_path):
    binary = shutil.which("haproxy", path=os.environ.get("PATH", "") + ":/usr/sbin")
    if binary is None:
        pytest.skip("haproxy is not installed (make setup installs it)")
    path = tmp_path / "haproxy.cfg"
    path.write_text(config(settings, 3))
    checked = subprocess.run([binary, "-c", "-f", str(path)], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_a_dead_instance_is_started_again_and_said_so():
    out = io.StringIO()
    dying = supervisor.Member(
        "actions-1", [sys.executable, "-c", "import sys; sys.exit(3)"], dict(os.environ)
    )
    boss = supervisor.Supervisor([dying], out)
    boss.check()  # starts it
    first = dying.process
    assert first is not None
    first.wait(10)
    boss.check()  # notices it died: restart scheduled
    assert dying.start_at is not None and dying.restarts == 1
    deadline = time.monotonic() + 10
    while dying.process is first and time.monotonic() < deadline:
        boss.check()
        time.sleep(0.05)
    assert dying.process is not first
    said = out.getvalue()
    assert f"started actions-1 pid {first.pid}" in said
    assert "actions-1 exited with 3 after 0 s; restarting in 1 s" in said
    assert said.count("started actions-1 pid") == 2
    # Dying again at once: the wait doubles.
    assert dying.process is not None
    dying.process.wait(10)
    boss.check()
    assert "restarting in 2 s" in out.getvalue()
