"""Keyboard only: a learner completes a module assessment in the SCORM player with Tab, Space
and Enter (and typing into text fields), and the LMS records every answer."""

import pytest
from playwright.sync_api import Frame

from bwise_mooc import ir
from tests.browser.scorm_lms import Lms, interactions
from tests.browser.test_scorm import graded

pytestmark = pytest.mark.browser

FOCUS = """() => {
  const a = document.activeElement;
  const form = a && a.closest ? a.closest("form.question") : null;
  return {
    tag: a ? a.tagName.toLowerCase() : "",
    type: a && a.type ? a.type : "",
    id: a ? a.id : "",
    text: a ? (a.textContent || "").trim() : "",
    graded: !!(form && form.closest(".quiz--graded") && form.offsetParent !== null),
    locked: !!(form && form.classList.contains("is-locked")),
    chosen: !!(form && (form.querySelector("input:checked") || [...form.querySelectorAll("input[type=text]")].some(i => i.value)))
  };
}"""


def press(frame: Frame, key: str) -> None:
    frame.page.keyboard.press(key)


def test_a_module_assessment_with_the_keyboard_alone(
    lms: Lms, installed: dict[tuple[str, str], str], course: ir.Course
) -> None:
    module = course.modules[0]
    frame = lms.launch("1.2", f"{installed['1.2', 'module']}/{module.folder}/index.html")
    frame.locator("body").focus()
    questions = graded(module.lessons)
    target = questions[0][0]
    keys = 0
    # to the assessment lesson through the contents list
    while keys < 200:
        press(frame, "Tab")
        keys += 1
        if (
            frame.evaluate("() => document.activeElement.getAttribute('href')")
            == f"#lesson-{target.id}"
        ):
            press(frame, "Enter")
            break
    answered = 0
    while answered < len(questions) and keys < 1500:
        press(frame, "Tab")
        keys += 1
        focus = frame.evaluate(FOCUS)
        if not focus["graded"] or focus["locked"]:
            continue
        if focus["tag"] == "input" and not focus["chosen"]:
            if focus["type"] in {"radio", "checkbox"}:
                press(frame, "Space")
            else:
                frame.page.keyboard.type("7")
        elif focus["tag"] == "button" and focus["chosen"]:
            press(frame, "Enter")
            answered += 1
    assert answered == len(questions), f"answered {answered} of {len(questions)} after {keys} keys"
    cmi = lms.close()
    assert len(interactions(cmi)) == len(questions)
    assert cmi["cmi"]["core"]["lesson_status"] in {"passed", "failed"}
    assert lms.lms_errors() == []
