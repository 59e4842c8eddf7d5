"""Filter combos whose choices come from the station's lists (occupations, services)."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtWidgets import QComboBox


def refill(combo: QComboBox, everything: str, choices: Iterable[tuple[str, str]]) -> None:
    """``everything`` ("All …", data "") and then ``(label, code)`` choices, keeping the
    one chosen when it is still there; quietly: refilling is not the attendant's choice."""
    keep = combo.currentData()
    combo.blockSignals(True)
    combo.clear()
    combo.addItem(everything, "")
    for label, code in choices:
        combo.addItem(label, code)
    combo.setCurrentIndex(max(0, combo.findData(keep)) if keep else 0)
    combo.blockSignals(False)
