"""A handout's HTML document -> tagged PDF bytes, with WeasyPrint.

The style sheets are the package's own (``print.css``, and ``easy-print.css`` for the
Easy-to-Read layout) plus the page furniture in the handout's language (``page_css``:
"Page 3 of 12" and the running header, on the side where the language starts). Fonts are the
machine's (DejaVu, Noto... by ``font-family``); nothing is downloaded.

The PDF is tagged (``pdf_tags``: structure tree, /MarkInfo, /Lang from ``<html lang>``, and
DisplayDocTitle, so a viewer shows the ``<title>``). No PDF/UA variant is asked for: nothing
here validates that claim. Dates come from the build's fixed time (``<meta name=dcterms.*>``)
and the file identifier from the plan, so the same sources give the same bytes.
"""

from collections.abc import Callable, Mapping
from importlib import resources
from pathlib import Path

from bwise_mooc.exporters.pdf.engine import CSS, HTML
from bwise_mooc.exporters.pdf.fetcher import BASE_URL, CourseFiles
from bwise_mooc.i18n import gettext, text_direction

PRINT_CSS = "print.css"
EASY_CSS = "easy-print.css"


def stylesheet_text(name: str) -> str:
    return resources.files("bwise_mooc.exporters.pdf").joinpath(name).read_text("utf-8")


def css_string(text: str) -> str:
    """``text`` as a CSS string token: quoted, with quotes, backslashes and line ends escaped."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    escaped = escaped.replace("\n", "\\a ").replace("\r", "")
    return f'"{escaped}"'


def page_number_content(language: str) -> str:
    """The ``content`` of the page-number box: the translated "Page {n} of {total}" with CSS
    counters in place of its two placeholders."""
    words = gettext(language, "Page {n} of {total}")
    before, _, rest = words.partition("{n}")
    middle, _, after = rest.partition("{total}")
    parts = [css_string(before), "counter(page)", css_string(middle), "counter(pages)"]
    if after:
        parts.append(css_string(after))
    return " ".join(parts)


def page_css(language: str) -> str:
    """Page size, running header (course where the reading starts, module at the other end)
    and the page numbers in ``language``."""
    start, end = ("right", "left") if text_direction(language) == "rtl" else ("left", "right")
    return "\n".join(
        [
            "@page {",
            f"  @top-{start} {{ content: string(course); }}",
            f"  @top-{end} {{ content: string(module); }}",
            f"  @bottom-center {{ content: {page_number_content(language)}; }}",
            "}",
        ]
    )


def render_pdf(
    document: bytes,
    language: str,
    easy_to_read: bool,
    files: Mapping[str, Callable[[], bytes | Path]],
    identifier: bytes,
) -> bytes:
    """The tagged PDF of ``document``, its pictures served from ``files`` only."""
    fetcher = CourseFiles(files)
    sheets = [PRINT_CSS, EASY_CSS] if easy_to_read else [PRINT_CSS]
    stylesheets = [CSS(string=stylesheet_text(name), url_fetcher=fetcher) for name in sheets]
    stylesheets.append(CSS(string=page_css(language), url_fetcher=fetcher))
    html = HTML(string=document.decode("utf-8"), base_url=BASE_URL, url_fetcher=fetcher)
    data: bytes = html.write_pdf(
        stylesheets=stylesheets,
        pdf_tags=True,
        pdf_identifier=identifier,
        uncompressed_pdf=False,
        custom_metadata=False,
    )
    return data
