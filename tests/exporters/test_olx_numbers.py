"""Numeric problems in OLX, read by the real Open edX calculator (openedx-calc's ``evaluator``).

Every ``answer``, range bound, tolerance and ``additional_answer`` of the sample course and of
the real course must be read by ``evaluator`` as the number the course model holds, and a
small copy of capa's ``NumericalResponse.get_score`` (edx-platform
``xmodule/capa/responsetypes.py``; ``compare_with_tolerance`` in ``xmodule/capa/util.py``)
must accept exactly what the course model accepts. Answers that capa cannot take are warned
about, never dropped silently; every numeric problem tells learners what form to type.
"""

import math
from collections.abc import Callable, Iterator
from decimal import Decimal
from functools import cache
from pathlib import Path

import pytest
from calc import evaluator
from lxml import etree
from pyparsing import ParseException

from bwise_mooc import ir
from bwise_mooc.exporters.html import format_number
from bwise_mooc.exporters.olx.check import xml_problems
from bwise_mooc.exporters.olx.content import Links
from bwise_mooc.exporters.olx.exporter import course_files
from bwise_mooc.exporters.olx.problems import NUMBER_FORM, ProblemContext, problem
from bwise_mooc.i18n import gettext
from bwise_mooc.pipeline import load_course
from bwise_mooc.transforms.identifiers import url_name
from bwise_mooc.validate import safe_parser
from tests.conftest import FIXTURES, ROOT

# openedx-calc still calls pyparsing's old camelCase names
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning:calc")
ROOTS = {"sample": FIXTURES / "sample", "real": ROOT}
Interval = tuple[float, float]


def read(text: str) -> float:
    """A staff number as capa reads it; it must be a real number, not an expression's result."""
    value = evaluator({}, {}, text)
    assert isinstance(value, int | float) and not isinstance(value, bool), text
    return float(value)


@cache
def exported(case: str) -> tuple[ir.Course, dict[str, bytes]]:
    """The course in the source language and its OLX files held in memory."""
    course, diagnostics = load_course(ROOTS[case])
    assert course is not None and not diagnostics.errors
    files = course_files(course, ROOTS[case])
    return course, {name: data for name, data in files.items() if isinstance(data, bytes)}


def numeric_problems(case: str) -> Iterator[tuple[ir.Numeric, etree._Element]]:
    """Every numeric question of the course with its ``numericalresponse``."""
    course, files = exported(case)
    for module, lesson in course.lessons():
        for quiz in lesson.quizzes():
            for question in quiz.questions:
                if isinstance(question, ir.Numeric):
                    name = f"problem/{url_name(module.id, lesson.id, question.id)}.xml"
                    root = etree.fromstring(files[name], safe_parser())
                    response = root.find("numericalresponse")
                    assert response is not None, name
                    yield question, response


def main_answer(response: etree._Element) -> tuple[Interval, float | None]:
    """The interval ``answer`` accepts (with its tolerance), as capa's ``setup_response`` reads it."""
    answer = response.get("answer", "")
    if answer.startswith(("[", "(")) and answer.endswith(("]", ")")):
        assert (answer[0], answer[-1]) == ("[", "]"), "bounds are included, as in the model"
        low, high = (read(bound) for bound in answer[1:-1].split(","))
        return (low, high), None
    value = read(answer)
    tolerance = response.xpath("string(responseparam[@type='tolerance']/@default)")
    if not tolerance:
        return (value, value), None
    spread = read(str(tolerance))
    return (value - spread, value + spread), spread


def capa_accepts(response: etree._Element, typed: str) -> bool:
    """``NumericalResponse.get_score`` without partial credit: the main answer (range, or value
    with tolerance, default 0.001 % relative), then each additional answer, exactly."""
    student = read(typed)
    answer = response.get("answer", "")
    if answer.startswith("["):
        low, high = (read(bound) for bound in answer[1:-1].split(","))
        if low <= student <= high:
            return True
    else:
        tolerance_text = str(response.xpath("string(responseparam/@default)") or "0.001%")
        correct = read(answer)
        if tolerance_text.endswith("%"):
            spread = read(tolerance_text[:-1]) * 0.01 * max(abs(student), abs(correct))
        else:
            spread = read(tolerance_text)
        if abs(Decimal(str(student)) - Decimal(str(correct))) <= Decimal(str(spread)):
            return True
    return any(
        complex(student) == complex(extra) for extra in response.xpath("additional_answer/@answer")
    )


def probes(answers: tuple[ir.NumericAnswer, ...]) -> set[float]:
    """Numbers to type: every bound, value and middle, and numbers just outside each answer."""
    found: set[float] = set()
    for answer in answers:
        step = max(1.0, answer.high - answer.low)
        found |= {answer.low, answer.high, (answer.low + answer.high) / 2}
        found |= {answer.low - step, answer.high + step}
    return found


@pytest.mark.parametrize("case", sorted(ROOTS))
def test_every_olx_number_is_read_as_the_model_number(case: str) -> None:
    checked = 0
    for question, response in numeric_problems(case):
        answers = list(question.answers)
        (low, high), tolerance = main_answer(response)
        main = next(a for a in answers if math.isclose(a.low, low) and math.isclose(a.high, high))
        if main.value is not None and main.tolerance:
            assert tolerance is not None and math.isclose(tolerance, main.tolerance)
            assert math.isclose(read(response.get("answer", "")), main.value)
        answers.remove(main)
        extras = [read(str(text)) for text in response.xpath("additional_answer/@answer")]
        assert extras == pytest.approx([a.low for a in answers]), question.source
        assert all(a.low == a.high for a in answers), "only exact numbers are additional"
        checked += 1
    assert checked >= (2 if case == "sample" else 20)


