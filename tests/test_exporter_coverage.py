"""Every block type and question type of the course model, through every registered exporter.

The types are read from the model itself (the ``Block`` and ``Question`` unions of ``ir/``), so
a type added there without a fixture here fails. One lesson holds one block of each type and a
knowledge check and an assessment with one question of each type; each carries a marker word.
For every exporter in the registry, each marker must reach its output (inside its zips and
tarballs), and each question must come out as its own kind of question: the preview's and the
SCO's form and answer key, the SCORM interaction type, the Open edX response type, the Moodle
question type and category of the question banks (which show no lessons). An exporter
that drops a type, or renders it as another, fails here; so does a new exporter until it says
below where its output shows them.
"""

import base64
import json
import operator
import re
import tarfile
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from functools import reduce
from pathlib import Path, PurePosixPath
from typing import Annotated, Any, Literal, get_args

import pytest
from lxml import etree, html
from pydantic import BaseModel, Field
from pypdf import PdfReader

from bwise_mooc import ir, pipeline
from bwise_mooc.build import Build, BuildRequest
from bwise_mooc.exporters import EXPORTERS, Artifact
from bwise_mooc.ir import blocks, quiz
from tests.conftest import COURSE_YML, FIXTURES, FRONT, MODULE_YML, write_files
from tests.exporters.test_pdf import catalog_of, structure_elements


def union_members(union: object, tag: str) -> dict[str, type[BaseModel]]:
    """The members of one of the model's discriminated unions, by their tag value."""
    members, field = get_args(union)  # Annotated[A | B | ..., Field(discriminator=tag)]
    assert field.discriminator == tag
    return {member.model_fields[tag].default: member for member in get_args(members)}


def block_types() -> dict[str, type[BaseModel]]:
    return union_members(blocks.Block, "kind")


def question_types() -> dict[str, type[BaseModel]]:
    return union_members(quiz.Question, "type")


BLOCK_KINDS = list(block_types())
QUESTION_TYPES = list(question_types())

# -- the course: one of each ---------------------------------------------------------------------


def marker(name: str) -> str:
    """The word that shows where the block or question ``name`` went."""
    return f"xq{name.replace('_', '')}qx"


def question_id(question_type: str, graded: bool) -> str:
    return ("g" if graded else "k") + question_type.replace("_", "")


def question_marker(question_type: str, graded: bool) -> str:
    return marker(question_id(question_type, graded))


QUESTION_SOURCES = {  # the answers of one question of each type, as authors write them
    "single": "- ( ) no\n- (x) yes",
    "multiple": "- [x] one\n- [ ] two",
    "true_false": "- answer: true",
    "short_text": "- accept: word",
    "numeric": "- number: 42",
}


def quiz_source(graded: bool) -> str:
    questions = [
        f"### Question {question_marker(kind, graded)} {{#{question_id(kind, graded)}}}\n"
        + QUESTION_SOURCES[kind]
        for kind in QUESTION_TYPES
        if kind in QUESTION_SOURCES
    ]
    return f"::: {'assessment' if graded else 'quiz'}\n" + "\n\n".join(questions) + "\n:::"


BLOCK_SOURCES = {  # one block of each kind, with its marker
    "heading": f"## Heading {marker('heading')}",
    "paragraph": f"A paragraph {marker('paragraph')}.",
    "image": f"![{marker('image')}](media/pic.png)",
    "media": f"![{marker('media')}](media/film.mp4)",
    "list": f"- {marker('list')} item\n- another item",
    "table": f"| a | b |\n|---|---|\n| {marker('table')} | 2 |",
    "code": f"```\n{marker('code')}\n```",
    "quote": f"> {marker('quote')}",
    "rule": f"Before {marker('before_rule')}.\n\n***\n\nAfter {marker('after_rule')}.",
    "raw_html": f"<div>{marker('raw_html')}</div>",
    "quiz": quiz_source(graded=False) + "\n\n" + quiz_source(graded=True),
    "assignment": (  # an assignment and a checklist: both must show (a rubric, the boxes)
        f"::: assignment {{#work minutes=30}}\n### Work {marker('assignment')}\n\nDo it.\n\n"
        "Hand in: the result.\n\n| Criterion | Low | High |\n|---|---|---|\n"
        f"| Care | little | {marker('rubric')} |\n:::\n\n"
        f"::: checklist {{#shows}}\n### Shows\n\n- {marker('checklist')}\n:::"
    ),
}


