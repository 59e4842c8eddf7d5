"""Importing a revocation list: any file is either imported or refused whole, naming its
bad lines, and a refused file leaves the database exactly as it was."""

from __future__ import annotations

import re
from pathlib import Path

from hypothesis import event, example, given
from hypothesis import strategies as st

from station_app.app import Station
from station_app.domain.errors import ServiceError
from tests.fuzz.conftest import dump, fuzzing, line_bound
from tests.fuzz.strategies import bad_bytes, csv_of, mutated

HEADER = "key_id,card_no,revoked_on,reason"
VALID = (
    "\ufeffkey_id,card_no,revoked_on,reason\r\n"
    "3F9A0C12,HF-LY-0012-000031,2026-11-20,lost\r\n"
    '3f9a0c12,hf-ly-0012-000032,2026-11-21,"stolen, reported"\r\n'
    "\r\n"
    "0A1B2C3D,HQ-000007,2026-01-01,\r\n"
).encode()
CELLS = ["3F9A0C12", "3f9a0c12", "3F9A0C1", "0A1B2C3D", "GGGGGGGG", "HQ-000007", "HQ", "卡号",
         "HF-LY-0012-000031", "2026-11-20", "2026-02-30", "20261120", "lost", "丢失", "", " ",
         '"', '"a,b"', "\x00", "x" * 201]  # fmt: skip
LINE_NO = re.compile(r"第 (\d+) 行")


def _import(station: Station, path: Path, data: bytes) -> None:
    path.write_bytes(data)
    before = dump(station.db.engine)
    try:
        added = station.keyring.import_revocations(path)
    except ServiceError as refused:
        event("refused")
        message = str(refused)
        assert dump(station.db.engine) == before
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            assert message.strip()
            return
        # A text file is refused line by line: each bad line named, none past the end.
        lines = [int(number) for number in LINE_NO.findall(message)]
        assert lines, message
        assert all(1 <= line <= line_bound(data) for line in lines), (lines, data)
    else:
        event("imported")
        after = dump(station.db.engine)
        assert len(after["revoked_card"]) == len(before["revoked_card"]) + added


@fuzzing
@given(data=st.one_of(bad_bytes(), mutated(VALID), csv_of(HEADER, CELLS)))
@example(data=VALID)
@example(data=b"key_id,card_no,revoked_on,reason\n3F9A0C12,HQ-1\r2,2026-11-20,lost\n")
def test_any_file_is_imported_or_refused_whole(
    module_station: Station, scratch: Path, data: bytes
) -> None:
    _import(module_station, scratch / "revocations.csv", data)
