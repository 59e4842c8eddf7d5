"""The summary format HQ receives (station-summary/1): what a station writes reads back the
same, anything else is refused whole with the lines named, and a manifest's signature holds
only for exactly what was signed."""

from __future__ import annotations

import base64
import dataclasses
import datetime as dt
import hashlib
import json
import uuid

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from hypothesis import given, settings
from hypothesis import strategies as st

from station_app.domain.cards import key_id_of
from station_app.domain.summary_format import (
    COLUMNS,
    MAX_VALUE,
    SCHEMA,
    Manifest,
    Metric,
    SummaryFormatError,
    SummaryRow,
    check_against,
    check_file,
    file_stem,
    read_csv,
    sign,
    signing_bytes,
    verify,
    write_csv,
)

CODE = "HF-LY-0001"
DAY = dt.date(2026, 11, 23)
HEADER = "station_code,date,metric,dimension,value\r\n"
KEY = Ed25519PrivateKey.from_private_bytes(bytes(range(32)))
PUBLIC = KEY.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)


def row(metric: str, dimension: str, value: int, day: dt.date = DAY) -> SummaryRow:
    return SummaryRow(CODE, day, Metric(metric), dimension, value)


ROWS = [
    row("visits", "total", 27),
    row("visits", "hour:08", 5),
    row("visits", "occupation:custom_1", 2),
    row("visits", "source:anonymous", 14),
    row("distinct_workers", "total", 13),
    row("services", "type:hot_water", 4),
    row("items_issued", 'item:雨衣, 大号 "加厚"', 3),  # a comma and quotes: RFC 4180 quoting
    row("stock_level", "item:饮用水", 0),
    row("overdue_loans", "total", 0),
]


def manifest_for(data: bytes, rows: int, **changes: object) -> Manifest:
    fields: dict[str, object] = {
        "batch_id": "3b1f6c2e-8d4a-4f0e-9c57-2a6d1e0b7f41",
        "station_code": CODE,
        "period_start": DAY,
        "period_end": DAY,
        "revision": 1,
        "row_count": rows,
        "sha256": hashlib.sha256(data).hexdigest(),
        "created_at": dt.datetime(2026, 11, 24, 1, 0, tzinfo=dt.UTC),
    }
    fields.update(changes)
    return Manifest(**fields)  # type: ignore[arg-type]


def problems_of(data: bytes) -> list[tuple[int, str]]:
    with pytest.raises(SummaryFormatError) as refused:
        read_csv(data)
    return refused.value.problems


def lines(*rows: str) -> bytes:
    return (HEADER + "".join(f"{r}\r\n" for r in rows)).encode("utf-8")


# -- writing and reading ----------------------------------------------------------------


def test_a_written_file_has_the_header_sorted_rows_and_reads_back_the_same() -> None:
    data = write_csv(ROWS)
    text = data.decode("utf-8")
    assert text.startswith(",".join(COLUMNS) + "\r\n") and not text.startswith("\ufeff")
    assert text.count("\r\n") == len(ROWS) + 1 and text.endswith("\r\n")
    assert '"item:雨衣, 大号 ""加厚"""' in text
    back = read_csv(data)
    assert back == sorted(ROWS, key=lambda r: (r.metric.value, r.dimension))
    assert [(r.metric.value, r.dimension) for r in back][:3] == [
        ("distinct_workers", "total"),
        ("items_issued", 'item:雨衣, 大号 "加厚"'),
        ("overdue_loans", "total"),
    ]
    assert write_csv(reversed(ROWS)) == data


@pytest.mark.parametrize(
    "bad",
    [
        row("visits", "total", -1),
        row("visits", "hour:24", 1),
        row("visits", "item:水", 1),
        row("stock_level", "item: 水", 1),  # not the cleaned name
        row("overdue_loans", "occupation:courier", 1),
        SummaryRow("hf-ly-1", DAY, Metric.VISITS, "total", 1),
    ],
)
def test_the_station_never_writes_a_file_hq_would_refuse(bad: SummaryRow) -> None:
    with pytest.raises(ValueError):
        write_csv([*ROWS[1:], bad])


def test_a_repeated_key_is_not_written() -> None:
    with pytest.raises(ValueError):
        write_csv([*ROWS, row("visits", "total", 1)])


