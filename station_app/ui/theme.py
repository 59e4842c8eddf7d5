"""The look: the union's "orange care" accent, big type and big click targets."""

from __future__ import annotations

ACCENT = "#E8711A"
ACCENT_DARK = "#B9560F"
OK_GREEN = "#2E7D32"
WARN_AMBER = "#B26A00"
ERROR_RED = "#C62828"

STYLE_SHEET = f"""
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
    background: {ACCENT}; color: white; border: none; border-radius: 6px; font-weight: bold;
}}
QPushButton#primary:hover {{ background: {ACCENT_DARK}; }}
QPushButton#primary:focus {{ border: 3px solid #3A2A1A; }}
QLineEdit, QComboBox {{ min-height: 36px; padding: 2px 6px; }}
QStatusBar QLabel {{ padding: 0 10px; }}
QWidget#settingsContent {{ background: transparent; }}
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
