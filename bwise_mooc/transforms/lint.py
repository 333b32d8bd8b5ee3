"""Stage 2: accessibility and plain-language lint of the course model (``bwise-mooc check``).

Errors: image alt text that is a file name. Warnings: skipped heading levels, vague link text,
tables without a header row, images that look like images of text (a heuristic on the file
name and the alt text: pixels are not read), and lessons whose readability figure falls below the threshold
that ``course.yml`` sets for their track (``readability: {workers: 60}``).
"""

import re

from bwise_mooc import av, ir
from bwise_mooc.diagnostics import Diagnostics
from bwise_mooc.transforms.readability import lesson_text, readability

FILE_LIKE_ALT = re.compile(
    r"^(\S+\.(png|jpe?g|gif|svg|webp)|(img|image|picture|photo|pic|dsc|screenshot)[\s_-]*\d*)$",
    re.IGNORECASE,
)
VAGUE_LINKS = {
    "click here",
    "here",
    "more",
    "read more",
    "link",
    "this",
    "this link",
    "go",
    "details",
    "hier",
    "mehr",
    "hier klicken",
    "klicken sie hier",
    "weiterlesen",
    "ici",
    "cliquez ici",
    "aquí",
    "haga clic aquí",
    "qui",
    "clicca qui",
    "klik hier",
}
# Words in a file name or at the start of alt text that mean "a picture of text".
TEXT_IMAGE_NAMES = re.compile(
    r"\b(scan(ned)?|slide|poster|flyer|leaflet|letter|quote|quotation|handout|notice|"
    r"folie|plakat|brief|zitat|aushang)\b",
    re.IGNORECASE,
)
ALT_TEXT_IMAGE = re.compile(
    r"^\s*((image|picture|photo|scan|screenshot|bild|foto)\s+(of|von)\s+)?"
    r"(an?\s+|the\s+|ein\s+|eine\s+|einer\s+)?"
    r"(text|scan(ned)?|slide|poster|flyer|leaflet|letter|quote|quotation|document|page of|handout|"
    r"notice|folie|plakat|brief|zitat|dokument|aushang)\b",
    re.IGNORECASE,
)
QUOTED = re.compile(r"[\"“„«»”']([^\"“„«»”']+)[\"”“»«']")
QUOTED_WORDS = 6  # a quotation this long in the alt text is text that belongs in the lesson
LINK = re.compile(r"<a\b[^>]*>(.*?)</a>", re.DOTALL)


def lint_course(course: ir.Course, thresholds: dict[str, float], diagnostics: Diagnostics) -> None:
    for module in course.modules:
        for lesson in module.lessons:
            _alt_texts(lesson, diagnostics)
            _images_of_text(lesson, diagnostics)
            _headings(lesson, diagnostics)
            _links_and_tables(lesson, diagnostics)
            _readability(
                lesson, course.language, readability_minimum(module, thresholds), diagnostics
            )


def readability_minimum(module: ir.Module, thresholds: dict[str, float]) -> float | None:
    """The track's lowest readability figure; a module of every track (track: all) is read by
    every track's learners, so it has the highest of them."""
    if module.shared:
        return max(thresholds.values(), default=None)
    return thresholds.get(module.track)


def _alt_texts(lesson: ir.Lesson, diagnostics: Diagnostics) -> None:
    for asset in lesson.assets:
        if asset.alt and FILE_LIKE_ALT.match(asset.alt.strip()):
            diagnostics.error(
                asset.source,
                "a11y.alt-file-name",
                f"alt text '{asset.alt}' is a file name: say what the picture shows",
            )


POSTER = ".poster"  # media/film.poster.png: the picture of a film before it plays


def _images_of_text(lesson: ir.Lesson, diagnostics: Diagnostics) -> None:
    for asset in lesson.assets:
        name = asset.path.rsplit("/", 1)[-1].rsplit(".", 1)[0]
        if name.endswith(POSTER) or av.is_av(asset.path):  # a film's first picture; sound
            continue
        stem = name.replace("_", " ").replace("-", " ")
        quoted = max((len(q.split()) for q in QUOTED.findall(asset.alt)), default=0)
        if (
            TEXT_IMAGE_NAMES.search(stem)
            or ALT_TEXT_IMAGE.match(asset.alt)
            or quoted >= QUOTED_WORDS
        ):
            diagnostics.warning(
                asset.source,
                "a11y.image-of-text",
                f"image '{asset.path.rsplit('/', 1)[-1]}' seems to show text: put the words in "
                "the lesson, where they can be translated, enlarged and read aloud",
            )


def _headings(lesson: ir.Lesson, diagnostics: Diagnostics) -> None:
    level = 1  # the lesson title is the page's only first-level heading
    for block in lesson.blocks:
        if not isinstance(block, ir.Heading):
            continue
        if block.level == 1:
            diagnostics.warning(
                block.source,
                "a11y.heading-level",
                "use '##' for sections: the lesson title is the page's '#' heading",
            )
        elif block.level > level + 1:
            diagnostics.warning(
                block.source,
                "a11y.heading-level",
                f"heading level {block.level} skips level {level + 1}: screen reader users lose their way",
            )
        level = block.level


def _links_and_tables(lesson: ir.Lesson, diagnostics: Diagnostics) -> None:
    for block in lesson.blocks:
        if isinstance(block, ir.Quiz | ir.Assignment):
            continue
        if isinstance(block, ir.Table) and not block.has_header:
            diagnostics.warning(
                block.source,
                "a11y.table-header",
                "table has no header row: give each column a heading",
            )
        for found in LINK.finditer(block.html):
            text = re.sub(r"<[^>]+>", "", found.group(1)).strip().strip(".:!").lower()
            if text in VAGUE_LINKS:
                diagnostics.warning(
                    block.source,
                    "a11y.link-text",
                    f"link text '{text}' says nothing out of context: name where the link goes",
                )


def _readability(
    lesson: ir.Lesson, language: str, minimum: float | None, diagnostics: Diagnostics
) -> None:
    if minimum is None:
        return
    figure = readability(lesson_text(lesson), language)
    if figure is not None and figure.score < minimum:
        diagnostics.warning(
            lesson.source,
            "readability.low",
            f"{figure.formula} is {figure.score:g}, below {minimum:g} for this track: use shorter sentences and common words",
        )
