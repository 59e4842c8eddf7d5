"""Bad input, built from good input: bytes and text a little or very wrong."""

from __future__ import annotations

from hypothesis import strategies as st


def _edit(data: bytes, position: int, cut: int, insert: bytes) -> bytes:
    at = position % (len(data) + 1)
    return data[:at] + insert + data[at + cut :]


def mutated(valid: bytes) -> st.SearchStrategy[bytes]:
    """``valid`` with a few bytes replaced, removed or inserted (the BOM, quotes, line ends
    and NUL among them), cut short, or repeated."""
    nasty = st.sampled_from(
        [b'"', b",", b"\r", b"\n", b"\r\n", b"\x00", b"\xef\xbb\xbf", b"\xff", b"\xe4\xb8", b" "]
    )
    edit = st.tuples(
        st.integers(0, 1 << 16), st.integers(0, 8), st.one_of(nasty, st.binary(max_size=8))
    )

    def apply(edits: list[tuple[int, int, bytes]]) -> bytes:
        data = valid
        for position, cut, insert in edits:
            data = _edit(data, position, cut, insert)
        return data

    return st.one_of(
        st.lists(edit, min_size=1, max_size=4).map(apply),
        st.integers(0, len(valid)).map(lambda n: valid[:n]),
        st.integers(2, 4).map(lambda n: valid * n),
    )


def bad_bytes() -> st.SearchStrategy[bytes]:
    """Anything at all: bytes, and text (lone surrogates make some of it not UTF-8)."""
    return st.one_of(
        st.binary(max_size=400),
        st.text(max_size=200).map(lambda text: text.encode("utf-8", "surrogatepass")),
    )


def csv_of(header: str, cells: list[str]) -> st.SearchStrategy[bytes]:
    """A header and lines of cells drawn from ``cells``: right columns, wrong values."""
    line = st.lists(st.sampled_from(cells), max_size=8).map(",".join)
    ending = st.sampled_from(["\r\n", "\n", "\r"])
    return st.tuples(st.lists(line, max_size=6), ending).map(
        lambda parts: (header + parts[1] + parts[1].join(parts[0])).encode("utf-8")
    )