def lesson_source() -> str:
    """The lesson: every block kind the model has a fixture for, in the union's order."""
    parts = [BLOCK_SOURCES[kind] for kind in block_types() if kind in BLOCK_SOURCES]
    return FRONT + "\n\n".join(parts) + "\n"


FILM = b"\0\0\0\x18ftypisom" + bytes(16)  # the start of an MP4 file: enough for check


def write_course(root: Path) -> Path:
    picture = (FIXTURES / "mini/modules/01-basics/media/pic.png").read_bytes()
    return write_files(
        root,
        {
            "course/course.yml": COURSE_YML,
            "modules/01-basics/module.yml": MODULE_YML,
            "modules/01-basics/01-lesson.md": lesson_source(),
            "modules/01-basics/media/pic.png": picture,
            "modules/01-basics/media/film.mp4": FILM,
            "modules/01-basics/media/film.en.vtt": "WEBVTT\n\n00:00.000 --> 00:01.000\nHello\n",
        },
    )


def load(root: Path) -> ir.Course:
    course, diagnostics = pipeline.load_course(root)
    assert course is not None and not diagnostics.errors, [str(d) for d in diagnostics]
    return course


# -- what each exporter wrote ---------------------------------------------------------------------


@dataclass(frozen=True)
class Document:
    """One thing an exporter hands over (a folder, a zip, a tarball): its files by path."""

    name: str
    files: dict[str, bytes]

    def texts(self) -> Iterator[tuple[str, str]]:
        for path, data in sorted(self.files.items()):
            if PurePosixPath(path).suffix in {".html", ".xhtml", ".xml", ".txt"}:
                yield path, data.decode("utf-8")


def documents(artifact: Artifact) -> list[Document]:
    """Each zip and tarball the exporter names, or its folder when it names neither."""
    found = []
    for path in artifact.files:
        if path.name.endswith((".zip", ".imscc", ".epub")):
            with zipfile.ZipFile(path) as archive:
                files = {name: archive.read(name) for name in archive.namelist()}
            found.append(Document(path.name, files))
        elif path.suffix == ".pdf":
            found.append(printed_document(path))
        elif path.name.endswith(".tar.gz"):
            with tarfile.open(path) as archive:
                files = {}
                for member in archive.getmembers():
                    data = archive.extractfile(member) if member.isfile() else None
                    if data is not None:
                        files[member.name.split("/", 1)[1]] = data.read()  # below the top
            found.append(Document(path.name, files))
    if not found:
        folder = {
            p.relative_to(artifact.root).as_posix(): p.read_bytes()
            for p in artifact.root.rglob("*")
            if p.is_file()
        }
        found.append(Document(artifact.root.name, folder))
    return found


def printed_document(path: Path) -> Document:
    """A PDF handout: its text in reading order (``text.txt``) and the alt text of its
    figures (``alt.txt``), as a reader of the PDF gets them."""
    reader = PdfReader(path)
    text = "\n".join(page.extract_text() for page in reader.pages)
    tree = catalog_of(reader)["/StructTreeRoot"]["/K"]
    alts = [str(e.get("/Alt", "")) for e in structure_elements(tree) if str(e["/S"]) == "/Figure"]
    return Document(path.name, {"text.txt": text.encode(), "alt.txt": "\n".join(alts).encode()})


def build(root: Path, out: Path, formats: list[str]) -> dict[str, list[Document]]:
    artifacts = pipeline.export([load(root)], root, out, formats)
    return {artifact.format: documents(artifact) for artifact in artifacts}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[Document]]:
    root = write_course(tmp_path_factory.mktemp("every-type"))
    return build(root, root / "build", sorted(EXPORTERS))


