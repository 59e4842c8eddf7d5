"""The one atomic writer: a file is replaced whole or not at all, and nothing is left over."""

from __future__ import annotations

import errno
import os
import sqlite3
import stat
from contextlib import closing
from pathlib import Path

import pytest

from station_app.atomic_file import atomic_path, atomic_write, atomic_write_text

POSIX = pytest.mark.skipif(os.name == "nt", reason="POSIX permissions")


def _names(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_a_write_replaces_the_content(tmp_path: Path) -> None:
    target = tmp_path / "summary.csv"
    target.write_bytes(b"old")

    with atomic_write(target) as stream:
        stream.write(b"new, ")
        stream.write(b"complete")

    assert target.read_bytes() == b"new, complete"
    assert _names(tmp_path) == ["summary.csv"]


def test_a_text_write_makes_the_file(tmp_path: Path) -> None:
    target = tmp_path / "settings.json"

    with atomic_write_text(target, newline="\n") as stream:
        stream.write('{"language": "中文"}\n')

    assert target.read_bytes() == '{"language": "中文"}\n'.encode()
    assert _names(tmp_path) == ["settings.json"]


def test_a_writer_failing_mid_write_leaves_the_old_file_and_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "report.pdf"
    target.write_bytes(b"last week's report")

    with pytest.raises(RuntimeError, match="drawing failed"), atomic_write(target) as stream:
        stream.write(b"%PDF- half a page" * 1000)
        raise RuntimeError("the drawing failed")

    assert target.read_bytes() == b"last week's report"
    assert _names(tmp_path) == ["report.pdf"]


def test_a_full_disk_leaves_the_old_file(tmp_path: Path) -> None:
    target = tmp_path / "settings.json"
    target.write_text('{"dedupe_minutes": 30}', encoding="utf-8")

    with pytest.raises(OSError) as full, atomic_write_text(target) as stream:
        stream.write('{"dedupe_minutes": ')
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    assert full.value.errno == errno.ENOSPC  # as the system gave it: callers word it
    assert target.read_text(encoding="utf-8") == '{"dedupe_minutes": 30}'
    assert _names(tmp_path) == ["settings.json"]


def test_a_missing_folder_is_an_error_and_nothing_is_made(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError), atomic_write(tmp_path / "E盘" / "x.csv") as stream:
        stream.write(b"never")
    assert _names(tmp_path) == []


def test_a_path_can_be_filled_by_another_library(tmp_path: Path) -> None:
    target = tmp_path / "station-20261124-0900.sqlite3"

    with atomic_path(target) as temp:
        assert temp.parent == tmp_path and temp.exists() and not target.exists()
        with closing(sqlite3.connect(temp)) as conn:
            conn.execute("CREATE TABLE visit (id INTEGER PRIMARY KEY)")
            conn.commit()

    with closing(sqlite3.connect(target)) as conn:
        assert conn.execute("SELECT count(*) FROM visit").fetchone() == (0,)
    assert _names(tmp_path) == [target.name]


def test_no_overwrite_keeps_a_file_that_is_there(tmp_path: Path) -> None:
    target = tmp_path / "HF-LY-0012-2026-W47.pdf"
    target.write_bytes(b"signed by the manager")

    with (
        pytest.raises(FileExistsError),
        atomic_write(target, overwrite=False) as stream,
    ):
        stream.write(b"made again")

    assert target.read_bytes() == b"signed by the manager"
    assert _names(tmp_path) == [target.name]


def test_no_overwrite_writes_a_new_file(tmp_path: Path) -> None:
    target = tmp_path / "HF-LY-0012-2026-W47.pdf"
    with atomic_write(target, overwrite=False) as stream:
        stream.write(b"%PDF-")
    assert target.read_bytes() == b"%PDF-"
    assert _names(tmp_path) == [target.name]


@POSIX
def test_a_new_file_gets_the_usual_permissions(tmp_path: Path) -> None:
    with atomic_write(tmp_path / "report.pdf") as stream:
        stream.write(b"%PDF-")

    umask = os.umask(0)
    os.umask(umask)
    # Not the temporary file's private 0600: a report on a shared folder is for others too.
    assert stat.S_IMODE((tmp_path / "report.pdf").stat().st_mode) == 0o666 & ~umask


@POSIX
def test_a_replaced_file_keeps_its_permissions(tmp_path: Path) -> None:
    target = tmp_path / "summary.csv"
    target.write_bytes(b"old")
    target.chmod(0o640)

    with atomic_write(target) as stream:
        stream.write(b"new")

    assert stat.S_IMODE(target.stat().st_mode) == 0o640


@POSIX
def test_permissions_asked_for_are_given(tmp_path: Path) -> None:
    target = tmp_path / "settings.json"
    target.write_text("{}", encoding="utf-8")
    target.chmod(0o644)

    with atomic_write_text(target, permissions=0o600) as stream:
        stream.write("{}")

    assert stat.S_IMODE(target.stat().st_mode) == 0o600
