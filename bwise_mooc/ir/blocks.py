"""Content blocks of a lesson: a discriminated union on ``kind``.

Every block but ``quiz`` and ``assignment`` carries ``html``: a sanitised fragment rendered once from Markdown.

Links and images in fragments (``html`` here, the ``*_html`` fields of quizzes) and
``Image.src`` are *source references*, as the author wrote them in the lesson (percent-encoded
as Markdown does), never an output's layout:

- ``#anchor``: a heading of the same lesson;
- a path relative to the lesson's source file, with an optional ``?query`` and ``#anchor``:
  another lesson (``02-other.md#part``, ``../02-module/01-x.md``), or a file of the course
  (``media/photo.jpg``, ``files/form.pdf``); ``Lesson.links`` and ``Lesson.assets`` hold their
  paths from the course root;
- an address with a scheme (``https:``, ``mailto:``, ``tel:``): the web, left as it is.

Each exporter resolves them for its own layout (``exporters/links.py``).
"""

from typing import Annotated, Literal

from pydantic import Field

from bwise_mooc.ir.assignment import Assignment
from bwise_mooc.ir.node import Node
from bwise_mooc.ir.quiz import Quiz
from bwise_mooc.ir.source import SourceSpan


class _Block(Node):
    html: str
    source: SourceSpan


class Heading(_Block):
    kind: Literal["heading"] = "heading"
    level: int
    text: str
    anchor: str


class Paragraph(_Block):
    kind: Literal["paragraph"] = "paragraph"


class Image(_Block):
    """A paragraph holding a single image: shown as a figure."""

    kind: Literal["image"] = "image"
    src: str
    alt: str
    title: str = ""


class Cue(Node):
    """One caption of a video or a sound: shown from ``start`` to ``end`` (seconds)."""

    start: float
    end: float
    text: str


class Caption(Node):
    """The captions of a video or a sound in one language: the WebVTT file ``src`` (a source
    reference, as the media's own ``src``), its ``path`` from the course root, and its cues
    (the transcript is made from them)."""

    language: str
    src: str
    path: str
    cues: tuple[Cue, ...] = ()


class Media(_Block):
    """A paragraph holding a single video or sound (``![what it shows](media/film.mp4)``):
    ``media`` says which; ``alt`` is its title for the player. ``captions`` are read for the
    course's language when the course is read (``parse/av_media.py``): the language's own
    first, then the others found; ``poster``: a picture shown before a video plays (a source
    reference, or empty). ``html`` is a plain link to the file, for outputs that show no
    player."""

    kind: Literal["media"] = "media"
    media: Literal["video", "audio"]
    src: str
    alt: str
    title: str = ""
    poster: str = ""
    captions: tuple[Caption, ...] = ()


class ListBlock(_Block):
    kind: Literal["list"] = "list"
    ordered: bool


class Table(_Block):
    kind: Literal["table"] = "table"
    has_header: bool


class CodeBlock(_Block):
    kind: Literal["code"] = "code"
    code: str
    language: str = ""


class Quote(_Block):
    kind: Literal["quote"] = "quote"


class Rule(_Block):
    kind: Literal["rule"] = "rule"


class RawHtml(_Block):
    kind: Literal["raw_html"] = "raw_html"


Block = Annotated[
    Heading
    | Paragraph
    | Image
    | Media
    | ListBlock
    | Table
    | CodeBlock
    | Quote
    | Rule
    | RawHtml
    | Quiz
    | Assignment,
    Field(discriminator="kind"),
]
