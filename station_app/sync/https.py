"""Delivery to HQ's web service (``POST /api/v1/batches``, hq/app.py) with the standard
library's urllib: nothing to install on the station PC.

Within one run a batch is tried a few times with growing, jittered pauses (a dropped
Wi-Fi, HQ restarting); what still fails is left to the next run. HQ's refusals are never
repeated within a run: a wrong token or a refused file gives the same answer a second later.
"""

from __future__ import annotations

import base64
import http.client
import json
import logging
import random
import ssl
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Sequence
from typing import Any

from station_app.domain import sync_settings
from station_app.domain.feedback import parse_reply
from station_app.domain.trust_bundle import MAX_BYTES as TRUST_MAX_BYTES
from station_app.i18n import _
from station_app.sync.delivery import Delivery, FeedbackExchange, Parcel, TrustFetch, Verdict

log = logging.getLogger(__name__)

ENDPOINT = "/api/v1/batches"
TRUST_ENDPOINT = "/api/v1/trust"
FEEDBACK_ENDPOINT = "/api/v1/feedback"
FEEDBACK_PAGE = "/r/"  # HQ's public rating page, followed by the station's code
FEEDBACK_MAX_BYTES = 4 * 1024 * 1024  # 500 suggestions of 500 characters, with room to spare
TIMEOUT = 15.0  # seconds, for connecting and for each read
RETRY_DELAYS = (1.0, 2.0, 4.0)  # pauses before the 2nd, 3rd and 4th try
_PROBLEM_LINES = 3


def endpoint(url: str) -> str:
    """The batches endpoint of the HQ address the attendant typed (the bare address, or the
    endpoint itself)."""
    url = url.strip().rstrip("/")
    return url if url.endswith(ENDPOINT) else url + ENDPOINT


def trust_endpoint(url: str) -> str:
    """HQ's trust bundle endpoint, beside the batches endpoint of the same address."""
    return endpoint(url).removesuffix(ENDPOINT) + TRUST_ENDPOINT


def feedback_endpoint(url: str) -> str:
    """HQ's feedback exchange endpoint, beside the batches endpoint of the same address."""
    return endpoint(url).removesuffix(ENDPOINT) + FEEDBACK_ENDPOINT


def feedback_url(sync_url: str, station_code: str) -> str:
    """The address of HQ's rating page for this station (the poster's QR code): the HQ
    address the station syncs with, without the batches endpoint, then ``/r/<code>``."""
    base = endpoint(sync_url).removesuffix(ENDPOINT)
    return base + FEEDBACK_PAGE + urllib.parse.quote(station_code.strip(), safe="")


def address_problem(url: str) -> str | None:
    """Why ``url`` cannot be HQ's address, in plain words; None when it can.

    The settings page's rule (domain/sync_settings.py), so an address it saved is never
    refused here and one it would refuse is never used."""
    return sync_settings.address_problem(url, required=True) or None


def _opener(proxy: str) -> urllib.request.OpenerDirector:
    # An empty setting means a direct connection, whatever the environment says: the
    # attendant's settings are the one place to look when the connection misbehaves.
    proxies = {"http": proxy, "https": proxy} if proxy.strip() else {}
    return urllib.request.build_opener(urllib.request.ProxyHandler(proxies))


def _json(data: bytes) -> dict[str, Any]:
    try:
        parsed = json.loads(data)
    except ValueError:
        return {}
    return parsed if isinstance(parsed, dict) else {}


def _problems(body: dict[str, Any]) -> str:
    problems = body.get("problems")
    lines = []
    for problem in problems if isinstance(problems, list) else []:
        if not isinstance(problem, dict):
            continue
        line, message = problem.get("line"), str(problem.get("message", ""))[:200]
        if isinstance(line, int) and line > 0:
            lines.append(_("line {line}: {problem}").format(line=line, problem=message))
        else:
            lines.append(message)
    shown = "; ".join(lines[:_PROBLEM_LINES])
    if len(lines) > _PROBLEM_LINES:
        shown += _(" (and {n} more)").format(n=len(lines) - _PROBLEM_LINES)
    return shown