# -- where a block shows ---------------------------------------------------------------------------

SCRIPT = re.compile(r"<script\b.*?</script>", re.DOTALL)  # data for scripts is not content


def _visible(text: str) -> str:
    return SCRIPT.sub("", text)


def carried(src: str, files: set[str]) -> bool:
    """A player's file is in the package, or (captions the preview carries in the page) a
    WebVTT data: URL with cues."""
    prefix = "data:text/vtt;base64,"
    if src.startswith(prefix):
        text = base64.b64decode(src[len(prefix) :]).decode("utf-8")
        return text.startswith("WEBVTT") and "-->" in text
    return PurePosixPath(src).name in files


def block_problems(
    document: Document, kind: str, left_out: frozenset[str] = frozenset()
) -> list[str]:
    """Why ``document`` does not show the lesson's block of ``kind`` (nothing: it does); the
    question types in ``left_out`` are those the format cannot carry (and warns about)."""
    if document.name.endswith(".pdf"):
        return printed_block_problems(document, kind, left_out)
    texts = [(path, _visible(text)) for path, text in document.texts()]
    if kind == "rule":  # no words of its own: a rule between the paragraphs around it
        before, after = marker("before_rule"), marker("after_rule")
        for _, text in texts:
            start, end = text.find(before), text.find(after)
            if 0 <= start < end and re.search(r"<hr\b", text[start:end]):
                return []
        return [f"{document.name}: no <hr> between {before} and {after}"]
    if kind == "quiz":  # the quizzes show as their questions
        return [
            f"{document.name}: {question_marker(question_type, graded)} of the "
            f"{'assessment' if graded else 'knowledge check'} is missing"
            for graded in (False, True)
            for question_type in QUESTION_TYPES
            if question_type not in left_out
            and not any(question_marker(question_type, graded) in text for _, text in texts)
        ]
    if kind == "assignment":  # its title, its rubric and the checklist's item
        words = [marker("assignment"), marker("rubric"), marker("checklist")]
        return [
            f"{document.name}: {word} is missing"
            for word in words
            if not any(word in text for _, text in texts)
        ]
    word = marker(kind)
    if not any(word in text for _, text in texts):
        return [f"{document.name}: {word} is missing"]
    if kind == "heading":  # as a heading, or as the title of the unit it starts
        pattern = rf'<h[1-6]\b[^>]*>[^<]*{word}|display_name="[^"]*{word}'
        if not any(re.search(pattern, text) for _, text in texts):
            return [f"{document.name}: {word} is not in a heading or a unit title"]
    if kind == "media":  # a player whose film and captions are in the package
        files = {PurePosixPath(path).name for path in document.files}
        for _, text in texts:
            for player in re.findall(r"<video\b.*?</video>", text, re.DOTALL):
                sources = re.findall(r'<(?:source|track)\b[^>]*\bsrc="([^"]*)"', player)
                if len(sources) == 2 and all(carried(s, files) for s in sources):
                    return []
        return [f"{document.name}: no <video> with its film and captions in the package"]
    if kind == "image":  # an <img> with its alt text, and the picture it points to
        pictures = {PurePosixPath(path).name for path in document.files}
        for _, text in texts:
            for tag in re.findall(r"<img\b[^>]*>", text):
                src = re.search(r'\bsrc="([^"]*)"', tag)
                if f'alt="{word}"' in tag and src and PurePosixPath(src[1]).name in pictures:
                    return []
        return [f"{document.name}: no <img alt={word!r}> with its picture in the package"]
    return []


def printed_text(document: Document, name: str) -> str:
    return " ".join(document.files[name].decode("utf-8").split())


