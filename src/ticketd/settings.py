"""Settings: one attrs class, read from defaults, then an optional TOML file,
then ``TICKETD_*`` environment variables, then command-line flags; each
later source wins. Validated once at start with messages naming the
setting; logged once with secrets masked.

TOML uses the same names in lower case without the prefix
(``rate_limit_per_minute = 60``).
"""

from __future__ import annotations

import difflib
import math
import os
import socket
import tomllib
from collections.abc import Mapping
from typing import Any

import attrs

from ticketd.domain.identifiers import TENANT_ID_PATTERN
from ticketd.domain.scan import MAX_PAGES_PER_SCAN
from ticketd.errors import InvalidInput
from ticketd.urls import provider_url_problem, shown_url

__all__ = [
    "ENV_PREFIX",
    "Settings",
    "TokenGrant",
    "load_settings",
    "parse_tokens",
    "setting_name",
    "unknown_environment",
]

ENV_PREFIX = "TICKETD_"
_LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")


@attrs.frozen
class TokenGrant:
    """A bearer token and the tenants it may act for (``None`` = all)."""

    token: str = attrs.field(repr=False)
    tenants: frozenset[str] | None  # None: admin, every tenant

    def covers(self, tenant_id: str) -> bool:
        return self.tenants is None or tenant_id in self.tenants


_TOKENS = "auth_tokens (TICKETD_AUTH_TOKENS)"


def parse_tokens(value: str) -> tuple[TokenGrant, ...]:
    """Parse ``TOKEN=SCOPE[,TOKEN=SCOPE...]`` where SCOPE is ``*`` (admin) or
    tenant ids joined by ``|``: ``s3cret=*,t0ken=tenant_a|tenant_b``."""
    grants: list[TokenGrant] = []
    for position, item in enumerate(filter(None, (p.strip() for p in value.split(","))), 1):
        token, sep, scope = item.partition("=")
        token, scope = token.strip(), scope.strip()
        if not sep or not token or not scope:
            raise InvalidInput(f"{_TOKENS} entry {position} is not TOKEN=SCOPE")
        if len(token) < 16:
            raise InvalidInput(f"{_TOKENS} entry {position}: token shorter than 16 characters")
        if scope == "*":
            grants.append(TokenGrant(token, None))
            continue
        tenants = frozenset(t.strip() for t in scope.split("|") if t.strip())
        bad = sorted(t for t in tenants if not TENANT_ID_PATTERN.fullmatch(t))
        if not tenants or bad:
            raise InvalidInput(f"{_TOKENS} entry {position}: bad tenant ids {bad}")
        grants.append(TokenGrant(token, tenants))
    if len({g.token for g in grants}) != len(grants):
        raise InvalidInput(f"{_TOKENS} lists the same token twice")
    return tuple(grants)


def setting_name(name: str) -> str:
    """How a message names a setting: the field (the TOML key) and its
    environment variable, ``page_size (TICKETD_PAGE_SIZE)``."""
    return f"{name} ({ENV_PREFIX}{name.upper()})"


def _named(attribute: attrs.Attribute[Any]) -> str:
    return setting_name(attribute.name)


def _positive(instance: Any, attribute: attrs.Attribute[Any], value: float) -> None:
    if value <= 0:
        raise InvalidInput(f"{_named(attribute)} must be positive, got {value}")


def _non_negative(instance: Any, attribute: attrs.Attribute[Any], value: float) -> None:
    if value < 0:
        raise InvalidInput(f"{_named(attribute)} must not be negative, got {value}")


SYNC_INTERVAL_MIN_SECONDS = 1.0
SYNC_INTERVAL_MAX_SECONDS = 365 * 86400.0  # a year: beyond it dates overflow


def _sync_interval(instance: Any, attribute: attrs.Attribute[Any], value: float) -> None:
    low, high = SYNC_INTERVAL_MIN_SECONDS, SYNC_INTERVAL_MAX_SECONDS
    if value != 0 and not (math.isfinite(value) and low <= value <= high):
        raise InvalidInput(
            f"{_named(attribute)} must be 0 (off) or {low:g}..{high:g} seconds, got {value}"
        )


