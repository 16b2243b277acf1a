"""docker-compose.yml is a valid Compose file with the production topology; the Dockerfile and
the nginx configuration say what the deployment needs."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import jsonschema
import yaml

ROOT = Path(__file__).resolve().parent.parent.parent
SCHEMA = Path(__file__).resolve().parent / "compose-spec.json"


def compose() -> dict[str, Any]:
    data = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    assert isinstance(data, dict)
    return data


def test_compose_file_follows_the_compose_specification() -> None:
    schema = json.loads(SCHEMA.read_text())
    jsonschema.Draft7Validator(schema).validate(compose())


def test_topology_nginx_two_nodes_postgres_redis_and_one_migration() -> None:
    services = compose()["services"]
    assert {"nginx", "netreach-1", "netreach-2", "migrate", "postgres", "redis"} <= set(services)
    for name in ("netreach-1", "netreach-2"):
        node = services[name]
        assert node["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
        assert "healthz" in " ".join(node["healthcheck"]["test"])
        assert node["environment"]["REDIS_URL"].startswith("redis://redis")
        assert "command" not in node or "migrate" not in str(node["command"])
    assert services["migrate"]["command"] == ["netreach", "migrate"]
    assert services["migrate"]["restart"] == "no"
    for name in ("nginx", "postgres", "redis"):
        assert "healthcheck" in services[name], name
    assert services["nginx"]["depends_on"]["netreach-1"]["condition"] == "service_healthy"
    assert "./deploy/nginx.conf:/etc/nginx/nginx.conf:ro" in services["nginx"]["volumes"]


def test_no_secrets_in_the_repository() -> None:
    text = (ROOT / "docker-compose.yml").read_text()
    services = compose()["services"]
    # the password comes from the environment, and compose refuses to start without it
    assert services["postgres"]["environment"]["POSTGRES_PASSWORD"].startswith(
        "${POSTGRES_PASSWORD:?"
    )
    for name, service in services.items():
        for key, val in (service.get("environment") or {}).items():
            if re.search(r"(?i)password|secret|token", key) or "@" in str(val):
                assert "${" in str(val), (name, key)
    assert re.search(r"postgresql://netreach:\$\{POSTGRES_PASSWORD:\?[^}]*\}@postgres", text)
    assert "NETREACH_METRICS_TOKEN: ${NETREACH_METRICS_TOKEN" in text


def test_dockerfile_builds_the_widget_and_runs_slim_python() -> None:
    text = (ROOT / "Dockerfile").read_text()
    assert re.search(r"^FROM node:\S+ AS widget", text, re.M)
    assert re.search(r"^FROM python:3\.11-slim$", text, re.M)
    assert "node build.mjs" in text
    assert "COPY --from=widget" in text
    assert re.search(r"^USER netreach$", text, re.M)
    ignored = (ROOT / ".dockerignore").read_text().split()
    assert ".env" in ignored
    assert ".git" in ignored
    assert "var" in ignored


def test_nginx_configuration_proxies_websockets_and_logs_no_addresses() -> None:
    text = (ROOT / "deploy" / "nginx.conf").read_text()
    code = "\n".join(line.split("#")[0] for line in text.splitlines())
    assert re.search(
        r"upstream netreach \{[^}]*server netreach-1:8080[^}]*server netreach-2:8080", code, re.S
    )
    assert "proxy_set_header Upgrade $http_upgrade;" in code
    assert "proxy_set_header Connection $connection_upgrade;" in code
    timeout = int(re.search(r"proxy_read_timeout (\d+)s;", code)[1])  # type: ignore[index]
    assert timeout > 40  # longer than the Socket.IO ping interval + ping timeout (20 s + 20 s)
    assert "X-Forwarded-Proto" in code
    assert re.search(r"location /static/ \{[^}]*proxy_cache netreach_static", code, re.S)
    assert re.search(r"location = /widget\.js \{[^}]*proxy_cache netreach_static", code, re.S)
    # no client address anywhere: not logged, not passed on
    assert "$remote_addr" not in code
    assert "$http_x_forwarded_for" not in code
    assert "$proxy_add_x_forwarded_for" not in code
    assert re.search(r"log_format netreach ", code)
    assert re.search(r"access_log \S+ netreach;", code)
