"""Stage 3 helper for OLX: a numeric question's answers in the forms Open edX's capa accepts.

What capa's ``NumericalResponse`` reads (edx-platform ``xmodule/capa/responsetypes.py``,
``setup_response``, ``get_staff_ans`` and ``get_score``; ``xmodule/capa/util.py``,
``compare_with_tolerance``):

- ``answer`` is a number, compared with the ``responseparam type="tolerance"`` of the response
  (an absolute tolerance; without one, capa's default of 0.001 % of the answer), or a range
  ``[low, high]`` (brackets: bounds included), compared with the range alone;
- each ``additional_answer answer="..."`` is read by ``get_staff_ans`` (Python's ``complex()``,
  then the calculator) and compared **exactly** (``complex(student) == staff``), and only when
  ``answer`` did not match: no tolerance, and a range there is "a problem with the staff answer".

So one answer per question may carry a tolerance or a range; every other answer must be one
exact number. ``capa_numeric`` makes the first answer with a tolerance or a range the main
``answer`` and the others additional answers; a second answer with a tolerance or range cannot
be written: it becomes its exact value (with a tolerance) or is left out (a range), and
``check_olx_numbers`` warns about it in ``check`` and ``build``. Numbers are written in plain
decimal notation (``format_number``), never as ``1e-05``.
"""

from dataclasses import dataclass

from bwise_mooc import ir
from bwise_mooc.diagnostics import Diagnostics
from bwise_mooc.exporters.html import format_number


@dataclass(frozen=True)
class CapaNumeric:
    """The ``numericalresponse`` of one question."""

    answer: str  # the ``answer`` attribute: a number, or ``[low, high]``
    tolerance: str | None  # ``responseparam`` default, for a number with a tolerance
    feedback_html: str  # the main answer's feedback (``correcthint``)
    additional: tuple[tuple[str, str], ...]  # exact numbers and their feedback
    unwritable: tuple[str, ...]  # what the OLX version does with answers it cannot write


def capa_numeric(question: ir.Numeric) -> CapaNumeric:
    """The question's answers as capa accepts them; see the module docstring."""
    answers = question.answers
    main = next((a for a in answers if not _exact(a)), answers[0])
    additional: list[tuple[str, str]] = []
    unwritable: list[str] = []
    for answer in answers:
        if answer is main:
            continue
        if _exact(answer):
            additional.append((format_number(answer.low), answer.feedback_html))
        elif answer.value is not None:
            additional.append((format_number(answer.value), answer.feedback_html))
            unwritable.append(f"'{_written(answer)}' accepts only {format_number(answer.value)}")
        else:
            unwritable.append(f"'{_written(answer)}' accepts nothing")
    tolerance = None
    if main.value is not None and main.tolerance:
        answer_text, tolerance = format_number(main.value), format_number(main.tolerance)
    elif _exact(main):
        answer_text = format_number(main.low if main.value is None else main.value)
    else:
        answer_text = f"[{format_number(main.low)}, {format_number(main.high)}]"
    return CapaNumeric(
        answer_text, tolerance, main.feedback_html, tuple(additional), tuple(unwritable)
    )


def check_olx_numbers(course: ir.Course, diagnostics: Diagnostics) -> None:
    """Warn about every numeric question whose answers the OLX version cannot all accept."""
    for _, question in course.questions():
        lost = capa_numeric(question).unwritable if isinstance(question, ir.Numeric) else []
        if lost:
            diagnostics.warning(
                question.source,
                "olx.numeric-answers",
                "Open edX accepts one answer with a tolerance or a range per question "
                f"and checks the others exactly: in the OLX version, {'; '.join(lost)}. "
                "Keep one such answer and write the others as exact numbers",
            )


def _exact(answer: ir.NumericAnswer) -> bool:
    """One number only: no tolerance, or a range of one number."""
    return answer.low == answer.high


def _written(answer: ir.NumericAnswer) -> str:
    """The answer as an author writes it after ``number:``."""
    if answer.value is not None:
        return f"{format_number(answer.value)} +- {format_number(answer.tolerance)}"
    return f"{format_number(answer.low)}..{format_number(answer.high)}"
