"""Fitting one line of text into a width: shrink it, and past a floor, shorten it with "…".

Names can be long (a nickname, a minority name, a foreign name); a card must never let
text run out of its box. The measure is passed in, so the PDF (reportlab metrics) and the
PNG (Pillow metrics) make the same decision.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

ELLIPSIS = "…"
Measure = Callable[[str, float], float]  # (text, size) -> width, in the caller's units


@dataclass(frozen=True)
class Fitted:
    text: str
    size: float


def fit_text(
    text: str, measure: Measure, width: float, *, largest: float, smallest: float, step: float = 0.5
) -> Fitted:
    """The largest size in [smallest, largest] at which ``text`` fits ``width``; if none,
    the text at ``smallest``, cut short with an ellipsis."""
    size = largest
    while size >= smallest - 1e-9:  # the floor itself is tried, despite float steps
        if measure(text, size) <= width:
            return Fitted(text, size)
        size -= step
    size = smallest
    kept = text
    while kept and measure(kept + ELLIPSIS, size) > width:
        kept = kept[:-1]
    return Fitted(kept.rstrip() + ELLIPSIS, size)
