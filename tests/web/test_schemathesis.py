"""Schemathesis against our own OpenAPI schema: no generated request makes the server fail (5xx), and
every error comes back in the one error shape.

POST /api/articles runs with the write token through the real ingest: readers, NLP, store and re-clustering.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from web_fixtures import TOKEN, WEB, fill_store

from storyweave.settings import Settings
from storyweave.store import Store
from storyweave.web import create_app


def _app():  # type: ignore[no-untyped-def]
    path = Path(tempfile.mkdtemp(prefix="storyweave-schemathesis-")) / "store.db"
    with Store(path) as store:
        fill_store(store)
    return create_app(Settings().with_db(str(path)), WEB)


schema = schemathesis.openapi.from_asgi("/openapi.json", _app())


@pytest.mark.slow
@schema.parametrize()
@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_server_errors(case) -> None:  # type: ignore[no-untyped-def]
    headers = {"Authorization": f"Bearer {TOKEN}"}
    response = case.call(headers=headers)
    assert response.status_code < 500, (case.method, case.formatted_path, response.text[:300])
    if response.status_code >= 400:
        body = response.json()
        assert set(body) == {"error"} and {"code", "message"} <= set(body["error"]), body
