"""Settings: defaults, TOML, environment, flags, validation, masking."""

from __future__ import annotations

import attrs
import pytest

from ticketd.errors import InvalidInput
from ticketd.settings import Settings, load_settings, parse_tokens

ADMIN = "a" * 24
SCOPED = "b" * 24


def test_defaults_match_the_spec():
    s = load_settings(environ={})
    assert s.db == "sqlite:///./ticketd.db"
    assert s.external_url == "http://127.0.0.1:9000"
    assert (s.host, s.port) == ("127.0.0.1", 8000)
    assert (s.rate_limit_per_minute, s.page_size, s.lock_ttl_seconds) == (60, 100, 60.0)
    assert (s.breaker_window, s.breaker_failures, s.breaker_open_seconds) == (10, 5, 30.0)
    assert s.tokens == ()


def test_precedence_file_then_environment_then_flags(tmp_path):
    config = tmp_path / "ticketd.toml"
    config.write_text('port = 7000\nlog_level = "debug"\nrate_limit_per_minute = 30\n')
    s = load_settings(
        config_file=str(config),
        environ={"TICKETD_PORT": "7100", "TICKETD_PAGE_SIZE": "50"},
        overrides={"port": 7200, "host": None},
    )
    assert s.port == 7200  # flag beats environment beats file
    assert s.page_size == 50
    assert s.rate_limit_per_minute == 30
    assert s.log_level == "DEBUG"
    assert s.host == "127.0.0.1"  # a None override is ignored


def test_config_file_can_come_from_the_environment(tmp_path):
    config = tmp_path / "c.toml"
    config.write_text("breaker_open_seconds = 12.5\n")
    s = load_settings(environ={"TICKETD_CONFIG": str(config)})
    assert s.breaker_open_seconds == 12.5


@pytest.mark.parametrize(
    ("environ", "message"),
    [
        ({"TICKETD_PORT": "eighty"}, r"setting port \(TICKETD_PORT\): expected int"),
        ({"TICKETD_PORT": "70000"}, r"port \(TICKETD_PORT\) must be 0..65535"),
        ({"TICKETD_RATE_LIMIT_PER_MINUTE": "0"}, "rate_limit_per_minute .* must be positive"),
        ({"TICKETD_DB": "postgres://x"}, "db .* must start with one of"),
        ({"TICKETD_EXTERNAL_URL": "ftp://x"}, "external_url .* must be an http:// or https://"),
        ({"TICKETD_LOG_LEVEL": "loud"}, "log_level .* must be one of"),
        ({"TICKETD_PAGE_SIZE": "500"}, "page_size .* must be at most 100"),
        # The outside tester: "page_size must be positive, got 0" named no variable.
        ({"TICKETD_PAGE_SIZE": "0"}, r"page_size \(TICKETD_PAGE_SIZE\) must be positive"),
        ({"TICKETD_FEED_GATHER_SECONDS": "-1"}, r"\(TICKETD_FEED_GATHER_SECONDS\) must not"),
        ({"TICKETD_MAX_DELETE_FRACTION": "2"}, r"\(TICKETD_MAX_DELETE_FRACTION\) must be"),
        ({"TICKETD_BREAKER_FAILURES": "11"}, "breaker_failures .* cannot exceed breaker_window"),
        ({"TICKETD_PUBLIC_HEALTH": "maybe"}, "setting public_health .*: expected bool"),
        ({"TICKETD_AUTH_TOKENS": "short=*"}, r"\(TICKETD_AUTH_TOKENS\).* shorter than 16"),
        # It names the replica in leases and logs: newlines, spaces and
        # 5,000 characters were accepted (outside tester).
        ({"TICKETD_INSTANCE_ID": "a\nb"}, "instance_id .* must be 1 to 128 printable"),
        ({"TICKETD_INSTANCE_ID": "web 1"}, "instance_id .* must be 1 to 128 printable"),
        ({"TICKETD_INSTANCE_ID": "x" * 5000}, "instance_id .* must be 1 to 128 printable"),
    ],
)
def test_bad_values_name_the_setting(environ, message):
    with pytest.raises(InvalidInput, match=message):
        load_settings(environ=environ)


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        # The outside tester: these passed the prefix check, then crashed
        # the feed-scan actor on every run (serve ended with exit 70).
        ("http://127.0.0.1:70000", "port must be 1..65535"),
        ("http://127.0.0.1:0", "port must be 1..65535"),
        ("http://", "has no host"),
        ("https://:8080/x", "has no host"),
        ("http://[::1", "is not a valid URL"),
        ("http://host:port", "is not a valid URL"),
        ("http://my host:9000", "spaces"),
        ("HTTP:/x", "has no host"),
        # Hosts no lookup can use: aiohttp raised from every call.
        ("http://1.2.3.999", "is not an IPv4 address"),
        ("http://127.1:8080", "is not an IPv4 address"),
        ("http://a..b", "is not a valid host name"),
    ],
)
def test_a_provider_url_is_checked_whole_not_by_its_prefix(url, reason):
    with pytest.raises(InvalidInput, match=r"external_url \(TICKETD_EXTERNAL_URL\)") as raised:
        load_settings(environ={"TICKETD_EXTERNAL_URL": url})
    assert reason in raised.value.message
    assert "\n" not in raised.value.message


