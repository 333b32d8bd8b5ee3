"""The question banks (Moodle XML and GIFT): golden files, Moodle's rules, escaping, languages.

Regenerate the golden files with ``pytest tests/exporters/test_question_banks.py
--update-golden``, then review ``git diff tests/golden``. That Moodle imports these files and
gives each right answer full marks is shown by ``make moodle-check`` with a real Moodle.
"""

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from lxml import etree

from bwise_mooc import ir, memo
from bwise_mooc.build import Build, BuildRequest
from bwise_mooc.exporters import BuildOptions
from bwise_mooc.exporters.gift import Gift, escaped
from bwise_mooc.exporters.question_bank import MOODLE_WEIGHTS, bank_name, right_shares
from bwise_mooc.pipeline import export, load_languages
from bwise_mooc.validate import safe_parser
from tests.conftest import FIXTURES
from tests.golden_support import compare, normalise_xml
from tests.test_golden import GOLDEN

CASES = ["mini", "sample"]


@pytest.fixture(scope="module")
def banks(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """Each fixture course's two banks, by format: the file each wrote."""
    found = {}
    for case in CASES:
        courses, diagnostics = load_languages(FIXTURES / case)
        assert not diagnostics.errors
        out = tmp_path_factory.mktemp(case)
        for artifact in export(courses, FIXTURES / case, out, ["moodlexml", "gift"]):
            (file,) = artifact.files
            found[f"{case}/{artifact.format}"] = file.read_bytes()
    return found


@pytest.mark.parametrize("case", CASES)
def test_golden_banks(banks: dict[str, bytes], case: str, update_golden: bool) -> None:
    xml = normalise_xml(banks[f"{case}/moodlexml"])
    compare(xml, GOLDEN / case / "moodlexml" / "questions.xml", update_golden)
    gift = banks[f"{case}/gift"].decode("utf-8")
    compare(gift, GOLDEN / case / "gift" / "questions.gift.txt", update_golden)


def test_every_share_of_100_percent_is_a_weight_moodle_accepts() -> None:
    # Moodle refuses, on import, a question with a weight off its list (question/format.php)
    for count in range(1, 21):
        shares = right_shares(count)
        assert len(shares) == count
        assert set(shares) <= set(MOODLE_WEIGHTS)
        assert abs(sum(float(share) for share in shares) - 100) < 0.001 * count
    with pytest.raises(ValueError, match="21 right choices"):
        right_shares(21)


def test_every_weight_in_the_banks_is_on_moodles_list(banks: dict[str, bytes]) -> None:
    allowed = {"0", *MOODLE_WEIGHTS, *(f"-{weight}" for weight in MOODLE_WEIGHTS)}
    for case in CASES:
        root = etree.fromstring(banks[f"{case}/moodlexml"], safe_parser())
        assert {answer.get("fraction") for answer in root.iter("answer")} <= allowed
        gift = banks[f"{case}/gift"].decode("utf-8")
        assert set(re.findall(r"%(-?[\d.]+)%", gift)) <= allowed


def test_true_false_answers_are_exactly_true_and_false(banks: dict[str, bytes]) -> None:
    root = etree.fromstring(banks["sample/moodlexml"], safe_parser())
    questions = root.xpath("//question[@type='truefalse']")
    assert questions
    for question in questions:
        assert question.xpath("answer/text/text()") == ["true", "false"]
        assert sorted(question.xpath("answer/@fraction")) == ["0", "100"]


def gift_unescaped(text: str) -> str:
    """What Moodle's GIFT importer reads from escaped text (question/format/gift/format.php:
    ``escapedchar_pre`` then ``escapedchar_post``)."""
    text = text.replace("\\\\", "&&092;")
    for character in ":#={}~":
        text = text.replace("\\" + character, character)
    return text.replace("\\n", "\n").replace("&&092;", "\\")


@pytest.mark.parametrize("text", ["a ~ b = c # d { e } f : g", "C:\\path\\n", "line\nbreak", "~="])
def test_gift_escapes_every_special_character(text: str) -> None:
    written = escaped(text)
    assert "\n" not in written
    for character in "~=#{}:":
        assert re.search(rf"(?<!\\)(\\\\)*{re.escape(character)}", written) is None
    assert gift_unescaped(written) == text


def _course(prompt: str, choices: list[str]) -> ir.Course:
    courses, _ = load_languages(FIXTURES / "mini")
    course = courses[0]
    module = course.modules[0]
    lesson = module.lessons[0]
    span = ir.SourceSpan(path=lesson.path)
    question = ir.SingleChoice(
        id="special",
        prompt_html=f"<p>{prompt}</p>",
        prompt_text=prompt,
        choices=tuple(
            ir.Choice(id=f"c{n}", html=text, text=text, correct=n == 0, source=span)
            for n, text in enumerate(choices)
        ),
        source=span,
    )
    quiz = ir.Quiz(id="quiz1", graded=False, questions=(question,), source=span)
    lesson = lesson.model_copy(update={"blocks": (quiz,)})
    module = module.model_copy(update={"lessons": (lesson,)})
    return course.model_copy(update={"modules": (module,)})


def test_a_question_full_of_special_characters_reads_back_as_written(tmp_path: Path) -> None:
    prompt = "Is {x} = 2 # or ~3: which?"
    course = _course(prompt, ["=1", "~2", "a: b", "{c}"])
    (file,) = Gift(BuildOptions()).write(course, FIXTURES / "mini", tmp_path).files
    text = file.read_text("utf-8")
    block = next(part for part in text.split("\n\n") if "[id:" in part)
    question_line = block.splitlines()[1]
    assert gift_unescaped(question_line[question_line.index("[html]") + 6 :].rstrip("{")) == (
        f"<p>{prompt}</p>"
    )
    answers = [line.strip() for line in block.splitlines()[2:-1]]
    assert [gift_unescaped(answer[1:]) for answer in answers] == ["=1", "~2", "a: b", "{c}"]
    assert [answer[0] for answer in answers] == ["=", "~", "~", "~"]


def test_german_and_arabic_banks_keep_their_text(tmp_path: Path) -> None:
    root = FIXTURES / "conformance"
    courses, diagnostics = load_languages(root)
    assert not diagnostics.errors
    assert {course.language for course in courses} == {"en", "de", "ar"}
    for artifact in export(courses, root, tmp_path, ["moodlexml", "gift"]):
        (file,) = artifact.files
        data = file.read_bytes()
        assert not data.startswith(b"\xef\xbb\xbf")  # no byte-order mark: Moodle reads UTF-8
        text = data.decode("utf-8")  # strict: no mojibake byte sequence survives this
        course = next(c for c in courses if file.name.startswith(bank_name(c) + "."))
        prompts = [
            q.prompt_text
            for _, lesson in course.lessons()
            for quiz in lesson.quizzes()
            for q in quiz.questions
        ]
        assert prompts
        if artifact.format == "moodlexml":
            root_element = etree.fromstring(data, safe_parser())
            shown = " ".join(root_element.xpath("//questiontext/text/text()"))
        else:
            shown = gift_unescaped(text)
        for prompt in prompts:
            assert prompt.split("\n")[0] in shown, (artifact.format, course.language, prompt)


@pytest.mark.parametrize("format_name", ["moodlexml", "gift"])
def test_an_edit_makes_only_its_modules_questions_again(
    fixture_course: Callable[[str], Path],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    format_name: str,
) -> None:
    """Each module's questions are a part of the build: after an edit, the edited module's
    are made again and the others found; the bank is the bytes of a build without a cache."""
    root = fixture_course("sample")

    def build(out: Path, use_cache: bool = True) -> bytes:
        started = Build(BuildRequest(root, (format_name,), out=out, use_cache=use_cache))
        assert not started.read().errors
        started.write()
        return next((out / format_name).iterdir()).read_bytes()

    out = tmp_path / "out"
    build(out)
    made: list[str] = []
    find_or_make = memo.CachedParts.part

    def recording(
        self: memo.CachedParts, course: ir.Course, kind: str, decided: Any, make: Any
    ) -> Any:
        def making() -> Any:
            made.append(next(item.dir for item in decided if isinstance(item, ir.Module)))
            return make()

        return find_or_make(self, course, kind, decided, making)

    monkeypatch.setattr(memo.CachedParts, "part", recording)
    lesson = root / "modules/02-safe-online/02-logins-without-taking-over.md"
    text = lesson.read_text("utf-8")  # a question's feedback: no title or heading changes
    old = "> Holding the password makes you responsible"
    assert old in text
    lesson.write_text(text.replace(old, "> Holding the passphrase makes you responsible"), "utf-8")
    edited = build(out)
    assert made == ["modules/02-safe-online"]
    assert b"passphrase" in edited
    assert edited == build(tmp_path / "fresh", use_cache=False)
