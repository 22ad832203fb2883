"""Shared fixtures. Test inputs are written by hand here or in the test that uses them."""

from __future__ import annotations

import pytest

from storyweave.settings import Settings


@pytest.fixture
def settings() -> Settings:
    return Settings()
