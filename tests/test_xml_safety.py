"""Any XML bwise-mooc reads is parsed with entities, DTD loading and network access off."""

from pathlib import Path

import pytest
from lxml import etree

from bwise_mooc.diagnostics import Diagnostics
from bwise_mooc.ir import SourceSpan
from bwise_mooc.parse.media import check_image
from bwise_mooc.validate import manifest_problems, safe_parser

SECRET = "top-secret-value"
XXE = '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file://{path}">]><x>&e;</x>'
LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "lol"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
    '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]><l>&d;</l>'
)


def test_external_entities_are_not_resolved(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text(SECRET)
    root = etree.fromstring(XXE.format(path=secret).encode(), safe_parser())
    assert SECRET not in etree.tostring(root).decode()


def test_entity_expansion_is_not_performed() -> None:
    root = etree.fromstring(LAUGHS.encode(), safe_parser())
    assert len(etree.tostring(root)) < 1000


def test_a_manifest_with_an_external_entity_is_not_read_through(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text(SECRET)
    document = XXE.format(path=secret).replace("<x>&e;</x>", "<manifest>&e;</manifest>").encode()
    problems = manifest_problems(document, "scorm12")
    assert problems and all(SECRET not in problem for problem in problems)


@pytest.mark.parametrize("payload", [XXE, LAUGHS])
def test_svg_images_with_entities_are_safe(tmp_path: Path, payload: str) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text(SECRET)
    svg = tmp_path / "logo.svg"
    svg.write_text(
        payload.format(path=secret)
        .replace("<x>", '<svg xmlns="http://www.w3.org/2000/svg"><text>')
        .replace("</x>", "</text></svg>")
    )
    diagnostics = Diagnostics()
    check_image(svg, "logo.svg", SourceSpan(path="lesson.md"), diagnostics)
    assert all(SECRET not in str(d) for d in diagnostics)
