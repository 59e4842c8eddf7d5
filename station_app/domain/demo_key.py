"""The demo station's signing key: made from the demo data's seed, so anyone can make it.

A demo station signs its cards with it, so the same seed gives the same cards (screenshots,
tests). Such a key proves nothing about who signed a card: it is marked as a demo key wherever
it goes (the keyring's ``demo`` flag, a ``YZDEMO1`` key file) and a station refuses to trust
one. The derivation is public, so a demo key without its mark (exported by an older version,
or with the mark edited away) is still recognised for the seeds people use.
"""

from __future__ import annotations

import functools
import hashlib

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

# Seeds whose keys are recognised without a mark: the default (1) and any small number a
# person would type. Working out their public keys takes a few hundredths of a second.
RECOGNISED_SEEDS = range(1000)


def demo_private_bytes(seed: int) -> bytes:
    return hashlib.sha256(f"demo-{seed}".encode()).digest()


def demo_signing_key(seed: int) -> Ed25519PrivateKey:
    """The demo station's key for ``seed``: the same seed gives the same cards."""
    return Ed25519PrivateKey.from_private_bytes(demo_private_bytes(seed))


@functools.cache
def _recognised_public_keys() -> frozenset[bytes]:
    return frozenset(
        demo_signing_key(seed).public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
        for seed in RECOGNISED_SEEDS
    )


def is_demo_public_key(public: bytes) -> bool:
    """True when ``public`` (raw 32 bytes) is the demo key of a recognised seed."""
    return public in _recognised_public_keys()