_codes = st.from_regex(r"[a-z0-9_]{1,32}", fullmatch=True)
_names = st.text(min_size=1, max_size=100).map(lambda s: " ".join(s.split())).filter(bool)
_names = _names.filter(lambda s: all(c.isprintable() or c == " " for c in s))
_dimensions = st.one_of(
    st.tuples(st.just(Metric.VISITS), st.just("total")),
    st.tuples(st.just(Metric.VISITS), _codes.map(lambda c: f"occupation:{c}")),
    st.tuples(st.just(Metric.VISITS), st.integers(0, 23).map(lambda h: f"hour:{h:02d}")),
    st.tuples(st.just(Metric.VISITS), st.sampled_from(["source:card", "source:anonymous"])),
    st.tuples(
        st.sampled_from(
            [
                Metric.DISTINCT_WORKERS,
                Metric.NEW_REGISTRATIONS,
                Metric.UNION_MEMBERS,
                Metric.WANTS_TO_JOIN,
                Metric.OVERDUE_LOANS,
            ]
        ),
        st.just("total"),
    ),
    st.tuples(st.just(Metric.SERVICES), _codes.map(lambda c: f"type:{c}")),
    st.tuples(
        st.sampled_from([Metric.ITEMS_ISSUED, Metric.STOCK_LEVEL]),
        _names.map(lambda n: f"item:{n}"),
    ),
)
_rows = st.builds(
    lambda day, pair, value: SummaryRow(CODE, day, pair[0], pair[1], value),
    st.dates(dt.date(2000, 1, 1), dt.date(2099, 12, 31)),
    _dimensions,
    st.integers(0, MAX_VALUE),
)


@settings(max_examples=200, deadline=None)
@given(st.lists(_rows, max_size=40, unique_by=lambda r: r.key))
def test_any_valid_rows_round_trip(rows: list[SummaryRow]) -> None:
    assert sorted(read_csv(write_csv(rows)), key=lambda r: r.key) == sorted(
        rows, key=lambda r: r.key
    )


def _never_crashes(data: bytes) -> None:
    try:
        rows = read_csv(data)
    except SummaryFormatError as refused:
        assert refused.problems
        total_lines = data.count(b"\n") + 1
        for line, message in refused.problems:
            assert 1 <= line <= total_lines and isinstance(message, str) and message
        assert refused.summary()
    else:
        assert all(isinstance(r, SummaryRow) for r in rows)


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=300))
def test_arbitrary_bytes_never_crash_the_reader(data: bytes) -> None:
    _never_crashes(data)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.lists(
            st.sampled_from(
                [CODE, "2026-11-23", "visits", "total", "hour:07", "5", "-1", '"', ",", "\r\n",
                 "\n", "item:水", "\x00", "é", "00", "2026-02-30", "other", ""]
            ),
            max_size=8,
        ).map(",".join),
        max_size=6,
    )
)  # fmt: skip
def test_almost_valid_files_never_crash_the_reader(bodies: list[str]) -> None:
    _never_crashes(lines(*bodies))


# -- refusals name their line -------------------------------------------------------------

GOOD = f"{CODE},2026-11-23,visits,total,3"


@pytest.mark.parametrize(
    ("bad", "mentions"),
    [
        (f"{CODE},2026-11-23,visits,total", "5"),  # a column missing
        (f"{CODE},2026-11-23,visits,total,3,4", "5"),
        (f"{CODE},2026-11-31,visits,hour:01,3", "2026-11-31"),
        (f"{CODE},20261123,visits,hour:01,3", "20261123"),
        (f"{CODE},2026-11-23,visitors,total,3", "visitors"),
        (f"{CODE},2026-11-23,visits,hour:7,3", "hour:7"),
        (f"{CODE},2026-11-23,visits,occupation:快递,3", "occupation:快递"),
        (f"{CODE},2026-11-23,services,total,3", "services"),
        (f"{CODE},2026-11-23,items_issued,item:,3", "item:"),
        (f"{CODE},2026-11-23,stock_level,item:水  壶,3", "item:水  壶"),
        (f"{CODE},2026-11-23,union_members,occupation:courier,3", "union_members"),
        (f"{CODE},2026-11-23,visits,hour:01,-3", "-3"),
        (f"{CODE},2026-11-23,visits,hour:01,3.0", "3.0"),
        (f"{CODE},2026-11-23,visits,hour:01,03", "03"),
        (f"{CODE},2026-11-23,visits,hour:01,", "“”"),  # the empty value, quoted
        (f"{CODE},2026-11-23,visits,hour:01,1000000000000000000", "1000000000000000000"),
        ("hf-ly-0001,2026-11-23,visits,hour:01,3", "hf-ly-0001"),
        (f"{CODE},2026-11-23,visits,total,9", "2"),  # the same key as line 2
        ("HF-LY-0002,2026-11-23,visits,hour:01,3", "HF-LY-0002"),  # another station
    ],
)
def test_each_bad_line_is_named(bad: str, mentions: str) -> None:
    last = f"{CODE},2026-11-23,visits,hour:23,2"
    problems = problems_of(lines(GOOD, f"{CODE},2026-11-23,visits,hour:00,1", bad, last))
    assert [line for line, _message in problems] == [4]
    assert mentions in problems[0][1]


