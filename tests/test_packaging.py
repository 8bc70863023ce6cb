"""Building and installing: make dist stays in the project's virtual
environment, every importable folder of the package is packaged, and the
systemd unit, its comments and the README agree on where settings go."""

from __future__ import annotations

import argparse
import configparser
import re
import shutil
import subprocess
import tomllib
from pathlib import Path

import pytest
from setuptools import find_namespace_packages, find_packages

from ticketd.cli import build_parser
from ticketd.settings import ENV_PREFIX, load_settings

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_make_dist_uses_the_project_virtual_environment():
    dry_run = subprocess.run(
        ["make", "-n", "-B", "dist", "VENV=.venv"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    python_calls = [
        line for line in dry_run.splitlines() if " -m pip" in line or " -m shiv" in line
    ]
    assert len(python_calls) == 2, dry_run
    assert all(line.startswith(".venv/bin/python -m ") for line in python_calls), dry_run


def test_every_folder_of_the_package_is_in_the_packages_configuration():
    """setuptools warns (and, in future versions, drops the files) when an
    importable folder such as ticketd/http/static is not a listed package."""
    config = configparser.ConfigParser()
    config.read(ROOT / "setup.cfg")
    finder = config["options"]["packages"].strip()
    find = config["options.packages.find"]
    where = str(ROOT / find["where"])
    include = [p.strip() for p in find.get("include", "*").replace(",", " ").split()]
    search = {"find:": find_packages, "find_namespace:": find_namespace_packages}[finder]
    listed = set(search(where=where, include=include))
    folders = {
        ".".join(path.relative_to(ROOT / "src").parts)
        for path in (ROOT / "src" / "ticketd").rglob("*")
        if path.is_dir() and path.name != "__pycache__"
    } | {"ticketd"}
    assert folders <= listed, sorted(folders - listed)


def _unit() -> configparser.SectionProxy:
    unit = configparser.ConfigParser(strict=False, interpolation=None)
    unit.optionxform = str
    unit.read(ROOT / "deploy" / "ticketd.service")
    return unit["Service"]


def test_the_unit_leaves_every_setting_to_its_toml_file():
    """The unit's comment says settings go in the TOML file; environment
    variables override it, so the unit itself must not set any."""
    service_text = (ROOT / "deploy" / "ticketd.service").read_text()
    environment = re.findall(r"^Environment=(\S+)", service_text, re.MULTILINE)
    assert [e for e in environment if e.startswith(ENV_PREFIX)] == []
    config = re.search(r"--config (\S+)", _unit()["ExecStart"]).group(1)
    assert config == "/etc/ticketd/ticketd.toml"
    assert f"every ticketd setting lives in {config}" in service_text
    env_file = _unit()["EnvironmentFile"].lstrip("-")
    assert env_file in service_text.split("[Unit]")[0]  # the comment explains it

    # The example file loads, and sets the database in the state directory.
    example = ROOT / "deploy" / "ticketd.toml"
    settings = load_settings(config_file=str(example), environ={})
    assert settings.db == "sqlite:////var/lib/ticketd/ticketd.db"
    assert "ticketd" in _unit()["StateDirectory"]
    assert "auth_tokens" not in tomllib.loads(example.read_text())

    readme = " ".join((ROOT / "README.md").read_text().split())
    assert f"Settings go in `{config}` (start from `deploy/ticketd.toml`)" in readme
    assert "the unit sets no `TICKETD_*` variable" in readme
    assert f"`{env_file}` is for secrets" in readme


def test_the_readme_command_table_lists_every_flag_of_each_command():
    """Each ``ticketd COMMAND [--flags]`` row of the README names exactly
    the flags that command's parser takes (--help aside), unless it says
    it is abbreviated (``...``)."""
    parser = build_parser()
    (commands,) = (a.choices for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    readme = (ROOT / "README.md").read_text()
    rows = re.findall(r"^\| `ticketd ([a-z-]+) ([^`]*)` \|", readme, re.M)
    assert {command for command, _ in rows} >= {"demo", "serve", "ingest", "stats"}
    for command, usage in rows:
        if "..." in usage:  # abbreviated on purpose, with a link to its page
            continue
        parser = commands[command]
        nested = [a.choices for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
        if nested:  # ticketd db rebuild-rollups ...
            subcommand, _, usage = usage.partition(" ")
            parser = nested[0][subcommand]
        taken = {
            flag
            for action in parser._actions
            for flag in action.option_strings
            if flag.startswith("--") and flag != "--help"
        }
        assert set(re.findall(r"--[a-z-]+", usage)) == taken, command
