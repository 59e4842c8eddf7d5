"""The other side of the feedback wire: a small HQ on a loopback port, written from the
contract (docs/feedback-station.md) with the standard library, that takes batches, has no
trust bundle, and speaks ``POST /api/v1/feedback`` exactly as agreed — or fails on purpose.

It is not the project's HQ: the station's half is tested against the agreed format alone.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

TOKEN = "stub-token-0012"
UUID_LENGTH = 36


@dataclass
class StubSuggestion:
    id: str
    received_at: str
    rating: int | None
    text: str
    phone: str | None = None
    action: str | None = None
    answered_at: str | None = None

    def wire(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "received_at": self.received_at,
            "rating": self.rating,
            "text": self.text,
            "phone": None if self.action else self.phone,
            "status": "answered" if self.action else "open",
            "action": self.action,
            "answered_at": self.answered_at,
        }


@dataclass
class StubHq:
    suggestions: list[StubSuggestion] = field(default_factory=list)
    in_person: dict[str, dict[str, Any]] = field(default_factory=dict)
    bodies: list[dict[str, Any]] = field(default_factory=list)  # every feedback body taken
    batches: int = 0
    fault: str = ""  # "401", "500", "cut": what the feedback endpoint does instead
    problems: list[str] = field(default_factory=list)  # contract breaches seen

    def check(self, body: Any) -> list[str]:
        """What in the station's body breaks the contract."""
        found = []
        if not isinstance(body, dict) or body.get("schema") != "station-feedback/1":
            return ["schema"]
        for name in ("answers", "in_person"):
            entries = body.get(name)
            if not isinstance(entries, list) or len(entries) > 500:
                found.append(name)
                continue
            for entry in entries:
                keys = {"id", "answered_at", "action"}
                if name == "in_person":
                    keys = {"id", "given_at", "rating", "text", "action", "answered_at"}
                if set(entry) != keys:
                    found.append(f"{name} keys {sorted(entry)}")
                for text_key in ("action", "text"):
                    value = entry.get(text_key)
                    if value is not None and (not isinstance(value, str) or len(value) > 500):
                        found.append(f"{name} {text_key}")
                for time_key in ("answered_at", "given_at"):
                    value = entry.get(time_key)
                    if value is not None and not (isinstance(value, str) and value[-6] in "+-"):
                        found.append(f"{name} {time_key} without offset: {value}")
                if len(entry.get("id", "")) != UUID_LENGTH:
                    found.append(f"{name} id")
        return found

    def take(self, body: dict[str, Any]) -> dict[str, Any]:
        accepted, unknown = [], []
        mine = {s.id: s for s in self.suggestions}
        for answer in body["answers"]:
            suggestion = mine.get(answer["id"])
            if suggestion is None:
                unknown.append(answer["id"])
                continue
            suggestion.action, suggestion.answered_at = answer["action"], answer["answered_at"]
            suggestion.phone = None  # erased at HQ once answered
            accepted.append(answer["id"])
        for entry in body["in_person"]:
            self.in_person[entry["id"]] = entry  # the same id again updates
            accepted.append(entry["id"])
        return {
            "status": "ok",
            "accepted": accepted,
            "unknown": unknown,
            "suggestions": [s.wire() for s in self.suggestions],
        }


def _handler(hq: StubHq) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            pass

        def _answer(self, status: int, body: dict[str, Any]) -> None:
            data = json.dumps(body, ensure_ascii=False).encode("utf-8")
            self.send_response(status)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self) -> None:
            self._answer(404, {"status": "not_found", "message": "没有"})

        def do_POST(self) -> None:  # noqa: PLR0911 - one answer per agreed case
            data = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            if self.headers.get("Authorization") != f"Bearer {TOKEN}":
                self._answer(401, {"status": "unauthorized", "message": "令牌无效"})
                return
            if self.path == "/api/v1/batches":
                hq.batches += 1
                self._answer(200, {"status": "ok"})
                return
            if self.path != "/api/v1/feedback":
                self._answer(404, {"status": "not_found", "message": "没有"})
                return
            if hq.fault == "401":
                self._answer(401, {"status": "unauthorized", "message": "令牌无效"})
                return
            if hq.fault == "500":
                self._answer(500, {"status": "error", "message": "服务器出错"})
                return
            if hq.fault == "cut":
                self.close_connection = True
                self.connection.close()
                return
            if not self.headers.get("Content-Type", "").startswith("application/json"):
                self._answer(415, {"status": "unsupported", "message": "需要 JSON"})
                return
            body = json.loads(data)
            problems = hq.check(body)
            if problems:
                hq.problems += problems
                self._answer(422, {"status": "invalid", "problems": [
                    {"message": p} for p in problems
                ]})  # fmt: skip
                return
            hq.bodies.append(body)
            self._answer(200, hq.take(body))

    return Handler


@contextmanager
def stub_hq(hq: StubHq) -> Iterator[str]:
    """``hq`` served on a free loopback port; its base URL."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(hq))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)
