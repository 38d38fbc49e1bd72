"""deploy/'s Compose file and Kubernetes manifests, checked offline against their schemas, and
against the code: settings the services read, health endpoints they serve, the secrets they need.

The Compose file against the Compose specification's schema (vendored in check-jsonschema), the
Kubernetes manifests against the schemas inside kubernetes-validate (strict: an unknown field is
an error), the Compose HAProxy configuration with `haproxy -c`. No container engine, no network.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import kubernetes_validate
import pytest
import yaml

from backorder_common.settings import CLUSTER_SECRETS, Settings
from bot.cluster.haproxy import BUFFER_BYTES, RETRIES, pools

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
COMPOSE = DEPLOY / "compose.yaml"
KUBERNETES = sorted((DEPLOY / "kubernetes").glob("*.yaml"))
# The oldest Kubernetes still commonly run and the newest kubernetes-validate knows.
KUBERNETES_VERSIONS = ("1.28.0", kubernetes_validate.latest_version())
SECRET = "backorder-secrets"
SETTINGS_MAP = "backorder-settings"
# Read by processes other than our settings: uvicorn, Sanic (Rasa's workers), Rasa's lock store,
# Python itself, PostgreSQL's and the compose file's own images.
NOT_OURS = {
    "FORWARDED_ALLOW_IPS",
    "TICKET_LOCK_LIFETIME",
    "RASA_TOKEN",  # ours too; Rasa's command takes it (deploy/rasa-run.sh)
    "POSTGRES_USER",
    "POSTGRES_DB",
    "POSTGRES_PASSWORD",
}
SETTINGS = {name.upper() for name in Settings.model_fields}


def documents(path: Path) -> list[dict[str, Any]]:
    return [d for d in yaml.safe_load_all(path.read_text()) if d]


def resources() -> list[tuple[Path, dict[str, Any]]]:
    return [(path, doc) for path in KUBERNETES for doc in documents(path)]


def check_compose(path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.compose-spec"]
        + [str(path)],
        capture_output=True,
        text=True,
    )


# -- Compose -------------------------------------------------------------------------------------


def test_compose_file_follows_the_compose_specification() -> None:
    result = check_compose(COMPOSE)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_compose_check_refuses_a_broken_file(tmp_path: Path) -> None:
    broken = tmp_path / "compose.yaml"
    broken.write_text(COMPOSE.read_text().replace("    command:", "    comand:", 1))
    assert check_compose(broken).returncode != 0


def compose_services() -> dict[str, dict[str, Any]]:
    return yaml.safe_load(COMPOSE.read_text())["services"]


def test_compose_sets_only_settings_the_code_reads() -> None:
    for name, service in compose_services().items():
        unknown = set(service.get("environment") or {}) - SETTINGS - NOT_OURS
        assert not unknown, f"compose service {name} sets {unknown}: not in Settings"


def test_compose_gives_every_app_service_the_shared_secrets() -> None:
    for name in ("backend", "actions", "gateway", "delivery", "migrate", "rasa-endpoints"):
        env = compose_services()[name]["environment"]
        for secret in [s.upper() for s in CLUSTER_SECRETS] + ["DATABASE_URL", "REDIS_URL"]:
            assert secret in env, f"{name} lacks {secret}"
            # required: compose refuses to start without it (${NAME:?...}) or builds it from one
            assert ":?" in str(env[secret]) or secret == "REDIS_URL", f"{name} {secret}"


def test_compose_settings_are_valid_for_the_code() -> None:
    """The app's environment as compose gives it (secrets filled in) passes Settings' checks."""
    env = compose_services()["gateway"]["environment"]
    filled = {
        key: "x" if ":?" in str(value) else str(value).split(":-", 1)[-1].rstrip("}")
        for key, value in env.items()
        if key in SETTINGS
    }
    filled["DATABASE_URL"] = "postgresql+psycopg://backorder:x@postgres:5432/backorder"
    settings = Settings(**{k.lower(): v for k, v in filled.items()})
    assert settings.backorder_instances is not None  # cluster mode: the refusals are on


@pytest.mark.skipif(
    not shutil.which("haproxy", path=os.environ.get("PATH", "") + ":/usr/sbin"),
    reason="haproxy is not installed (make setup installs it)",
)
def test_compose_haproxy_configuration_is_valid() -> None:
    haproxy = shutil.which("haproxy", path=os.environ.get("PATH", "") + ":/usr/sbin")
    assert haproxy is not None
    cfg = DEPLOY / "compose" / "haproxy.cfg"
    result = subprocess.run([haproxy, "-c", "-f", str(cfg)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    # every service's health check is the one the cluster mode uses
    text = cfg.read_text()
    for pool in pools(Settings()):
        assert f"backend {pool.name}_instances" in text
        section = text.split(f"backend {pool.name}_instances", 1)[1].split("\nfrontend", 1)[0]
        assert f"option httpchk GET {pool.health_path}\n" in section


# -- Kubernetes ----------------------------------------------------------------------------------


@pytest.mark.parametrize("version", KUBERNETES_VERSIONS)
@pytest.mark.parametrize("path", KUBERNETES, ids=lambda p: p.name)
def test_kubernetes_manifests_follow_the_kubernetes_schemas(path: Path, version: str) -> None:
    for doc in documents(path):
        kubernetes_validate.validate(doc, version, strict=True)


def test_the_kubernetes_check_refuses_a_misspelt_field() -> None:
    deployment = next(doc for _, doc in resources() if doc["kind"] == "Deployment")
    broken = yaml.safe_load(yaml.safe_dump(deployment))
    broken["spec"]["template"]["spec"]["containers"][0]["readinesProbe"] = {"httpGet": {}}
    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(broken, KUBERNETES_VERSIONS[-1], strict=True)


def containers(doc: dict[str, Any]) -> list[dict[str, Any]]:
    spec = doc["spec"]["template"]["spec"]
    return list(spec.get("initContainers", [])) + list(spec["containers"])


def workloads() -> list[dict[str, Any]]:
    return [doc for _, doc in resources() if doc["kind"] in ("Deployment", "Job")]


def component(doc: dict[str, Any]) -> str:
    return str(doc["metadata"]["labels"]["app.kubernetes.io/component"])


def test_probes_call_the_health_endpoints_the_services_serve() -> None:
    health = {pool.name: pool.health_path for pool in pools(Settings())}
    probed = set()
    for doc in workloads():
        for container in doc["spec"]["template"]["spec"]["containers"]:
            for probe in ("startupProbe", "readinessProbe", "livenessProbe"):
                if probe in container:
                    assert container[probe]["httpGet"]["path"] == health[component(doc)]
                    probed.add(component(doc))
            if component(doc) in health:
                assert "readinessProbe" in container and "livenessProbe" in container
    assert probed == set(health)


def test_every_container_has_resource_requests_and_a_memory_limit() -> None:
    for doc in workloads():
        for container in containers(doc):
            resources = container["resources"]
            assert {"cpu", "memory"} <= set(resources["requests"]), container["name"]
            assert "memory" in resources["limits"], container["name"]


def test_the_stateless_services_scale_horizontally() -> None:
    scaled = {
        doc["spec"]["scaleTargetRef"]["name"]
        for _, doc in resources()
        if doc["kind"] == "HorizontalPodAutoscaler"
    }
    assert scaled == {f"backorder-{name}" for name in ("backend", "actions", "rasa", "gateway")}


def test_kubernetes_settings_are_settings_and_secrets_stay_in_the_secret() -> None:
    config = next(doc for _, doc in resources() if doc["kind"] == "ConfigMap")
    assert config["metadata"]["name"] == SETTINGS_MAP
    unknown = set(config["data"]) - SETTINGS - NOT_OURS
    assert not unknown, f"the ConfigMap sets {unknown}: not in Settings"
    secrets = {s.upper() for s in CLUSTER_SECRETS} | {
        "DATABASE_URL",
        "REDIS_URL",
        "TELEGRAM_BOT_TOKEN",
        "TELEGRAM_WEBHOOK_SECRET",
        "SMTP_URL",
    }
    assert not secrets & set(config["data"]), "a secret in the ConfigMap"
    settings = Settings(
        **{k.lower(): v for k, v in config["data"].items() if k in SETTINGS},
        **{name: "x" for name in CLUSTER_SECRETS},
        database_url="postgresql+psycopg://backorder:x@db/backorder",
        redis_url="redis://redis:6379/0",
    )
    assert settings.backorder_env == "production"


def test_every_app_container_reads_the_settings_and_the_secret() -> None:
    for doc in workloads():
        for container in containers(doc):
            if not container["image"].startswith("backorder-app:"):
                continue
            refs = {
                next(iter(ref.values()))["name"]
                for ref in container.get("envFrom", [])
                if "configMapRef" in ref or "secretRef" in ref
            }
            assert refs == {SETTINGS_MAP, SECRET}, container["name"]
            names = {e["name"] for e in container.get("env", [])}
            assert not names - SETTINGS - NOT_OURS, container["name"]


def test_rasa_reads_the_endpoints_the_settings_write(tmp_path: Path) -> None:
    """The init container's command, run here: endpoints.yml from the settings."""
    env = {
        **os.environ,
        "BACKORDER_INSTANCES": "2",
        "DATABASE_URL": "postgresql+psycopg://backorder:pw@db.internal:5432/backorder",
        "REDIS_URL": "redis://redis.internal:6379/3",
        "ACTIONS_URL": "http://backorder-actions:5055",
        **{name.upper(): "x" for name in CLUSTER_SECRETS},
    }
    result = subprocess.run(
        [sys.executable, str(DEPLOY / "rasa_endpoints.py"), str(tmp_path)],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    written = yaml.safe_load((tmp_path / "endpoints.yml").read_text())
    assert written["action_endpoint"]["url"] == "http://backorder-actions:5055/webhook"
    assert written["tracker_store"]["url"] == "db.internal"
    assert written["tracker_store"]["password"] == "pw"
    assert written["lock_store"] == {
        "type": "redis",
        "url": "redis.internal",
        "port": 6379,
        "db": 3,
        "key_prefix": "backorder",
    }
    rasa = next(doc for doc in workloads() if component(doc) == "rasa")
    init = rasa["spec"]["template"]["spec"]["initContainers"][0]
    assert init["command"] == ["python", "deploy/rasa_endpoints.py", "/etc/rasa"]


def _compose_backend(name: str) -> str:
    """The `backend NAME_instances` section of deploy/compose/haproxy.cfg."""
    text = (ROOT / "deploy" / "compose" / "haproxy.cfg").read_text(encoding="utf-8")
    section = text.split(f"backend {name}_instances", 1)[1]
    return section.split("\nfrontend ", 1)[0]


@pytest.mark.parametrize("pool", sorted(RETRIES))
def test_compose_balancer_replays_what_the_cluster_mode_replays(pool: str) -> None:
    """The Compose HAProxy is written by hand: it must keep bot/cluster/haproxy.py's replays."""
    section = _compose_backend(pool)
    for rule in RETRIES[pool]:
        assert rule in section, f"{pool}: {rule!r} missing from deploy/compose/haproxy.cfg"
    assert "option http-buffer-request" in section
    text = (ROOT / "deploy" / "compose" / "haproxy.cfg").read_text(encoding="utf-8")
    assert f"tune.bufsize {BUFFER_BYTES}" in text
