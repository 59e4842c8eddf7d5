"""Registered workers, their cards, the keyring of trusted issuers, and personal data (PIPL)."""
