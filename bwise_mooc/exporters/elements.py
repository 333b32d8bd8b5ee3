"""Stage 3 helper for the formats that build their documents with lxml (EPUB, PDF handouts):
text placed where the HTML it came from had it."""

from lxml import etree


def append_text(parent: etree._Element, text: str | None) -> None:
    """Add ``text`` at the end of ``parent``: after its last child (as that child's tail), or
    as its own text when it has no child."""
    if not text:
        return
    if len(parent):
        parent[-1].tail = (parent[-1].tail or "") + text
    else:
        parent.text = (parent.text or "") + text
