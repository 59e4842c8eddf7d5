"""The look: the union's "orange care" accent, big type and big click targets, at the
text size the station chose (100, 125 or 150 %)."""

from __future__ import annotations

import re

from PySide6.QtWidgets import QApplication

from station_app.ui.fonts import BASE_POINT_SIZE

ACCENT = "#E8711A"
ACCENT_DARK = "#B9560F"
OK_GREEN = "#2E7D32"
WARN_AMBER = "#B26A00"
ERROR_RED = "#C62828"
TEXT = "#3A2A1A"
MUTED_TEXT = "#8A7A6A"

_BASE_STYLE_SHEET = f"""
QMainWindow, QDialog {{ background: #FFFDF9; }}
QListWidget#navigation {{
    background: #FFF3E6; border: none; border-right: 1px solid #F2D3B3;
    font-size: 17pt; outline: none;
}}
QListWidget#navigation::item {{ padding: 14px 18px; min-height: 40px; }}
QListWidget#navigation::item:selected {{ background: {ACCENT}; color: white; }}
QListWidget#navigation::item:hover:!selected {{ background: #FCE2C8; }}
QLabel#pageTitle {{ font-size: 22pt; font-weight: bold; color: #3A2A1A; }}
QLabel#pageLead {{ font-size: 14pt; color: #5A4A3A; }}
QLabel#fieldError {{ color: {ERROR_RED}; }}
QLabel#notice {{ color: {OK_GREEN}; }}
QLabel#notice[problem="true"] {{ color: {ERROR_RED}; }}
QPushButton {{ min-height: 40px; padding: 4px 18px; }}
QPushButton#primary {{
    background: {ACCENT}; color: white; border: 3px solid {ACCENT}; border-radius: 6px;
    font-weight: bold;
}}
QPushButton#primary:hover {{ background: {ACCENT_DARK}; border-color: {ACCENT_DARK}; }}
/* The same width as the border above: focus must not take room from the label. */
QPushButton#primary:focus {{ border: 3px solid #3A2A1A; }}
QLineEdit, QComboBox {{ min-height: 36px; padding: 2px 6px; }}
QStatusBar QLabel {{ padding: 0 10px; }}
QWidget#settingsContent, QWidget#pageContent {{ background: transparent; }}
QScrollArea#pageScroll {{ background: transparent; }}
QLabel#hint, QLabel#cameraNote {{ color: {MUTED_TEXT}; }}

/* Check-in: the answer panel, calm when idle, unmistakable after a scan. */
QFrame#feedback {{
    background: #FFFFFF; border: 1px solid #E6D5C3; border-left: 8px solid #D9C7B4;
    border-radius: 8px;
}}
QFrame#feedback[state="accepted"] {{
    background: #EDF7EE; border-color: #A5D6A7; border-left-color: {OK_GREEN};
}}
QFrame#feedback[state="already"] {{
    background: #FFF6E5; border-color: #F3CF8E; border-left-color: {WARN_AMBER};
}}
QFrame#feedback[state="refused"] {{
    background: #FDEDEC; border-color: #EF9A9A; border-left-color: {ERROR_RED};
}}
QLabel#feedbackStatus {{ font-size: 14pt; font-weight: bold; color: {MUTED_TEXT}; }}
QLabel#feedbackStatus[state="accepted"] {{ color: {OK_GREEN}; }}
QLabel#feedbackStatus[state="already"] {{ color: {WARN_AMBER}; }}
QLabel#feedbackStatus[state="refused"] {{ color: {ERROR_RED}; }}
QLabel#feedbackHeadline {{ font-size: 24pt; font-weight: bold; color: {TEXT}; }}
QLabel#feedbackHeadline[long="true"] {{ font-size: 16pt; }}
QLabel#feedbackDetail {{ font-size: 15pt; color: #4A3A2A; }}
QPushButton#undo {{ min-height: 44px; }}
QLabel#feedbackNote {{ font-size: 14pt; font-weight: bold; color: {ERROR_RED}; }}
QPushButton#serviceButton {{
    min-height: 36px; font-size: 12pt; padding: 1px; background: #FFFFFF;
    border: 1px solid #E0B890; border-radius: 8px;
}}
QPushButton#serviceButton:hover {{ background: #FCE2C8; }}
QPushButton#serviceButton:focus {{ border: 3px solid {ACCENT_DARK}; }}
QPushButton#serviceButton:disabled {{ color: #B8A898; border-color: #EADBCB; }}
QPushButton#serviceButton[recorded="true"] {{
    background: #EDF7EE; border: 2px solid {OK_GREEN}; color: {OK_GREEN}; font-weight: bold;
}}
QGroupBox#serviceBox {{ background: #FFFFFF; }}
QGroupBox#serviceBox[recorded="true"]::title {{ color: {OK_GREEN}; }}

QLineEdit#cardNumber, QLineEdit#search {{ min-height: 44px; font-size: 15pt; }}
/* 36 + padding + border = BUTTON_MIN_HEIGHT (occupation_buttons.py); they ask for 46. */
QPushButton#occupationButton {{
    min-height: 36px; font-size: 14pt; padding: 1px 8px; background: #FFFFFF;
    border: 1px solid #E0B890; border-radius: 8px;
}}
QPushButton#occupationButton[group="true"] {{ border: 2px solid {ACCENT}; background: #FFF6EE; }}
QPushButton#occupationButton:hover {{ background: #FCE2C8; }}
QPushButton#occupationButton:pressed, QPushButton#occupationButton:checked {{
    background: {ACCENT}; color: white;
}}
QPushButton#occupationButton:focus {{ border: 3px solid {ACCENT_DARK}; }}
QPushButton#stepButton {{ font-size: 18pt; font-weight: bold; padding: 0; }}
QSpinBox#groupSize {{ min-height: 40px; font-size: 17pt; font-weight: bold; }}
QLabel#counterValue {{ font-size: 28pt; font-weight: bold; color: {ACCENT_DARK}; }}
QLabel#counterCaption {{ color: #5A4A3A; }}
QLabel#byOccupation {{ color: #5A4A3A; }}
QLabel#byOccupationCount {{ color: {TEXT}; font-weight: bold; }}
QTableView {{
    background: #FFFFFF; alternate-background-color: #FFF8F0; gridline-color: #F2E3D3;
    selection-background-color: #FBD3AE; selection-color: {TEXT};
}}
QTableView#recentVisits {{ font-size: 12pt; }}
QTableView#items {{ font-size: 13pt; }}
QListWidget#occupationList {{ background: #FFFFFF; border: 1px solid #E6D5C3; padding: 4px; }}
QListWidget#occupationList::item {{ padding: 0 8px; }}
QListWidget#occupationList::item:selected {{ background: #FBD3AE; color: {TEXT}; }}
QHeaderView::section {{
    background: #FFF3E6; color: {TEXT}; padding: 6px 8px; border: none;
    border-bottom: 1px solid #F2D3B3; font-weight: bold;
}}

/* Workers: the selected worker's details beside the list. */
QFrame#workerDetails {{ background: #FFFFFF; border: 1px solid #E6D5C3; border-radius: 8px; }}
QLabel#detailName {{ font-size: 20pt; font-weight: bold; color: {TEXT}; }}
QLabel#detailKey {{ color: {MUTED_TEXT}; }}
QFrame#workerDetails QPushButton {{ padding: 4px 6px; }}
QPushButton#danger {{ color: {ERROR_RED}; }}
QCheckBox::indicator {{ width: 22px; height: 22px; }}
QCheckBox {{ spacing: 8px; }}
QMessageBox QLabel#qt_msgbox_label {{ min-width: 480px; }}
QGroupBox {{
    font-weight: bold; border: 1px solid #F2D3B3; border-radius: 6px;
    margin-top: 14px; padding: 14px 10px 8px 10px;
}}
QGroupBox::title {{ subcontrol-origin: margin; left: 10px; padding: 0 4px; color: #3A2A1A; }}
/* Only the group title is bold; what is inside is not. */
QGroupBox QLabel, QGroupBox QLineEdit, QGroupBox QComboBox, QGroupBox QPushButton {{
    font-weight: normal;
}}
"""

_POINT_SIZE = re.compile(r"font-size: (\d+)pt")
TEXT_SIZE_PROPERTY = "stationTextSize"  # on the application: the size in force, in %


def style_sheet(percent: int = 100) -> str:
    """The style sheet with every type size scaled to ``percent``."""
    return _POINT_SIZE.sub(
        lambda size: f"font-size: {round(int(size.group(1)) * percent / 100)}pt",
        _BASE_STYLE_SHEET,
    )


STYLE_SHEET = style_sheet(100)


def apply_text_size(app: QApplication, percent: int) -> bool:
    """Every window's type at ``percent`` of the normal size, at once; False when it
    already was."""
    if app.property(TEXT_SIZE_PROPERTY) == percent:
        return False
    app.setProperty(TEXT_SIZE_PROPERTY, percent)  # first: widgets read it on the font change
    font = app.font()
    font.setPointSizeF(BASE_POINT_SIZE * percent / 100)
    app.setFont(font)
    app.setStyleSheet(style_sheet(percent))
    return True


def text_size(app: QApplication) -> int:
    """The text size in force, in % (100 until one is applied)."""
    value = app.property(TEXT_SIZE_PROPERTY)
    return value if isinstance(value, int) else 100
