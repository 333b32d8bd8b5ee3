"""Stage 3 helper: the media type of a file a package carries, by its name's ending.

For the formats that name each file's type: an EPUB's manifest and the PDF handouts' fetcher.
Films and sounds take theirs from ``av.py``; anything unknown is ``application/octet-stream``.
"""

from pathlib import PurePosixPath

from bwise_mooc.av import mime_type

MEDIA_TYPES = {
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
    ".svg": "image/svg+xml",
    ".vtt": "text/vtt",
    ".css": "text/css",
    ".xhtml": "application/xhtml+xml",
}


def media_type(path: str) -> str:
    """The media type of the file ``path`` (a name or a place in a package)."""
    return MEDIA_TYPES.get(PurePosixPath(path).suffix.lower()) or mime_type(path)
