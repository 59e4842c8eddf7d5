"""The card codec: a genuine card verifies anywhere offline; nothing else ever does."""

from __future__ import annotations

import datetime as dt

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from station_app.domain.cards import (
    MAX_SCAN_LENGTH,
    CardClaim,
    CardRefused,
    Refusal,
    encode,
    key_id_of,
    verify,
)


def _public(key: Ed25519PrivateKey) -> bytes:
    return key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)


OURS = Ed25519PrivateKey.generate()
OUR_ID = key_id_of(_public(OURS))
TRUSTED = {OUR_ID: _public(OURS)}
STRANGER = Ed25519PrivateKey.generate()
TODAY = dt.date(2026, 11, 24)
CLAIM = CardClaim(OUR_ID, "HF-LY-0012-000031", "sanitation", dt.date(2026, 3, 1))
SIGNED = encode(CLAIM, OURS)
KEY_ID_FIELD = range(4, 4 + len(OUR_ID))  # where the key id sits in "YZ1.<key id>.…"
# The signature's last base32 character carries 2 bits and 3 spare ones: flipping a spare
# bit spells the same signature differently, which must still count as tampering.
BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
SPARE_BIT_TWIN = BASE32[BASE32.index(SIGNED[-1]) ^ 1]
# Characters a scanner can type: letters, digits, punctuation, space.
TYPED = st.characters(min_codepoint=32, max_codepoint=126)

card_numbers = st.from_regex(r"\A[A-Z0-9][A-Z0-9-]{2,39}\Z")
occupations = st.from_regex(r"\A[a-z0-9_]{1,32}\Z")
days = st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2099, 12, 31))


def _refusal(text: str, today: dt.date = TODAY, **kwargs: object) -> Refusal:
    with pytest.raises(CardRefused) as refused:
        verify(text, TRUSTED, today, **kwargs)  # type: ignore[arg-type]
    return refused.value.reason


@given(card_no=card_numbers, occupation=occupations, issued=days, valid_for=st.integers(0, 3650))
def test_a_signed_card_verifies_back_to_what_it_says(
    card_no: str, occupation: str, issued: dt.date, valid_for: int
) -> None:
    # Given a card signed by this station, with or without an expiry date
    expires = issued + dt.timedelta(days=valid_for) if valid_for % 2 else None
    claim = CardClaim(OUR_ID, card_no, occupation, issued, expires)
    # When it is scanned on the day it was issued, Then it says exactly what was signed
    assert verify(encode(claim, OURS), TRUSTED, issued) == claim


def test_a_scan_with_caps_lock_on_still_verifies() -> None:
    assert verify(SIGNED.lower(), TRUSTED, TODAY) == CLAIM
    assert verify(f"  {SIGNED}\r\n", TRUSTED, TODAY) == CLAIM  # a scanner's own line ending


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(position=st.integers(0, len(SIGNED) - 1), replacement=TYPED)
@example(position=len(SIGNED) - 1, replacement=SPARE_BIT_TWIN)
def test_changing_any_single_character_is_refused(position: int, replacement: str) -> None:
    # Given a genuine card, When one character is changed (not just its letter case)
    if replacement.upper() == SIGNED[position].upper():
        replacement = "#"
    tampered = SIGNED[:position] + replacement + SIGNED[position + 1 :]
    # Then it is refused as forged or as not a card code at all — never accepted
    allowed = {Refusal.BAD_SIGNATURE, Refusal.MALFORMED}
    if position in KEY_ID_FIELD:
        allowed.add(Refusal.UNKNOWN_ISSUER)  # it now names a key nobody trusts
    assert _refusal(tampered) in allowed


def test_every_truncation_is_refused() -> None:
    for length in range(len(SIGNED)):
        assert _refusal(SIGNED[:length]) in {Refusal.MALFORMED, Refusal.BAD_SIGNATURE}, length


def test_a_card_signed_by_a_key_nobody_trusts_names_an_unknown_issuer() -> None:
    foreign_id = key_id_of(_public(STRANGER))
    foreign = encode(CardClaim(foreign_id, "HQ-000001", "courier", TODAY), STRANGER)
    assert _refusal(foreign) is Refusal.UNKNOWN_ISSUER