def _fraction(instance: Any, attribute: attrs.Attribute[Any], value: float) -> None:
    if not 0 <= value <= 1:
        raise InvalidInput(f"{_named(attribute)} must be within 0..1, got {value}")


def _port(instance: Any, attribute: attrs.Attribute[Any], value: int) -> None:
    if not 0 <= value <= 65535:
        raise InvalidInput(f"{_named(attribute)} must be 0..65535, got {value}")


def _url(*schemes: str) -> Any:
    def check(instance: Any, attribute: attrs.Attribute[Any], value: str) -> None:
        if not value.startswith(schemes):
            raise InvalidInput(f"{_named(attribute)} must start with one of {list(schemes)}")

    return check


def _provider_url(instance: Any, attribute: attrs.Attribute[Any], value: str) -> None:
    problem = provider_url_problem(value)
    if problem:
        raise InvalidInput(f"{_named(attribute)}: {problem}")


def _one_of(*choices: str) -> Any:
    def check(instance: Any, attribute: attrs.Attribute[Any], value: str) -> None:
        if value not in choices:
            raise InvalidInput(f"{_named(attribute)} must be one of {list(choices)}, got {value!r}")

    return check


INSTANCE_ID_MAX = 128


def _instance_id(instance: Any, attribute: attrs.Attribute[Any], value: str) -> None:
    # It names this replica in leases, claims and logs: one printable word.
    if not (0 < len(value) <= INSTANCE_ID_MAX and value.isprintable() and value.split() == [value]):
        raise InvalidInput(
            f"{_named(attribute)} must be 1 to {INSTANCE_ID_MAX} printable characters without"
            f" spaces, got {value[:40]!r}{'...' if len(value) > 40 else ''}"
        )


def _default_instance_id() -> str:
    return f"{socket.gethostname()}-{os.getpid()}"