def printed_block_problems(document: Document, kind: str, left_out: frozenset[str]) -> list[str]:
    """Why a printed handout does not show the block of ``kind``: its words are in its text in
    order (a rule draws a line between them), a picture's in its figure's alt text, a film's
    title and transcript in the text; the questions show as the worksheets' questions."""
    words = {
        "rule": [marker("before_rule"), marker("after_rule")],
        "quiz": [
            question_marker(t, graded)
            for graded in (False, True)
            for t in QUESTION_TYPES
            if t not in left_out
        ],
        "assignment": [marker("assignment"), marker("rubric"), marker("checklist")],
        "media": [marker("media"), "Hello"],  # its title, and its transcript's cue
    }.get(kind, [marker(kind)])
    text = printed_text(document, "alt.txt" if kind == "image" else "text.txt")
    places = [text.find(word) for word in words]
    if -1 in places or places != sorted(places):
        return [f"{document.name}: {words} are not all in its text, in order: {places}"]
    return []


PRINTED_OFFERS = {  # what a worksheet's question offers, as the PDF's text reads
    "single": ["no", "yes"],
    "multiple": ["one", "two"],
    "true_false": ["True", "False"],
    "short_text": ["Your answer"],
    "numeric": ["Your answer (a number)"],
}


def printed_problems(document: Document, question_type: str, graded: bool) -> list[str]:
    """The question is in a worksheet of its kind (knowledge check or module assessment),
    offers what its type asks for (boxes before its choices, lines to write on), and the
    answers for the supporter follow the last worksheet."""
    text = printed_text(document, "text.txt")
    word = question_marker(question_type, graded)
    answers = text.find("Answers for the supporter")
    start = text.find(word)
    if not 0 <= start < answers:
        return [f"{document.name}: {word} is not before the answers ({start}, {answers})"]
    label = "Module assessment" if graded else "Knowledge check"
    other = "Knowledge check" if graded else "Module assessment"
    if text.rfind(label, 0, start) < text.rfind(other, 0, start):
        return [f"{document.name}: {word} is not in a worksheet '{label}'"]
    following = [text.find(m, start + 1) for m in ("xq", "Answers for the supporter")]
    question = text[start : min(place for place in following if place >= 0)]
    missing = [offer for offer in PRINTED_OFFERS[question_type] if offer not in question]
    if missing or "Correct:" not in text[answers:]:
        return [f"{document.name}: {word} offers {question!r}, without {missing}"]
    return []


# -- how a question shows --------------------------------------------------------------------------

FORM_INPUTS = {  # the inputs of a question's form in the preview and the SCO pages
    "single": "radio:a,b",
    "multiple": "checkbox:a,b",
    "true_false": "radio:true,false",
    "short_text": "text",
    "numeric": "decimal",
}
SCORM_INTERACTIONS = {  # the interaction type a graded question is reported as
    "single": "choice",
    "multiple": "choice",
    "true_false": "true-false",
    "short_text": "fill-in",
    "numeric": "numeric",
}
OLX_RESPONSES = {  # the capa response of the problem, with its choices' names
    "single": "multiplechoiceresponse[a,b]",
    "multiple": "choiceresponse",
    "true_false": "multiplechoiceresponse[true,false]",
    "short_text": "stringresponse",
    "numeric": "numericalresponse",
}


def _inputs(form: html.HtmlElement) -> str:
    inputs = form.xpath(".//input")
    kinds = {field.get("type") for field in inputs}
    if kinds == {"text"} and len(inputs) == 1:
        return "decimal" if inputs[0].get("inputmode") == "decimal" else "text"
    values = ",".join(field.get("value", "") for field in inputs)
    return f"{'/'.join(sorted(k or '' for k in kinds))}:{values}"