def test_a_foreign_key_posing_as_a_trusted_one_is_a_bad_signature() -> None:
    # Given a forger who copies our key id into a card signed with their own key
    forged = encode(CardClaim(OUR_ID, "HF-LY-0012-999999", "courier", TODAY), STRANGER)
    # Then the signature does not check against the key that id really names
    assert _refusal(forged) is Refusal.BAD_SIGNATURE


@settings(max_examples=300)
@given(
    st.one_of(
        st.text(),
        st.text(alphabet=st.characters(max_codepoint=31)),  # control characters
        st.binary().map(lambda raw: raw.decode("latin-1")),  # raw bytes as a scanner types
        st.text(alphabet="YZ1.-ABC0123456789", max_size=200),  # almost a card code
        st.builds(lambda tail: "YZ1." + tail, st.text(max_size=300)),
    )
)
def test_scanner_garbage_is_malformed_and_never_anything_else(text: str) -> None:
    assert _refusal(text) in {Refusal.MALFORMED, Refusal.UNKNOWN_ISSUER}


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "\x00\x01\x02\x1b[A",
        "https://weixin.qq.com/r/abc",
        "6901234567890",  # a bottle's barcode
        SIGNED * 60,  # 10k characters: a scanner stuck in a loop
        "Y" * (MAX_SCAN_LENGTH + 1),
        SIGNED.replace(".", "。"),  # a full-width input method
        "YZ1." + "\udcff" * 10,  # undecodable bytes smuggled into text
    ],
)
def test_odd_inputs_are_malformed(text: str) -> None:
    assert _refusal(text) is Refusal.MALFORMED


def test_an_expired_card_is_refused_from_the_day_after_its_last_day() -> None:
    claim = CardClaim(OUR_ID, "HF-LY-0012-000032", "courier", TODAY, TODAY + dt.timedelta(30))
    signed = encode(claim, OURS)
    assert verify(signed, TRUSTED, TODAY + dt.timedelta(30)) == claim
    assert _refusal(signed, TODAY + dt.timedelta(31)) is Refusal.EXPIRED


def test_a_card_dated_in_the_future_is_refused() -> None:
    claim = CardClaim(OUR_ID, "HF-LY-0012-000033", "courier", TODAY + dt.timedelta(days=5))
    assert _refusal(encode(claim, OURS)) is Refusal.NOT_YET_VALID


def test_a_revoked_card_is_refused_even_with_a_good_signature() -> None:
    revoked = frozenset({(OUR_ID, CLAIM.card_no)})
    assert _refusal(SIGNED, revoked=revoked) is Refusal.REVOKED
    # …while another card of the same issuer still works
    other = CardClaim(OUR_ID, "HF-LY-0012-000034", "courier", TODAY)
    assert verify(encode(other, OURS), TRUSTED, TODAY, revoked) == other


def test_a_card_accepted_before_is_judged_again_at_every_scan() -> None:
    # Given a card just accepted (a station remembers the cards it has read lately)
    assert verify(SIGNED, TRUSTED, TODAY) == CLAIM
    # Then at a later scan it is refused once revoked, once its issuer is no longer trusted,
    # and when the key its id names is another one than the key that signed it
    assert _refusal(SIGNED, revoked=frozenset({(OUR_ID, CLAIM.card_no)})) is Refusal.REVOKED
    with pytest.raises(CardRefused) as unknown:
        verify(SIGNED, {}, TODAY)
    assert unknown.value.reason is Refusal.UNKNOWN_ISSUER
    with pytest.raises(CardRefused) as replaced:
        verify(SIGNED, {OUR_ID: _public(STRANGER)}, TODAY)
    assert replaced.value.reason is Refusal.BAD_SIGNATURE
    # …and its spare-bit twin is a forgery however often the genuine one was read
    assert _refusal(SIGNED[:-1] + SPARE_BIT_TWIN) is Refusal.BAD_SIGNATURE
    assert verify(SIGNED, TRUSTED, TODAY) == CLAIM
