"""Where each word sits on a printed page (poppler's ``pdftotext -bbox``), to read a chart
the way a person does: the number standing over a day's label is that day's count."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from pathlib import Path

from tests.reports.tools import run

WORD = re.compile(
    r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>'
)
PAGE = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">')


@dataclass(frozen=True)
class Word:
    text: str
    left: float
    top: float  # from the top of the page, in points
    right: float
    bottom: float

    @property
    def centre(self) -> float:
        return (self.left + self.right) / 2


def page_words(pdf: Path) -> list[list[Word]]:
    """Every page's words with their boxes."""
    pages: list[list[Word]] = []
    for chunk in run("pdftotext", "-bbox", pdf, "-").split("<page ")[1:]:
        pages.append(
            [
                Word(html.unescape(m[5]), float(m[1]), float(m[2]), float(m[3]), float(m[4]))
                for m in WORD.finditer(chunk)
            ]
        )
    return pages


def page_width(pdf: Path) -> float:
    match = PAGE.search(run("pdftotext", "-bbox", "-f", "1", "-l", "1", pdf, "-"))
    assert match is not None
    return float(match[1])


def bar_values(words: list[Word], labels: list[str]) -> dict[str, int]:
    """For each category label under a vertical bar chart, the number printed right above
    its bar (the nearest number in the same column, above the label)."""
    values: dict[str, int] = {}
    for label in labels:
        below = next(w for w in words if w.text == label)
        above = [
            w
            for w in words
            if w.text.replace(",", "").isdigit()
            and abs(w.centre - below.centre) < 8
            and w.bottom < below.top
            and below.top - w.bottom < 200  # within the chart, not a table further up
        ]
        assert above, f"no value printed above {label}"
        values[label] = int(max(above, key=lambda w: w.bottom).text.replace(",", ""))
    return values