def form_problems(document: Document, question_type: str, graded: bool) -> list[str]:
    """The question's form (its inputs) and its entry in the page's answer key."""
    qid, word = question_id(question_type, graded), question_marker(question_type, graded)
    problems, forms = [], 0
    for path, text in document.texts():
        if not path.endswith(".html") or f'data-question="{qid}"' not in text:
            continue
        page = html.fromstring(text)
        for form in page.xpath("//form[@data-question=$qid]", qid=qid):
            forms += 1
            if word not in form.text_content():
                problems.append(f"{path}: the form of {qid} does not hold {word}")
            if _inputs(form) != FORM_INPUTS[question_type]:
                problems.append(f"{path}: {qid} has inputs {_inputs(form)}")
        keys = [
            json.loads(script.text)["questions"]
            for script in page.xpath("//script[contains(@class, 'answer-key')]")
        ]
        types = [key[qid].get("type") for key in keys if qid in key]
        if types != [question_type]:
            problems.append(f"{path}: the answer key gives {qid} the types {types}")
    if not forms:
        problems.append(f"{document.name}: no form for {qid} ({word})")
    return problems


def interaction_problems(document: Document, question_type: str, graded: bool) -> list[str]:
    """A graded question is an interaction of its type in the SCO's config."""
    problems = form_problems(document, question_type, graded)
    if not graded:
        return problems
    word = question_marker(question_type, graded)
    found = []
    for _, text in document.texts():
        for script in re.findall(r'<script [^>]*id="sco-config"[^>]*>(.*?)</script>', text, re.S):
            interactions = json.loads(script)["interactions"].values()
            found += [i["type"] for i in interactions if word in i["description"]]
    if found != [SCORM_INTERACTIONS[question_type]]:
        problems.append(f"{document.name}: {word} is reported as the interactions {found}")
    return problems


def _response(problem: etree._Element) -> str:
    responses = [child for child in problem if str(child.tag).endswith("response")]
    if len(responses) != 1:
        return "/".join(str(child.tag) for child in responses) or "no response"
    names = [choice.get("name") or "" for choice in responses[0].iter("choice")]
    return str(responses[0].tag) + (f"[{','.join(names)}]" if all(names) and names else "")


def capa_problems(document: Document, question_type: str, graded: bool) -> list[str]:
    """The question is a capa problem with the response type of its question type."""
    word = question_marker(question_type, graded)
    found = [
        _response(etree.fromstring(text.encode("utf-8")))
        for path, text in document.texts()
        if path.startswith("problem/") and word in text
    ]
    if found != [OLX_RESPONSES[question_type]]:
        return [f"{document.name}: {word} is in the problems {found}"]
    return []


MOODLE_TYPES = {  # the Moodle question type of each of ours (multichoice: single or not)
    "single": "multichoice[single]",
    "multiple": "multichoice[multiple]",
    "true_false": "truefalse",
    "short_text": "shortanswer",
    "numeric": "numerical",
}


def _bank_category(graded: bool) -> str:
    return "Assessment" if graded else "(Knowledge check)"


def moodle_xml_problems(document: Document, question_type: str, graded: bool) -> list[str]:
    """The question is a Moodle question of its type, in the category of its quiz."""
    word = question_marker(question_type, graded)
    found = []
    for _, text in document.texts():
        category = ""
        for question in etree.fromstring(text.encode("utf-8")).iter("question"):
            if question.get("type") == "category":
                category = question.findtext("category/text") or ""
            elif word in (question.findtext("questiontext/text") or ""):
                kind = str(question.get("type"))
                if kind == "multichoice":
                    kind += "[single]" if question.findtext("single") == "true" else "[multiple]"
                found.append((kind, _bank_category(graded) in category.rsplit("/", 1)[-1]))
    if found != [(MOODLE_TYPES[question_type], True)]:
        return [f"{document.name}: {word} is in the questions (type, right category) {found}"]
    return []


def _gift_type(answers: str) -> str:
    """The Moodle question type a GIFT question's answer part makes."""
    if answers.startswith(("TRUE", "FALSE")):
        return "truefalse"
    if answers.startswith("#"):
        return "numerical"
    lines = [line.strip() for line in answers.splitlines() if line.strip()]
    if all(line.startswith("=%") for line in lines if not line.startswith("####")):
        return "shortanswer"
    return "multichoice[multiple]" if lines[0].startswith("~%") else "multichoice[single]"


