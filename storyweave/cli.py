"""`storyweave …`: a thin adapter from the command line to `storyweave.api`.

Only this layer prints, chooses exit codes and turns errors into messages:
  0 success (some inputs may have been rejected, each reported on stderr)
  1 nothing could be read from the inputs given
  2 bad usage or bad settings
  3 an id that does not exist (story, article)
  4 the store failed
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from importlib import resources
from pathlib import Path
from typing import TextIO

from storyweave import __version__, api
from storyweave.brief.render import FORMATS, render
from storyweave.errors import ConfigError, NotFound, Rejected, StoreError, StoryweaveError
from storyweave.model import Article
from storyweave.settings import Settings
from storyweave.store import Store
from storyweave.web.command import add_serve_command

EXIT_OK, EXIT_NOTHING_READ, EXIT_USAGE, EXIT_NOT_FOUND, EXIT_STORE = 0, 1, 2, 3, 4


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "handler", None):
        parser.print_help()
        return EXIT_USAGE
    try:
        settings = Settings.load(args.config)
        if getattr(args, "db", None):
            settings = settings.with_db(args.db)
        return int(args.handler(args, settings))
    except ConfigError as exc:
        _error(f"settings: {exc}")
        return EXIT_USAGE
    except NotFound as exc:
        _error(str(exc))
        return EXIT_NOT_FOUND
    except StoreError as exc:
        _error(f"store: {exc}")
        return EXIT_STORE
    except StoryweaveError as exc:
        _error(str(exc))
        return EXIT_USAGE
    except BrokenPipeError:  # `storyweave … | head` closed the pipe: not an error
        sys.stderr.close()
        return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="storyweave",
        description="Read news coverage from many outlets and turn it into cited story briefs.",
    )
    parser.add_argument("--version", action="version", version=f"storyweave {__version__}")
    parser.add_argument("--config", metavar="FILE", help="settings file (TOML); see docs/settings.md")
    sub = parser.add_subparsers(title="commands", metavar="COMMAND")

    p = sub.add_parser("brief", help="read inputs, find the stories, print one brief per story")
    _inputs(p)
    p.add_argument("--format", choices=FORMATS, default="md", help="output format (default: md)")
    _budget(p)
    p.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of standard output")
    p.set_defaults(handler=cmd_brief)

    p = sub.add_parser("extract", help="show what ingestion made of each input")
    _inputs(p)
    p.add_argument("--json", action="store_true", help="one JSON line per article")
    p.set_defaults(handler=cmd_extract)

    p = sub.add_parser("cluster", help="only the grouping of articles into stories")
    _inputs(p)
    p.add_argument("--json", action="store_true", help='print {"stories": [{"id", "articles"}]}')
    p.set_defaults(handler=cmd_cluster)

    p = sub.add_parser("ingest", help="add inputs to the store (idempotent) and update its stories")
    _inputs(p, "PATH_OR_URL_OR_FEED")
    _db(p)
    p.set_defaults(handler=cmd_ingest)

    p = sub.add_parser("watch", help="poll feeds (or pages) and keep the store's stories up to date")
    _inputs(p, "FEED_URL")
    p.add_argument("--every", type=float, default=300.0, metavar="SECONDS", help="seconds between polls")
    p.add_argument("--rounds", type=_positive_int, default=None, metavar="N", help="stop after N polls")
    _db(p)
    p.set_defaults(handler=cmd_watch)

    p = sub.add_parser("stories", help="list the stories in the store")
    _db(p)
    p.add_argument("--since", type=_date, help="only stories last published on or after DATE (YYYY-MM-DD)")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(handler=cmd_stories)

    p = sub.add_parser("show", help="print one stored story's brief")
    p.add_argument("story_id", metavar="STORY_ID")
    _db(p)
    p.add_argument("--format", choices=FORMATS, default="md")
    _budget(p)
    p.add_argument("-o", "--output", metavar="FILE")
    p.set_defaults(handler=cmd_show)

    add_serve_command(sub)

    p = sub.add_parser("demo", help="load the bundled demo corpus into a fresh store and print its briefs")
    p.add_argument("--db", metavar="FILE", help="store to create (default: a temporary file)")
    p.add_argument("--format", choices=FORMATS, default="md")
    p.set_defaults(handler=cmd_demo)

    p = sub.add_parser("eval", help="quality benchmarks on public data (see docs/eval.md)")
    _add_eval_commands(p)
    return parser


def _inputs(parser: argparse.ArgumentParser, metavar: str = "PATH_OR_URL") -> None:
    parser.add_argument("inputs", nargs="+", metavar=metavar, help="files, folders, URLs, or - for stdin")


def _db(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--db", metavar="FILE", help="SQLite store (default: $STORYWEAVE_DB or ./storyweave.db)"
    )


def _positive_int(text: str) -> int:
    value = int(text)
    if value <= 0:
        raise argparse.ArgumentTypeError(f"must be a positive integer, got {text}")
    return value


def _date(text: str) -> datetime:
    try:
        return datetime.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text}") from exc


# --- commands ---


def cmd_brief(args: argparse.Namespace, settings: Settings) -> int:
    result = _read(args.inputs, settings)
    if not result.articles:
        return _nothing_read(result.rejected)
    briefs = api.brief(result.articles, settings, words=args.words, sentences=args.sentences)
    with _output(args.output) as out:
        _write_rendered(out, render(briefs, args.format), args.format)
    return EXIT_OK


def cmd_extract(args: argparse.Namespace, settings: Settings) -> int:
    read_any = False
    for item in _iter_reported(args.inputs, settings):
        read_any = True
        if args.json:
            print(json.dumps(item.extract_record(), ensure_ascii=False))
        else:
            print(_plain_extract(item))
    return EXIT_OK if read_any else EXIT_NOTHING_READ


def cmd_cluster(args: argparse.Namespace, settings: Settings) -> int:
    result = _read(args.inputs, settings)
    if not result.articles:
        return _nothing_read(result.rejected)
    stories = api.cluster(result.articles, settings)
    if args.json:
        payload = {"stories": [{"id": s.id, "articles": s.article_ids} for s in stories]}
        print(json.dumps(payload, ensure_ascii=False))
    else:
        for story in stories:
            print(f"{story.id}\t{len(story.article_ids)}\t{' '.join(story.article_ids)}")
    return EXIT_OK


def cmd_ingest(args: argparse.Namespace, settings: Settings) -> int:
    with Store(settings.store.path) as store, _progress(args.inputs, settings) as tick:
        report = api.ingest(args.inputs, store, settings, progress=tick)
    for rejected in report.rejected:
        _error(f"rejected {rejected.line()}")
    print(report.summary_line(), file=sys.stderr)
    return EXIT_OK if report.added or report.duplicates else EXIT_NOTHING_READ


def cmd_watch(args: argparse.Namespace, settings: Settings) -> int:
    if args.every < 0:
        _error("watch: --every must be 0 or more seconds")
        return EXIT_USAGE

    def report_round(n: int, report: api.IngestReport) -> None:
        for rejected in report.rejected:
            _error(f"rejected {rejected.line()}")
        stamp = datetime.now().astimezone().strftime("%H:%M:%S")
        print(f"round {n} at {stamp}: {report.summary_line()}", file=sys.stderr, flush=True)

    with Store(settings.store.path) as store:
        try:
            api.watch(args.inputs, store, settings, args.every, args.rounds, on_round=report_round)
        except KeyboardInterrupt:
            print("watch: stopped", file=sys.stderr)
    return EXIT_OK


def cmd_stories(args: argparse.Namespace, settings: Settings) -> int:
    with Store(settings.store.path) as store:
        stories = store.list_stories(since=args.since)
    if args.json:
        print(json.dumps({"stories": [s.to_dict() for s in stories]}, ensure_ascii=False, indent=2))
        return EXIT_OK
    if not stories:
        print("No stories in the store.", file=sys.stderr)
    for s in stories:
        span = s.last_published or "undated"
        conflicts = f", {s.conflict_count} conflicts" if s.conflict_count else ""
        counts = f"{s.article_count:3} articles  {s.outlet_count:2} outlets{conflicts}"
        print(f"{s.id}  {span:10}  {counts}  {s.title}")
    return EXIT_OK


def cmd_show(args: argparse.Namespace, settings: Settings) -> int:
    with Store(settings.store.path) as store:
        brief = api.story_brief(store, args.story_id, settings, words=args.words, sentences=args.sentences)
    with _output(args.output) as out:
        _write_rendered(out, render([brief], args.format), args.format)
    return EXIT_OK


def cmd_demo(args: argparse.Namespace, settings: Settings) -> int:
    corpus = resources.files("storyweave.demo").joinpath("corpus")
    with tempfile.TemporaryDirectory(prefix="storyweave-demo-") as tmp:
        db = args.db or os.path.join(tmp, "demo.db")
        if args.db and Path(db).exists():
            _error(f"{db}: already exists; the demo loads into a fresh store")
            return EXIT_USAGE
        settings = settings.with_db(db)
        with resources.as_file(corpus) as corpus_dir, Store(db) as store:
            print(f"Loading the demo corpus from {corpus_dir} into {db}", file=sys.stderr)
            report = api.ingest([str(corpus_dir)], store, settings)
            for rejected in report.rejected:
                _error(f"rejected {rejected.line()}")
            print(report.summary_line(), file=sys.stderr)
            briefs = [store.get_brief(s.id) for s in store.list_stories()]
        _write_rendered(sys.stdout, render(briefs, args.format), args.format)
    return EXIT_OK


# --- helpers ---


def _budget(p: argparse.ArgumentParser) -> None:
    p.add_argument("--words", type=_positive_int, help="summary length in words (default: settings, 100)")
    p.add_argument(
        "--sentences", type=_positive_int, help="summary length in sentences (alone: the only budget)"
    )


def _read(inputs: Sequence[str], settings: Settings) -> api.ReadResult:
    with _progress(inputs, settings) as tick:
        result = api.read(inputs, settings, progress=tick)
    for rejected in result.rejected:
        _error(f"rejected {rejected.line()}")
    return result


def _iter_reported(inputs: Sequence[str], settings: Settings) -> Iterator[Article]:
    from storyweave.ingest import iter_inputs

    for item in iter_inputs(inputs, settings.ingest):
        if isinstance(item, Rejected):
            _error(f"rejected {item.line()}")
        else:
            yield item


def _nothing_read(rejected: Sequence[Rejected]) -> int:
    _error(f"nothing could be read ({len(rejected)} input(s) rejected)")
    return EXIT_NOTHING_READ


def _plain_extract(article: Article) -> str:
    head = " · ".join(
        x
        for x in (article.id, article.outlet, article.published and article.published.date().isoformat())
        if x
    )
    parts = [f"== {head}"]
    if article.title:
        parts.append(f"# {article.title}")
    parts.append(article.text)
    for removed in article.removed:
        parts.append(f"[removed {removed.kind}: {removed.text[:80]!r}]")
    for warning in article.warnings:
        parts.append(f"[warning: {warning}]")
    return "\n".join(parts) + "\n"


@contextmanager
def _output(path: str | None) -> Iterator[TextIO]:
    if path is None:
        yield sys.stdout
        return
    with open(path, "w", encoding="utf-8") as handle:
        yield handle
    print(f"wrote {path}", file=sys.stderr)


def _write_rendered(out: TextIO, text: str, fmt: str) -> None:
    if fmt == "md" and out is sys.stdout and sys.stdout.isatty():
        from rich.console import Console
        from rich.markdown import Markdown

        Console().print(Markdown(text))
        return
    out.write(text)


@contextmanager
def _progress(inputs: Sequence[str], settings: Settings) -> Iterator[api.Progress | None]:
    """A rich progress display on stderr when there are many inputs or a folder, and stderr is a terminal."""
    many = len(inputs) > settings.ingest.progress_min_inputs or any(os.path.isdir(i) for i in inputs)
    if not (many and sys.stderr.isatty()):
        yield None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn

    with Progress(
        SpinnerColumn(), TextColumn("reading"), BarColumn(), MofNCompleteColumn(), transient=True
    ) as bar:
        task = bar.add_task("read", total=None)
        yield lambda _item: bar.advance(task)


def _error(message: str) -> None:
    print(f"storyweave: {message}", file=sys.stderr)


def _add_eval_commands(parser: argparse.ArgumentParser) -> None:
    from storyweave.eval import commands

    commands.add_subcommands(parser)


if __name__ == "__main__":
    sys.exit(main())
