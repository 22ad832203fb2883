"""Settings of the web server: `WebSettings` lives in storyweave.settings (section `web`)."""

from storyweave.settings import TOKEN_ENV, WebSettings

__all__ = ["TOKEN_ENV", "WebSettings"]