def gift_problems(document: Document, question_type: str, graded: bool) -> list[str]:
    """The question is a GIFT question of its type, after the category of its quiz."""
    word = question_marker(question_type, graded)
    found = []
    for _, text in document.texts():
        category = ""
        for block in text.split("\n\n"):
            if block.startswith("$CATEGORY:"):
                category = block
            elif word in block:
                answers = block[block.index("{") + 1 : block.rindex("}")]
                found.append((_gift_type(answers), _bank_category(graded) in category))
    if found != [(MOODLE_TYPES[question_type], True)]:
        return [f"{document.name}: {word} is in the questions (type, right category) {found}"]
    return []


CC_PROFILES = {  # the CC 1.1 profile of each question's QTI item (numeric: none, left out)
    "single": "cc.multiple_choice.v0p1",
    "multiple": "cc.multiple_response.v0p1",
    "true_false": "cc.true_false.v0p1",
    "short_text": "cc.fib.v0p1",
    "numeric": None,
}
QTI = {"q": "http://www.imsglobal.org/xsd/ims_qtiasiv1p2"}


def cc_problems(document: Document, question_type: str, graded: bool) -> list[str]:
    """The question is an item of its CC profile, in a quiz of its kind (a knowledge check has
    unlimited attempts, the module assessment the course's); numeric ones are left out (and
    warned about: ``test_cc_warns_about_each_numeric_question``)."""
    word = question_marker(question_type, graded)
    found = []
    for path, text in document.texts():
        if "/quizzes/" not in path:
            continue
        root = etree.fromstring(text.encode("utf-8"))
        attempts = root.xpath(
            "string(//q:qtimetadatafield[q:fieldlabel='cc_maxattempts']/q:fieldentry)",
            namespaces=QTI,
        )
        for item in root.iterfind(".//q:item", QTI):
            if word in "".join(item.xpath(".//q:presentation//q:mattext/text()", namespaces=QTI)):
                kind = item.xpath(
                    "string(.//q:qtimetadatafield[q:fieldlabel='cc_profile']/q:fieldentry)",
                    namespaces=QTI,
                )
                found.append((kind, attempts != "unlimited"))
    expected = [(CC_PROFILES[question_type], graded)] if CC_PROFILES[question_type] else []
    if found != expected:
        return [f"{document.name}: {word} is in the QTI items (profile, graded) {found}"]
    return []


EPUB_OFFERS = {  # what a self-check of the EPUB offers for each type of question
    "single": "ol.choices choices--single[2]",
    "multiple": "ol.choices choices--multiple[2]",
    "true_false": "ul.choices choices--true-false[2]",
    "short_text": "p.write-in",
    "numeric": "p.write-in",
}
XHTML = {"h": "http://www.w3.org/1999/xhtml"}


def _offer(question: etree._Element) -> str:
    for child in question:
        tag, kind = etree.QName(child).localname, child.get("class") or ""
        if kind.startswith("choices"):
            return f"{tag}.{kind}[{len(child)}]"
        if kind == "write-in":
            return f"{tag}.{kind}"
    return "nothing"


def epub_problems(document: Document, question_type: str, graded: bool) -> list[str]:
    """The question is a question of its type in a self-check of its kind (practice or graded)
    of an EPUB chapter, offering what its type asks for, and its answer closes the chapter."""
    word = question_marker(question_type, graded)
    kind = "self-check--graded" if graded else "self-check--practice"
    found = []
    for path, text in document.texts():
        if not path.endswith(".xhtml") or word not in text:
            continue
        root = etree.fromstring(text.encode("utf-8"))
        for question in root.xpath("//h:div[@class='question']", namespaces=XHTML):
            if word not in "".join(question.itertext()):
                continue
            section = question.getparent()
            answer = question.get("id", "").replace("bw-q-", "bw-a-", 1)
            answered = root.xpath(
                "//h:section[@class='answers']//h:div[@id=$a]", namespaces=XHTML, a=answer
            )
            found.append(
                (
                    question.get("data-type"),
                    kind in (section.get("class") or "").split(),
                    _offer(question),
                    len(answered),
                )
            )
    expected = [(question_type, True, EPUB_OFFERS[question_type], 1)]
    if found != expected:
        return [
            f"{document.name}: {word} is in the self-checks (type, kind, offer, answer) {found}"
        ]
    return []