@attrs.frozen(kw_only=True)
class Settings:
    """Every setting of the daemon. Field names are the TOML keys; the
    environment variable is ``TICKETD_`` + the upper-cased name."""

    db: str = attrs.field(default="sqlite:///./ticketd.db", validator=_url("sqlite://", "mongodb"))
    external_url: str = attrs.field(default="http://127.0.0.1:9000", validator=_provider_url)
    host: str = "127.0.0.1"
    port: int = attrs.field(default=8000, validator=_port)
    rate_limit_per_minute: int = attrs.field(default=60, validator=_positive)
    # The provider's window; the budgets above count calls per this many
    # seconds (60 for the reference provider; tests shorten it).
    rate_limit_window_seconds: float = attrs.field(default=60.0, validator=_positive)
    notify_rate_limit_per_minute: int = attrs.field(default=600, validator=_positive)
    page_size: int = attrs.field(default=100, validator=_positive)
    # The most pages one scan reads (``MAX_PAGES_PER_SCAN`` says why).
    max_pages_per_scan: int = attrs.field(default=MAX_PAGES_PER_SCAN, validator=_positive)
    lock_ttl_seconds: float = attrs.field(default=60.0, validator=_positive)
    breaker_window: int = attrs.field(default=10, validator=_positive)
    breaker_failures: int = attrs.field(default=5, validator=_positive)
    breaker_open_seconds: float = attrs.field(default=30.0, validator=_positive)
    auth_tokens: str = attrs.field(default="", repr=False)
    log_level: str = attrs.field(default="INFO", validator=_one_of(*_LOG_LEVELS))
    log_format: str = attrs.field(default="auto", validator=_one_of("auto", "json", "text"))
    provider_timeout_seconds: float = attrs.field(default=10.0, validator=_positive)
    # Deadline of every database operation (MongoDB: the client's timeoutMS,
    # server selection included; SQLite: the longest a write waits for the
    # write lock, queueing included, then 503).
    db_timeout_seconds: float = attrs.field(default=5.0, validator=_positive)
    provider_max_attempts: int = attrs.field(default=5, validator=_positive)
    provider_tenant_filter: bool = False
    notify_max_attempts: int = attrs.field(default=12, validator=_positive)
    notify_max_age_seconds: float = attrs.field(default=86400.0, validator=_positive)
    notify_backoff_cap_seconds: float = attrs.field(default=60.0, validator=_positive)
    # Deliveries in flight. Under the reference failure pattern a breaker
    # cycle advances about as many tickets as are in flight when it trips.
    notify_concurrency: int = attrs.field(default=16, validator=_positive)
    notify_poll_seconds: float = attrs.field(default=5.0, validator=_positive)
    notify_timeout_seconds: float = attrs.field(default=5.0, validator=_positive)
    stall_seconds: float = attrs.field(default=120.0, validator=_positive)
    # A run soft-deletes at most this share of a tenant's live tickets
    # unless started with allow_mass_delete.
    max_delete_fraction: float = attrs.field(default=0.2, validator=_fraction)
    # Scheduled sync: every this many seconds (0: off), runs for these
    # tenants ("a,b,c", or "*" for every tenant already in the store).
    sync_interval_seconds: float = attrs.field(default=0.0, validator=_sync_interval)
    sync_tenants: str = attrs.field(default="")
    # A pass over the feed that starts waits this long for runs started
    # with its first before calling for page 1 (0: it calls at once).
    feed_gather_seconds: float = attrs.field(default=0.25, validator=_non_negative)
    tenant_idle_seconds: float = attrs.field(default=10.0, validator=_positive)
    shutdown_timeout_seconds: float = attrs.field(default=25.0, validator=_positive)
    # An idle keep-alive connection is closed after this long; the same
    # timer bounds how long a client may take to send a request's headers.
    http_keepalive_seconds: float = attrs.field(default=15.0, validator=_positive)
    restart_max: int = attrs.field(default=5, validator=_positive)
    restart_window_seconds: float = attrs.field(default=60.0, validator=_positive)
    public_health: bool = True
    public_metrics: bool = True
    insecure: bool = False
    instance_id: str = attrs.field(factory=_default_instance_id, validator=_instance_id)

    def __attrs_post_init__(self) -> None:
        if self.breaker_failures > self.breaker_window:
            raise InvalidInput(
                f"{setting_name('breaker_failures')} cannot exceed {setting_name('breaker_window')}"
            )
        if self.page_size > 100:
            raise InvalidInput(
                f"{setting_name('page_size')} must be at most 100 (the provider's limit)"
            )
        self.tokens  # noqa: B018 - validates the token list early
        self.scheduled_tenants  # noqa: B018 - validates the tenant list early

    @property
    def scheduled_tenants(self) -> tuple[str, ...] | None:
        """The tenants of the sync schedule; None means every tenant
        already in the store (``*``). Raises ``InvalidInput`` on a
        malformed tenant id."""
        text = self.sync_tenants.strip()
        if text == "*":
            return None
        tenants = tuple(dict.fromkeys(t.strip() for t in text.split(",") if t.strip()))
        for tenant in tenants:
            if tenant == "*":
                raise InvalidInput(
                    "sync_tenants: '*' (every tenant in the store) stands alone, not in a list"
                )
            if not TENANT_ID_PATTERN.fullmatch(tenant):
                raise InvalidInput(f"sync_tenants: malformed tenant id {tenant!r}")
        return tenants

    @property
    def tokens(self) -> tuple[TokenGrant, ...]:
        return parse_tokens(self.auth_tokens)

    def masked(self) -> dict[str, Any]:
        """The effective settings with secrets hidden, for the start-up log."""
        out = attrs.asdict(self)
        out["auth_tokens"] = [
            {"token": "***", "tenants": "*" if g.tenants is None else sorted(g.tenants)}
            for g in self.tokens
        ]
        out["db"] = shown_url(self.db)
        out["external_url"] = shown_url(self.external_url)
        return out


_FIELDS = {f.name: f for f in attrs.fields(Settings)}


