"""Fetch an http(s) URL into a Document: timeout, size cap, a User-Agent; format from the content type.

This is also the seam for feed polling: `fetch_document` is a plain function a poller can call.
"""

from __future__ import annotations

import urllib.error
import urllib.request
from email.message import Message

from storyweave.errors import Rejected
from storyweave.ingest.document import CONTENT_TYPES, Document, to_document
from storyweave.settings import IngestSettings

# Not (yet) in IngestSettings; see docs/ingest.md.
FETCH_TIMEOUT_S = 20.0
USER_AGENT = "storyweave/0.1 (+https://example.invalid/storyweave; news brief builder)"


def is_url(item: str) -> bool:
    low = item[:8].lower()
    return low.startswith(("http://", "https://"))


def fetch_document(
    url: str, settings: IngestSettings, timeout: float = FETCH_TIMEOUT_S, user_agent: str = USER_AGENT
) -> Document | Rejected:
    """GET `url`; the article id is the URL as given, `Document.url` the final URL after redirects."""
    limit = settings.max_file_bytes
    request = urllib.request.Request(url, headers={"User-Agent": user_agent, "Accept": "*/*"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            length = response.headers.get("Content-Length")
            if length and length.isdigit() and int(length) > limit:
                return Rejected(url, f"response is {length} bytes, over the limit of {limit} bytes")
            raw = response.read(limit + 1)
            final_url = response.geturl() or url
            headers: Message = response.headers
    except urllib.error.HTTPError as exc:
        return Rejected(url, f"HTTP error {exc.code} {exc.reason}")
    except urllib.error.URLError as exc:
        return Rejected(url, f"cannot fetch: {exc.reason}")
    except (TimeoutError, OSError, ValueError) as exc:
        return Rejected(url, f"cannot fetch: {exc}")
    if len(raw) > limit:
        return Rejected(url, f"response is over the limit of {limit} bytes (ingest.max_file_bytes)")
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
