"""Fixtures for the printed documents: a signing station and its cards."""

from __future__ import annotations

import pytest

from tests.reports.tools import Issuer


@pytest.fixture
def issuer() -> Issuer:
    return Issuer()
