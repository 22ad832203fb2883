"""`storyweave serve [--db FILE] [--host 127.0.0.1] [--port 8000]`: run the web app under uvicorn."""

from __future__ import annotations

import argparse
from dataclasses import replace

from storyweave.settings import Settings
from storyweave.web.config import WebSettings


def add_serve_command(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    defaults = WebSettings()
    parser = sub.add_parser("serve", help="web UI and HTTP JSON API over a store")
    parser.add_argument(
        "--db", metavar="FILE", help="store file (default: $STORYWEAVE_DB or ./storyweave.db)"
    )
    parser.add_argument("--host", default=None, help=f"address to listen on (default {defaults.host})")
    parser.add_argument("--port", type=int, default=None, help=f"port to listen on (default {defaults.port})")
    parser.set_defaults(handler=handler)


def handler(args: argparse.Namespace, settings: Settings, web: WebSettings | None = None) -> int:
    import uvicorn

    from storyweave.web.app import create_app

    if getattr(args, "db", None):
        settings = settings.with_db(args.db)
    web = WebSettings.from_env(base=web or getattr(settings, "web", None))
    if args.host is not None:
        web = replace(web, host=args.host)
    if args.port is not None:
        web = replace(web, port=args.port)
    app = create_app(settings, web)
    uvicorn.run(app, host=web.host, port=web.port, log_level="info", server_header=False)
    return 0