def test_every_bad_line_is_listed_and_nothing_is_returned() -> None:
    data = lines(
        GOOD, "x", f"{CODE},2026-11-23,visits,hour:00,1", "y,z", f"{CODE},x,visits,total,1"
    )
    assert [line for line, _message in problems_of(data)] == [3, 5, 6]


@pytest.mark.parametrize(
    ("data", "line"),
    [
        (b"", 1),
        (b"station_code,date,metric,dimension\r\n", 1),
        (b"Station_Code,date,metric,dimension,value\r\n", 1),
        ("\ufeffstation_code,date,metric,dimension,value\r\n".encode(), 1),
        (lines(GOOD, GOOD.replace("total", "hour:01")) + b"\xff\xfe,1\r\n", 4),
        (lines(GOOD, f'{CODE},2026-11-23,items_issued,"item:x,3'), 3),  # an open quote
        (lines(GOOD, f'{CODE},2026-11-23,items_issued,"item:x"y,3'), 3),
        (lines(GOOD, ""), 3),  # an empty line is not a row
    ],
)
def test_a_file_that_is_not_a_summary_names_where_it_goes_wrong(data: bytes, line: int) -> None:
    assert [number for number, _message in problems_of(data)] == [line]


def test_a_multi_line_quoted_field_is_refused_on_its_first_line() -> None:
    data = lines(GOOD, f'{CODE},2026-11-23,items_issued,"item:a\r\nb",3', GOOD)  # 3-4, 5
    assert [line for line, _message in problems_of(data)] == [3, 5]


def test_newlines_of_either_kind_are_read() -> None:
    data = write_csv(ROWS)
    assert read_csv(data.replace(b"\r\n", b"\n")) == read_csv(data)


# -- the manifest -----------------------------------------------------------------------


def test_rows_are_checked_against_the_manifest() -> None:
    other_day = row("visits", "hour:09", 1, day=DAY + dt.timedelta(days=1))
    data = write_csv([*ROWS, other_day])
    rows = read_csv(data)
    manifest = manifest_for(data, len(rows))
    with pytest.raises(SummaryFormatError) as refused:
        check_against(rows, manifest)
    assert [line for line, _m in refused.value.problems] == [len(rows) + 1]  # the last row
    assert "2026-11-24" in refused.value.problems[0][1]
    assert check_file(data, dataclasses.replace(manifest, period_end=other_day.day)) == rows
    with pytest.raises(SummaryFormatError) as refused:
        check_against(rows, dataclasses.replace(manifest, station_code="HF-LY-0002", row_count=3))
    assert [line for line, _m in refused.value.problems] == [*range(2, len(rows) + 2), 0]


def test_a_file_changed_after_its_manifest_was_made_is_refused() -> None:
    data = write_csv(ROWS)
    manifest = manifest_for(data, len(ROWS))
    changed = data.replace(b"total,27", b"total,28")
    with pytest.raises(SummaryFormatError) as refused:
        check_file(changed, manifest)
    assert [line for line, _m in refused.value.problems] == [0]


def test_a_manifest_round_trips_through_its_json() -> None:
    data = write_csv(ROWS)
    signed = sign(manifest_for(data, len(ROWS)), KEY)
    text = signed.to_json()
    assert list(json.loads(text)) == [
        "schema", "batch_id", "station_code", "period_start", "period_end", "revision",
        "row_count", "sha256", "created_at", "key_id", "signature",
    ]  # fmt: skip
    assert json.loads(text)["created_at"] == "2026-11-24T01:00:00Z"
    assert Manifest.from_json(text) == signed
    assert Manifest.from_json(text.encode("utf-8")) == signed
    assert Manifest.from_dict(signed.to_dict()) == signed
    assert signed.schema == SCHEMA and signed.key_id == key_id_of(PUBLIC)


def _manifest_problems(data: object) -> list[str]:
    text = data if isinstance(data, (str, bytes)) else json.dumps(data)
    with pytest.raises(SummaryFormatError) as refused:
        Manifest.from_json(text)
    assert {line for line, _m in refused.value.problems} == {0}
    return [message for _line, message in refused.value.problems]