def _convert(name: str, raw: Any) -> Any:
    kind = _FIELDS[name].type
    if isinstance(raw, str):
        raw = raw.strip()
    try:
        if kind in ("bool", bool):
            if isinstance(raw, bool):
                return raw
            lowered = str(raw).lower()
            if lowered in ("1", "true", "yes", "on"):
                return True
            if lowered in ("0", "false", "no", "off"):
                return False
            raise ValueError
        if kind in ("int", int):
            # A fraction (a TOML float such as 50.7) is refused, not cut
            # down to a whole number the operator never wrote.
            if isinstance(raw, (bool, float)):
                raise ValueError
            return int(raw)
        if kind in ("float", float):
            if isinstance(raw, bool):
                raise ValueError
            number = float(raw)
            # Every duration, window and fraction is a finite number: nan
            # passes every comparison in the validators, inf overflows
            # timers and time-outs.
            if not math.isfinite(number):
                raise InvalidInput(
                    f"setting {name} ({ENV_PREFIX}{name.upper()}): must be a finite number, "
                    f"got {raw!r}"
                )
            return number
        if isinstance(raw, list):  # a TOML array of names
            return ",".join(str(item) for item in raw)
        return str(raw)
    except (TypeError, ValueError):
        raise InvalidInput(f"setting {setting_name(name)}: expected {kind}, got {raw!r}") from None


# TICKETD_* variables read outside the Settings class.
_OTHER_VARIABLES = frozenset({"CONFIG", "TEST_MONGO_URL", "FUZZ_SCALE"})


def unknown_environment(environ: Mapping[str, str] | None = None) -> list[str]:
    """One warning line per ``TICKETD_*`` variable that names no setting,
    with the closest valid name when one is near (a typo is otherwise
    silently ignored)."""
    environ = os.environ if environ is None else environ
    known = [ENV_PREFIX + name.upper() for name in _FIELDS]
    known += [ENV_PREFIX + name for name in _OTHER_VARIABLES]
    lines = []
    for variable in sorted(environ):
        if not variable.startswith(ENV_PREFIX) or variable in known:
            continue
        lines.append(f"unknown setting {variable} is ignored{_closest(variable, known)}")
    return lines


def _closest(name: str, known: list[str]) -> str:
    """``; did you mean NAME?`` for the closest known name, if one is near."""
    close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
    return f"; did you mean {close[0]}?" if close else ""


def load_settings(
    *,
    config_file: str | None = None,
    environ: Mapping[str, str] | None = None,
    overrides: Mapping[str, Any] | None = None,
) -> Settings:
    """Build the settings from the TOML file, the environment and explicit
    overrides (command-line flags; ``None`` values are ignored). Raises
    ``InvalidInput`` naming the first bad setting or unknown key."""
    environ = os.environ if environ is None else environ
    values: dict[str, Any] = {}
    config_file = config_file or environ.get(f"{ENV_PREFIX}CONFIG")
    if config_file:
        try:
            with open(config_file, "rb") as handle:
                data = tomllib.load(handle)
        except OSError as exc:
            raise InvalidInput(f"cannot read config file {config_file}: {exc.strerror}") from None
        except tomllib.TOMLDecodeError as exc:
            raise InvalidInput(f"config file {config_file} is not valid TOML: {exc}") from None
        unknown = sorted(set(data) - set(_FIELDS))
        if unknown:
            names = ", ".join(f"{key!r}{_closest(key, list(_FIELDS))}" for key in unknown)
            raise InvalidInput(f"config file {config_file}: unknown settings: {names}")
        values.update({k: _convert(k, v) for k, v in data.items()})
    for name in _FIELDS:
        raw = environ.get(ENV_PREFIX + name.upper())
        if raw is not None and raw != "":
            values[name] = _convert(name, raw)
    for name, value in (overrides or {}).items():
        if value is not None:
            values[name] = _convert(name, value)
    if "log_level" in values:
        values["log_level"] = str(values["log_level"]).upper()
    return Settings(**values)
