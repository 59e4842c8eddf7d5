"""The small pieces under every document: fitting text, atomic files, QR matrices."""

from __future__ import annotations

import errno
from pathlib import Path

import pytest

from station_app.domain.errors import ServiceError
from station_app.reports.fonts import text_width
from station_app.reports.output import atomic_output
from station_app.reports.qr import QUIET_ZONE, qr_matrix
from station_app.reports.textfit import ELLIPSIS, fit_text
from tests.reports.tools import Issuer


def _measure(text: str, size: float) -> float:
    return text_width(text, size)


def test_short_text_keeps_the_largest_size() -> None:
    fitted = fit_text("张三", _measure, 100, largest=15, smallest=9)
    assert fitted.text == "张三"
    assert fitted.size == 15


def test_longer_text_shrinks_until_it_fits() -> None:
    width = _measure("欧阳娜娜欧阳娜娜", 12)
    fitted = fit_text("欧阳娜娜欧阳娜娜", _measure, width, largest=15, smallest=9)
    assert fitted.text == "欧阳娜娜欧阳娜娜"
    assert 9 <= fitted.size <= 12
    assert _measure(fitted.text, fitted.size) <= width


def test_text_too_long_even_at_the_smallest_size_is_ellipsized() -> None:
    name = "阿卜杜热合曼·买买提明·艾则孜·阿不都克力木" * 2
    fitted = fit_text(name, _measure, 100, largest=15, smallest=9)
    assert fitted.size == 9
    assert fitted.text.endswith(ELLIPSIS)
    assert name.startswith(fitted.text[:-1])
    assert _measure(fitted.text, 9) <= 100


def test_a_failed_write_keeps_the_old_file_and_leaves_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "report.pdf"
    target.write_bytes(b"last week's report")
    with pytest.raises(RuntimeError), atomic_output(target) as stream:
        stream.write(b"half a")
        raise RuntimeError("the drawing failed")
    assert target.read_bytes() == b"last week's report"
    assert [p.name for p in tmp_path.iterdir()] == ["report.pdf"]


def test_an_os_error_while_writing_becomes_a_translated_refusal(tmp_path: Path) -> None:
    target = tmp_path / "report.pdf"
    with pytest.raises(ServiceError, match="无法保存") as refused, atomic_output(target):
        raise OSError(errno.ENOSPC, "No space left on device")
    assert "磁盘已满" in str(refused.value)
    assert list(tmp_path.iterdir()) == []


def test_a_missing_folder_is_made(tmp_path: Path) -> None:
    target = tmp_path / "reports" / "2026" / "cards.pdf"
    with atomic_output(target) as stream:
        stream.write(b"%PDF-")
    assert target.read_bytes() == b"%PDF-"


def test_a_folder_where_the_file_should_go_is_explained(tmp_path: Path) -> None:
    target = tmp_path / "cards.pdf"
    target.mkdir()
    with pytest.raises(ServiceError, match="已有同名文件夹"), atomic_output(target) as stream:
        stream.write(b"%PDF-")
    assert target.is_dir()
    assert [p.name for p in tmp_path.iterdir()] == ["cards.pdf"]


def test_a_written_file_gets_ordinary_permissions(tmp_path: Path) -> None:
    target = tmp_path / "report.pdf"
    with atomic_output(target) as stream:
        stream.write(b"%PDF-")
    assert target.read_bytes() == b"%PDF-"
    assert target.stat().st_mode & 0o044  # not the temporary file's private 0600


def test_a_card_code_uses_the_compact_alphanumeric_mode(issuer: Issuer) -> None:
    text = issuer.card(1).qr_text
    matrix = qr_matrix(text)
    # The same text in lower case can only be sent in byte mode: a denser, harder code.
    assert matrix.size < qr_matrix(text.lower()).size
    assert matrix.size_with_quiet_zone == matrix.size + 2 * QUIET_ZONE
    runs = matrix.dark_runs()
    assert sum(length for _row, _col, length in runs) == sum(map(sum, matrix.rows))
