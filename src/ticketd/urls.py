"""How a URL that may carry credentials is shown to people: in the settings
log line, health and readiness bodies, error messages, logs, job errors
stored in the database and command output.

``shown_url`` replaces the user and the password of the userinfo with
``***`` and the value of every query parameter whose name looks secret
(``api_key``, ``token``, ``secret``, ``password``, ``signature``, ...);
the scheme, host, port, path and the other parameters stay readable.
``hide_secrets`` does the same to a text that may quote the URL or parts
of it (an exception's message).
"""

from __future__ import annotations

import ipaddress
import re
from urllib.parse import parse_qsl, unquote, urlsplit

from yarl import URL

__all__ = ["MASK", "hide_secrets", "provider_url_problem", "secret_parts", "shown_url"]

MASK = "***"

# Parameter names whose values are credentials: any name containing one of
# these words (case-insensitive), or one of the short names below.
_SECRET_WORDS = re.compile(
    r"key|token|secret|passw|pwd|signature|credential|session|access|jwt|hmac|bearer", re.I
)
_SECRET_NAMES = frozenset({"sig", "auth", "authorization", "code", "pass", "hash", "otp", "pin"})


def _secret_name(name: str) -> bool:
    name = unquote(name)
    return bool(_SECRET_WORDS.search(name)) or name.lower() in _SECRET_NAMES


def shown_url(url: str) -> str:
    """``url`` with its userinfo and secret-looking query values masked."""
    try:
        parts = urlsplit(url)
    except ValueError:  # not parseable (a bad IPv6 literal): hide all but the scheme
        scheme, sep, _ = url.partition("://")
        return f"{scheme}://{MASK}" if sep else MASK
    netloc = parts.netloc
    userinfo, at, hostport = netloc.rpartition("@")
    if at:
        netloc = (f"{MASK}:{MASK}@" if ":" in userinfo else f"{MASK}@") + hostport
    query = "&".join(_shown_pair(pair) for pair in parts.query.split("&")) if parts.query else ""
    shown = f"{parts.scheme}://{netloc}{parts.path}"
    if query:
        shown += "?" + query
    if parts.fragment:
        shown += "#" + parts.fragment
    return shown


def provider_url_problem(url: str) -> str | None:
    """What makes ``url`` unusable as the provider's base URL, or None.

    The whole URL is checked, not its prefix: an ``http://`` or ``https://``
    scheme, a host (an IPv4 address when it is digits and dots, a name
    IDNA can encode), a port (when given) within 1..65535, nothing a request
    URL cannot carry (spaces, control characters), and it must parse (a
    ``[::1`` without its bracket does not). The message shows the URL with
    its credentials masked."""
    shown = f"got {shown_url(url)!r}"
    if any(ch.isspace() or not ch.isprintable() for ch in url):
        return f"must not contain spaces or control characters, {shown}"
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:  # a bad IPv6 literal, a port out of range or not a number
        return f"is not a valid URL ({_url_error(exc)}), {shown}"
    if parts.scheme not in ("http", "https"):
        return f"must be an http:// or https:// URL, {shown}"
    if not parts.hostname:
        return f"has no host, {shown}"
    if port == 0:
        return f"port must be 1..65535, {shown}"
    if (host_problem := _host_problem(parts.hostname)) is not None:
        return f"{host_problem}, {shown}"
    try:  # as the HTTP client will parse it (its host's IDNA encoding included)
        URL(url).raw_host  # noqa: B018
    except ValueError as exc:
        return f"is not a valid URL ({_url_error(exc)}), {shown}"
    return None


_DIGITS_AND_DOTS = re.compile(r"[0-9.]*[0-9][0-9.]*")


def _host_problem(host: str) -> str | None:
    """What makes ``host`` unresolvable before any lookup, or None: digits
    and dots that are no IPv4 address ("1.2.3.999", "127.1"), or a name
    with an empty or over-long label ("a..b", ".") that IDNA cannot encode.
    IPv6 literals are checked by the parse before."""
    if ":" in host:
        return None
    if _DIGITS_AND_DOTS.fullmatch(host):
        try:
            ipaddress.IPv4Address(host)
        except ValueError:
            dot = " (no trailing dot)" if host.endswith(".") else ""
            return f"host {host!r} is not an IPv4 address{dot}"
        return None
    try:
        host.encode("idna")
    except UnicodeError:
        return f"host {host!r} is not a valid host name"
    return None


def _url_error(exc: ValueError) -> str:
    text = str(exc)
    return "port must be 1..65535" if "out of range" in text else text.lower() or "unparseable"


def _shown_pair(pair: str) -> str:
    name, sep, _ = pair.partition("=")
    return f"{name}={MASK}" if sep and _secret_name(name) else pair


def secret_parts(url: str) -> list[str]:
    """The credentials ``url`` carries (user, password, secret query
    values), raw and percent-decoded, longest first: what ``hide_secrets``
    looks for."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return []
    found: set[str] = set()
    userinfo, at, _ = parts.netloc.rpartition("@")
    if at:
        for piece in userinfo.split(":", 1):
            found.update((piece, unquote(piece)))
    for pair in parts.query.split("&") if parts.query else ():
        name, sep, value = pair.partition("=")
        if sep and _secret_name(name):
            found.add(value)
    for name, value in parse_qsl(parts.query, keep_blank_values=True):
        if _secret_name(name):
            found.add(value)
    # A piece shorter than 3 characters is no secret worth garbling a
    # message for (every "a" of it would be masked).
    return sorted((s for s in found if len(s) >= 3), key=len, reverse=True)


def hide_secrets(text: str, url: str) -> str:
    """``text`` with every credential of ``url`` in it replaced by ``***``."""
    for secret in secret_parts(url):
        text = text.replace(secret, MASK)
    return text
