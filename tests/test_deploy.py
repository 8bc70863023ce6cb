"""The deployment files agree with the code: compose services and their
settings, the Dockerfile's entry point, the systemd unit."""

from __future__ import annotations

import asyncio
import configparser
import re
import sys
from pathlib import Path

import attrs
import pytest
import yaml

from ticketd.actors import Ping, RestartIntensityExceeded
from ticketd.cli import build_parser
from ticketd.settings import ENV_PREFIX, Settings, load_settings

ROOT = Path(__file__).resolve().parent.parent
SETTING_NAMES = {f.name for f in attrs.fields(Settings)}


def compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def test_compose_has_ticketd_mongo_and_the_mock_provider():
    services = compose()["services"]
    assert set(services) == {"ticketd", "mongo", "mock-provider"}
    assert services["mongo"]["image"] == "mongo:7"
    assert services["ticketd"]["ports"] == ["8000:8000"]
    assert services["mock-provider"]["ports"] == ["9000:9000"]
    assert services["mock-provider"]["command"][0] == "mock-api"


def test_compose_settings_are_real_settings_with_valid_values():
    env = compose()["services"]["ticketd"]["environment"]
    for name in env:
        assert name.startswith(ENV_PREFIX)
        assert name.removeprefix(ENV_PREFIX).lower() in SETTING_NAMES, name
    resolved = {k: re.sub(r"\$\{[^}]*\}", "a-long-random-admin-token=*", v) for k, v in env.items()}
    settings = load_settings(environ=resolved)
    assert settings.db.startswith("mongodb://mongo:27017/")
    assert settings.external_url == "http://mock-provider:9000"
    assert str(settings.port) == compose()["services"]["ticketd"]["ports"][0].split(":")[1]


def test_compose_commands_are_cli_commands():
    parser = build_parser()
    for name in ("ticketd", "mock-provider"):
        command = compose()["services"][name]["command"]
        parser.parse_args(command)  # exits on an unknown command or flag


def test_dockerfile_entry_point_matches_the_cli():
    text = (ROOT / "Dockerfile").read_text()
    assert 'ENTRYPOINT ["ticketd"]' in text
    assert 'CMD ["serve"]' in text
    assert "USER ticketd" in text and "HEALTHCHECK" in text
    for name in re.findall(r"(TICKETD_[A-Z_]+)=", text):
        assert name.removeprefix(ENV_PREFIX).lower() in SETTING_NAMES, name


def test_systemd_unit_is_type_notify_with_watchdog_and_hardening():
    unit = configparser.ConfigParser(strict=False, interpolation=None)
    unit.optionxform = str
    unit.read(ROOT / "deploy" / "ticketd.service")
    service = unit["Service"]
    assert service["Type"] == "notify"
    assert service["Restart"] == "on-failure"
    assert int(service["WatchdogSec"]) > 0
    assert service["NoNewPrivileges"] == "yes" and service["ProtectSystem"] == "strict"
    assert int(service["TimeoutStopSec"]) > 30
    assert " serve " in service["ExecStart"] + " "
    assert "ticketd.pyz" in service["ExecStart"]
    text = (ROOT / "deploy" / "ticketd.service").read_text()
    assert "Environment=SHIV_ROOT=/var/lib/ticketd/" in text  # inside StateDirectory


def dockerfile_healthcheck() -> list[str]:
    text = (ROOT / "Dockerfile").read_text().replace("\\\n", " ")
    command = re.search(r'^HEALTHCHECK .*? CMD python -c "(.*)"$', text, re.MULTILINE)
    assert command is not None
    return ["python", "-c", command.group(1)]


def compose_healthcheck() -> list[str]:
    test = compose()["services"]["ticketd"]["healthcheck"]["test"]
    assert test[0] == "CMD"
    return test[1:]


async def run_check(argv: list[str], port: int) -> int:
    script = argv[-1].replace("127.0.0.1:8000", f"127.0.0.1:{port}")
    process = await asyncio.create_subprocess_exec(
        sys.executable, *argv[1:-1], script,
        stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.DEVNULL,
    )  # fmt: skip
    return await asyncio.wait_for(process.wait(), 10)


@pytest.mark.parametrize("healthcheck", [dockerfile_healthcheck, compose_healthcheck])
async def test_container_health_follows_liveness_not_the_provider(healthcheck, start_daemon):
    """1. A daemon whose provider is down: /health is 503, yet the
       container health check (Dockerfile and compose) passes.
    2. Once the supervisor gave up, the same check fails."""
    from ticketd.daemon.listening import free_port

    argv = healthcheck()
    assert "127.0.0.1:8000/health/live" in argv[-1]
    daemon = await start_daemon(external_url=f"http://127.0.0.1:{free_port()}", restart_max=1)
    await daemon.request("GET", "/health", status=503)
    assert await run_check(argv, daemon.daemon.port) == 0
    notifier = daemon.daemon.notifier
    notifier.crash(RuntimeError("drill 1"))
    await notifier.ask(Ping())
    notifier.crash(RuntimeError("drill 2"))
    with pytest.raises(RestartIntensityExceeded):
        await asyncio.wait_for(daemon.daemon.supervisor.wait_failed(), 5)
    assert await run_check(argv, daemon.daemon.port) == 1
