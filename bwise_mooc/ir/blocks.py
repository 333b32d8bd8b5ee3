"""Content blocks of a lesson: a discriminated union on ``kind``.

Every block but ``quiz`` carries ``html``: a sanitised fragment rendered once from Markdown.
Links and image sources in it are relative to the lesson page in the source-mirrored layout
(``<module-dir>/<lesson-stem>.html``, other files under ``<module-dir>/...``); images point
at their optimised file in the package's flat media folder (``../media/<hash>.<ext>``); links
to other lessons already point at their ``.html`` page.
"""

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from bwise_mooc.ir.quiz import Quiz
from bwise_mooc.ir.source import SourceSpan


class _Block(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

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
    Heading | Paragraph | Image | ListBlock | Table | CodeBlock | Quote | Rule | RawHtml | Quiz,
    Field(discriminator="kind"),
]