class HttpsTransport:
    def __init__(
        self,
        url: str,
        token: str,
        *,
        proxy: str = "",
        timeout: float = TIMEOUT,
        retry_delays: Sequence[float] = RETRY_DELAYS,
        sleep: Callable[[float], None] = time.sleep,
        jitter: Callable[[], float] = random.random,
    ) -> None:
        self.url = endpoint(url)
        self.trust_url = trust_endpoint(url)
        self.feedback_url = feedback_endpoint(url)
        self._token = token.strip()
        self._opener = _opener(proxy)
        self._timeout = timeout
        self._delays = tuple(retry_delays)
        self._sleep = sleep
        self._jitter = jitter

    def send(self, parcel: Parcel) -> Delivery:
        body = json.dumps(
            {
                "manifest": json.loads(parcel.manifest_json),
                "csv": base64.b64encode(parcel.csv).decode("ascii"),
            },
            ensure_ascii=False,
        ).encode("utf-8")
        delivery = self._post(parcel, body)
        tries = 1
        for delay in self._delays:
            if delivery.verdict is not Verdict.RETRY:
                break
            # Jitter keeps a district's stations from all coming back at the same second.
            self._sleep(delay * (0.5 + self._jitter()))
            delivery = self._post(parcel, body)
            tries += 1
        return Delivery(delivery.verdict, delivery.message, tries, delivery.stop)

    def fetch_trust(self) -> TrustFetch:
        """HQ's current trust bundle, tried once: when HQ cannot be reached it is simply
        fetched at the next sync."""
        request = urllib.request.Request(self.trust_url, method="GET")
        request.add_header("Authorization", f"Bearer {self._token}")
        later = _("Headquarters' list of withdrawn cards is fetched at the next sync.")
        try:
            with self._opener.open(request, timeout=self._timeout) as response:
                data = response.read(TRUST_MAX_BYTES + 1)
        except urllib.error.HTTPError as error:
            with error:
                status = error.code
            log.info("trust bundle: HTTP %s", status)
            if status in (401, 403):
                return TrustFetch(message=_token_message(status))
            if status == 404:  # an HQ server older than the trust bundle
                return TrustFetch()
            return TrustFetch(
                message=_("The headquarters server had a problem (HTTP {status}).").format(
                    status=status
                )
                + " "
                + later
            )
        except (OSError, http.client.HTTPException) as error:
            log.info("trust bundle not fetched: %r", error)
            return TrustFetch(message=later)
        return TrustFetch((data,))

    def exchange_feedback(self, body: dict[str, Any]) -> FeedbackExchange:
        """One round trip with HQ's feedback endpoint, tried once: what fails is exchanged
        at the next sync (an entry is marked sent only once HQ has accepted it)."""
        data = json.dumps(body, ensure_ascii=False).encode("utf-8")
        request = urllib.request.Request(self.feedback_url, data=data, method="POST")
        request.add_header("Content-Type", "application/json; charset=utf-8")
        request.add_header("Authorization", f"Bearer {self._token}")
        try:
            with self._opener.open(request, timeout=self._timeout) as response:
                status, answer = response.status, _json(response.read(FEEDBACK_MAX_BYTES))
        except urllib.error.HTTPError as error:
            with error:
                try:
                    status, answer = error.code, _json(error.read(64 * 1024))
                except (OSError, http.client.HTTPException):
                    status, answer = error.code, {}
        except TimeoutError:
            return FeedbackExchange(
                message=_("Headquarters did not answer within {n} seconds.").format(
                    n=int(self._timeout)
                )
            )
        except urllib.error.URLError as error:
            if isinstance(error.reason, ssl.SSLCertVerificationError):
                why = _("The headquarters server's certificate could not be verified.")
            else:
                why = _("Could not reach the headquarters server {host}: check the network.")
            host = urllib.parse.urlsplit(self.feedback_url).netloc
            return FeedbackExchange(message=why.format(host=host))
        except (OSError, http.client.HTTPException) as error:
            log.info("feedback exchange interrupted: %r", error)
            return FeedbackExchange(message=_("The connection to headquarters broke off."))
        log.info("feedback exchange: HTTP %s %s", status, answer.get("status"))
        return _feedback_answer(status, answer)

    def _post(self, parcel: Parcel, body: bytes) -> Delivery:
        request = urllib.request.Request(self.url, data=body, method="POST")
        request.add_header("Content-Type", "application/json; charset=utf-8")
        request.add_header("Authorization", f"Bearer {self._token}")
        try:
            with self._opener.open(request, timeout=self._timeout) as response:
                status, answer = response.status, _json(response.read())
        except urllib.error.HTTPError as error:
            with error:
                try:
                    status, answer = error.code, _json(error.read())
                except (OSError, http.client.HTTPException):
                    status, answer = error.code, {}
        except TimeoutError:
            return self._transient(
                _("Headquarters did not answer within {n} seconds.").format(n=int(self._timeout))
            )
        except urllib.error.URLError as error:
            return self._unreachable(error.reason)
        except (OSError, http.client.HTTPException) as error:
            # Reset, cut off mid-answer (RemoteDisconnected, IncompleteRead): the batch may or
            # may not have arrived; sending it again is safe, HQ keeps one copy.
            log.info("upload of %s interrupted: %r", parcel.stem, error)
            return self._transient(_("The connection to headquarters broke off."))
        log.info("upload of %s: HTTP %s %s", parcel.stem, status, answer.get("status"))
        return self._verdict(parcel, status, answer)

    def _transient(self, what: str) -> Delivery:
        return Delivery(
            Verdict.RETRY,
            _("{what} The summaries stay queued and are sent at the next sync.").format(what=what),
            stop=True,
        )

    def _unreachable(self, reason: object) -> Delivery:
        if isinstance(reason, ssl.SSLCertVerificationError):
            return Delivery(
                Verdict.REFUSED,
                _(
                    "The headquarters server's certificate could not be verified, so nothing "
                    "was sent. Check the address, and the PC's date and time."
                ),
                stop=True,
            )
        if isinstance(reason, TimeoutError):
            return self._transient(
                _("Headquarters did not answer within {n} seconds.").format(n=int(self._timeout))
            )
        host = urllib.parse.urlsplit(self.url).netloc
        return self._transient(
            _("Could not reach the headquarters server {host}: check the network.").format(
                host=host
            )
        )

    def _verdict(self, parcel: Parcel, status: int, answer: dict[str, Any]) -> Delivery:
        if status == 200 and answer.get("status") == "ok":
            return Delivery(Verdict.DELIVERED)
        if status in (401, 403):
            return Delivery(Verdict.REFUSED, _token_message(status), stop=True)
        if status == 409:
            return Delivery(
                Verdict.CONFLICT,
                _(
                    "Headquarters already holds different figures under the number of {name}. "
                    "It will not be sent again on its own: please tell headquarters."
                ).format(name=parcel.stem),
            )
        if status == 422:
            return Delivery(
                Verdict.REFUSED,
                _("Headquarters refused {name}: {problems}").format(
                    name=parcel.stem, problems=_problems(answer) or status
                ),
            )
        if status >= 500 or status in (200, 408, 429):
            # 200 without "ok" is a proxy's or portal's page, not HQ: try again later.
            return self._transient(
                _("The headquarters server had a problem (HTTP {status}).").format(status=status)
            )
        return Delivery(
            Verdict.REFUSED,
            _("Headquarters answered HTTP {status}: {message}").format(
                status=status, message=str(answer.get("message", ""))[:200]
            ),
            stop=True,
        )


