"""`storyweave serve`: the HTTP JSON API and the server-rendered web UI (see docs/web.md).

Only HTTP lives here: routes call storyweave.api, storyweave.store and storyweave.brief, and the
templates present what they return. `create_app` is imported lazily so that `storyweave.web.command`
(registered by the CLI) does not load FastAPI for every command.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from storyweave.web.config import WebSettings

if TYPE_CHECKING:
    from storyweave.web.app import create_app


def __getattr__(name: str) -> Any:
    if name == "create_app":
        from storyweave.web.app import create_app

        return create_app
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["WebSettings", "create_app"]
