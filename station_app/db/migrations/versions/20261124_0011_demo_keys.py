"""Demo keys are marked: ``trusted_key.demo``.

A demo station's signing key is made from the demo data's seed (sha256 of ``demo-<seed>``),
so anyone can make it and sign cards with it. The keyring now records which keys are demo
keys: the station's own key when the demo made it, and any key trusted before stations
refused demo keys. Existing rows are recognised by working the derivation out for the seeds
people use (0–999), copied here as migrations are frozen.

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-24
"""

import hashlib

import sqlalchemy as sa
from alembic import op
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

SEEDS = range(1000)


def _demo_keys() -> dict[bytes, bytes]:
    """Public key → private key of every demo key of ``SEEDS``."""
    keys = {}
    for seed in SEEDS:
        private = hashlib.sha256(f"demo-{seed}".encode()).digest()
        public = (
            Ed25519PrivateKey.from_private_bytes(private)
            .public_key()
            .public_bytes(Encoding.Raw, PublicFormat.Raw)
        )
        keys[public] = private
    return keys


def upgrade() -> None:
    with op.batch_alter_table("trusted_key", schema=None) as batch_op:
        batch_op.add_column(sa.Column("demo", sa.Boolean(), server_default="0", nullable=False))
    connection = op.get_bind()
    rows = connection.execute(sa.text("SELECT key_id, public_key FROM trusted_key")).all()
    if not rows:
        return  # a new database: nothing to work out
    demo = _demo_keys()
    for key_id, public in rows:
        if bytes(public) in demo:
            connection.execute(
                sa.text("UPDATE trusted_key SET demo = 1 WHERE key_id = :key_id"),
                {"key_id": key_id},
            )


def downgrade() -> None:
    with op.batch_alter_table("trusted_key", schema=None) as batch_op:
        batch_op.drop_column("demo")