LEFT_OUT = {"cc": frozenset({"numeric"})}  # question types a format cannot carry (it warns)
QuestionCheck = Callable[[Document, str, bool], list[str]]
# Where each registered exporter shows a question, and how its kind is told apart. A new exporter
# is added here (or to SUMMARIES): until then, the tests below fail for it.
QUESTION_CHECKS: dict[str, QuestionCheck] = {
    "html": form_problems,
    "scorm12": interaction_problems,
    "scorm2004": interaction_problems,
    "olx": capa_problems,
    "moodlexml": moodle_xml_problems,
    "gift": gift_problems,
    "cc": cc_problems,
    "epub": epub_problems,
    "pdf": printed_problems,
}
SUMMARIES = {  # exporters that show figures about the lessons, not the lessons themselves
    "report": "readability, words, time, alt text and translation per lesson",
}
RECOGNITION = {  # exporters that describe what a track awards, from its modules and outcomes
    "credentials": "each track's credential: its modules, outcomes and assessment, no lessons",
}
WORDS = {  # exporters of the course's glossary (tests/test_glossary.py): no lesson, no question
    "glossary": "each difficult word of the course with its definition, for Moodle's glossary",
}
QUESTION_BANKS = {"moodlexml", "gift"}  # exporters that show the questions, not the lessons
CONTENT_FORMATS = sorted(set(EXPORTERS) - set(SUMMARIES) - set(RECOGNITION) - set(WORDS))
LESSON_FORMATS = sorted(set(CONTENT_FORMATS) - QUESTION_BANKS)


def question_check(format_name: str) -> QuestionCheck:
    if format_name not in QUESTION_CHECKS:
        pytest.fail(
            f"exporter {format_name!r} is registered but this test does not know where its "
            "output shows blocks and questions: add it to QUESTION_CHECKS (or SUMMARIES)"
        )
    return QUESTION_CHECKS[format_name]


# -- the tests ----------------------------------------------------------------------------------------


def test_every_type_of_the_model_has_a_fixture() -> None:
    assert set(block_types()) <= set(BLOCK_SOURCES), "a block kind has no fixture"
    assert set(question_types()) <= set(QUESTION_SOURCES), "a question type has no fixture"
    for table in (FORM_INPUTS, SCORM_INTERACTIONS, OLX_RESPONSES, MOODLE_TYPES, CC_PROFILES):
        assert set(question_types()) <= set(table), "a question type has no expected form"


def test_every_registered_exporter_is_checked() -> None:
    assert set(EXPORTERS) == set(QUESTION_CHECKS) | set(SUMMARIES) | set(RECOGNITION) | set(WORDS)
    assert not set(QUESTION_CHECKS) & set(SUMMARIES)
    assert not (set(QUESTION_CHECKS) | set(SUMMARIES)) & set(RECOGNITION)
    assert not (set(QUESTION_CHECKS) | set(SUMMARIES) | set(RECOGNITION)) & set(WORDS)


def test_the_lesson_holds_one_block_and_question_of_each_type(tmp_path: Path) -> None:
    course = load(write_course(tmp_path))
    lesson = course.modules[0].lessons[0]
    assert {block.kind for block in lesson.blocks} == set(BLOCK_KINDS)
    for kind in set(BLOCK_KINDS) - {"quiz", "rule"}:  # a rule has no words, a quiz no html
        held = [
            getattr(block, "html", "") or getattr(block, "title_html", "")
            for block in lesson.blocks
            if block.kind == kind
        ]
        assert any(marker(kind) in text for text in held), kind
    assert [each.graded for each in lesson.quizzes()] == [False, True]
    for each in lesson.quizzes():
        assert [q.type for q in each.questions] == QUESTION_TYPES
        assert [q.id for q in each.questions] == [
            question_id(t, each.graded) for t in QUESTION_TYPES
        ]


