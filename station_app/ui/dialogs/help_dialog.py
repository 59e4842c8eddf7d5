"""The user guide (F1): how to check in, hand over, lend, receive, print and send, in a
few lines each, in the app's language; the About dialog (version, licences) from its button.

Button and page names are the app's own translated labels put into the sentences, so the
guide always names what is on the screen, in either language.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Mapping

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from station_app.i18n import _


def guide_sections(places: Mapping[str, str]) -> list[tuple[str, list[str]]]:
    """(heading, paragraphs) of the guide; ``places`` names each page with its shortcut,
    for example ``{"inventory": "库存 (Ctrl+4)"}``."""
    page = places.get
    return [
        (
            _("Checking in"),
            [
                _(
                    "Scan the worker's card: wherever the cursor is, the scanner checks them "
                    "in on the {checkin} page. Or type the card number and press Enter."
                ).format(checkin=page("checkin", "")),
                _(
                    "Green: counted. Amber: already checked in a little while ago (not counted "
                    "twice; services can still be given). Red: the card is refused; the screen "
                    "says why. A visitor without a card: press their occupation button."
                ),
                _(
                    "Then tap the services given (hot water, a meal…) under the answer; tap "
                    "again to take one back."
                ),
            ],
        ),
        (
            _("Handing over"),
            [
                _(
                    "At the end of your shift press {hand_over} in the bar at the bottom. The "
                    "next attendant then signs in with their own name and PIN: what they record "
                    "is in their name."
                ).format(hand_over=_("Hand over")),
            ],
        ),
        (
            _("Lending and taking back"),
            [
                _(
                    "On the {inventory} page, under {lent_out}: press {lend}, scan or type the "
                    "worker's card (or note a deposit) and choose the item."
                ).format(
                    inventory=page("inventory", ""),
                    lent_out=_("Lent out"),
                    lend=_("Lend"),
                ),
                _(
                    "To take something back, click the loan in the list, press {take_back} and "
                    "confirm the name and item asked about. Scanning the item's barcode or the "
                    "worker's card on that page takes things back too."
                ).format(take_back=_("Take back")),
            ],
        ),
        (
            _("Receiving stock"),
            [
                _(
                    "On the {inventory} page click the item, press {receive}, enter how many "
                    "came and, for food and drink, the expiry date."
                ).format(inventory=page("inventory", ""), receive=_("Receive")),
            ],
        ),
        (
            _("Printing"),
            [
                _(
                    "A worker's card: on the {workers} page choose the worker and press "
                    "{print_card}, then the printer. {save_pdf} keeps the card as a file in "
                    "your documents folder."
                ).format(
                    workers=page("workers", ""),
                    print_card=_("Print card"),
                    save_pdf=_("Save card PDF"),
                ),
                _(
                    "The weekly report: on the {reports} page press {make}, look it over, then "
                    "{print} or {save}."
                ).format(
                    reports=page("reports", ""),
                    make=_("Make report"),
                    print=_("Print…"),
                    save=_("Save…"),
                ),
            ],
        ),
        (
            _("Sending to headquarters"),
            [
                _(
                    "On the {sync} page press {sync_now}. With a USB stick, plug it in first: "
                    "each sync writes into a folder named after the day on the stick, to take "
                    "to headquarters. Only the station admin chooses where the summaries go."
                ).format(sync=page("sync", ""), sync_now=_("Sync now")),
            ],
        ),
        (
            _("Keys"),
            [
                _(
                    "Ctrl with a number opens a page; each page shows its key in the list on "
                    "the left. F1 opens this guide."
                ),
                "  ·  ".join(places.values()),
            ],
        ),
    ]


def guide_html(places: Mapping[str, str]) -> str:
    parts = []
    for heading, paragraphs in guide_sections(places):
        parts.append(f"<h3>{html.escape(heading)}</h3>")
        parts.extend(f"<p>{html.escape(text)}</p>" for text in paragraphs)
    return "".join(parts)


class HelpDialog(QDialog):
    def __init__(
        self,
        places: Mapping[str, str],
        show_about: Callable[[], object],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("How to use 驿站 Station"))
        self.resize(720, 600)
        self.text = QTextBrowser()
        self.text.setObjectName("guide")
        self.text.setOpenLinks(False)
        self.text.setHtml(guide_html(places))
        buttons = QDialogButtonBox()
        self.about_button = QPushButton(_("About and licences…"))
        buttons.addButton(self.about_button, QDialogButtonBox.ButtonRole.HelpRole)
        close = buttons.addButton(_("Close"), QDialogButtonBox.ButtonRole.RejectRole)
        close.setDefault(True)
        buttons.rejected.connect(self.reject)
        self.about_button.clicked.connect(show_about)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text, 1)
        layout.addWidget(buttons)
