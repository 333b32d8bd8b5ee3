"""Stage 2's photograph decisions, remembered across builds in the build cache.

Whether a PNG is a photograph (``photo_detect``) decides its output name's suffix, so stage 2
makes the decision for every PNG the course uses; it decodes the picture (about 70 ms for a
1600 x 1200 photograph). The decision depends on the file's bytes and the detector alone, so it
is kept by the file's SHA-256 under the detector's version (a digest of ``photo_detect.py`` and
Pillow's version): a warm, no-op or one-lesson build decodes no PNG it has seen, and a changed
detector decides everything again. Names stay a pure function of the bytes, the settings and
``lossless``; only the time to find them changes.

Decisions live in memory for the process (one store per cache folder, and one without a cache,
as ``check`` and builds without a cache use), and in ``build/.cache/photographs.json`` when the
build has a cache (``save``, called by ``BuildCache.save``). The file keeps the most recently
used ``REMEMBERED`` decisions (a digest and a flag each), so it follows the course, not the
number of edits. A damaged or foreign file is ignored and written again.

Stage 1 decodes every PNG to check it (``parse/media.py``); it makes the decision from that
decode and ``learn``s it, so stage 2 need not decode the picture again. Lessons are checked in
worker processes: what a lesson's check learnt travels back with its parse
(``lesson_cache.LessonEntry.photographs``: ``learnt``, then ``teach`` in the build process).
"""

import hashlib
import json
from collections import OrderedDict
from collections.abc import Callable, Mapping
from functools import cache
from pathlib import Path

import PIL

from bwise_mooc import photo_detect
from bwise_mooc.atomic import write_atomically

FILE_NAME = "photographs.json"
# Decisions made from the decode of stage 1's check (or taught by a worker), by digest, for
# every store of this process; and of those learnt here, the ones not yet taken by ``learnt``.
_LEARNT: dict[str, bool] = {}
_NEW: dict[str, bool] = {}
REMEMBERED = 65536  # decisions kept (about 70 bytes each in the file)


@cache
def detector_version() -> str:
    """A digest of the detector's code and of the Pillow that decodes for it."""
    code = Path(photo_detect.__file__).read_bytes()
    return hashlib.sha256(code + PIL.__version__.encode()).hexdigest()[:16]


class PhotographDecisions:
    """Photograph decisions by file digest, in memory and, with a ``file``, on disk."""

    def __init__(self, file: Path | None = None) -> None:
        self.file = file
        self.decided = 0  # pictures given to the detector by this store
        self._known: OrderedDict[str, bool] = OrderedDict(self._read())
        self._dirty = False

    def _read(self) -> dict[str, bool]:
        if self.file is None:
            return {}
        try:
            stored = json.loads(self.file.read_text("utf-8"))
        except (OSError, ValueError):
            return {}
        if not isinstance(stored, dict) or stored.get("detector") != detector_version():
            return {}
        found = stored.get("decisions")
        if not isinstance(found, dict):
            return {}
        return {key: value for key, value in found.items() if isinstance(value, bool)}

    def is_photograph(self, data: bytes) -> bool:
        """``photo_detect.png_is_photograph(data)``, decided once per distinct file."""
        return self.decision(hashlib.sha256(data).hexdigest(), lambda: data)

    def decision(self, digest: str, data: Callable[[], bytes]) -> bool:
        """Whether the PNG file whose SHA-256 is ``digest`` is a photograph; its bytes
        (``data()``) are read only when the decision is not known."""
        found = self._known.pop(digest, None)
        if found is None:
            found = _LEARNT.get(digest)
        if found is None:
            found = photo_detect.png_is_photograph(data())
            self.decided += 1
        self._known[digest] = found  # the most recently used last
        if len(self._known) > REMEMBERED:
            self._known.popitem(last=False)
        self._dirty = True  # a new decision, or an order of use to keep
        return found

    def save(self) -> None:
        """Write the decisions to the cache file, if there is one and something changed."""
        if self.file is None or not self._dirty:
            return
        data = {"detector": detector_version(), "decisions": dict(self._known)}
        write_atomically(self.file, json.dumps(data).encode())
        self._dirty = False


def learn(digest: str, photograph: bool) -> None:
    """Note the decision for the PNG file of SHA-256 ``digest`` (hex), made from a decode done
    anyway."""
    _LEARNT[digest] = _NEW[digest] = photograph


def learnt() -> dict[str, bool]:
    """The decisions learnt in this process since the last call, by digest: they travel to the
    build process with the lesson that learnt them."""
    found = dict(_NEW)
    _NEW.clear()
    return found


def teach(found: Mapping[str, bool]) -> None:
    """Decisions learnt elsewhere (a worker's lesson), for every store of this process."""
    _LEARNT.update(found)


_STORES: dict[Path | None, PhotographDecisions] = {}


def decisions(cache_folder: Path | None) -> PhotographDecisions:
    """The process's store for the build cache in ``cache_folder`` (None: in memory only)."""
    store = _STORES.get(cache_folder)
    if store is None:
        file = cache_folder / FILE_NAME if cache_folder is not None else None
        store = _STORES[cache_folder] = PhotographDecisions(file)
    return store
