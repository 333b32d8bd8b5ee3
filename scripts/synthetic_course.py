"""Synthetic course generator for ``make bench`` (issue 8).

``python scripts/synthetic_course.py OUT_DIR --lessons N`` writes a complete, valid bwise-mooc
course into OUT_DIR (``course/course.yml`` and ``modules/NN-slug/`` with ``module.yml``, lessons
and ``media/``) that ``bwise-mooc check --root OUT_DIR`` accepts. The same seed always gives
the same bytes.

Shape: modules of 10-20 lessons spread over two or three tracks; lessons of 300-800 words of
varied pseudo-text (headings, paragraphs, lists, a table with a header row, bold, links to
other lessons) with a knowledge check of 2-3 questions of mixed types; each module ends with
a graded assessment lesson. Every lesson shows a shared flat-colour PNG diagram; some also show
a photo: every other one a phone-like 4032 x 3024 JPEG at quality 92 (some portrait through
EXIF Orientation) with camera make and model and a GPS position in its EXIF, 2.5-4.5 MB each,
the others a noisy photograph saved as PNG at 1600 x 1200 (about 2.8 MB,
``image_kinds.photo_png``), some with a flat sky. Every REUSE_EVERY-th photo slot shows a
photo already used. Two lessons in three also show a flat UI screenshot (PNG, two per module)
or an SVG drawing (one per module). Photos are made once per (seed, photo number) in a cache
folder and copied into the modules that use them.

``--text-only`` writes the same shape without any picture (no diagram, photo, screenshot, SVG
nor course image): the text-only corpus on which the memory of a build is measured (issue 21).

``--mkdocs DIR`` also writes the same Markdown and media as an mkdocs project (the reference
timing of ``scripts/bench.py``). This script is a developer tool: it is not part of the
installed package.
"""

from __future__ import annotations

import argparse
import math
import os
import random
import shutil
import sys
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from io import BytesIO
from pathlib import Path
from statistics import NormalDist

import yaml
from PIL import Image, ImageChops, ImageDraw, ImageFilter

sys.path.insert(0, str(Path(__file__).resolve().parent))
import image_kinds  # a sibling script, not an installed module

PHOTO_VERSION = 2  # raise when the photo recipe changes, so cached photos are made again
PHOTO_SIZE = (4032, 3024)
PHOTO_QUALITY = 92
PORTRAIT_SHARE = 0.3
REUSE_EVERY = 8  # every 8th photo slot shows a photo already used elsewhere in the course
DIAGRAM_DESIGNS = 12
DIAGRAMS_PER_MODULE = 3
SCREENSHOTS_PER_MODULE = 2
SCREENSHOT_SIZE = (1280, 800)
PNG_PHOTO_FLAT_EVERY = 3  # every third photo saved as PNG has a flat sky (40% of it)
MAX_MODULES = 99  # module folders are numbered with two digits
MIN_MODULE, MAX_MODULE = 10, 20
CAMERAS = [
    ("Apple", "iPhone 13"),
    ("samsung", "SM-A536B"),
    ("Google", "Pixel 7a"),
    ("Xiaomi", "Redmi Note 12"),
    ("motorola", "moto g54 5G"),
]

# ---------------------------------------------------------------------------------------------
# Words
# ---------------------------------------------------------------------------------------------

NAMES = ["Sami", "Lina", "Tom", "Marta", "Jonas", "Aylin", "Piotr", "Grace", "Yusuf", "Nora"]
ROLES = ["the job coach", "the team leader", "a new colleague", "the trainer", "the supervisor"]
PLACES = [
    "laundry",
    "kitchen",
    "recycling workshop",
    "garden team",
    "bike repair shop",
    "warehouse",
    "second-hand shop",
    "cleaning team",
]
THINGS = [
    "shift plan",
    "shared tablet",
    "team chat",
    "work phone",
    "order list",
    "password manager",
    "video call",
    "photo of the task",
    "calendar",
    "safety checklist",
    "message from the office",
    "time sheet",
    "online form",
    "delivery note",
    "printer",
    "Wi-Fi network",
]
VERBS = [
    "checks",
    "opens",
    "updates",
    "shares",
    "reads",
    "saves",
    "finds",
    "prepares",
    "explains",
    "closes",
    "fills in",
    "looks at",
]
ADJECTIVES = ["new", "shared", "weekly", "short", "important", "clear", "private", "simple"]
TIMES = [
    "before the shift",
    "during the break",
    "at the end of the day",
    "on Monday morning",
    "after lunch",
    "once a week",
    "every morning",
]
REASONS = [
    "so that nobody misses a change",
    "because the team needs the same information",
    "so that the work stays safe",
    "because it saves time later",
    "so that questions are answered early",
    "because private data must stay private",
]
TOPICS = [
    "phone settings",
    "safe messages",
    "shared devices",
    "online forms",
    "video calls",
    "work photos",
    "strong passwords",
    "digital calendars",
    "team chats",
    "job offers online",
    "screen time",
    "cloud folders",
]
HEADING_WORDS = [
    "Plan the week",
    "Before you start",
    "What can go wrong",
    "Try it together",
    "Small steps",
    "Check your work",
    "Ask for help",
    "Keep it private",
    "A day at work",
    "Good habits",
    "What the team needs",
    "When something changes",
]
OUTCOME_VERBS = ["Use", "Check", "Set up", "Explain", "Choose", "Protect", "Share", "Find"]
TRACKS = [
    ("workers", "Workers with support needs"),
    ("supporters", "Supporters such as job coaches"),
    ("enablers", "Managers and enablers"),
]
PALETTE = [
    (31, 119, 180),
    (255, 127, 14),
    (44, 160, 44),
    (214, 39, 40),
    (148, 103, 189),
    (140, 86, 75),
    (227, 119, 194),
    (127, 127, 127),
    (188, 189, 34),
    (23, 190, 207),
]
DIAGRAM_KINDS = ["steps", "cycle", "bars", "grid", "flow", "tree"]


