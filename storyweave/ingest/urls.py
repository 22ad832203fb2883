"""Fetch an http(s) URL into a Document: timeout, size cap, a User-Agent; format from the content type.

This is also the seam for feed polling: `fetch_document` is a plain function a poller can call, and with
`FetchValidators` it makes conditional GETs (If-None-Match / If-Modified-Since), so a feed that has not
changed since the last poll costs a 304 with no body.
"""

from __future__ import annotations

import urllib.error
import urllib.request
from dataclasses import dataclass, field
from email.message import Message

from storyweave.errors import Rejected
from storyweave.ingest.document import CONTENT_TYPES, Document, to_document
from storyweave.settings import IngestSettings

# Not (yet) in IngestSettings; see docs/ingest.md.
FETCH_TIMEOUT_S = 20.0
USER_AGENT = "storyweave/0.1 (+https://example.invalid/storyweave; news brief builder)"


@dataclass(slots=True)
class FetchValidators:
    """What each URL's server said last time it answered (ETag, Last-Modified), kept by a poller between
    rounds; `unchanged` lists the URLs that answered 304 Not Modified since the poller last cleared it."""

    seen: dict[str, tuple[str | None, str | None]] = field(default_factory=dict)
    unchanged: list[str] = field(default_factory=list)
    # What a server said for a response not yet read into articles: kept (`confirm`) only once the
    # response gave some, so a feed that fails to parse is fetched whole, and rejected, every round.
    pending: dict[str, tuple[str | None, str | None]] = field(default_factory=dict)

    def headers(self, url: str) -> dict[str, str]:
        etag, modified = self.seen.get(url, (None, None))
        out = {}
        if etag:
            out["If-None-Match"] = etag
        if modified:
            out["If-Modified-Since"] = modified
        return out

    def remember(self, url: str, headers: Message) -> None:
        """Hold what the server said about `url` until its response is known to read (`confirm`)."""
        self.pending[url] = (headers.get("ETag"), headers.get("Last-Modified"))

    def confirm(self, url: str, read: bool) -> None:
        """The response fetched for `url` gave articles (`read`) or not: keep or drop its validators."""
        etag, modified = self.pending.pop(url, (None, None))
        if read and (etag or modified):
            self.seen[url] = (etag, modified)
        else:
            self.seen.pop(url, None)


@dataclass(frozen=True, slots=True)
class NotModified:
    """The server says the URL has not changed since `FetchValidators` last saw it (HTTP 304)."""

    url: str


def is_url(item: str) -> bool:
    low = item[:8].lower()
    return low.startswith(("http://", "https://"))


def fetch_document(
    url: str,
    settings: IngestSettings,
    timeout: float = FETCH_TIMEOUT_S,
    user_agent: str = USER_AGENT,
    validators: FetchValidators | None = None,
) -> Document | Rejected | NotModified:
    """GET `url`; the article id is the URL as given, `Document.url` the final URL after redirects.
    With `validators`, the GET is conditional on what the server said last time, and a 304 answer to
    it gives `NotModified`; a response read whole is held in `validators.pending` until the caller
    knows whether it gave articles (`FetchValidators.confirm`)."""
    limit = settings.max_file_bytes
    sent = {"User-Agent": user_agent, "Accept": "*/*"}
    conditional = validators.headers(url) if validators is not None else {}
    sent.update(conditional)
    request = urllib.request.Request(url, headers=sent)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            length = response.headers.get("Content-Length")
            if length and length.isdigit() and int(length) > limit:
                return Rejected(url, f"response is {length} bytes, over the limit of {limit} bytes")
            raw = response.read(limit + 1)
            final_url = response.geturl() or url
            headers: Message = response.headers
    except urllib.error.HTTPError as exc:
        if exc.code == 304 and conditional:
            return NotModified(url)  # only an answer to our conditional GET means "not modified"
        return Rejected(url, f"HTTP error {exc.code} {exc.reason}")
    except urllib.error.URLError as exc:
        return Rejected(url, f"cannot fetch: {exc.reason}")
    except (TimeoutError, OSError, ValueError) as exc:
        return Rejected(url, f"cannot fetch: {exc}")
    if len(raw) > limit:
        return Rejected(url, f"response is over the limit of {limit} bytes (ingest.max_file_bytes)")
    if validators is not None:
        validators.remember(url, headers)
    content_type = headers.get_content_type()
    declared = CONTENT_TYPES.get(content_type)
    if content_type == "text/plain" and raw.lstrip()[:1] in (b"<", b"{", b"["):
        declared = None  # servers label many files text/plain; let the content decide
    charset = headers.get_content_charset()
    if charset and charset.lower() not in ("utf-8", "utf8"):
        raw = _recode(raw, charset)
    path = urllib.request.urlparse(final_url).path
    return to_document(
        raw,
        source=url,
        name=path.rsplit("/", 1)[-1],
        article_id=url,
        max_bytes=limit,
        declared=declared,
        url=final_url,
    )


def _recode(raw: bytes, charset: str) -> bytes:
    """Bytes in a server-declared charset, re-encoded as UTF-8 (unknown charsets are left alone)."""
    try:
        return raw.decode(charset).encode("utf-8")
    except (LookupError, UnicodeDecodeError):
        return raw
