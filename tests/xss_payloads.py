"""Cross-site scripting payloads (OWASP cheat-sheet style), written for these tests.

Each one tries to run ``alert('XSS')`` (or to leave the page) from a lesson or a quiz.
"""

RAW_HTML = [
    "<script>alert('XSS')</script>",
    "<img src=x onerror=alert('XSS')>",
    "<svg onload=alert('XSS')>",
    "<svg><script>alert('XSS')</script></svg>",
    "<body onload=alert('XSS')>",
    "<iframe src=\"javascript:alert('XSS')\"></iframe>",
    "<iframe srcdoc=\"<script>alert('XSS')</script>\"></iframe>",
    "<a href=\"javascript:alert('XSS')\">click</a>",
    "<a href=\"JaVaScRiPt:alert('XSS')\">click</a>",
    "<a href=\"&#106;avascript:alert('XSS')\">click</a>",
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgnWFNTJyk8L3NjcmlwdD4=">click</a>',
    "<div style=\"background:url(javascript:alert('XSS'))\">styled</div>",
    "<div style=\"width: expression(alert('XSS'))\">styled</div>",
    "<object data=\"javascript:alert('XSS')\"></object>",
    "<embed src=\"javascript:alert('XSS')\">",
    "<form action=\"javascript:alert('XSS')\"><button>go</button></form>",
    "<input autofocus onfocus=alert('XSS')>",
    "<details open ontoggle=alert('XSS')>details</details>",
    "<video><source onerror=alert('XSS')></video>",
    "<audio src=x onerror=alert('XSS')>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert('XSS')>",
    "<base href=\"javascript:alert('XSS')//\">",
    '<meta http-equiv="refresh" content="0;url=javascript:alert(\'XSS\')">',
    '<link rel="stylesheet" href="javascript:alert(\'XSS\')">',
    "<style>@import 'javascript:alert(\"XSS\")';</style>",
    "<marquee onstart=alert('XSS')>moving</marquee>",
    '<p title="x" onmouseover="alert(\'XSS\')">hover</p>',
    "<img src=\"javascript:alert('XSS')\">",
    "<scr<script>ipt>alert('XSS')</scr</script>ipt>",
    "\"><script>alert('XSS')</script>",
    "<noscript><p title=\"</noscript><img src=x onerror=alert('XSS')>\">",
    "<textarea><script>alert('XSS')</script></textarea>",
    "<a href=\"vbscript:msgbox('XSS')\">click</a>",
    "<svg><a xlink:href=\"javascript:alert('XSS')\"><text>x</text></a></svg>",
    "<img src=x:alert(alt) onerror=eval(src) alt=0>",
    '<div hidden style="display:none">hidden text</div>',
]

# Markdown links and images with dangerous schemes: these are refused with an error.
MARKDOWN_LINKS = [
    "[click](javascript:alert('XSS'))",
    "[click](JAVASCRIPT:alert('XSS'))",
    "[click](vbscript:msgbox('XSS'))",
    "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgnWFNTJyk8L3NjcmlwdD4=)",
    "![picture](javascript:alert('XSS'))",
]