# ---------------------------------------------------------------------------------------------
# The plan: every decision, made from the seed before anything is written
# ---------------------------------------------------------------------------------------------


@dataclass
class Photo:
    """One photo slot: which cached photo it shows and the file name in the module's media/."""

    photo_id: int
    file_name: str
    alt: str

    @property
    def kind(self) -> str:
        return photo_kind(self.photo_id)


@dataclass
class LessonPlan:
    number: int
    slug: str
    title: str
    outcomes: list[str]
    diagram: str
    photo: Photo | None = None
    assessment: bool = False


@dataclass
class ModulePlan:
    number: int
    slug: str
    title: str
    track: str
    outcomes: list[tuple[str, str]]
    diagrams: list[int]
    passing_score: int
    lessons: list[LessonPlan] = field(default_factory=list)
    text_only: bool = False  # no picture in its lessons nor in media/

    @property
    def folder(self) -> str:
        return f"{self.number:02d}-{self.slug}"


@dataclass
class Stats:
    """What was generated, as printed at the end and used by ``scripts/bench.py``."""

    lessons: int = 0
    modules: int = 0
    tracks: int = 0
    words: int = 0
    photos: int = 0
    distinct_photos: int = 0
    png_photos: int = 0
    screenshots: int = 0
    svgs: int = 0
    diagrams: int = 0
    source_bytes: int = 0
    photo_bytes: int = 0
    seconds: float = 0.0

    def summary(self) -> str:
        return (
            f"{self.lessons} lessons in {self.modules} modules ({self.tracks} tracks), "
            f"{self.words:,} words, {self.photos} photos ({self.distinct_photos} distinct, "
            f"{self.photo_bytes / 1e6:,.1f} MB; {self.png_photos} distinct saved as PNG), "
            f"{self.diagrams} diagram files, {self.screenshots} screenshots, {self.svgs} SVGs, "
            f"source bytes {self.source_bytes:,} ({self.source_bytes / 1e6:,.1f} MB), "
            f"{self.seconds:.1f} s"
        )


