"""The one-line notices under forms and lists: green when something was done, red when not.

The colour comes from the style sheet's ``[problem="true"]`` rule (theme.py); Qt applies a
changed dynamic property only after the widget is re-polished.
"""

from __future__ import annotations

from PySide6.QtWidgets import QLabel


def tell(notice: QLabel, text: str, *, problem: bool = False) -> None:
    """Show ``text`` in ``notice``, red when it is a ``problem``."""
    notice.setText(text)
    notice.setProperty("problem", problem)
    notice.style().unpolish(notice)
    notice.style().polish(notice)
