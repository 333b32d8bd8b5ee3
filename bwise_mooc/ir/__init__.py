"""The course model: frozen pydantic nodes that every exporter consumes.

This package imports nothing else from bwise_mooc; ``parse`` builds it, exporters read it.
"""

from bwise_mooc.ir.blocks import (
    Block,
    CodeBlock,
    Heading,
    Image,
    ListBlock,
    Paragraph,
    Quote,
    RawHtml,
    Rule,
    Table,
)
from bwise_mooc.ir.course import (
    Asset,
    Author,
    Course,
    Grading,
    Lesson,
    Link,
    Module,
    Outcome,
    Track,
)
from bwise_mooc.ir.quiz import (
    Choice,
    MultipleResponse,
    Numeric,
    NumericAnswer,
    Question,
    QuestionType,
    Quiz,
    ShortText,
    SingleChoice,
    TextAnswer,
    TrueFalse,
    normalise_text_answer,
)
from bwise_mooc.ir.source import SourceSpan

__all__ = [
    "Asset",
    "Author",
    "Block",
    "Choice",
    "CodeBlock",
    "Course",
    "Grading",
    "Heading",
    "Image",
    "Lesson",
    "Link",
    "ListBlock",
    "Module",
    "MultipleResponse",
    "Numeric",
    "NumericAnswer",
    "Outcome",
    "Paragraph",
    "Question",
    "QuestionType",
    "Quiz",
    "Quote",
    "RawHtml",
    "Rule",
    "ShortText",
    "SingleChoice",
    "SourceSpan",
    "Table",
    "TextAnswer",
    "Track",
    "TrueFalse",
    "normalise_text_answer",
]
