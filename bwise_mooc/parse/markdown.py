"""The one configured Markdown parser, and the HTML policy of every fragment we emit.

CommonMark plus tables, YAML front matter and our quiz blocks. Raw HTML is parsed, then every
rendered fragment passes through an allow-list sanitizer (nh3): no script, no event handlers,
no ``javascript:`` URLs, only harmless inline styles.
"""

import re
from functools import cache
from urllib.parse import urlsplit

import nh3
from markdown_it import MarkdownIt
from mdit_py_plugins.attrs import attrs_plugin
from mdit_py_plugins.front_matter import front_matter_plugin

from bwise_mooc.parse.quiz_block import quiz_block_plugin

ALLOWED_TAGS = frozenset(
    [
        "a",
        "abbr",
        "b",
        "blockquote",
        "br",
        "caption",
        "code",
        "dd",
        "del",
        "div",
        "dl",
        "dt",
        "em",
        "figcaption",
        "figure",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "hr",
        "i",
        "img",
        "kbd",
        "li",
        "mark",
        "ol",
        "p",
        "pre",
        "q",
        "s",
        "small",
        "span",
        "strong",
        "sub",
        "sup",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "tr",
        "u",
        "ul",
    ]
)
ALLOWED_ATTRIBUTES = {
    "*": {"lang", "dir", "title"},
    "a": {"href", "hreflang"},
    "img": {"src", "alt", "width", "height"},
    "h1": {"id"},
    "h2": {"id"},
    "h3": {"id"},
    "h4": {"id"},
    "h5": {"id"},
    "h6": {"id"},
    "th": {"style", "scope"},
    "td": {"style"},
    "code": {"class"},
    "ol": {"start"},
    "abbr": {"title"},
}
URL_SCHEMES = frozenset({"http", "https", "mailto", "tel"})


@cache
def make_markdown() -> MarkdownIt:
    """The parser used for every lesson; HTML is allowed in and sanitised on the way out."""
    md = MarkdownIt("commonmark", {"html": True, "typographer": False})
    md.enable("table")
    md.enable("strikethrough")
    md.use(front_matter_plugin)
    md.use(quiz_block_plugin)
    # [Settings]{lang=en}: words in another language, so screen readers switch voice;
    # ![...](media/steps.svg){.sequence}: a picture of steps in order (render.py checks it)
    md.use(attrs_plugin, spans=True, allowed=["lang", "dir", "class"])
    return md


RAW_HTML_TAGS = (ALLOWED_TAGS - {"img"}) | {"iframe"}  # images go through Markdown
VIDEO_HOSTS = frozenset({"www.youtube-nocookie.com", "youtube-nocookie.com", "player.vimeo.com"})
IFRAME_ATTRIBUTES = {"src", "title", "width", "height", "allowfullscreen", "loading"}
EMPTY_IFRAME = re.compile(r"<iframe(?![^>]*\ssrc=)[^>]*>\s*</iframe>")


def allowed_frame(src: str) -> bool:
    """May a frame show ``src``? Only https pages of the allow-listed video hosts, written so
    that every browser reads the same host as this check: no backslash (which browsers read as
    '/'), no user name before an '@', no port, no spaces or control characters."""
    if re.search(r"[\\\s\x00-\x1f\x7f]", src):
        return False
    try:
        parts = urlsplit(src)
        port = parts.port
    except ValueError:
        return False
    return (
        parts.scheme == "https"
        and "@" not in parts.netloc
        and port is None
        and parts.netloc == parts.hostname
        and parts.hostname in VIDEO_HOSTS
    )


def _frame_filter(tag: str, attribute: str, value: str) -> str | None:
    """Frames may only show videos from the allow-listed hosts, over https."""
    if tag == "iframe" and attribute == "src":
        return value if allowed_frame(value) else None
    return value


def _raw_link_filter(tag: str, attribute: str, value: str) -> str | None:
    """In raw HTML, links may only go to the web: links into the course use Markdown."""
    if tag == "a" and attribute == "href":
        return value if value.lower().startswith(("https://", "http://", "mailto:")) else None
    return _frame_filter(tag, attribute, value)


def sanitise_raw(html: str) -> str:
    """Clean raw HTML written by an author: the allow-list, minus images and local links
    (which must be written in Markdown so that they are checked)."""
    cleaned = nh3.clean(
        html,
        tags=set(RAW_HTML_TAGS),
        attributes={
            **{tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items() if tag != "img"},
            "iframe": IFRAME_ATTRIBUTES,
        },
        url_schemes=set(URL_SCHEMES),
        filter_style_properties={"text-align"},
        link_rel=None,
        strip_comments=True,
        attribute_filter=_raw_link_filter,
    )
    return EMPTY_IFRAME.sub("", cleaned)


def sanitise(html: str) -> str:
    """Clean an HTML fragment with the project's allow-list (frames already checked)."""
    return nh3.clean(
        html,
        tags=set(ALLOWED_TAGS) | {"iframe"},
        attributes={
            **{tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
            "iframe": IFRAME_ATTRIBUTES,
        },
        attribute_filter=_frame_filter,
        url_schemes=set(URL_SCHEMES),
        filter_style_properties={"text-align"},
        link_rel=None,
        strip_comments=True,
    )