def _good_manifest() -> dict[str, object]:
    return sign(manifest_for(write_csv(ROWS), len(ROWS)), KEY).to_dict()


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"revision": "1"}, "revision"),
        ({"revision": True}, "revision"),
        ({"revision": 1.0}, "revision"),
        ({"revision": 0}, "revision"),
        ({"row_count": -1}, "row_count"),
        ({"schema": "station-summary/3"}, "schema"),
        ({"batch_id": "not-a-uuid"}, "batch_id"),
        ({"batch_id": str(uuid.uuid1())}, "batch_id"),
        ({"batch_id": str(uuid.uuid4()).upper()}, "batch_id"),
        ({"station_code": "hf"}, "station_code"),
        ({"period_start": "2026-11-31"}, "period_start"),
        ({"period_end": 20261123}, "period_end"),
        ({"sha256": "AB" * 32}, "sha256"),
        ({"created_at": "2026-11-24T01:00:00+00:00"}, "created_at"),
        ({"created_at": "2026-11-24 01:00:00Z"}, "created_at"),
        ({"key_id": "ade2570a"}, "key_id"),
        ({"signature": None}, "signature"),
    ],
)
def test_a_mistyped_field_is_named(change: dict[str, object], field: str) -> None:
    (problem,) = _manifest_problems({**_good_manifest(), **change})
    assert field in problem


def test_missing_and_extra_fields_are_each_named() -> None:
    data = _good_manifest()
    del data["sha256"], data["key_id"]
    problems = _manifest_problems({**data, "station_name": "爱心驿站"})
    assert len(problems) == 3
    assert [f for f in ("sha256", "key_id", "station_name") if any(f in p for p in problems)] == [
        "sha256",
        "key_id",
        "station_name",
    ]


@pytest.mark.parametrize(
    "text",
    [
        "[]",
        "not json",
        b"\xff{}",
        '{"revision": 1, "revision": 2}',
        json.dumps({**_good_manifest(), "period_start": "2026-11-24", "period_end": "2026-11-23"}),
    ],
)
def test_a_manifest_that_is_not_one_is_refused(text: str | bytes) -> None:
    assert _manifest_problems(text)


# -- signatures -------------------------------------------------------------------------


def test_the_signature_covers_the_canonical_json_without_it() -> None:
    signed = Manifest.from_dict(_good_manifest())
    unsigned = {k: v for k, v in signed.to_dict().items() if k != "signature"}
    expected = json.dumps(unsigned, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    assert signing_bytes(signed) == expected.encode("utf-8")
    assert verify(signed, PUBLIC)
    KEY.public_key().verify(base64.b64decode(signed.signature), expected.encode("utf-8"))


CHANGES = {
    "batch_id": "0fec9a84-118b-419d-95a0-d41947240135",
    "station_code": "HF-LY-0002",
    "period_start": DAY - dt.timedelta(days=1),
    "period_end": DAY + dt.timedelta(days=1),
    "revision": 2,
    "row_count": len(ROWS) + 1,
    "sha256": "0" * 64,
    "created_at": dt.datetime(2026, 11, 24, 1, 0, 1, tzinfo=dt.UTC),
    "key_id": "00000000",
    "schema": "station-summary/0",
}


@pytest.mark.parametrize("field", sorted(CHANGES))
def test_changing_any_field_breaks_the_signature(field: str) -> None:
    signed = Manifest.from_dict(_good_manifest())
    assert not verify(dataclasses.replace(signed, **{field: CHANGES[field]}), PUBLIC)


def test_one_changed_byte_of_the_csv_breaks_the_signature() -> None:
    data = write_csv(ROWS)
    signed = sign(manifest_for(data, len(ROWS)), KEY)
    for position in (0, len(data) // 2, len(data) - 1):
        changed = bytearray(data)
        changed[position] ^= 1
        again = dataclasses.replace(signed, sha256=hashlib.sha256(bytes(changed)).hexdigest())
        assert not verify(again, PUBLIC)
    assert verify(signed, PUBLIC)


def test_another_key_or_a_garbled_signature_does_not_verify() -> None:
    signed = Manifest.from_dict(_good_manifest())
    other = Ed25519PrivateKey.generate()
    other_public = other.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    assert not verify(signed, other_public)
    # Signed by another key that claims this key's id: the signature does not hold.
    forged = dataclasses.replace(sign(signed, other), key_id=signed.key_id)
    assert not verify(forged, PUBLIC)
    for garbage in ("", "!!!", "AAAA", signed.signature[:-4], "签名"):
        assert not verify(dataclasses.replace(signed, signature=garbage), PUBLIC)


def test_file_names_follow_the_station_day_and_revision() -> None:
    assert file_stem(CODE, DAY, 3) == "HF-LY-0001_2026-11-23_r3"


def test_created_at_is_kept_in_utc_to_the_second() -> None:
    moment = dt.datetime(2026, 11, 24, 9, 0, 0, 750000, tzinfo=dt.timezone(dt.timedelta(hours=8)))
    manifest = manifest_for(b"", 0, created_at=moment)
    assert manifest.created_at == dt.datetime(2026, 11, 24, 1, 0, tzinfo=dt.UTC)
    with pytest.raises(ValueError):
        manifest_for(b"", 0, created_at=dt.datetime(2026, 11, 24))
