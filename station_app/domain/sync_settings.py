"""What the Sync settings accept: where the daily summaries go, checked before they are saved.

The station token travels with every batch, so the address must be HTTPS; plain HTTP is
allowed only to this PC itself (a test server for training or for the technician).
Each check returns a translated sentence saying what to fix, or "" when the value is fine.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from station_app.i18n import _

LOCAL_HOSTS = frozenset({"localhost", "127.0.0.1", "::1"})


def _host_and_port(text: str) -> tuple[str, str, bool]:
    """(scheme, host, port all right) of an address; empty host when it has none."""
    parts = urlsplit(text)
    try:
        parts.port  # noqa: B018 - raises ValueError on a port that is no number
    except ValueError:
        return parts.scheme.lower(), parts.hostname or "", False
    return parts.scheme.lower(), parts.hostname or "", True


def address_problem(text: str, *, required: bool) -> str:
    """HQ's address: https://…, or http:// to localhost / 127.0.0.1 for testing."""
    text = text.strip()
    if not text:
        return _("Fill in union headquarters' address.") if required else ""
    if any(char.isspace() for char in text):
        return _("The address has a space in it: copy it again from headquarters' letter.")
    scheme, host, port_ok = _host_and_port(text)
    if scheme == "http" and host and host not in LOCAL_HOSTS:
        return _(
            "The address must start with https:// so the data travels encrypted "
            "(http:// is only for testing on this PC: localhost or 127.0.0.1)."
        )
    if scheme not in ("https", "http") or not host:
        return _(
            "The address must start with https://, for example https://hq.example.org "
            "(http:// only for testing on this PC: localhost or 127.0.0.1)."
        )
    if not port_ok:
        return _("The port number in the address is not a number between 1 and 65535.")
    return ""


def token_problem(text: str, *, required: bool) -> str:
    token = text.strip()
    if not token:
        return _("Fill in the station token that headquarters gave you.") if required else ""
    if any(char.isspace() for char in token):
        return _("The station token has a space in it: copy it again, without spaces.")
    return ""


def folder_problem(text: str, *, required: bool) -> str:
    if not text.strip():
        return _("Choose the folder to write the summaries into.") if required else ""
    return ""


def proxy_problem(text: str) -> str:
    """Optional: a proxy server, http://host:port."""
    text = text.strip()
    if not text:
        return ""
    scheme, host, port_ok = _host_and_port(text)
    if scheme not in ("http", "https") or not host or not port_ok or " " in text:
        return _("The proxy must look like http://proxy.example:8080, or leave it empty.")
    return ""