def module_sizes(lessons: int, rng: random.Random) -> list[int]:
    """Split the lessons into modules of 10-20 (fewer only when the whole course is smaller;
    beyond 99 modules of 20, the 99 modules grow: about 31 lessons each at 3,000)."""
    if lessons < 1:
        raise ValueError("--lessons must be at least 1")
    count = min(MAX_MODULES, max(1, math.ceil(lessons / 15)))
    largest = max(MAX_MODULE, math.ceil(lessons / count) + 3)
    sizes = [lessons // count + (1 if i < lessons % count else 0) for i in range(count)]
    low = min(MIN_MODULE, min(sizes))
    for _ in range(count * 3):  # move lessons between modules for an uneven, realistic shape
        give, take = rng.randrange(count), rng.randrange(count)
        step = rng.randint(1, 3)
        if give != take and sizes[give] - step >= low and sizes[take] + step <= largest:
            sizes[give] -= step
            sizes[take] += step
    return sizes


def slugify(text: str) -> str:
    kept = "".join(c if c.isalnum() else " " for c in text.lower())
    return "-".join(kept.split())


def lesson_title(rng: random.Random) -> str:
    forms: list[Callable[[], str]] = [
        lambda: f"The {rng.choice(ADJECTIVES)} {rng.choice(THINGS)} in the {rng.choice(PLACES)}",
        lambda: f"{imperative(rng.choice(VERBS))} the {rng.choice(THINGS)}",
        lambda: f"{rng.choice(TOPICS).capitalize()} {rng.choice(TIMES)}",
        lambda: f"{rng.choice(NAMES)} and the {rng.choice(THINGS)}",
    ]
    return rng.choice(forms)()


def imperative(verb: str) -> str:
    """``fills in`` -> ``Fill in``: every verb in VERBS is a third-person form ending in s."""
    first, _, rest = verb.partition(" ")
    return " ".join(filter(None, [first.removesuffix("s").capitalize(), rest]))


def article(word: str) -> str:
    return "An" if word[0] in "aeiou" else "A"


def two_names(rng: random.Random) -> str:
    first, second = rng.sample(NAMES, 2)
    return f"{first} and {second}"


def unique_slug(title: str, used: set[str]) -> str:
    base = "-".join(slugify(title).split("-")[:6])
    slug, n = base, 2
    while slug in used:
        slug, n = f"{base}-{n}", n + 1
    used.add(slug)
    return slug


def plan_course(
    lessons: int, photos_every: int, seed: int, text_only: bool = False
) -> list[ModulePlan]:
    rng = random.Random(f"plan-{seed}")
    sizes = module_sizes(lessons, rng)
    tracks = [t[0] for t in TRACKS[: min(3, max(2, len(sizes)))]]
    photos = PhotoPlanner(rng)
    modules: list[ModulePlan] = []
    slot = 0
    for index, size in enumerate(sizes):
        module = plan_module(rng, index, tracks[index % len(tracks)])
        module.text_only = text_only
        used_slugs: set[str] = set()
        for position in range(size):
            lesson = plan_lesson(rng, module, position, position == size - 1, used_slugs)
            if slot % photos_every == 0 and not text_only:
                lesson.photo = photos.next()
            slot += 1
            module.lessons.append(lesson)
        serve_every_outcome(module)
        modules.append(module)
    return modules


def plan_module(rng: random.Random, index: int, track: str) -> ModulePlan:
    number = index + 1
    round_ = index // len(TOPICS)
    title = f"{TOPICS[index % len(TOPICS)].capitalize()} at work" + (
        f" {round_ + 1}" if round_ else ""
    )
    outcomes = [
        (
            f"m{number:02d}-{slugify(verb)}",
            f"{verb} the {rng.choice(THINGS)} in the {rng.choice(PLACES)} "
            f"{rng.choice(TIMES)}, {rng.choice(REASONS)}.",
        )
        for verb in rng.sample(OUTCOME_VERBS, rng.randint(2, 3))
    ]
    return ModulePlan(
        number=number,
        slug=slugify(title),
        title=title,
        track=track,
        outcomes=outcomes,
        diagrams=rng.sample(range(DIAGRAM_DESIGNS), DIAGRAMS_PER_MODULE),
        passing_score=rng.choice([70, 75, 80]),
    )


def plan_lesson(
    rng: random.Random, module: ModulePlan, position: int, last: bool, used_slugs: set[str]
) -> LessonPlan:
    """A lesson serving some of the module's outcomes; the last one is the assessment."""
    outcome_ids = [o[0] for o in module.outcomes]
    title = f"Assessment: {module.title.lower()}" if last else lesson_title(rng)
    return LessonPlan(
        number=position + 1,
        slug=unique_slug("assessment" if last else title, used_slugs),
        title=title,
        outcomes=outcome_ids if last else rng.sample(outcome_ids, rng.randint(1, len(outcome_ids))),
        diagram=diagram_name(rng.choice(module.diagrams)),
        assessment=last,
    )


def serve_every_outcome(module: ModulePlan) -> None:
    """Let the first lesson serve the outcomes that no lesson before the assessment serves."""
    taught = module.lessons[:-1]
    if taught:
        served = {o for lesson in taught for o in lesson.outcomes}
        taught[0].outcomes += [o for o, _ in module.outcomes if o not in served]


class PhotoPlanner:
    """Hands out photo slots: new photos, and every REUSE_EVERY-th one a recent photo again."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.used: list[Photo] = []
        self.next_id = 0

    def next(self) -> Photo:
        if len(self.used) % REUSE_EVERY == REUSE_EVERY - 1:
            earlier = self.used[self.rng.randrange(max(0, len(self.used) - 6), len(self.used))]
            photo = Photo(earlier.photo_id, earlier.file_name, earlier.alt)
        else:
            photo_id, self.next_id = self.next_id, self.next_id + 1
            suffix = ".png" if photo_kind(photo_id) == "png" else ".jpg"
            photo = Photo(photo_id, f"photo-{photo_id:04d}{suffix}", photo_alt(self.rng))
        self.used.append(photo)
        return photo


def photo_kind(photo_id: int) -> str:
    """Every other photo is a phone JPEG, the others photographs saved as PNG."""
    return "png" if photo_id % 2 else "jpeg"


def screenshot_name(number: int) -> str:
    return f"screen-{number}.png"


def photo_alt(rng: random.Random) -> str:
    return (
        f"Photo taken in the {rng.choice(PLACES)}: {rng.choice(NAMES)} holds the work phone next "
        f"to the {rng.choice(THINGS)}, with {rng.choice(['green', 'blue', 'grey', 'yellow'])} "
        f"crates and a window in the background."
    )


def diagram_name(design: int) -> str:
    return f"diagram-{DIAGRAM_KINDS[design % len(DIAGRAM_KINDS)]}-{design:02d}.png"


def diagram_alt(name: str, rng: random.Random) -> str:
    kind = name.split("-")[1]
    steps = rng.sample(THINGS, 3)
    return {
        "steps": f"Diagram of three steps from left to right: the {steps[0]}, the {steps[1]}, then the {steps[2]}.",
        "cycle": f"Diagram of a circle of arrows joining the {steps[0]}, the {steps[1]} and the {steps[2]}.",
        "bars": f"Bar chart comparing how often the team uses the {steps[0]}, the {steps[1]} and the {steps[2]}.",
        "grid": f"Diagram of a grid of coloured boxes, one box each for the {steps[0]}, the {steps[1]} and the {steps[2]}.",
        "flow": f"Flow chart: start with the {steps[0]}, check the {steps[1]}, and finish with the {steps[2]}.",
        "tree": f"Tree diagram with the {steps[0]} at the top and the {steps[1]} and the {steps[2]} below it.",
    }[kind]


# ---------------------------------------------------------------------------------------------
# Lesson text
# ---------------------------------------------------------------------------------------------


SENTENCES = [
    "{name} {verb} the {thing} {time}.",
    "In the {place}, {role} {verb} the {adj} {thing} {reason}.",
    "The {thing} is {adj}, so {name} asks {role} first.",
    "{Time}, everybody {verb} the {thing}.",
    "Use the **{thing}** {reason}.",
    "{names} talk about {topic} {time}.",
    "If the {thing} does not work, tell {role}.",
    "{A} {adj} {thing} helps the {place} {reason}.",
]


def sentence(rng: random.Random) -> str:
    adjective, when = rng.choice(ADJECTIVES), rng.choice(TIMES)
    return rng.choice(SENTENCES).format(
        name=rng.choice(NAMES),
        names=two_names(rng),
        verb=rng.choice(VERBS),
        thing=rng.choice(THINGS),
        time=when,
        Time=when.capitalize(),
        place=rng.choice(PLACES),
        role=rng.choice(ROLES),
        adj=adjective,
        A=article(adjective),
        reason=rng.choice(REASONS),
        topic=rng.choice(TOPICS),
    )


def paragraph(rng: random.Random, low: int = 3, high: int = 6) -> str:
    return " ".join(sentence(rng) for _ in range(rng.randint(low, high)))


def words_of(text: str) -> int:
    return sum(1 for w in text.split() if any(c.isalnum() for c in w))


def bullet_list(rng: random.Random, numbered: bool) -> str:
    items = [sentence(rng) for _ in range(rng.randint(3, 5))]
    return "\n".join(
        (f"{i}. " if numbered else "- ") + item for i, item in enumerate(items, start=1)
    )


def table(rng: random.Random) -> str:
    rows = [
        f"| {rng.choice(THINGS).capitalize()} | {rng.choice(TIMES)} | {rng.choice(ROLES).capitalize()} |"
        for _ in range(rng.randint(3, 5))
    ]
    return "\n".join(["| What | When | Who helps |", "|---|---|---|", *rows])


def cross_link(module: ModulePlan, lesson: LessonPlan, modules: Sequence[ModulePlan]) -> str:
    """A sentence linking to the previous lesson, or to the first lesson of another module."""
    if lesson.number > 1:
        other = module.lessons[lesson.number - 2]
        return f"Read [{other.title}]({other.number:02d}-{other.slug}.md) again if you need to."
    target = modules[module.number - 2] if module.number > 1 else modules[-1]
    first = target.lessons[0]
    if target is module:
        return "This is the first lesson of the course."
    return f"See also [{first.title}](../{target.folder}/{first.number:02d}-{first.slug}.md) in another module."


def lesson_body(
    rng: random.Random, module: ModulePlan, lesson: LessonPlan, modules: Sequence[ModulePlan]
) -> str:
    """300-800 words: sections with paragraphs, lists, a table, images and links."""
    target = rng.randint(300, 800)
    headings = rng.sample(HEADING_WORDS, 4)
    parts = [f"## {headings[0]}", paragraph(rng)]
    if not module.text_only:
        parts.append(f"![{diagram_alt(lesson.diagram, rng)}](media/{lesson.diagram})")
    parts += [paragraph(rng), f"### {headings[1]}", bullet_list(rng, numbered=False)]
    parts += [paragraph(rng, 2, 4), table(rng), f"## {headings[2]}", bullet_list(rng, True)]
    parts.append(paragraph(rng) + " " + cross_link(module, lesson, modules))
    if lesson.photo:
        parts.append(f"![{lesson.photo.alt}](media/{lesson.photo.file_name})")
    if module.text_only:
        pass
    elif lesson.number % 3 == 0:
        screen = screenshot_name(1 + lesson.number // 3 % SCREENSHOTS_PER_MODULE)
        parts.append(f"![The team chat app: a list of messages and a Send button.](media/{screen})")
    elif lesson.number % 3 == 1:
        parts.append("![Three boxes in a row: step 1, step 2 and step 3.](media/steps.svg)")
    parts.append(f"## {headings[3]}")
    while words_of("\n".join(parts)) < target - 40:
        parts.append(paragraph(rng, 2, 5))
    return "\n\n".join(parts)


# ---------------------------------------------------------------------------------------------
# Quizzes (the syntax of docs/authoring.md and the sample course)
# ---------------------------------------------------------------------------------------------


def q_single(rng: random.Random, attrs: str) -> str:
    thing, wrong1, wrong2 = rng.sample(THINGS, 3)
    right = rng.randrange(3)
    options = [wrong1, wrong2]
    options.insert(right, thing)
    lines = [f"### Where does {rng.choice(NAMES)} find the {rng.choice(ADJECTIVES)} plan?{attrs}"]
    for i, option in enumerate(options):
        mark = "(x)" if i == right else "( )"
        note = "Yes, that is the right place." if i == right else f"Not quite: look at the {thing}."
        lines += [f"- {mark} In the {option}", f"  > {note}"]
    return "\n".join(lines)


def q_multiple(rng: random.Random, attrs: str) -> str:
    good = rng.sample(REASONS, 2)
    bad = f"Because {rng.choice(NAMES)} likes the colour of the {rng.choice(THINGS)}"
    items = [f"- [x] {good[0].capitalize()}", f"- [x] {good[1].capitalize()}", f"- [ ] {bad}"]
    rng.shuffle(items)
    head = (
        f"### Why does the team use the {rng.choice(THINGS)}? Choose all the right answers.{attrs}"
    )
    return "\n".join([head, *items, "", f"> {good[0].capitalize()}, and {good[1]}."])


def q_true_false(rng: random.Random, attrs: str) -> str:
    value = rng.random() < 0.5
    thing = rng.choice(THINGS)
    claim = (
        f"You tell {rng.choice(ROLES)} when the {thing} does not work."
        if value
        else f"You share your password for the {thing} with everybody in the team."
    )
    return "\n".join(
        [
            f"### {claim}{attrs}",
            f"- answer: {'true' if value else 'false'}",
            "",
            f"> {sentence(rng)}",
        ]
    )


def q_short(rng: random.Random, attrs: str) -> str:
    place = rng.choice(PLACES)
    accepted = [place, f"the {place}"]
    lines = [f"### In which place does this story happen? Write the place.{attrs}"]
    lines += [f"- accept: {a}" for a in accepted]
    return "\n".join(
        [*lines, "", f"> The story happens in the {place}.", "", "Hint: Read the first part again."]
    )


def q_numeric(rng: random.Random, attrs: str) -> str:
    count = rng.randint(2, 9)
    form = rng.choice([f"{count}", f"{count}.5 +- 0.5", f"{count}..{count + 2}"])
    head = f"### How many steps does the team follow for the {rng.choice(THINGS)}?{attrs}"
    return "\n".join([head, f"- number: {form}", "", f"> The team follows about {count} steps."])


QUESTION_TYPES = [q_single, q_multiple, q_true_false, q_short, q_numeric]


def knowledge_check(rng: random.Random) -> str:
    kinds = rng.sample(QUESTION_TYPES, rng.randint(2, 3))
    return "::: quiz\n" + "\n\n".join(kind(rng, "") for kind in kinds) + "\n\n:::"


def assessment(rng: random.Random, module: ModulePlan) -> tuple[str, int]:
    """The graded block: each outcome assessed at least once, every question with an id."""
    count = rng.randint(5, 7)
    outcome_ids = [o[0] for o in module.outcomes]
    questions = []
    for i in range(count):
        outcome = outcome_ids[i % len(outcome_ids)]
        kind = QUESTION_TYPES[(i + module.number) % len(QUESTION_TYPES)]
        questions.append(kind(rng, f" {{#question-{i + 1} outcomes={outcome}}}"))
    return "::: assessment\n" + "\n\n".join(questions) + "\n\n:::", count


def lesson_text(
    rng: random.Random, module: ModulePlan, lesson: LessonPlan, modules: Sequence[ModulePlan]
) -> tuple[str, int]:
    body = lesson_body(rng, module, lesson, modules)
    if lesson.assessment:
        block, count = assessment(rng, module)
        needed = math.ceil(count * module.passing_score / 100)
        intro = (
            f"## About this test\n\nThis test has {count} questions. There is no time limit. "
            f"You pass when you answer {needed} of the {count} questions right."
        )
        body = f"{intro}\n\n{body}\n\n## The questions\n\n{block}"
    else:
        body = f"{body}\n\n{knowledge_check(rng)}"
    words = words_of(body)
    front = {
        "title": lesson.title,
        "estimated_minutes": 5 + words // 100,
        "outcomes": lesson.outcomes,
        "summary": sentence(rng).replace("**", ""),
    }
    head = yaml.safe_dump(front, sort_keys=False, allow_unicode=True, width=1000)
    return f"---\n{head}---\n\n{body}\n", words


# ---------------------------------------------------------------------------------------------
# Images
# ---------------------------------------------------------------------------------------------


def gaussian_lut(sigma: float) -> list[int]:
    """Map uniform bytes to Gaussian noise around 128 (inverse CDF), for ``Image.point``."""
    dist = NormalDist(128, sigma)
    return [max(0, min(255, round(dist.inv_cdf((i + 0.5) / 256)))) for i in range(256)]


def photo_pixels(rng: random.Random) -> Image.Image:
    """Smooth colour fields, soft shapes, fine texture and sensor-like noise at 4032 x 3024."""
    width, height = PHOTO_SIZE
    small = Image.new("RGB", (8, 6))
    top = [rng.randint(60, 220) for _ in range(3)]
    bottom = [rng.randint(30, 180) for _ in range(3)]
    for y in range(6):
        for x in range(8):
            f = y / 5
            colour = (
                int(top[c] * (1 - f) + bottom[c] * f + rng.randint(-25, 25)) for c in range(3)
            )
            small.putpixel((x, y), tuple(colour))
    quarter = small.resize((width // 4, height // 4), Image.Resampling.BICUBIC)
    draw_shapes(ImageDraw.Draw(quarter), rng, width // 4, height // 4)
    quarter = quarter.filter(ImageFilter.GaussianBlur(2))
    base = quarter.resize(PHOTO_SIZE, Image.Resampling.BICUBIC)
    texture = noise_image(rng, (width // 4, height // 4), "L", rng.uniform(6, 12))
    texture = texture.resize(PHOTO_SIZE, Image.Resampling.BICUBIC)
    base = ImageChops.add(base, Image.merge("RGB", (texture, texture, texture)), 1.0, -128)
    return ImageChops.add(base, tiled_noise(rng, rng.uniform(4, 7)), 1.0, -128)


def draw_shapes(draw: ImageDraw.ImageDraw, rng: random.Random, width: int, height: int) -> None:
    for _ in range(rng.randint(6, 14)):
        x, y = rng.randint(0, width), rng.randint(0, height)
        w, h = rng.randint(40, 400), rng.randint(40, 300)
        fill = (rng.randint(0, 255), rng.randint(0, 255), rng.randint(0, 255))
        kind = rng.choice("erp")
        if kind == "e":
            draw.ellipse((x, y, x + w, y + h), fill=fill)
        elif kind == "r":
            draw.rectangle((x, y, x + w, y + h), fill=fill)
        else:
            points = [(x + rng.randint(-200, 200), y + rng.randint(-200, 200)) for _ in range(5)]
            draw.polygon(points, fill=fill)


def noise_image(rng: random.Random, size: tuple[int, int], mode: str, sigma: float) -> Image.Image:
    bands = len(mode)
    raw = Image.frombytes(mode, size, rng.randbytes(size[0] * size[1] * bands))
    return raw.point(gaussian_lut(sigma) * bands)


def tiled_noise(rng: random.Random, sigma: float, tile: int = 1024) -> Image.Image:
    """Full-size RGB noise from one random tile (JPEG blocks do not see the repeats)."""
    noise_tile = noise_image(rng, (tile, tile), "RGB", sigma)
    noise = Image.new("RGB", PHOTO_SIZE)
    for y in range(0, PHOTO_SIZE[1], tile):
        for x in range(0, PHOTO_SIZE[0], tile):
            noise.paste(noise_tile, (x, y))
    return noise


def photo_exif(rng: random.Random, portrait: bool) -> Image.Exif:
    """Camera make and model, date, orientation and a GPS position (IFD 0x8825)."""
    exif = Image.Exif()
    make, model = rng.choice(CAMERAS)
    stamp = f"2025:{rng.randint(1, 12):02d}:{rng.randint(1, 28):02d} {rng.randint(7, 17):02d}:{rng.randint(0, 59):02d}:{rng.randint(0, 59):02d}"
    exif[0x010F] = make
    exif[0x0110] = model
    exif[0x0112] = 6 if portrait else 1  # 6: turn 90 degrees clockwise to show upright
    exif[0x0131] = "synthetic_course.py"
    exif[0x0132] = stamp
    exif.get_ifd(0x8769)[0x9003] = stamp  # DateTimeOriginal
    gps = exif.get_ifd(0x8825)
    gps[0x0000] = b"\x02\x02\x00\x00"
    gps[0x0001], gps[0x0002] = "N", dms(rng.uniform(40.0, 55.0))
    gps[0x0003], gps[0x0004] = "E", dms(rng.uniform(2.0, 20.0))
    return exif


def dms(value: float) -> tuple[float, float, float]:
    degrees = int(value)
    minutes = int((value - degrees) * 60)
    seconds = round(((value - degrees) * 60 - minutes) * 60, 2)
    return float(degrees), float(minutes), seconds


def photo_path(cache: Path, seed: int, photo_id: int) -> Path:
    suffix = ".png" if photo_kind(photo_id) == "png" else ".jpg"
    return cache / f"photo-v{PHOTO_VERSION}-s{seed}-{photo_id:04d}{suffix}"


def make_photo(path: Path, seed: int, photo_id: int) -> None:
    """Write one cached photo atomically (several corpora may share the cache)."""
    partial = path.with_suffix(".part")
    if photo_kind(photo_id) == "png":
        flat = 0.4 if photo_id // 2 % PNG_PHOTO_FLAT_EVERY == 0 else 0.0
        partial.write_bytes(image_kinds.photo_png(f"photo-{seed}-{photo_id}", flat_share=flat))
        partial.replace(path)
        return
    rng = random.Random(f"photo-{seed}-{photo_id}")
    portrait = rng.random() < PORTRAIT_SHARE
    image = photo_pixels(rng)
    exif = photo_exif(rng, portrait)
    image.save(partial, "JPEG", quality=PHOTO_QUALITY, exif=exif)
    partial.replace(path)


def ensure_photos(cache: Path, seed: int, photo_ids: set[int], jobs: int) -> int:
    """Make the photos missing from the cache, in parallel; return how many were made."""
    cache.mkdir(parents=True, exist_ok=True)
    missing = sorted(i for i in photo_ids if not photo_path(cache, seed, i).exists())
    if not missing:
        return 0
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        futures = [pool.submit(make_photo, photo_path(cache, seed, i), seed, i) for i in missing]
        for future in futures:
            future.result()
    return len(missing)


def make_diagram(design: int, seed: int) -> Image.Image:
    """A flat-colour PNG diagram of a few hundred pixels: boxes, circles, arrows."""
    rng = random.Random(f"diagram-{seed}-{design}")
    width, height = rng.choice([(480, 320), (560, 360), (640, 400), (400, 400)])
    image = Image.new("RGB", (width, height), (250, 250, 247))
    draw = ImageDraw.Draw(image)
    colours = rng.sample(PALETTE, 4)
    boxes = rng.randint(3, 5)
    step = width // boxes
    for i in range(boxes):
        x0, y0 = i * step + 12, height // 3 + rng.randint(-30, 30)
        box = (x0, y0, x0 + step - 36, y0 + height // 4)
        if design % 2:
            draw.ellipse(box, fill=colours[i % 4], outline=(40, 40, 40), width=3)
        else:
            draw.rounded_rectangle(
                box, radius=12, fill=colours[i % 4], outline=(40, 40, 40), width=3
            )
        if i < boxes - 1:
            ym = y0 + height // 8
            draw.line((x0 + step - 36, ym, x0 + step + 12, ym), fill=(40, 40, 40), width=4)
            draw.polygon(
                [(x0 + step + 12, ym), (x0 + step, ym - 8), (x0 + step, ym + 8)], fill=(40, 40, 40)
            )
    draw.rectangle((0, height - 24, width, height), fill=colours[-1])
    return image


# ---------------------------------------------------------------------------------------------
# Writing
# ---------------------------------------------------------------------------------------------


def course_yaml(modules: Sequence[ModulePlan], seed: int, text_only: bool = False) -> str:
    used = []
    for track_id, title in TRACKS:
        if any(m.track == track_id for m in modules):
            used.append({"id": track_id, "title": title})
    data = {
        "id": "synthetic-bench",
        "organisation": "BENCH",
        "run": "2026",
        "version": "1.0.0",
        "title": f"Synthetic benchmark course (seed {seed})",
        "description": "A generated course for timing builds. Its text is pseudo-text.",
        "languages": ["en"],
        "licence": "CC-BY-4.0",
        "authors": [{"name": "synthetic_course.py", "role": "author"}],
        "tracks": used,
        "passing_score": 80,
        # modules pass at 70, 75 or 80: Open edX needs its one pass mark chosen
        "grading": {"attempts": 3, "open_edx_pass_mark": 75},
        "image": "media/course-image.png",
        "image_alt": "Diagram of coloured boxes joined by arrows, the steps of a working day.",
        "keywords": ["benchmark", "synthetic"],
    }
    if text_only:
        del data["image"], data["image_alt"]
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)


def module_yaml(module: ModulePlan, minutes: int) -> str:
    data = {
        "title": module.title,
        "summary": f"Lessons about {module.title.lower()}, with a test at the end.",
        "track": module.track,
        "outcomes": [
            {"id": oid, "text": text, "digcomp": f"{1 + n % 5}.{1 + n % 3}", "eqf": 2 + n % 3}
            for n, (oid, text) in enumerate(module.outcomes)
        ],
        "estimated_minutes": minutes,
        "passing_score": module.passing_score,
    }
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)


def write_module(
    root: Path,
    module: ModulePlan,
    modules: Sequence[ModulePlan],
    diagrams: dict[int, bytes],
    cache: Path,
    seed: int,
) -> int:
    """Write one module's lessons, module.yml and media/; return its word count."""
    folder = root / "modules" / module.folder
    media = folder / "media"
    media.mkdir(parents=True)
    for design in [] if module.text_only else module.diagrams:
        (media / diagram_name(design)).write_bytes(diagrams[design])
    for number in range(1, 0 if module.text_only else SCREENSHOTS_PER_MODULE + 1):
        data = image_kinds.screenshot_png(
            f"screen-{seed}-{module.number}-{number}", SCREENSHOT_SIZE
        )
        (media / screenshot_name(number)).write_bytes(data)
    if not module.text_only:
        (media / "steps.svg").write_bytes(image_kinds.svg_diagram(f"svg-{seed}-{module.number}"))
    rng = random.Random(f"text-{seed}-{module.number}")
    words = minutes = 0
    for lesson in module.lessons:
        text, count = lesson_text(rng, module, lesson, modules)
        (folder / f"{lesson.number:02d}-{lesson.slug}.md").write_text(text, encoding="utf-8")
        words += count
        minutes += 5 + count // 100
        if lesson.photo and not (media / lesson.photo.file_name).exists():
            shutil.copyfile(
                photo_path(cache, seed, lesson.photo.photo_id), media / lesson.photo.file_name
            )
    (folder / "module.yml").write_text(module_yaml(module, minutes), encoding="utf-8")
    return words


def png_bytes(image: Image.Image) -> bytes:
    buffer = BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def tree_bytes(root: Path) -> int:
    return sum(p.stat().st_size for p in root.rglob("*") if p.is_file())


def generate(
    out: Path,
    lessons: int,
    photos_every: int | None = None,
    seed: int = 1,
    photo_cache: Path | None = None,
    jobs: int | None = None,
    text_only: bool = False,
) -> tuple[list[ModulePlan], Stats]:
    """Write the course into ``out`` (its course/ and modules/ are replaced); ``text_only``:
    without any picture."""
    started = time.perf_counter()
    every = photos_every or default_photos_every(lessons)
    cache = photo_cache or out.resolve().parent / ".photo-cache"
    modules = plan_course(lessons, every, seed, text_only)
    photos = [lesson.photo for m in modules for lesson in m.lessons if lesson.photo]
    ensure_photos(cache, seed, {p.photo_id for p in photos}, jobs or default_jobs())
    for part in ("course", "modules"):
        shutil.rmtree(out / part, ignore_errors=True)
    (out / "course" / "media").mkdir(parents=True)
    (out / "modules").mkdir()
    course = course_yaml(modules, seed, text_only)
    (out / "course" / "course.yml").write_text(course, encoding="utf-8")
    diagrams = {d: png_bytes(make_diagram(d, seed)) for d in range(DIAGRAM_DESIGNS)}
    if not text_only:
        (out / "course" / "media" / "course-image.png").write_bytes(diagrams[0])
    words = sum(write_module(out, m, modules, diagrams, cache, seed) for m in modules)
    stats = Stats(
        lessons=sum(len(m.lessons) for m in modules),
        modules=len(modules),
        tracks=len({m.track for m in modules}),
        words=words,
        photos=len(photos),
        distinct_photos=len({p.photo_id for p in photos}),
        png_photos=len({p.photo_id for p in photos if p.kind == "png"}),
        screenshots=0 if text_only else len(modules) * SCREENSHOTS_PER_MODULE,
        svgs=0 if text_only else len(modules),
        diagrams=0 if text_only else len(modules) * DIAGRAMS_PER_MODULE,
        source_bytes=tree_bytes(out / "course") + tree_bytes(out / "modules"),
        photo_bytes=sum(p.stat().st_size for p in (out / "modules").glob("*/media/photo-*")),
    )
    stats.seconds = time.perf_counter() - started
    return modules, stats


def write_mkdocs(course_root: Path, modules: Sequence[ModulePlan], target: Path) -> None:
    """The same Markdown and media as an mkdocs project (theme ``mkdocs``, no plugins)."""
    shutil.rmtree(target / "docs", ignore_errors=True)
    shutil.rmtree(target / "site", ignore_errors=True)
    docs = target / "docs"
    docs.mkdir(parents=True)
    shutil.copytree(course_root / "modules", docs / "modules")
    index = ["# Synthetic benchmark course", ""]
    nav: list[dict[str, object]] = [{"Home": "index.md"}]
    for module in modules:
        pages = [
            {lesson.title: f"modules/{module.folder}/{lesson.number:02d}-{lesson.slug}.md"}
            for lesson in module.lessons
        ]
        nav.append({module.title: pages})
        first = pages[0][module.lessons[0].title]
        index.append(f"- [{module.title}]({first})")
    (docs / "index.md").write_text("\n".join(index) + "\n", encoding="utf-8")
    config = {
        "site_name": "Synthetic benchmark course",
        "docs_dir": "docs",
        "site_dir": "site",
        "theme": {"name": "mkdocs"},
        "use_directory_urls": False,
        "nav": nav,
    }
    text = yaml.safe_dump(config, sort_keys=False, allow_unicode=True, width=1000)
    (target / "mkdocs.yml").write_text(text, encoding="utf-8")


def default_photos_every(lessons: int) -> int:
    """One photo per lesson up to the 120-lesson photo-heavy corpus; one every 4 beyond 200."""
    return 1 if lessons <= 200 else 4


def default_jobs() -> int:
    return max(1, len(os.sched_getaffinity(0)))


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path, help="folder to write course/ and modules/ into")
    parser.add_argument("--lessons", type=int, required=True, help="number of lessons")
    parser.add_argument(
        "--photos-every",
        type=int,
        default=None,
        help="one photo every K lessons [default: 1 up to 200 lessons, else 4]",
    )
    parser.add_argument("--seed", type=int, default=1, help="same seed, same bytes [default: 1]")
    parser.add_argument(
        "--photo-cache", type=Path, default=None, help="[default: OUT/../.photo-cache]"
    )
    parser.add_argument("--jobs", type=int, default=None, help="processes making photos")
    parser.add_argument("--mkdocs", type=Path, default=None, help="also write an mkdocs project")
    parser.add_argument("--text-only", action="store_true", help="no pictures at all")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    if args.photos_every is not None and args.photos_every < 1:
        raise SystemExit("--photos-every must be at least 1")
    modules, stats = generate(
        args.out,
        args.lessons,
        args.photos_every,
        args.seed,
        args.photo_cache,
        args.jobs,
        args.text_only,
    )
    print(f"{args.out}: {stats.summary()}")
    if args.mkdocs:
        write_mkdocs(args.out, modules, args.mkdocs)
        print(f"{args.mkdocs}: mkdocs project with the same Markdown and media")
    return 0


if __name__ == "__main__":
    sys.exit(main())
