"""The deployment files agree with the code: compose services and their
settings, the Dockerfile's entry point, the systemd unit."""

from __future__ import annotations

import configparser
import re
from pathlib import Path

import attrs
import yaml

from ticketd.cli import build_parser
from ticketd.daemon.settings import ENV_PREFIX, Settings, load_settings

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
