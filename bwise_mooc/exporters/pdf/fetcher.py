"""What WeasyPrint may load while it lays out a handout: the course's own media, nothing else.

The handout's document names its pictures by their place in the course's media
(``media/<hash>.<ext>``), relative to a base address that no file or server has
(``BASE_URL``). ``CourseFiles`` serves exactly those places, from the bytes or files the
build lends; every other address (the web, other local files, ``data:``) is refused, so no
request leaves the machine and no file outside the course is read.
"""

from collections.abc import Callable, Mapping
from pathlib import Path
from urllib.parse import unquote, urlsplit

from bwise_mooc.exporters.media_types import media_type
from bwise_mooc.exporters.pdf.engine import URLFetcher, URLFetcherResponse

BASE_URL = "file:///bwise-handout/"  # where the document says it lives (never read as a file)


class RefusedURL(ValueError):
    """An address the handout may not load."""


class CourseFiles(URLFetcher):  # type: ignore[misc]  # WeasyPrint has no type hints
    """A WeasyPrint URL fetcher that serves the course's media by place and refuses the rest."""

    def __init__(self, files: Mapping[str, Callable[[], bytes | Path]]) -> None:
        super().__init__(allowed_protocols=("file",), allow_redirects=False)
        self.files = files  # place in the media (media/<hash>.svg) -> its bytes or file

    def place(self, url: str) -> str | None:
        """The media place ``url`` names, or None when it names anything else."""
        if not url.startswith(BASE_URL):
            return None
        parts = urlsplit(url)
        place = unquote(parts.path).removeprefix(urlsplit(BASE_URL).path)
        return place if place in self.files else None

    def fetch(self, url: str, headers: Mapping[str, str] | None = None) -> URLFetcherResponse:
        place = self.place(url)
        if place is None:
            raise RefusedURL(f"a handout loads only the course's own media, not {url[:200]}")
        source = self.files[place]()
        data = source.read_bytes() if isinstance(source, Path) else source
        return URLFetcherResponse(url, data, {"Content-Type": media_type(place)})
