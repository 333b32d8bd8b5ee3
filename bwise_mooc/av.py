"""Audio and video files of a course: which endings are which, and their names in a package.

A lesson shows a video or a sound with the picture syntax (``![...](media/film.mp4)``,
``parse/av_media.py``); its captions are WebVTT files beside it (``film.en.vtt``). Like a
picture (``images.output_name``), every such file goes into a package's flat ``media/``
folder under a hash of its bytes (``transforms/assets.py``): one file used twice is one file,
and a changed file gets a new name, so no player or LMS cache shows an old film. The bytes
are shipped as they are: no re-encoding.
"""

import hashlib
import posixpath

from bwise_mooc.images import MEDIA_FOLDER

VIDEO_TYPES = {".mp4": "video/mp4", ".m4v": "video/mp4", ".webm": "video/webm"}
AUDIO_TYPES = {
    ".mp3": "audio/mpeg",
    ".m4a": "audio/mp4",
    ".ogg": "audio/ogg",
    ".oga": "audio/ogg",
    ".opus": "audio/ogg",
}
CAPTIONS = ".vtt"
PLAYABLE = frozenset(VIDEO_TYPES) | frozenset(AUDIO_TYPES)
# Sound and film a lesson may link to (``parse/render.py``): hashed like the playable ones
HASHED = PLAYABLE | {".wav", ".ogv", CAPTIONS}
MAX_BYTES = 50_000_000  # a video or a sound: minutes of film at a phone-friendly bit rate
MAX_CAPTION_BYTES = 1_000_000  # a WebVTT file: hours of captions
VERSION = "1"  # part of every name: the bytes are shipped as they are


def suffix(path: str) -> str:
    return posixpath.splitext(path)[1].lower()


def is_playable(path: str) -> bool:
    """Can a lesson show ``path`` as a video or a sound (``![...](media/x.mp4)``)?"""
    return suffix(path) in PLAYABLE


def is_av(path: str) -> bool:
    """Is ``path`` a sound, a film or captions: named by its content in a package?"""
    return suffix(path) in HASHED


def kind_of(path: str) -> str:
    """``video`` or ``audio`` for a playable file."""
    return "video" if suffix(path) in VIDEO_TYPES else "audio"


def mime_type(path: str) -> str:
    return {**VIDEO_TYPES, **AUDIO_TYPES}.get(suffix(path), "application/octet-stream")


def output_name(data: bytes, path: str) -> str:
    """``media/<hash>.<ext>``: the same bytes always give the same name."""
    return name_of(hashlib.sha256(data).hexdigest(), path)


def name_of(digest: str, path: str) -> str:
    """``output_name`` of the file ``path`` whose SHA-256 is ``digest`` (not read again)."""
    name = hashlib.sha256(f"av{VERSION}|{digest}".encode()).hexdigest()[:20]
    return f"{MEDIA_FOLDER}/{name}{suffix(path)}"
