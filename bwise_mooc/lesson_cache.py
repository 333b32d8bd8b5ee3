"""The build's lesson parser: each lesson's parse found in the build cache, or made and kept.

``read_course`` hands over every lesson file a language needs in one call (``LessonJob``
values). ``LessonParser`` answers each from the cache (``cache.py``) when its key
(``lesson_key``: the file's path and text, the module's outcome ids, the tool's fingerprint)
has an entry and the files that parse used (images, link targets) are unchanged. The rest are
parsed, beside worker processes when they pay (``workers.run_all``), and kept when their parse
found no error. A process parses a module's lessons together (``lesson_groups``): they show
the same pictures, and a picture is decoded to be checked once per process. With a cache, the
check makes each picture it decodes into the cache's image store (``parse/media.py``), so a
picture is decoded once in a build. Without a cache every lesson is parsed, in parallel all the
same. An entry brings the digest of its lesson's content (``memo.lesson_digest``), made with the
parse, so that the part keys of unchanged modules need no lesson dumped again.
"""

from collections.abc import Sequence
from dataclasses import dataclass, replace

from bwise_mooc import photo_memo
from bwise_mooc.cache import EXISTS, BuildCache, LessonEntry, make_key
from bwise_mooc.diagnostics import Diagnostics
from bwise_mooc.images import ImageStore
from bwise_mooc.memo import lesson_digest, remember_lesson_digest
from bwise_mooc.parse.course import LessonJob, ParsedLesson
from bwise_mooc.parse.media import pictures_made_into
from bwise_mooc.progress import Progress
from bwise_mooc.workers import no_cycles_made, run_all

# What making one lesson's entry takes, in seconds: its parse, image checks and file digests
# (measured on 2 cores: a median of 14-18 ms for the real course's 45 lessons, 7-27 ms for the
# 6 of tests/fixtures/courses/sample). Workers pay from about 14 lessons on.
LESSON_SECONDS = 0.015


def lesson_key(job: LessonJob) -> str:
    """The cache key of one lesson's parse."""
    known = sorted(job.outcomes) if job.outcomes is not None else None
    return make_key("lesson", job.path, job.translates, job.text, known, job.easy_to_read)


GROUPS_PER_PROCESS = 4  # a module's lessons are split into groups this small, for balance


def lesson_groups(paths: Sequence[str], jobs: int) -> list[list[int]]:
    """The lessons (``paths``, by position) in groups that one process parses together: a
    module's lessons, which show the same pictures (each checked once per process), split so
    that every process gets ``GROUPS_PER_PROCESS`` groups or more."""
    most = max(1, -(-len(paths) // (jobs * GROUPS_PER_PROCESS)))
    modules: dict[str, list[int]] = {}
    for position, path in enumerate(paths):
        modules.setdefault(path.rsplit("/", 1)[0], []).append(position)
    return [
        lessons[start : start + most]
        for lessons in modules.values()
        for start in range(0, len(lessons), most)
    ]


@dataclass(frozen=True)
class LessonParser:
    """``read_course``'s ``parse_lessons`` for a build: from ``cache`` if there is one, the
    rest with up to ``jobs`` processes, each language on a ``progress`` line."""

    cache: BuildCache | None = None
    jobs: int = 1
    progress: Progress | None = None

    def __call__(self, lessons: Sequence[LessonJob], language: str) -> list[ParsedLesson]:
        cache, progress, stage = self.cache, self.progress, f"reading ({language})"
        keys: list[str] = []
        entries: dict[int, LessonEntry] = {}
        if cache is not None:
            keys = [lesson_key(job) for job in lessons]
            with no_cycles_made():
                entries = {
                    i: e for i, key in enumerate(keys) if (e := cache.lesson(key)) is not None
                }
        found = len(entries)
        todo = [index for index in range(len(lessons)) if index not in entries]

        def done(position: int, made: list[LessonEntry]) -> None:
            for index, entry in zip(groups[position], made, strict=True):
                entries[index] = entry
                if cache is not None and entry.keepable:
                    cache.store_lesson(keys[index], entry)
                if progress is not None:
                    progress.step(stage, len(entries), len(lessons), lessons[index].path)

        if progress is not None:
            progress.step(stage, found, len(lessons))
        groups = lesson_groups([lessons[index].path for index in todo], self.jobs)
        groups = [[todo[position] for position in group] for group in groups]
        work = [[lessons[index] for index in group] for group in groups]
        parse = replace(self, progress=None)._entries  # workers need no terminal (nor pickle it)
        each = LESSON_SECONDS * len(todo) / max(1, len(groups))
        run_all(parse, work, self.jobs, each=each, done=done)
        for entry in entries.values():  # what the lessons' checks learnt, in workers too
            photo_memo.teach(entry.photographs)
            if entry.lesson is not None and entry.digest:
                remember_lesson_digest(entry.lesson, entry.digest)
        if progress is not None:
            cached = f", {found} from the cache" if cache is not None else ""
            progress.finish(stage, f"{len(lessons)} lessons{cached}")
        return [
            ParsedLesson(entries[i].lesson, entries[i].diagnostics) for i in range(len(lessons))
        ]

    def _entries(self, jobs: list[LessonJob]) -> list[LessonEntry]:
        if not jobs:
            return []
        store = None  # without a cache, the check only checks: stage 3 makes every picture
        if self.cache is not None and jobs[0].pictures is not None:
            store = ImageStore(jobs[0].pictures, self.cache.folder)
        with pictures_made_into(store, jobs[0].root):
            return [self._entry(job) for job in jobs]

    def _entry(self, job: LessonJob) -> LessonEntry:
        """Parse one lesson (in a worker, perhaps) into a cache entry: the lesson, its
        diagnostics, and the digests of the files it used."""
        found = Diagnostics()
        lesson = job.parse(found)
        photographs = photo_memo.learnt()
        depends: dict[str, str] = {}
        if lesson is not None and self.cache is not None:
            depends = {asset.path: self.cache.digest(asset.path) for asset in lesson.assets}
            depends.update({link.target: EXISTS for link in lesson.links})
        digest = lesson_digest(lesson) if lesson is not None and self.cache is not None else ""
        return LessonEntry(lesson, tuple(found.items), depends, photographs, digest)
