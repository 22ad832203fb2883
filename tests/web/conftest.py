"""Fixtures of the web tests: a store with hand-built briefs, the app, and a real uvicorn server."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from web_fixtures import WEB, LiveServer, fill_store

from storyweave.settings import Settings
from storyweave.store import Store
from storyweave.web import create_app


@pytest.fixture(scope="session")
def store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("webstore") / "store.db"
    with Store(path) as store:
        fill_store(store)
    return path


@pytest.fixture(scope="session")
def app_settings(store_path: Path) -> Settings:
    return Settings().with_db(str(store_path))


@pytest.fixture(scope="session")
def client(app_settings: Settings) -> Iterator[TestClient]:
    app = create_app(app_settings, WEB)
    with TestClient(app, raise_server_exceptions=False) as test_client:
        yield test_client


@pytest.fixture(scope="session")
def live_server(app_settings: Settings) -> Iterator[LiveServer]:
    with LiveServer(create_app(app_settings, WEB)) as server:
        yield server


@pytest.fixture(scope="session")
def artifacts_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where screenshots go: `$STORYWEAVE_TEST_ARTIFACTS` when set, else a pytest temporary folder."""
    chosen = os.environ.get("STORYWEAVE_TEST_ARTIFACTS")
    path = Path(chosen) if chosen else tmp_path_factory.mktemp("web-artifacts")
    path.mkdir(parents=True, exist_ok=True)
    return path