@pytest.mark.parametrize("case", sorted(ROOTS))
def test_capa_accepts_what_the_model_accepts(case: str) -> None:
    for question, response in numeric_problems(case):
        for number in probes(question.answers):
            expected = any(answer.accepts(number) for answer in question.answers)
            typed = format_number(number)
            assert capa_accepts(response, typed) == expected, (str(question.source), typed)


@pytest.mark.parametrize("case", sorted(ROOTS))
def test_every_numeric_problem_says_what_to_type(case: str) -> None:
    hint = gettext("en", NUMBER_FORM)
    for _, response in numeric_problems(case):
        assert response.xpath("description/text()")[-1] == hint
    assert "2.5" in hint and read("2.5") == 2.5


@pytest.mark.parametrize("typed", ["٤٨", "2,5"])
def test_the_calculator_cannot_read_other_digits_or_a_decimal_comma(typed: str) -> None:
    with pytest.raises(ParseException):
        evaluator({}, {}, typed)


@pytest.mark.parametrize("language", ["de", "ar"])
def test_the_hint_is_in_the_course_language(language: str) -> None:
    course, _ = load_course(ROOT, language)
    assert course is not None
    lesson, question = next(  # the first number question of the edition
        (lesson, question)
        for module in course.modules
        for lesson in module.lessons
        for quiz in lesson.quizzes()
        for question in quiz.questions
        if isinstance(question, ir.Numeric)
    )
    links = Links(static={}, lessons={}, anchors={}, language=language)
    context = ProblemContext(lesson.path, links, 1, False, False, language)
    hint = problem(question, context).xpath("string(numericalresponse/description[last()])")
    assert hint == gettext(language, NUMBER_FORM) != NUMBER_FORM
    assert "2.5" in hint and "0-9" in hint


def test_answers_capa_cannot_take_are_warned_about_and_the_rest_kept(
    make_course: Callable[..., Path],
) -> None:
    root = make_course(
        lesson="""\
        ::: quiz
        ### How many? {#how-many}
        - number: 7
        - number: 1..5
        - number: 10 +- 1
        - number: 20..30
        :::
        """
    )
    course, diagnostics = load_course(root)
    assert course is not None and not diagnostics.errors
    assert [str(d) for d in diagnostics.warnings if d.code == "olx.numeric-answers"] == [
        "modules/01-basics/01-lesson.md:7:1: warning: Open edX accepts one answer with a "
        "tolerance or a range per question and checks the others exactly: in the OLX version, "
        "'10 +- 1' accepts only 10; '20..30' accepts nothing. Keep one such answer and write the "
        "others as exact numbers [olx.numeric-answers]"
    ]
    files = course_files(course, root)
    data = files["problem/basics_lesson_how-many.xml"]
    assert isinstance(data, bytes)
    response = etree.fromstring(data, safe_parser()).find("numericalresponse")
    assert response is not None
    assert response.get("answer") == "[1, 5]"
    assert response.xpath("additional_answer/@answer") == ["7", "10"]
    assert [capa_accepts(response, typed) for typed in ("3", "7", "10", "10.5", "25")] == [
        True,
        True,
        True,
        False,  # '10 +- 1' and '20..30' are what the warning names
        False,
    ]


def test_numbers_are_plain_decimals(make_course: Callable[..., Path]) -> None:
    root = make_course(
        lesson="""\
        ::: quiz
        ### Small? {#small}
        - number: 0,00001
        ### Large? {#large}
        - number: 1234567.5 +- 0.00025
        ### Between? {#between}
        - number: 0.1..0.3
        :::
        """
    )
    course, diagnostics = load_course(root)
    assert course is not None and not diagnostics.errors
    files = course_files(course, root)
    found = {}
    for name in ("small", "large", "between"):
        data = files[f"problem/basics_lesson_{name}.xml"]
        assert isinstance(data, bytes)
        response = etree.fromstring(data, safe_parser()).find("numericalresponse")
        assert response is not None
        found[name] = (response.get("answer"), response.xpath("string(responseparam/@default)"))
    assert found == {
        "small": ("0.00001", ""),
        "large": ("1234567.5", "0.00025"),
        "between": ("[0.1, 0.3]", ""),
    }
    assert read("0.00001") == 0.00001


def test_the_grammar_refuses_exponents_and_ranges_as_additional_answers() -> None:
    response = (
        '<problem display_name="Q" showanswer="attempted"><numericalresponse answer="{answer}">'
        "<label>Q</label><formulaequationinput/>{extra}</numericalresponse></problem>"
    )
    good = response.format(answer="[1, 5]", extra='<additional_answer answer="7"/>')
    assert xml_problems("problem/q.xml", good.encode()) == []
    for answer, extra in [
        ("1e-05", ""),
        ("2", '<additional_answer answer="[0.722, 0.732]"/>'),
    ]:
        bad = response.format(answer=answer, extra=extra)
        assert xml_problems("problem/q.xml", bad.encode()) != []