def test_a_bad_provider_urls_credentials_are_not_shown():
    with pytest.raises(InvalidInput) as raised:
        load_settings(overrides={"external_url": "http://user:pwSECRET1@h:99999/?api_key=SECRET2"})
    assert "SECRET" not in raised.value.message


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:9000",
        "https://api.example.com/v1?x=1",
        "http://[::1]:8080",
        "https://xn--mnchen-3ya.example",
        "http://localhost:8080",
    ],
)
def test_good_provider_urls_pass(url):
    assert load_settings(environ={"TICKETD_EXTERNAL_URL": url}).external_url == url


def test_bad_config_files_are_reported(tmp_path):
    with pytest.raises(InvalidInput, match="cannot read config file"):
        load_settings(config_file=str(tmp_path / "missing.toml"), environ={})
    broken = tmp_path / "broken.toml"
    broken.write_text("port = \n")
    with pytest.raises(InvalidInput, match="not valid TOML"):
        load_settings(config_file=str(broken), environ={})
    unknown = tmp_path / "unknown.toml"
    unknown.write_text("prot = 1\n")
    with pytest.raises(InvalidInput, match=r"unknown settings: 'prot'; did you mean port\?"):
        load_settings(config_file=str(unknown), environ={})


def test_unknown_config_keys_get_the_closest_name_like_the_environment(tmp_path):
    unknown = tmp_path / "unknown.toml"
    unknown.write_text("rate_limit_per_minut = 6\nzzzzzz = 1\n")
    with pytest.raises(InvalidInput) as raised:
        load_settings(config_file=str(unknown), environ={})
    assert str(raised.value) == (
        f"config file {unknown}: unknown settings: "
        "'rate_limit_per_minut'; did you mean rate_limit_per_minute?, 'zzzzzz'"
    )


_FLOAT_SETTINGS = [f.name for f in attrs.fields(Settings) if f.type in ("float", float)]


@pytest.mark.parametrize("raw", ["nan", "inf", "-inf", "NaN", "Infinity", "1e999"])
@pytest.mark.parametrize("name", _FLOAT_SETTINGS)
def test_every_float_setting_must_be_finite(name, raw):
    with pytest.raises(
        InvalidInput, match=rf"setting {name} \(TICKETD_{name.upper()}\): must be a finite number"
    ):
        load_settings(environ={f"TICKETD_{name.upper()}": raw})


@pytest.mark.parametrize("raw", ["nan", "inf", "-inf"])
def test_float_settings_from_the_config_file_and_flags_must_be_finite(tmp_path, raw):
    config = tmp_path / "c.toml"
    config.write_text(f"shutdown_timeout_seconds = {raw}\n")
    with pytest.raises(
        InvalidInput, match=r"setting shutdown_timeout_seconds \(\w+\): must be a finite"
    ):
        load_settings(config_file=str(config), environ={})
    with pytest.raises(
        InvalidInput, match=r"setting sync_interval_seconds \(\w+\): must be a finite"
    ):
        load_settings(environ={}, overrides={"sync_interval_seconds": float(raw)})