@pytest.mark.parametrize("kind", BLOCK_KINDS)
@pytest.mark.parametrize("format_name", LESSON_FORMATS)
def test_each_block_reaches_each_output(
    built: dict[str, list[Document]], format_name: str, kind: str
) -> None:
    question_check(format_name)
    assert kind in BLOCK_SOURCES, f"no fixture for the block kind {kind!r}"
    left_out = LEFT_OUT.get(format_name, frozenset())
    problems = [
        p for document in built[format_name] for p in block_problems(document, kind, left_out)
    ]
    assert not problems


@pytest.mark.parametrize("question_type", QUESTION_TYPES)
@pytest.mark.parametrize("format_name", CONTENT_FORMATS)
def test_each_question_is_its_own_kind_in_each_output(
    built: dict[str, list[Document]], format_name: str, question_type: str
) -> None:
    check = question_check(format_name)
    assert question_type in QUESTION_SOURCES, f"no fixture for the question type {question_type!r}"
    problems = [
        problem
        for document in built[format_name]
        for graded in (False, True)
        for problem in check(document, question_type, graded)
    ]
    assert not problems


@pytest.mark.parametrize("format_name", sorted(SUMMARIES))
def test_each_summary_names_the_lesson(built: dict[str, list[Document]], format_name: str) -> None:
    for document in built[format_name]:
        assert any("A lesson" in text for _, text in document.texts()), document.name


def test_cc_warns_about_each_numeric_question(tmp_path: Path) -> None:
    """The question types a format leaves out are each named in a warning when it is built."""
    root = write_course(tmp_path)
    build = Build(BuildRequest(root, ["cc"], use_cache=False))
    diagnostics = build.read()
    (course,) = build.courses
    numeric = [q.source for _, q in course.questions() if q.type in LEFT_OUT["cc"]]
    warned = [d for d in diagnostics.warnings if d.code == "cc.numeric"]
    assert len(numeric) == 2  # the knowledge check's and the assessment's
    assert [(d.path, d.line) for d in warned] == [(s.path, s.line) for s in numeric]


# -- the checks can fail -------------------------------------------------------------------------


def test_a_type_added_to_the_model_without_a_fixture_is_found(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    class Dummy(BaseModel):
        kind: Literal["dummy"] = "dummy"
        html: str

    members = (*get_args(get_args(blocks.Block)[0]), Dummy)
    union = Annotated[reduce(operator.or_, members), Field(discriminator="kind")]  # type: ignore[valid-type]
    monkeypatch.setattr(blocks, "Block", union)
    assert "dummy" in block_types()
    with pytest.raises(AssertionError, match="a block kind has no fixture"):
        test_every_type_of_the_model_has_a_fixture()


def test_an_exporter_that_drops_or_changes_a_type_is_found(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from bwise_mooc.exporters import html as html_blocks

    render_block = html_blocks.render_block
    render_question = html_blocks._render_question

    def without_tables(block: Any, context: Any) -> Any:
        return "" if isinstance(block, ir.Table) else render_block(block, context)

    def numbers_as_text(view: Any) -> Any:
        if isinstance(view.question, ir.Numeric):
            fields = view.question.model_dump(exclude={"type", "answers"})
            return render_question(replace(view, question=ir.ShortText(**fields, accepted=())))
        return render_question(view)

    monkeypatch.setattr(html_blocks, "render_block", without_tables)
    monkeypatch.setattr(html_blocks, "_render_question", numbers_as_text)
    root = write_course(tmp_path)
    (preview,) = build(root, tmp_path / "out", ["html"])["html"]
    assert block_problems(preview, "table") == ["html: xqtableqx is missing"]
    assert block_problems(preview, "paragraph") == []
    assert any("has inputs text" in p for p in form_problems(preview, "numeric", True))
    assert form_problems(preview, "short_text", True) == []
