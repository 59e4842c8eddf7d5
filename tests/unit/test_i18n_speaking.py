"""``speaking``: one request in English while the process (and other requests) stay Chinese."""

from __future__ import annotations

import contextvars
import threading

from station_app.i18n import _, current_language, speaking


def test_speaking_changes_the_language_inside_only() -> None:
    chinese = _("Stations")
    assert chinese != "Stations"
    with speaking("en"):
        assert _("Stations") == "Stations"
        assert current_language() == "en"
    assert _("Stations") == chinese
    assert current_language() == "zh_CN"


def test_a_thread_started_with_the_request_context_speaks_its_language() -> None:
    seen: list[str] = []
    with speaking("en"):
        context = contextvars.copy_context()
    other = threading.Thread(target=lambda: seen.append(_("Stations")))  # no copy: Chinese
    english = threading.Thread(target=lambda: context.run(lambda: seen.append(_("Stations"))))
    for thread in (other, english):
        thread.start()
        thread.join()
    assert seen == [_("Stations"), "Stations"]
