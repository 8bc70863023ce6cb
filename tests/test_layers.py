"""The packages of ``src/ticketd`` import each other one way only, as the
README's Architecture section draws them.

Every ``import`` and ``from ... import`` of every module (also those inside
functions) is read from its syntax tree, so a lazy import cannot hide a
dependency that runs the wrong way.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

import ticketd

PACKAGE_ROOT = Path(ticketd.__file__).parent

LAYERS = ("domain", "store", "external", "actors", "app", "http", "daemon", "mockapi", "settings")
# The shared modules at the top of the package are open to every package and
# import no layer themselves.
SHARED = ("errors", "clock", "aio", "logs", "metrics", "arguments")

# What each package may not import.
FORBIDDEN = {
    **{shared: set(LAYERS) for shared in SHARED},
    "domain": {"store", "external", "actors", "app", "http", "daemon", "mockapi", "settings"},
    "store": {"external", "actors", "app", "http", "daemon", "mockapi", "settings"},
    "external": {"store", "actors", "app", "http", "daemon", "mockapi", "settings"},
    "actors": {"app", "http", "daemon", "mockapi", "settings"},
    "app": {"external", "http", "daemon", "mockapi", "settings"},
    "http": {"daemon", "actors", "external", "mockapi"},
    "mockapi": {"store", "external", "actors", "app", "http", "daemon", "settings"},
    "settings": {"store", "external", "actors", "app", "http", "daemon", "mockapi"},
}


def _imports(path: Path, root: Path | None = None) -> Iterator[tuple[int, str]]:
    """(line, module) of every import in the file, relative ones resolved
    against the file's place under ``root`` (the ``ticketd`` package). A
    ``from a.b import c`` yields ``a.b.c``: ``c`` may be a module."""
    root = root or PACKAGE_ROOT
    package = ["ticketd", *path.relative_to(root).parent.parts] if path.is_relative_to(root) else []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - (node.level - 1)] if package else []
                module = ".".join([*base, *([node.module] if node.module else [])])
            else:
                module = node.module or ""
            for alias in node.names:
                yield node.lineno, f"{module}.{alias.name}"


def _package_of(path: Path, root: Path) -> str:
    """``domain`` for ``src/ticketd/domain/ticket.py``, ``settings`` for
    ``src/ticketd/settings.py``."""
    return path.relative_to(root).parts[0].removesuffix(".py")


def package_imports(root: Path | None = None) -> dict[str, dict[str, list[str]]]:
    """package -> imported package -> ["file:line", ...] for every import
    from one package of ticketd into another (under ``root``, by default
    the installed package)."""
    root = root or PACKAGE_ROOT
    found: dict[str, dict[str, list[str]]] = {}
    for path in sorted(root.rglob("*.py")):
        source = _package_of(path, root)
        for line, module in _imports(path, root):
            parts = module.split(".")
            if parts[0] != "ticketd" or len(parts) < 2 or parts[1] == source:
                continue
            where = f"{path.relative_to(root)}:{line}"
            found.setdefault(source, {}).setdefault(parts[1], []).append(where)
    return found


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_package_imports_only_the_layers_below_it(package):
    imported = package_imports().get(package, {})
    wrong = {target: sites for target, sites in imported.items() if target in FORBIDDEN[package]}
    assert not wrong, f"{package} imports what it must not: {wrong}"


def test_the_http_shell_never_imports_the_daemon():
    sites = [
        f"{path.relative_to(PACKAGE_ROOT)}:{line} {module}"
        for path in sorted((PACKAGE_ROOT / "http").rglob("*.py"))
        for line, module in _imports(path)
        if module == "ticketd.daemon" or module.startswith("ticketd.daemon.")
    ]
    assert sites == []


def test_commands_validate_identifiers_through_the_domain():
    """The CLI checks a tenant id with the domain's rule, not the HTTP
    shell's parameter parsers."""
    sites = [
        f"{path.name}:{line}"
        for path in sorted((PACKAGE_ROOT / "daemon").glob("*.py"))
        for line, module in _imports(path)
        if module.startswith("ticketd.http.params")
    ]
    assert sites == []


def test_packages_form_no_cycle():
    graph = {source: set(targets) for source, targets in package_imports().items()}
    state: dict[str, str] = {}  # "visiting" or "done"

    def visit(node: str, trail: list[str]) -> None:
        if state.get(node) == "done":
            return
        if state.get(node) == "visiting":
            cycle = [*trail[trail.index(node) :], node]
            raise AssertionError(f"import cycle: {' -> '.join(cycle)}")
        state[node] = "visiting"
        for target in sorted(graph.get(node, ())):
            visit(target, [*trail, node])
        state[node] = "done"

    for package in sorted(graph):
        visit(package, [])


def test_the_checks_see_real_imports(tmp_path):
    """The walker finds imports inside functions, ``from ticketd import x``
    and relative forms, and the modules named after ``import``: a check
    that could not fail would prove nothing."""
    bad = tmp_path / "http"
    bad.mkdir()
    (bad / "routes.py").write_text(
        "def handler():\n    from ticketd.daemon.process import Daemon\n"
        "from ticketd import daemon\n"
        "from ..daemon import process\n"
        "from . import params\n"
    )
    (tmp_path / "metrics.py").write_text("from .app import queries\n")
    found = package_imports(tmp_path)
    assert sorted(found["http"]["daemon"]) == [
        "http/routes.py:2",
        "http/routes.py:3",
        "http/routes.py:4",
    ]
    assert found["metrics"] == {"app": ["metrics.py:1"]}
    modules = [module for _, module in _imports(bad / "routes.py", tmp_path)]
    assert "ticketd.http.params" in modules
