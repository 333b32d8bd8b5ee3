"""One quiz of the cartridge as a QTI 1.2.1 assessment in the Common Cartridge 1.1 profile.

The assessment carries the profile's metadata (``cc.exam.v0p1``, an "Examination" scored in
percent) and how many attempts a learner has: ``course.grading.attempts`` for a module
assessment, ``unlimited`` for a knowledge check (Moodle reads ``cc_maxattempts``, and
``unlimited`` as no limit: ``backup/cc/entity11.quiz.class.php``). Its one section holds one
item per question, written by ``items.py``; fragments are resolved for the QTI file's folder
(``links.CartridgeLinks`` with the ``$IMS-CC-FILEBASE$`` token).
"""

from collections.abc import Mapping

from lxml import etree

from bwise_mooc import ir
from bwise_mooc.exporters.cc.items import QTI, item, metadata, sub
from bwise_mooc.exporters.cc.links import FILEBASE, AnswerLinks, CartridgeLinks
from bwise_mooc.exporters.cc.plan import Test
from bwise_mooc.exporters.links import resolved

XSI = "http://www.w3.org/2001/XMLSchema-instance"
SCHEMA_LOCATION = f"{QTI} http://www.imsglobal.org/profile/cc/ccv1p1/ccv1p1_qtiasiv1p2p1_v1p0.xsd"
UNLIMITED = "unlimited"


def assessment(course: ir.Course, test: Test, pages: Mapping[str, str]) -> bytes:
    """The QTI file of ``test`` (``pages``: every lesson's page by its source path)."""
    root = etree.Element(f"{{{QTI}}}questestinterop", nsmap={None: QTI, "xsi": XSI})
    root.set(f"{{{XSI}}}schemaLocation", SCHEMA_LOCATION)
    element = sub(root, "assessment", ident=test.resource_id, title=test.title)
    attempts = str(course.grading.attempts) if test.graded else UNLIMITED
    metadata(element, _assessment_fields(attempts))
    section = sub(element, "section", ident=f"{test.resource_id}_section")
    folder = test.path.rsplit("/", 1)[0]
    for question in test.questions:
        lesson = question.lesson.path
        links = CartridgeLinks(course.media, pages, folder, FILEBASE, pages[lesson])
        section.append(item(question, _resolved(question.question, lesson, links), course.language))
    data: bytes = etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    return data


def _resolved(question: ir.Question, lesson: str, links: CartridgeLinks) -> ir.Question:
    """``question`` resolved for its QTI file; its choices' files as Moodle carries them
    (``links.AnswerLinks``)."""
    done = resolved(question, lesson, links)
    if isinstance(question, ir.SingleChoice | ir.MultipleResponse) and isinstance(
        done, ir.SingleChoice | ir.MultipleResponse
    ):
        answers = AnswerLinks(links.media, links.pages, links.folder, links.token, links.page)
        choices = tuple(resolved(choice, lesson, answers) for choice in question.choices)
        done = done.model_copy(update={"choices": choices})
    return done


def _assessment_fields(attempts: str) -> dict[str, str]:
    return {
        "cc_profile": "cc.exam.v0p1",
        "qmd_assessmenttype": "Examination",
        "qmd_scoretype": "Percentage",
        "qmd_feedbackpermitted": "Yes",
        "qmd_hintspermitted": "Yes",
        "qmd_solutionspermitted": "Yes",
        "cc_maxattempts": attempts,
    }