def _token_message(status: int) -> str:
    if status == 401:
        return _(
            "Headquarters did not accept the upload token. Enter the token headquarters "
            "gave this station in the settings."
        )
    return _(
        "The upload token belongs to another station. Enter the token headquarters "
        "gave this station in the settings."
    )


def _feedback_answer(status: int, answer: dict[str, Any]) -> FeedbackExchange:
    """HQ's answer to a feedback exchange, as the station takes it."""
    if status == 200:
        try:
            return FeedbackExchange(parse_reply(answer))
        except ValueError as error:
            # A proxy's or portal's page, or an HQ speaking another version.
            log.warning("feedback answer not understood: %s", error)
            return FeedbackExchange(
                message=_("Headquarters' answer about feedback was not understood.")
            )
    if status in (401, 403):
        return FeedbackExchange(message=_token_message(status))
    if status == 404:
        return FeedbackExchange(
            message=_("The headquarters server does not take workers' feedback yet."),
            unsupported=True,
        )
    if status in (413, 415, 422):
        why = _problems(answer) or str(answer.get("message", ""))[:200] or str(status)
        return FeedbackExchange(
            message=_("Headquarters refused the feedback: {problems}").format(problems=why)
        )
    return FeedbackExchange(
        message=_("The headquarters server had a problem (HTTP {status}).").format(status=status)
    )
