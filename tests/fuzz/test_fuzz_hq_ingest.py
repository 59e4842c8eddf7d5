"""HQ receiving a batch whose manifest is sound and signed but whose CSV is anything at all
(what a buggy station, or a forger holding its key, sends): it is stored exactly as the file
says, or refused whole naming lines, with nothing of it stored."""

from __future__ import annotations

import base64
import itertools
import json
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

import pytest
from hypothesis import event, example, given
from hypothesis import strategies as st

from station_app.domain.summary_format import MANIFEST_LINE, read_csv, sha256_hex, sign
from station_app.hq.db import HqDatabase
from station_app.hq.ingest import IngestResult, Outcome, ingest, ingest_upload
from station_app.hq.stations import add_station
from tests.clock_support import START, frozen_clock
from tests.fuzz.conftest import dump, fuzzing, line_bound
from tests.fuzz.strategies import bad_bytes, csv_of, mutated
from tests.hq.batches import DAY, Batch, StationKey, make_batch, new_station, stored_values
from tests.hq.conftest import sqlite_url

CODE = "HF-LY-0001"
HEADER = "station_code,date,metric,dimension,value"
CELLS = [CODE, "HF-LY-0002", "2026-11-23", "2026-11-24", "2026-02-30", "visits", "services",
         "total", "hour:07", "hour:7", "occupation:courier", "type:hot_water", "item:水", "5",
         "-1", "03", "9" * 19, '"', "", " ", "\x00", "é"]  # fmt: skip


@dataclass
class Hq:
    db: HqDatabase
    station: StationKey
    base: Batch  # a sound batch, to damage
    revisions: Iterator[int]  # each batch newer than the last, so a sound one is applied


@pytest.fixture(scope="module")
def hq(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Hq]:
    folder: Path = tmp_path_factory.mktemp("fuzz-hq")
    db = HqDatabase.open(sqlite_url(folder))
    station = new_station(CODE)
    add_station(db, CODE, name="龙岗驿站", district="龙岗区", key_text=station.key_file, now=START)
    yield Hq(db, station, make_batch(station), itertools.count(1))
    db.close()


def _deliver(hq: Hq, data: bytes, row_count: int | None) -> None:
    """Send ``data`` under a fresh manifest that the station really signed."""
    manifest = replace(
        hq.base.manifest,
        batch_id=str(uuid.uuid4()),
        revision=next(hq.revisions),
        sha256=sha256_hex(data),
        row_count=hq.base.manifest.row_count if row_count is None else row_count,
        key_id="",
        signature="",
    )
    batch = Batch(sign(manifest, hq.station.private), data)
    before = dump(hq.db.engine)
    result = ingest(
        hq.db.sessions,
        batch.manifest_json,
        data,
        station_code_from_token=CODE,
        clock=frozen_clock(),
    )
    event(result.outcome.value)
    assert isinstance(result, IngestResult)
    assert result.outcome in (Outcome.APPLIED, Outcome.INVALID), result
    assert result.message().strip()
    if result.outcome is Outcome.INVALID:
        assert result.problems
        for problem in result.problems:
            assert problem.line == MANIFEST_LINE or 1 <= problem.line <= line_bound(data)
            assert problem.message.strip()
        assert dump(hq.db.engine) == before
        return
    # Stored whole: HQ's figures for the day are now exactly the file's rows.
    rows = read_csv(data)
    assert stored_values(hq.db, CODE, DAY) == {(r.metric.value, r.dimension): r.value for r in rows}


@fuzzing
@given(
    data=st.one_of(bad_bytes(), csv_of(HEADER, CELLS)),
    row_count=st.one_of(st.none(), st.integers(0, 8)),
)
@example(data=b"", row_count=0)
def test_any_csv_under_a_signed_manifest_is_stored_whole_or_refused(
    hq: Hq, data: bytes, row_count: int | None
) -> None:
    _deliver(hq, data, row_count)


def _some_rows(csv: bytes) -> st.SearchStrategy[bytes]:
    """The sound file with some of its rows, in any order: another sound day."""
    header, *rows = csv.split(b"\r\n")[:-1]
    return st.lists(st.sampled_from(rows), unique=True).map(
        lambda kept: b"".join(line + b"\r\n" for line in [header, *kept])
    )


@fuzzing
@given(st.data())
def test_a_damaged_batch_file_is_stored_whole_or_refused(hq: Hq, data: st.DataObject) -> None:
    damaged = data.draw(st.one_of(mutated(hq.base.csv), _some_rows(hq.base.csv)), label="file")
    # Often the row count still matches, so the rows themselves are judged.
    lines = damaged.replace(b"\r\n", b"\n").strip(b"\n").count(b"\n")
    _deliver(hq, damaged, data.draw(st.sampled_from([None, lines]), label="row_count"))


@fuzzing
@given(st.one_of(st.binary(max_size=300), mutated(b'{"batch_id": "x", "revision": 1}')))
def test_any_manifest_bytes_are_refused_with_nothing_stored(hq: Hq, manifest: bytes) -> None:
    before = dump(hq.db.engine)
    result = ingest(
        hq.db.sessions, manifest, hq.base.csv, station_code_from_token=None, clock=frozen_clock()
    )
    assert result.outcome is Outcome.INVALID and result.problems and result.message()
    assert dump(hq.db.engine) == before


_json_values = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(),
        st.floats(allow_nan=False, allow_infinity=False),
        st.text(max_size=20),
    ),
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=10), inner, max_size=4)
    ),
    max_leaves=20,
)


def _body(hq: Hq) -> bytes:
    return json.dumps(
        {
            "manifest": hq.base.manifest.to_dict(),
            "csv": base64.b64encode(hq.base.csv).decode("ascii"),
        }
    ).encode("utf-8")


@fuzzing
@given(st.data())
def test_any_upload_body_is_refused_or_stored_never_an_error(hq: Hq, data: st.DataObject) -> None:
    body = data.draw(
        st.one_of(
            bad_bytes(),
            _json_values.map(lambda value: json.dumps(value).encode("utf-8")),
            st.dictionaries(
                st.sampled_from(["manifest", "csv", "extra"]), _json_values, max_size=3
            ).map(lambda value: json.dumps(value).encode("utf-8")),
            mutated(_body(hq)),
        ),
        label="body",
    )
    before = dump(hq.db.engine)
    result = ingest_upload(hq.db.sessions, body, station_code_from_token=CODE, clock=frozen_clock())
    event(result.outcome.value)
    assert result.message().strip()
    # The sound batch itself (or a change that still verifies: none should) is accepted;
    # anything else is refused (422, or 403 for another station's code) storing nothing.
    assert result.http_status in {200, 403, 422}
    if result.outcome is Outcome.INVALID:
        assert result.problems and all(p.message for p in result.problems)
    if not result.accepted:
        assert dump(hq.db.engine) == before