def test_tokens_parse_into_scoped_grants():
    grants = parse_tokens(f"{ADMIN}=*, {SCOPED}=tenant_a|tenant_b")
    admin, scoped = grants
    assert admin.covers("anyone") and admin.tenants is None
    assert scoped.covers("tenant_a") and not scoped.covers("tenant_c")
    with pytest.raises(InvalidInput, match="not TOKEN=SCOPE"):
        parse_tokens(ADMIN)
    with pytest.raises(InvalidInput, match="bad tenant ids"):
        parse_tokens(f"{ADMIN}=bad tenant!")
    with pytest.raises(InvalidInput, match="same token twice"):
        parse_tokens(f"{ADMIN}=*,{ADMIN}=t1")


def test_masked_settings_hide_secrets():
    s = Settings(
        auth_tokens=f"{ADMIN}=*,{SCOPED}=tenant_a",
        db="mongodb://ticketd:hunter2@db.example:27017/ticketd",
    )
    shown = s.masked()
    text = repr(shown)
    assert ADMIN not in text and SCOPED not in text and "hunter2" not in text
    assert shown["auth_tokens"] == [
        {"token": "***", "tenants": "*"},
        {"token": "***", "tenants": ["tenant_a"]},
    ]
    assert shown["db"] == "mongodb://***:***@db.example:27017/ticketd"
    assert ADMIN not in repr(s)


def test_masked_settings_hide_the_provider_urls_credentials():
    s = Settings(external_url="http://puser:pwSECRET1@127.0.0.1:19378/?api_key=SECRET2")
    shown = s.masked()
    assert shown["external_url"] == "http://***:***@127.0.0.1:19378/?api_key=***"
    assert not any(x in repr(shown) for x in ("puser", "pwSECRET1", "SECRET2"))


def test_sync_schedule_is_off_by_default_and_takes_a_list_or_every_tenant(tmp_path):
    s = load_settings(environ={})
    assert s.sync_interval_seconds == 0 and s.scheduled_tenants == ()
    env = {"TICKETD_SYNC_INTERVAL_SECONDS": "300", "TICKETD_SYNC_TENANTS": " a, b ,a"}
    s = load_settings(environ=env)
    assert s.sync_interval_seconds == 300 and s.scheduled_tenants == ("a", "b")
    assert load_settings(environ={"TICKETD_SYNC_TENANTS": "*"}).scheduled_tenants is None
    config = tmp_path / "sync.toml"
    config.write_text('sync_tenants = ["tenant_a", "tenant_b"]\n')
    assert load_settings(config_file=str(config), environ={}).scheduled_tenants == (
        "tenant_a",
        "tenant_b",
    )
    with pytest.raises(InvalidInput, match="sync_tenants"):
        load_settings(environ={"TICKETD_SYNC_TENANTS": "a,bad tenant"})
    with pytest.raises(InvalidInput, match="sync_interval_seconds"):
        load_settings(environ={"TICKETD_SYNC_INTERVAL_SECONDS": "-1"})


@pytest.mark.parametrize("raw", ["nan", "inf", "-inf", "1e14", "0.001", "0.5"])
def test_sync_interval_must_be_off_or_finite_and_at_least_a_second(raw):
    """nan turned the schedule silently off, inf and 1e14 overflowed the
    scheduler's dates at start, 0.001 made it spin; each is now refused
    in one line that names the setting."""
    with pytest.raises(InvalidInput, match="TICKETD_SYNC_INTERVAL_SECONDS") as caught:
        load_settings(environ={"TICKETD_SYNC_INTERVAL_SECONDS": raw})
    assert "\n" not in str(caught.value)
    for ok in ("0", "1", "31536000"):
        load_settings(environ={"TICKETD_SYNC_INTERVAL_SECONDS": ok})


def test_every_tenant_star_stands_alone():
    with pytest.raises(InvalidInput, match=r"'\*' .* stands alone"):
        load_settings(environ={"TICKETD_SYNC_TENANTS": "*,ta"})


@pytest.mark.parametrize("raw", ["50.7", "50.0", "5e1"])
def test_whole_number_settings_from_the_config_file_refuse_fractions(tmp_path, raw):
    """page_size = 50.7 in the file was cut to 50 (the environment refused
    the same value): a fraction is an error naming the setting."""
    config = tmp_path / "c.toml"
    config.write_text(f"page_size = {raw}\n")
    with pytest.raises(InvalidInput, match=r"page_size \(TICKETD_PAGE_SIZE\): expected int"):
        load_settings(config_file=str(config), environ={})
