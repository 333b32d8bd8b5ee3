"""Independent checker of SCORM run-time data-model values a SCO writes, for conformance tests.

A browser test records every ``SetValue`` (SCORM 2004) or ``LMSSetValue`` (SCORM 1.2) call a
SCO makes, as ``(element, value)`` pairs in call order, and hands them to ``check_calls``. The
checker replays them against a model of the LMS's side of the data model and reports every value
that an LMS may refuse: wrong syntax, out of range, over the smallest permitted maximum (SPM),
read-only or unknown element, index out of order, dependency not established.

The rules are written from the specifications, not from any LMS or library implementation and
not from this project's exporters:

* SCORM 1.2: ADL "Sharable Content Object Reference Model Version 1.2, The SCORM Run-Time
  Environment", section 3.3 (data model elements) and section 3.4.2 (data types, "CMIFeedback"
  per interaction type);
* SCORM 2004 4th edition: ADL "SCORM 2004 4th Edition Run-Time Environment (RTE)",
  section 4.1.1 and appendix A (data types), section 4.2 (data model elements; 4.2.9 interactions
  with Table 4.2.9.1a correct response patterns and Table 4.2.9.2a learner responses).

Each rule carries, in a comment, the passage it relies on (quoted, or closely paraphrased where
only a paraphrase was available). Where the text leaves room, the checker takes the strictest
reading an LMS could apply, and the comment says "STRICT" with the reason: the purpose is to fail
on anything some conformant LMS could refuse.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal

Version = Literal["1.2", "2004"]
Check = Callable[[str], list[str]]

# ---------------------------------------------------------------------------------------------
# Generic helpers
# ---------------------------------------------------------------------------------------------

_INDEX = re.compile(r"0|[1-9][0-9]*")


def _show(value: str, limit: int = 80) -> str:
    """The value as a readable literal, shortened when long."""
    if len(value) > limit:
        return repr(value[:limit]) + f"... ({len(value)} characters)"
    return repr(value)


def _has_lone_surrogate(value: str) -> bool:
    return any(0xD800 <= ord(ch) <= 0xDFFF for ch in value)


def _characterstring(spm: int) -> Check:
    # 2004 RTE 4.1.1 "characterstring": "A string of characters ... ISO-10646"; every element
    # gives its SPM (smallest permitted maximum). The LMS must keep at least SPM characters; it
    # may refuse or truncate more (RTE 4.1.1: "the LMS ... may support more ... implementation
    # specific"). STRICT: anything beyond the SPM is reported, since an LMS may refuse it.
    def check(value: str) -> list[str]:
        problems = []
        if len(value) > spm:
            problems.append(f"longer than the SPM of {spm} characters ({len(value)})")
        if _has_lone_surrogate(value):
            problems.append("contains a lone UTF-16 surrogate, not an ISO-10646 character")
        return problems

    return check


def _vocabulary(*tokens: str) -> Check:
    def check(value: str) -> list[str]:
        if value in tokens:
            return []
        return [f"not one of the vocabulary tokens {', '.join(repr(t) for t in tokens)}"]

    return check


def _all(*checks: Check) -> Check:
    def check(value: str) -> list[str]:
        return [p for c in checks for p in c(value)]

    return check


# ---------------------------------------------------------------------------------------------
# SCORM 1.2 data types (SCORM 1.2 RTE, section 3.4.2 "Data Types")
# ---------------------------------------------------------------------------------------------

# "CMIDecimal: A number that may have a decimal point. If not preceded by a minus sign, the number
# is presumed to be positive. Examples are "2", "2.2" and "-2.2"."
# STRICT: only "-" may precede the digits (a "+" sign is never mentioned), there must be digits
# before the point and, when there is a point, after it ("48." and ".5" are not in the examples'
# form). Only ASCII digits: the binding is ECMAScript and the examples are ASCII.
_CMI_DECIMAL = re.compile(r"-?[0-9]+(?:\.[0-9]+)?")


def _cmi_decimal(value: str) -> list[str]:
    if _CMI_DECIMAL.fullmatch(value):
        return []
    return ["not a CMIDecimal (optional '-', ASCII digits, optional '.' followed by digits)"]


def _cmi_decimal_or_blank(lo: Decimal | None = None, hi: Decimal | None = None) -> Check:
    # cmi.core.score.raw/min/max: "CMIDecimal or CMIBlank"; CMIBlank "represents an empty
    # string". The 1.2 RTE (3.3, cmi.core.score.raw) describes the score as a number "between 0
    # and 100" and the ADL 1.2 conformance test treats other values as out of range, so 0..100 is
    # enforced for every score element, including cmi.objectives.n.score.* (same definition).
    def check(value: str) -> list[str]:
        if value == "":
            return []
        problems = _cmi_decimal(value)
        if problems:
            return problems
        number = Decimal(value)
        if (lo is not None and number < lo) or (hi is not None and number > hi):
            return [f"outside the range {lo}..{hi}"]
        return []

    return check


# "CMIString255: A set of ASCII characters with a maximum length of 255 characters."
# "CMIString4096: A set of ASCII characters with a maximum length of 4096 characters."
# The 1.2 text says ASCII, but every 1.2 LMS works with JavaScript strings and the
# conformance test suite stores non-ASCII text; flagging non-ASCII would reject every
# translated course. Only the length is enforced; a lone surrogate is reported (it cannot be
# stored as text at all).
def _cmi_string(spm: int) -> Check:
    return _characterstring(spm)


# "CMIIdentifier: An alphanumeric group of characters with no white space or unprintable
# characters in it. Maximum of 255 characters."
# "An alphanumeric group of characters with no white space or unprintable characters in it":
# read as printable ASCII without white space, U+0021-U+007E, which is how Moodle's 1.2 run-time
# (mod/scorm/datamodels/scorm_12.js: CMIIdentifier = '^[\\u0021-\\u007E]{0,255}$') and
# scorm-again read it; the second half of the sentence says what "alphanumeric" excludes. An
# empty value is not "a group of characters".
_CMI_IDENTIFIER = re.compile(r"[\u0021-\u007E]{1,255}")


def _cmi_identifier(value: str) -> list[str]:
    if _CMI_IDENTIFIER.fullmatch(value):
        return []
    if value == "":
        return ["an empty CMIIdentifier"]
    if len(value) > 255:
        return [f"a CMIIdentifier longer than 255 characters ({len(value)})"]
    return ["not a CMIIdentifier (ASCII letters and digits only, no white space or punctuation)"]


# "CMITime: A chronological point in a 24 hour clock. Identified in hours, minutes and seconds in
# the format HH:MM:SS.SS. Hours, minutes and seconds shall contain 2 digits; seconds may have an
# optional decimal point and one or two additional digits."
_CMI_TIME = re.compile(r"([0-9]{2}):([0-9]{2}):([0-9]{2})(?:\.[0-9]{1,2})?")


def _cmi_time(value: str) -> list[str]:
    m = _CMI_TIME.fullmatch(value)
    if not m:
        return ["not a CMITime HH:MM:SS[.SS] (two digits each)"]
    hh, mm, ss = (int(g) for g in m.groups())
    if hh > 23 or mm > 59 or ss > 59:
        return ["not a time on a 24 hour clock"]
    return []


# "CMITimespan: A length of time in hours, minutes, and seconds shown in the following numerical
# format: HHHH:MM:SS.SS. Hours have a minimum of 2 digits and a maximum of 4 digits. Minutes shall
# consist of exactly 2 digits. Seconds shall contain 2 digits, with an optional decimal point and
# 1 or 2 additional digits (i.e. 34.45)."
# STRICT: minutes and seconds are 00..59 (a clock-style field of exactly two digits).
_CMI_TIMESPAN = re.compile(r"[0-9]{2,4}:([0-9]{2}):([0-9]{2})(?:\.[0-9]{1,2})?")


def _cmi_timespan(value: str) -> list[str]:
    m = _CMI_TIMESPAN.fullmatch(value)
    if not m:
        return ["not a CMITimespan HHHH:MM:SS.SS (2-4 hour digits, 2 minute and 2 second digits)"]
    if int(m.group(1)) > 59 or int(m.group(2)) > 59:
        return ["minutes or seconds above 59"]
    return []


# "CMISInteger: An integer number from -32768 to +32767"; each element narrows the range.
def _cmi_sinteger(lo: int, hi: int) -> Check:
    def check(value: str) -> list[str]:
        if not re.fullmatch(r"-?[0-9]+", value):
            return ["not a CMISInteger"]
        if not lo <= int(value) <= hi:
            return [f"outside the range {lo}..{hi}"]
        return []

    return check


# ---- 1.2 CMIFeedback by interaction type (RTE 3.4.2 "CMIFeedback", and 3.3 for
# cmi.interactions.n.correct_responses.n.pattern and cmi.interactions.n.student_response) ----

_ONE_CHAR = r"[0-9a-z]"


def _braced(pattern: str, allow_braces: bool) -> str:
    # choice and matching patterns: "If all the characters must be chosen to assume the pattern is
    # correct, then the comma-separated list must be surrounded by curly brackets ({ })".
    # STRICT: braces belong to the correct-response pattern; a student response has none.
    return rf"(?:\{{{pattern}\}}|{pattern})" if allow_braces else pattern


def _feedback_12(itype: str, value: str, *, pattern: bool) -> list[str]:
    if itype == "true-false":
        # "true-false: 0,1,t,f" - one of these single characters.
        if value in ("0", "1", "t", "f"):
            return []
        return ["not a true-false CMIFeedback ('0', '1', 't' or 'f')"]
    if itype == "choice":
        # "choice: One or more single characters separated by a comma. Legal characters are 0 to
        # 9 and a to z." So "c27" (three characters) is not one choice.
        body = rf"{_ONE_CHAR}(?:,{_ONE_CHAR})*"
        if re.fullmatch(_braced(body, pattern), value):
            return []
        return ["not a choice CMIFeedback (single characters 0-9 or a-z separated by commas)"]
    if itype == "matching":
        # "matching: Pairs of identifiers separated by a period. Identifiers are a single number
        # or lower case letter (0-9, a-z). Pairs are separated by commas."
        pair = rf"{_ONE_CHAR}\.{_ONE_CHAR}"
        body = rf"{pair}(?:,{pair})*"
        if re.fullmatch(_braced(body, pattern), value):
            return []
        return ["not a matching CMIFeedback (pairs like '1.a' separated by commas)"]
    if itype == "sequencing":
        # "sequencing: A series of single characters (0-9, a-z) separated by commas."
        if re.fullmatch(rf"{_ONE_CHAR}(?:,{_ONE_CHAR})*", value):
            return []
        return ["not a sequencing CMIFeedback (single characters 0-9 or a-z separated by commas)"]
    if itype == "likert":
        # "likert: A single number or alphanumeric character."
        # STRICT: one character, from the same 0-9 a-z set as the other single-character types.
        if re.fullmatch(_ONE_CHAR, value):
            return []
        return ["not a likert CMIFeedback (one character 0-9 or a-z)"]
    if itype == "numeric":
        # "numeric: A CMIDecimal."
        return _cmi_decimal(value)
    # "fill-in: An alphanumeric string ... CMIString255"; "performance: ... CMIString255".
    return _cmi_string(255)(value)


# ---------------------------------------------------------------------------------------------
# SCORM 2004 4th edition data types (RTE 4.1.1 and appendix A)
# ---------------------------------------------------------------------------------------------

# real(10,7): RTE 4.1.1 "The real(10,7) data type denotes a real number with a precision of
# seven significant digits." The type name comes from IEEE 1484.11.1, which uses ISO/IEC 11404
# real(radix, factor): values distinguishable to radix**-factor, here 10**-7.
# The characterstring passed to SetValue "shall be convertible to the data type" (RTE 3.1.7.6
# SetValue). Implemented faithfully AND strictly:
#  * plain decimal notation only: an optional leading "-", ASCII digits, optionally "." followed
#    by ASCII digits. No exponent ("1e-05"), no "+" sign, no "48." or ".5", no non-ASCII digits
#    ("٤٨"), no spaces, no "Infinity"/"NaN". The RTE defines no lexical form beyond its examples
#    ("0.5", "-1.0"), so every other spelling is one some LMS may refuse. In particular a leading
#    "+" is NOT accepted: no 2004 example or binding shows it, and the 1.2 ancestor type
#    (CMIDecimal) names only the minus sign.
#  * at most 7 significant digits (the RTE's words) - counted from the first non-zero digit to
#    the last digit written, trailing zeros included (STRICT: "1.5000000" has 8);
#  * at most 7 digits after the point (the ISO/IEC 11404 reading: precision 10**-7).
_REAL = re.compile(r"-?[0-9]+(?:\.[0-9]+)?")


def _real107(value: str, lo: Decimal | None = None, hi: Decimal | None = None) -> list[str]:
    if not _REAL.fullmatch(value):
        return [
            "not a real(10,7) in plain decimal notation (optional '-', ASCII digits, "
            "optional '.' followed by ASCII digits; no '+', exponent or other digits)"
        ]
    integer, _, fraction = value.lstrip("-").partition(".")
    significant = (integer + fraction).lstrip("0")
    problems = []
    if len(significant) > 7:
        problems.append(
            f"more than the 7 significant digits of real(10,7) ({len(significant)} digits)"
        )
    if len(fraction) > 7:
        problems.append(f"more than 7 decimal places ({len(fraction)}) for real(10,7)")
    number = Decimal(value)
    if (lo is not None and number < lo) or (hi is not None and number > hi):
        problems.append(
            f"outside the range {lo if lo is not None else '*'}..{hi if hi is not None else '*'}"
        )
    return problems


def _real(lo: Decimal | None = None, hi: Decimal | None = None) -> Check:
    return lambda value: _real107(value, lo, hi)


# timeinterval (second,10,2), RTE appendix A: "P[yY][mM][dD][T[hH][nM][s[.s]S]] where y, m, d,
# h, n: integer >= 0; s: The number of seconds or fraction of seconds (real or integer, >= 0). If
# fractions of a second are used, SCORM further restricts the string to a maximum of 2 digits
# (e.g., 34.45 - valid, 34.45454545 - not valid). The character literals designators P, Y, M, D,
# T, H, M and S shall appear if the corresponding non-zero value is present. ... If the value of
# years, months, days, hours, minutes or seconds is zero, then the value and corresponding
# designation may be omitted, but at least one designator and value shall be present in addition
# to the designator P. The designator T shall be omitted if all of the time components (hours,
# minutes, seconds) are not used. A zero value may be used with any of the time components (e.g.,
# PT0S)."
# Hence "PT10" (number without designator) and "P0S" (seconds outside the T part: S only exists
# after T in the format) are NOT valid; "PT0S" is. "PT" alone fails ("T shall be omitted if all
# of the time components are not used"). STRICT: a fraction needs digits on both sides of '.'.
_TIMEINTERVAL = re.compile(
    r"P(?:[0-9]+Y)?(?:[0-9]+M)?(?:[0-9]+D)?"
    r"(?:T(?:[0-9]+H)?(?:[0-9]+M)?(?:[0-9]+(?:\.[0-9]{1,2})?S)?)?"
)


def _timeinterval(value: str) -> list[str]:
    if not _TIMEINTERVAL.fullmatch(value) or value == "P" or value.endswith("T"):
        return [
            "not a timeinterval P[yY][mM][dD][T[hH][nM][s[.s]S]] (at least one number with its "
            "designator; seconds only after T; at most 2 fraction digits)"
        ]
    return []


# time (second,10,0), RTE appendix A: "YYYY[-MM[-DD[Thh[:mm[:ss[.s[TZD]]]]]]] where YYYY: four
# digit year (1970 <= YYYY <= 2038); MM: two digit month (01 through 12); DD: two digit day of
# month (01 through 31, depending on the value of month and year); hh: two digits of hour (00
# through 23); mm: two digits of minute (00 through 59); ss: two digits of second (00 through 59);
# s: one or more digits representing a decimal fraction of a second. If fractions of a second are
# used, SCORM further restricts the string to a maximum of 2 digits; TZD: time zone designator
# (Z or +hh:mm or -hh:mm or +hh or -hh). At least the four digit year must be present. ... If TZD
# is defined, then hh:mm:ss.s shall also be defined, although they may be all zeros."
# (The RTE's own examples include two contrary to that last sentence, "...T03:00:00-03:10" and
# "...Z"; STRICT: the normative sentence wins.)
_TIME = re.compile(
    r"(?P<Y>[0-9]{4})(?:-(?P<M>[0-9]{2})(?:-(?P<D>[0-9]{2})(?:T(?P<h>[0-9]{2})"
    r"(?::(?P<m>[0-9]{2})(?::(?P<s>[0-9]{2})(?:\.[0-9]{1,2}"
    r"(?:Z|[+-](?P<zh>[0-9]{2})(?::(?P<zm>[0-9]{2}))?)?)?)?)?)?)?)?"
)


def _time(value: str) -> list[str]:
    m = _TIME.fullmatch(value)
    if not m:
        return [
            "not a time(second,10,0) YYYY[-MM[-DD[Thh[:mm[:ss[.s[TZD]]]]]]] "
            "(a time zone needs seconds with a fraction; at most 2 fraction digits)"
        ]
    g = {k: int(v) for k, v in m.groupdict().items() if v is not None}
    if not 1970 <= g["Y"] <= 2038:
        return ["year outside 1970..2038"]
    if "M" in g and not 1 <= g["M"] <= 12:
        return ["month outside 01..12"]
    if "D" in g and not 1 <= g["D"] <= calendar.monthrange(g["Y"], g["M"])[1]:
        return ["day not in that month"]
    if g.get("h", 0) > 23 or g.get("m", 0) > 59 or g.get("s", 0) > 59:
        return ["hour, minute or second out of range"]
    if g.get("zh", 0) > 23 or g.get("zm", 0) > 59:
        return ["time zone offset out of range"]
    return []


# language_type, RTE 4.1.1: "langcode ['-' subcode]*": langcode is a 2- or 3-letter ISO 639
# code, or "i" (IANA) or "x" (private); a subcode is 1 to 8 letters or digits (RFC 3066
# syntax); SPM 250. Case is not significant.
_LANGUAGE = re.compile(r"(?:[A-Za-z]{2,3}|[iIxX])(?:-[A-Za-z0-9]{1,8})*")


def _language(value: str, *, allow_empty: bool) -> list[str]:
    if value == "" and allow_empty:
        return []
    if len(value) > 250 or not _LANGUAGE.fullmatch(value):
        return [f"{_show(value)} is not a language_type (e.g. 'en', 'en-US', 'fr-CA')"]
    return []


# Reserved delimiters, RTE 4.1.1 (localized_string_type) and 4.2.9.1: "{lang=<language_type>}"
# may begin a localized string; "{case_matters=<boolean>}" and "{order_matters=<boolean>}" may
# begin a fill_in (and long_fill_in / performance) correct response pattern; boolean is "true" or
# "false". The LMS parses a leading "{...=...}" as a delimiter.
# STRICT: the RTE gives no way to escape a "{" that begins the text itself, so an LMS may take
# any text beginning with "{" for a (malformed) delimiter and refuse or mangle it; such text is
# reported, e.g. a fill-in answer "{Settings}".
_LANG_DELIM = re.compile(r"\{lang=([^}]*)\}")


def _localized(value: str, spm: int) -> list[str]:
    """Problems of one localized_string_type: optional {lang=} then text of at most spm chars.

    STRICT: the SPM is counted over the whole value including the delimiter (the RTE states the
    SPM for the element's characterstring).
    """
    problems = _characterstring(spm)(value)
    text = value
    m = _LANG_DELIM.match(value) if value.startswith("{lang=") else None
    if m:
        problems += _language(m.group(1), allow_empty=False)
        text = value[m.end() :]
    if text.startswith("{"):
        problems.append(
            f"text {_show(text, 40)} begins with '{{', which an LMS reads as a reserved "
            "delimiter; the RTE defines no escape for it"
        )
    return problems


def _localized_string(spm: int) -> Check:
    return lambda value: _localized(value, spm)


# long_identifier_type / short_identifier_type, RTE 4.1.1: "The long_identifier_type represents
# a label or identifier. This label or identifier shall be unique within the context of the SCO.
# The long_identifier_type shall be a characterstring that conforms to the syntax defined for
# Universal Resource Identifiers (URI), refer to RFC 3986. SCORM recommends that the URI be a
# globally unique identifier in the form of a Uniform Resource Name (URN) ... Since an empty
# characterstring does not provide sufficient semantic information to uniquely identify a
# value, then a long_identifier_type value shall not be an empty characterstring and cannot
# contain all white space characters. The long_identifier_type value shall be implemented with
# an SPM of 4000 characters." short_identifier_type: same, SPM 250.
# "Conforms to the syntax defined for URI" is applied as RFC 3986 "URI-reference" (absolute URI
# or relative reference): the RTE's own examples use bare tokens such as "choice1" or "tile_1",
# which are relative references, so an absolute URI is only recommended, not required. Anything
# outside RFC 3986 - white space, non-ASCII characters (that is IRI, RFC 3987), "%" without two
# hex digits, "<>\"{}|\\^`", brackets outside a host - is reported.
_P = r"(?:[A-Za-z0-9\-._~!$&'()*+,;=:@]|%[0-9A-Fa-f]{2})"
_P_NC = r"(?:[A-Za-z0-9\-._~!$&'()*+,;=@]|%[0-9A-Fa-f]{2})"
_QF = rf"(?:{_P}|[/?])*"
_AUTH = (
    r"(?:(?:[A-Za-z0-9\-._~!$&'()*+,;=:]|%[0-9A-Fa-f]{2})*@)?"
    r"(?:\[[0-9A-Za-z:.\-_~!$&'()*+,;=]+\]|(?:[A-Za-z0-9\-._~!$&'()*+,;=]|%[0-9A-Fa-f]{2})*)"
    r"(?::[0-9]*)?"
)
_HIER = rf"(?://{_AUTH}(?:/{_P}*)*|/(?:{_P}+(?:/{_P}*)*)?|{_P}+(?:/{_P}*)*|)"
_RELPART = rf"(?://{_AUTH}(?:/{_P}*)*|/(?:{_P}+(?:/{_P}*)*)?|{_P_NC}+(?:/{_P}*)*|)"
_URI_REFERENCE = re.compile(
    rf"(?:[A-Za-z][A-Za-z0-9+\-.]*:{_HIER}|{_RELPART})(?:\?{_QF})?(?:#{_QF})?"
)


def _identifier(value: str, spm: int) -> list[str]:
    if value.strip() == "":
        return ["an identifier may not be empty or all white space"]
    if len(value) > spm:
        return [f"an identifier longer than the SPM of {spm} characters ({len(value)})"]
    if not _URI_REFERENCE.fullmatch(value):
        return [
            f"identifier {_show(value, 40)} does not conform to the URI syntax of RFC 3986 "
            "(no white space, non-ASCII or unescaped special characters)"
        ]
    return []


def _long_identifier(value: str) -> list[str]:
    return _identifier(value, 4000)


def _short_identifier(value: str) -> list[str]:
    return _identifier(value, 250)


# ---- 2004 interaction-type specific formats (RTE 4.2.9.1, Table 4.2.9.1a correct response
# pattern; 4.2.9.2, Table 4.2.9.2a learner response) ----

INTERACTION_TYPES_2004 = (
    "true-false",
    "choice",
    "fill-in",
    "long-fill-in",
    "likert",
    "matching",
    "performance",
    "sequencing",
    "numeric",
    "other",
)

# RTE 4.2.9.1 "Correct Responses Pattern": the number of correct response patterns the LMS shall
# support, per type (the SPM of cmi.interactions.n.correct_responses): true-false 1, choice 10,
# fill-in 5, long-fill-in 5, likert 1, matching 5, performance 5, sequencing 5, numeric 1,
# other 1. For true-false, likert, numeric and other the IEEE defines a single correct response,
# so a second pattern is an error the LMS reports (351); for the others more than the SPM may be
# refused. STRICT: any index beyond the SPM is reported.
CORRECT_RESPONSES_SPM = {
    "true-false": 1,
    "choice": 10,
    "fill-in": 5,
    "long-fill-in": 5,
    "likert": 1,
    "matching": 5,
    "performance": 5,
    "sequencing": 5,
    "numeric": 1,
    "other": 1,
}

_BOOL_DELIMS = ("case_matters", "order_matters")


def _leading_bool_delimiters(value: str, allowed: tuple[str, ...]) -> tuple[str, list[str]]:
    """Strip {case_matters=...}/{order_matters=...} from the start; return rest and problems.

    RTE Table 4.2.9.1a (fill-in): "{case_matters=<boolean>}" and "{order_matters=<boolean>}" may
    appear, each at most once, at the beginning, before any {lang=}; "boolean" is "true" or
    "false". The two may come in either order.
    """
    problems: list[str] = []
    seen: set[str] = set()
    rest = value
    while True:
        m = re.match(r"\{(case_matters|order_matters)=([^}]*)\}", rest)
        if not m:
            break
        name, flag = m.groups()
        if name not in allowed:
            problems.append(f"delimiter {{{name}=}} is not allowed here")
        elif name in seen:
            problems.append(f"delimiter {{{name}=}} appears twice")
        if flag not in ("true", "false"):
            problems.append(f"{{{name}={flag}}} is not 'true' or 'false'")
        seen.add(name)
        rest = rest[m.end() :]
    return rest, problems


def _id_set(value: str, *, unique: bool, spm: int = 36) -> list[str]:
    # choice: "set of short_identifier_type // SPM: 36 short_identifier_types ... each element of
    # the set is separated by a special reserved token ("[,]")"; a set has unique members.
    # sequencing: "ordered list of short_identifier_type, SPM 36, separated by [,]".
    # STRICT: an empty value (no identifier at all) is reported; the RTE's examples always name
    # at least one identifier.
    if value == "":
        return ["an empty list of identifiers"]
    items = value.split("[,]")
    problems = [p for item in items for p in _short_identifier(item)]
    if len(items) > spm:
        problems.append(f"more than {spm} identifiers ({len(items)})")
    if unique and len(set(items)) != len(items):
        problems.append("the identifiers of a choice set must be unique")
    return problems


def _numeric_range(value: str) -> list[str]:
    # numeric pattern: "<min>[:]<max>" - "The <min> represents the lower bound and the <max>
    # represents the upper bound of a range ... If the <min> and <max> are the same, then the
    # correct response is that number"; either may be omitted for an open bound; both are
    # real(10,7).
    # STRICT: the "[:]" is required, at least one bound must be given and min <= max.
    parts = value.split("[:]")
    if len(parts) != 2:
        return ["a numeric pattern must be <min>[:]<max> with exactly one '[:]'"]
    lo, hi = parts
    if lo == "" and hi == "":
        return ["a numeric pattern '[:]' gives neither bound"]
    problems = [f"bound {_show(b)}: {p}" for b in (lo, hi) if b != "" for p in _real107(b)]
    if not problems and lo != "" and hi != "" and Decimal(lo) > Decimal(hi):
        problems.append("the minimum is greater than the maximum")
    return problems


def _pattern_2004(itype: str, value: str) -> list[str]:
    """Correct response pattern format, RTE Table 4.2.9.1a."""
    if itype == "true-false":
        # "true" | "false"
        return [] if value in ("true", "false") else ["a true-false pattern is 'true' or 'false'"]
    if itype == "choice":
        return _id_set(value, unique=True)
    if itype == "sequencing":
        return _id_set(value, unique=False)
    if itype == "fill-in":
        # "{case_matters=}{order_matters=} then bag of localized_string_type, SPM 10 strings of
        # 250 characters each, separated by [,]".
        rest, problems = _leading_bool_delimiters(value, _BOOL_DELIMS)
        return problems + _localized_list(rest)
    if itype == "long-fill-in":
        # "{case_matters=} then localized_string_type SPM 4000".
        rest, problems = _leading_bool_delimiters(value, ("case_matters",))
        return problems + _localized(rest, 4000)
    if itype == "likert":
        return _short_identifier(value)
    if itype == "matching":
        return _records(value)
    if itype == "performance":
        rest, problems = _leading_bool_delimiters(value, ("order_matters",))
        return problems + _steps(rest, pattern=True)
    if itype == "numeric":
        return _numeric_range(value)
    # other: "characterstring SPM 4000".
    return _characterstring(4000)(value)


def _response_2004(itype: str, value: str) -> list[str]:
    """Learner response format, RTE Table 4.2.9.2a."""
    if itype == "true-false":
        return [] if value in ("true", "false") else ["a true-false response is 'true' or 'false'"]
    if itype == "choice":
        return _id_set(value, unique=True)
    if itype == "sequencing":
        return _id_set(value, unique=False)
    if itype == "fill-in":
        # "bag of localized_string_type, SPM 10 strings, each SPM 250, separated by [,]" (no
        # case/order delimiters in a learner response).
        return _localized_list(value)
    if itype == "long-fill-in":
        return _localized(value, 4000)
    if itype == "likert":
        return _short_identifier(value)
    if itype == "matching":
        return _records(value)
    if itype == "performance":
        return _steps(value, pattern=False)
    if itype == "numeric":
        # "real (10,7)".
        return _real107(value)
    return _characterstring(4000)(value)


def _localized_list(value: str) -> list[str]:
    strings = value.split("[,]")
    problems = [f"string {i + 1}: {p}" for i, s in enumerate(strings) for p in _localized(s, 250)]
    if len(strings) > 10:
        problems.append(f"more than the 10 strings allowed ({len(strings)}, split at '[,]')")
    return problems


def _records(value: str) -> list[str]:
    # matching: "bag of records of (source: short_identifier_type, target:
    # short_identifier_type), SPM 36 records; source and target separated by [.], records by
    # [,]". STRICT: at least one record.
    if value == "":
        return ["an empty matching value"]
    records = value.split("[,]")
    problems: list[str] = []
    for record in records:
        parts = record.split("[.]")
        if len(parts) != 2:
            problems.append(f"record {_show(record, 40)} is not <source>[.]<target>")
            continue
        problems += [p for part in parts for p in _short_identifier(part)]
    if len(records) > 36:
        problems.append(f"more than 36 records ({len(records)})")
    return problems


def _steps(value: str, *, pattern: bool) -> list[str]:
    # performance: "{order_matters=} then array of records (step_name: short_identifier_type,
    # step_answer: characterstring SPM 250 or, in a pattern, a numeric range <min>[:]<max>),
    # SPM 125 steps, name and answer separated by [.], steps by [,]; either the name or the answer
    # may be omitted, not both".
    if value == "":
        return ["an empty performance value"]
    steps = value.split("[,]")
    problems: list[str] = []
    for step in steps:
        parts = step.split("[.]")
        if len(parts) != 2:
            problems.append(f"step {_show(step, 40)} is not <step_name>[.]<step_answer>")
            continue
        name, answer = parts
        if name == "" and answer == "":
            problems.append("a step with neither name nor answer")
        if name != "":
            problems += _short_identifier(name)
        if pattern and "[:]" in answer:
            problems += _numeric_range(answer)
        else:
            problems += _characterstring(250)(answer)
    if len(steps) > 125:
        problems.append(f"more than 125 steps ({len(steps)})")
    return problems


# ---------------------------------------------------------------------------------------------
# Element tables
# ---------------------------------------------------------------------------------------------

_HUNDRED = Decimal(100)

# SCORM 1.2 RTE 3.3: the elements a SCO may write (RW or WO); anything else is read-only or
# undefined and LMSSetValue fails (403 "Element is read only", 401 "Not implemented", 201
# "Invalid argument").
_WRITABLE_12: dict[str, Check] = {
    # "cmi.core.lesson_location: CMIString255"
    "cmi.core.lesson_location": _cmi_string(255),
    # "cmi.core.lesson_status: CMIVocabulary (Status): passed, completed, failed, incomplete,
    # browsed, not attempted" - "The SCO shall not set lesson_status to "not attempted"" (the
    # LMS returns 405 "Incorrect data type").
    "cmi.core.lesson_status": _vocabulary("passed", "completed", "failed", "incomplete", "browsed"),
    "cmi.core.score.raw": _cmi_decimal_or_blank(Decimal(0), _HUNDRED),
    "cmi.core.score.min": _cmi_decimal_or_blank(Decimal(0), _HUNDRED),
    "cmi.core.score.max": _cmi_decimal_or_blank(Decimal(0), _HUNDRED),
    # "cmi.core.exit: CMIVocabulary (Exit): time-out, suspend, logout, "" (empty)"
    "cmi.core.exit": _vocabulary("time-out", "suspend", "logout", ""),
    # "cmi.core.session_time: CMITimespan" (write only)
    "cmi.core.session_time": _cmi_timespan,
    # "cmi.suspend_data: CMIString4096"
    "cmi.suspend_data": _cmi_string(4096),
    # "cmi.comments: CMIString4096"
    "cmi.comments": _cmi_string(4096),
    # "cmi.objectives.n.id: CMIIdentifier"
    "cmi.objectives.n.id": _cmi_identifier,
    "cmi.objectives.n.score.raw": _cmi_decimal_or_blank(Decimal(0), _HUNDRED),
    "cmi.objectives.n.score.min": _cmi_decimal_or_blank(Decimal(0), _HUNDRED),
    "cmi.objectives.n.score.max": _cmi_decimal_or_blank(Decimal(0), _HUNDRED),
    # "cmi.objectives.n.status: CMIVocabulary (Status)"
    "cmi.objectives.n.status": _vocabulary(
        "passed", "completed", "failed", "incomplete", "browsed", "not attempted"
    ),
    # "cmi.student_preference.audio: CMISInteger -1..100"; "language: CMIString255";
    # "speed: CMISInteger -100..100"; "text: CMISInteger -1, 0, 1".
    "cmi.student_preference.audio": _cmi_sinteger(-1, 100),
    "cmi.student_preference.language": _cmi_string(255),
    "cmi.student_preference.speed": _cmi_sinteger(-100, 100),
    "cmi.student_preference.text": _cmi_sinteger(-1, 1),
    # "cmi.interactions.n.id: CMIIdentifier" (write only)
    "cmi.interactions.n.id": _cmi_identifier,
    "cmi.interactions.n.objectives.n.id": _cmi_identifier,
    # "cmi.interactions.n.time: CMITime"
    "cmi.interactions.n.time": _cmi_time,
    # "cmi.interactions.n.type: CMIVocabulary (Interaction): true-false, choice, fill-in,
    # matching, performance, likert, sequencing, numeric"
    "cmi.interactions.n.type": _vocabulary(
        "true-false",
        "choice",
        "fill-in",
        "matching",
        "performance",
        "likert",
        "sequencing",
        "numeric",
    ),
    # "cmi.interactions.n.weighting: CMIDecimal"
    "cmi.interactions.n.weighting": _cmi_decimal,
    # "cmi.interactions.n.result: CMIVocabulary (Result): correct, wrong, unanticipated,
    # neutral, x.x (CMIDecimal)"
    "cmi.interactions.n.result": lambda v: (
        []
        if v in ("correct", "wrong", "unanticipated", "neutral")
        else [
            p.replace("not a CMIDecimal", "neither a result token nor a CMIDecimal")
            for p in _cmi_decimal(v)
        ]
    ),
    # "cmi.interactions.n.latency: CMITimespan"
    "cmi.interactions.n.latency": _cmi_timespan,
    # pattern and student_response are CMIFeedback, checked against the type (see _Checker12).
    "cmi.interactions.n.correct_responses.n.pattern": _cmi_string(255),
    "cmi.interactions.n.student_response": _cmi_string(255),
}

_COMPLETION = ("completed", "incomplete", "not attempted", "unknown")
_SUCCESS = ("passed", "failed", "unknown")
_ONE = Decimal(1)

# SCORM 2004 4th ed. RTE 4.2: the elements a SCO may write. Read-only, undefined and
# keyword (_count, _children, _version) elements fail (404 "Data Model Element Is Read Only",
# 401 "Undefined Data Model Element").
_WRITABLE_2004: dict[str, Check] = {
    # 4.2.14 "cmi.location: characterstring (SPM: 1000)"
    "cmi.location": _characterstring(1000),
    # 4.2.4 "cmi.completion_status: completed, incomplete, not attempted, unknown"
    "cmi.completion_status": _vocabulary(*_COMPLETION),
    # 4.2.22 "cmi.success_status: passed, failed, unknown"
    "cmi.success_status": _vocabulary(*_SUCCESS),
    # 4.2.20 "cmi.score.scaled: real (10,7) range (-1..1)"; raw/min/max "real (10,7)"
    "cmi.score.scaled": _real(-_ONE, _ONE),
    "cmi.score.raw": _real(),
    "cmi.score.min": _real(),
    "cmi.score.max": _real(),
    # 4.2.18 "cmi.progress_measure: real (10,7) range (0..1)"
    "cmi.progress_measure": _real(Decimal(0), _ONE),
    # 4.2.21 "cmi.session_time: timeinterval (second,10,2)" (write only)
    "cmi.session_time": _timeinterval,
    # 4.2.8 "cmi.exit: time-out, suspend, logout, normal, "" (empty characterstring)"
    "cmi.exit": _vocabulary("time-out", "suspend", "logout", "normal", ""),
    # 4.2.23 "cmi.suspend_data: characterstring (SPM: 64000)"
    "cmi.suspend_data": _characterstring(64000),
    # 4.2.1 comments_from_learner: "comment: localized_string_type (SPM: 4000)";
    # "location: characterstring (SPM: 250)"; "timestamp: time (second,10,0)"
    "cmi.comments_from_learner.n.comment": _localized_string(4000),
    "cmi.comments_from_learner.n.location": _characterstring(250),
    "cmi.comments_from_learner.n.timestamp": _time,
    # 4.2.12 learner_preference: "audio_level: real(10,7), range (0..*)"; "language:
    # language_type (SPM 250)" (the empty characterstring means no preference);
    # "delivery_speed: real(10,7), range (0..*)"; "audio_captioning: -1, 0, 1".
    "cmi.learner_preference.audio_level": _real(Decimal(0)),
    "cmi.learner_preference.language": lambda v: _language(v, allow_empty=True),
    "cmi.learner_preference.delivery_speed": _real(Decimal(0)),
    "cmi.learner_preference.audio_captioning": _vocabulary("-1", "0", "1"),
    # 4.2.17 objectives: "id: long_identifier_type (SPM: 4000)"; "score.scaled: real (10,7)
    # range (-1..1)"; "score.raw/min/max: real (10,7)"; "success_status"; "completion_status";
    # "progress_measure: real (10,7) range (0..1)"; "description: localized_string_type
    # (SPM: 250)".
    "cmi.objectives.n.id": _long_identifier,
    "cmi.objectives.n.score.scaled": _real(-_ONE, _ONE),
    "cmi.objectives.n.score.raw": _real(),
    "cmi.objectives.n.score.min": _real(),
    "cmi.objectives.n.score.max": _real(),
    "cmi.objectives.n.success_status": _vocabulary(*_SUCCESS),
    "cmi.objectives.n.completion_status": _vocabulary(*_COMPLETION),
    "cmi.objectives.n.progress_measure": _real(Decimal(0), _ONE),
    "cmi.objectives.n.description": _localized_string(250),
    # 4.2.9 interactions: "id: long_identifier_type (SPM: 4000)"; "type: true-false, choice,
    # fill-in, long-fill-in, matching, performance, sequencing, likert, numeric, other";
    # "objectives.n.id: long_identifier_type (SPM: 4000)"; "timestamp: time (second,10,0)";
    # "weighting: real (10,7)"; "result: correct, incorrect, unanticipated, neutral, real
    # (10,7)"; "latency: timeinterval (second,10,2)"; "description: localized_string_type
    # (SPM: 250)". correct_responses.n.pattern and learner_response depend on the type.
    "cmi.interactions.n.id": _long_identifier,
    "cmi.interactions.n.type": _vocabulary(*INTERACTION_TYPES_2004),
    "cmi.interactions.n.objectives.n.id": _long_identifier,
    "cmi.interactions.n.timestamp": _time,
    "cmi.interactions.n.weighting": _real(),
    "cmi.interactions.n.result": lambda v: (
        []
        if v in ("correct", "incorrect", "unanticipated", "neutral")
        else [f"neither a result token nor a real: {p}" for p in _real107(v)]
    ),
    "cmi.interactions.n.latency": _timeinterval,
    "cmi.interactions.n.description": _localized_string(250),
    "cmi.interactions.n.correct_responses.n.pattern": _characterstring(4000),
    "cmi.interactions.n.learner_response": _characterstring(4000),
}

# 2004 RTE 4.4 (navigation): "adl.nav.request: continue, previous, choice, jump, exit, exitAll,
# abandon, abandonAll, suspendAll, _none_"; choice and jump take "{target=<STRING>}" before
# the token.
_NAV = re.compile(
    r"continue|previous|exit|exitAll|abandon|abandonAll|suspendAll|_none_"
    r"|\{target=[^}]+\}(?:choice|jump)"
)
_WRITABLE_2004["adl.nav.request"] = lambda v: (
    [] if _NAV.fullmatch(v) else ["not a navigation request"]
)


# ---------------------------------------------------------------------------------------------
# Replaying the calls
# ---------------------------------------------------------------------------------------------


def _template(element: str) -> tuple[str, list[int], str | None]:
    """The element with every index replaced by "n", the indices, and a problem if any."""
    names: list[str] = []
    indices: list[int] = []
    for part in element.split("."):
        if part.isascii() and part.isdigit():
            # "n" is a non-negative integer index (RTE 4.1.2 / 1.2 RTE 3.3: "cmi.interactions.n
            # ... n is the number of the record, starting at 0"). STRICT: canonical decimal only.
            if not _INDEX.fullmatch(part):
                return "", [], f"index {part!r} is not a canonical non-negative integer"
            indices.append(int(part))
            names.append("n")
        else:
            names.append(part)
    return ".".join(names), indices, None


@dataclass
class _Interaction12:
    type: str | None = None
    objectives: int = 0
    correct_responses: int = 0


@dataclass
class _Interaction2004:
    type: str | None = None
    objective_ids: list[str] = field(default_factory=list)
    patterns: int = 0


class _Replay:
    def __init__(self, version: Version) -> None:
        self.version = version
        self.problems: list[str] = []
        self.i12: list[_Interaction12] = []
        self.obj12 = 0
        self.i04: list[_Interaction2004] = []
        self.obj04: list[str] = []
        self.comments = 0

    def report(self, element: str, value: str, problem: str) -> None:
        self.problems.append(f"{element} = {_show(value)}: {problem}")

    def index_ok(self, element: str, value: str, what: str, n: int, count: int) -> bool:
        # 1.2 RTE 3.3 (cmi.interactions / cmi.objectives): "the SCO must set the elements in
        # sequential order ... n must be the current _count to add a record"; a larger n fails
        # with 201 "Invalid argument". 2004 RTE 4.1.2 and 4.2.9: "If the SCO attempts to set a
        # value at an index greater than the current _count, the LMS shall return 351 General
        # Set Failure" (collections must be filled without gaps).
        if n > count:
            self.report(
                element,
                value,
                f"{what} index {n} skips ahead: only {count} record(s) exist, the next must be {count}",
            )
            return False
        return True

    # -- SCORM 1.2 -----------------------------------------------------------------------

    def set12(self, element: str, value: str) -> None:
        template, idx, bad = _template(element)
        if bad:
            self.report(element, value, bad)
            return
        check = _WRITABLE_12.get(template)
        if check is None:
            self.report(element, value, "not an element a SCO may set in SCORM 1.2")
            return
        if template.startswith("cmi.interactions."):
            if not self.index_ok(element, value, "interaction", idx[0], len(self.i12)):
                return
            record = self.i12[idx[0]] if idx[0] < len(self.i12) else _Interaction12()
            if template.endswith(("correct_responses.n.pattern", "student_response")):
                is_pattern = template.endswith("pattern")
                if is_pattern and not self.index_ok(
                    element, value, "correct response", idx[1], record.correct_responses
                ):
                    return
                # 1.2 has no dependency errors: without a known type the value can only be held
                # to the generic CMIFeedback limit (CMIString255).
                problems = (
                    _feedback_12(record.type, value, pattern=is_pattern)
                    if record.type
                    else check(value)
                )
            else:
                if template.endswith("objectives.n.id") and not self.index_ok(
                    element, value, "interaction objective", idx[1], record.objectives
                ):
                    return
                problems = check(value)
            for p in problems:
                self.report(element, value, p)
            if problems:
                return
            if idx[0] == len(self.i12):
                self.i12.append(record)
            if template.endswith(".type"):
                record.type = value
            elif template.endswith("objectives.n.id") and idx[1] == record.objectives:
                record.objectives += 1
            elif template.endswith("pattern") and idx[1] == record.correct_responses:
                record.correct_responses += 1
            return
        if template.startswith("cmi.objectives."):
            if not self.index_ok(element, value, "objective", idx[0], self.obj12):
                return
            problems = check(value)
            for p in problems:
                self.report(element, value, p)
            if not problems and idx[0] == self.obj12:
                self.obj12 += 1
            return
        for p in check(value):
            self.report(element, value, p)

    # -- SCORM 2004 ----------------------------------------------------------------------

    def set2004(self, element: str, value: str) -> None:
        template, idx, bad = _template(element)
        if bad:
            self.report(element, value, bad)
            return
        check = _WRITABLE_2004.get(template)
        if check is None:
            self.report(element, value, "not an element a SCO may set in SCORM 2004")
            return
        if template.startswith("cmi.interactions."):
            self.interaction2004(element, template, idx, value, check)
        elif template.startswith("cmi.objectives."):
            self.objective2004(element, template, idx, value, check)
        elif template.startswith("cmi.comments_from_learner."):
            if not self.index_ok(element, value, "comment", idx[0], self.comments):
                return
            problems = check(value)
            for p in problems:
                self.report(element, value, p)
            if not problems and idx[0] == self.comments:
                self.comments += 1
        else:
            for p in check(value):
                self.report(element, value, p)

    def objective2004(
        self, element: str, template: str, idx: list[int], value: str, check: Check
    ) -> None:
        n = idx[0]
        if not self.index_ok(element, value, "objective", n, len(self.obj04)):
            return
        is_id = template == "cmi.objectives.n.id"
        # RTE 4.2.17: "The cmi.objectives.n.id data model element shall be set prior to any other
        # objective data model element ... if not, the LMS shall return 408 Data Model Dependency
        # Not Established".
        if n == len(self.obj04) and not is_id:
            self.report(element, value, "objective id must be set before its other elements (408)")
            return
        problems = check(value)
        if is_id and not problems:
            # RTE 4.2.17: identifiers are "unique within the context of the SCO" - an id already
            # used by another objective fails (351); and "once set, the identifier cannot be
            # changed" - setting a different id on an existing objective fails (351).
            others = [o for i, o in enumerate(self.obj04) if i != n]
            if value in others:
                problems.append("an objective with this id already exists (351)")
            elif n < len(self.obj04) and self.obj04[n] != value:
                problems.append(
                    f"objective id already set to {_show(self.obj04[n])}; ids may not change"
                )
        for p in problems:
            self.report(element, value, p)
        if is_id and not problems and n == len(self.obj04):
            self.obj04.append(value)

    def interaction2004(
        self, element: str, template: str, idx: list[int], value: str, check: Check
    ) -> None:
        n = idx[0]
        if not self.index_ok(element, value, "interaction", n, len(self.i04)):
            return
        is_id = template == "cmi.interactions.n.id"
        # RTE 4.2.9: "The cmi.interactions.n.id shall be set prior to setting any other
        # interaction data model element ... If not, the LMS shall return 408 Data Model
        # Dependency Not Established". A new record (n == _count) is therefore created only by
        # its id.
        if n == len(self.i04):
            if not is_id:
                self.report(
                    element, value, "interaction id must be set before its other elements (408)"
                )
                return
            problems = check(value)
            for p in problems:
                self.report(element, value, p)
            if not problems:
                self.i04.append(_Interaction2004())
            return
        record = self.i04[n]
        if template in (
            "cmi.interactions.n.correct_responses.n.pattern",
            "cmi.interactions.n.learner_response",
        ):
            # RTE 4.2.9: "cmi.interactions.n.type shall be set prior to setting
            # cmi.interactions.n.correct_responses.n.pattern or cmi.interactions.n.
            # learner_response ... otherwise 408 Data Model Dependency Not Established".
            if record.type is None:
                self.report(element, value, "interaction type must be set first (408)")
                return
            if template.endswith("pattern"):
                m = idx[1]
                if not self.index_ok(element, value, "correct response", m, record.patterns):
                    return
                spm = CORRECT_RESPONSES_SPM[record.type]
                if m >= spm:
                    self.report(
                        element,
                        value,
                        f"a {record.type} interaction allows {spm} correct response pattern(s); "
                        f"this is pattern {m + 1}",
                    )
                    return
                problems = _pattern_2004(record.type, value)
                for p in problems:
                    self.report(element, value, f"{record.type} pattern: {p}")
                if not problems and m == record.patterns:
                    record.patterns += 1
            else:
                for p in _response_2004(record.type, value):
                    self.report(element, value, f"{record.type} response: {p}")
            return
        if template == "cmi.interactions.n.objectives.n.id":
            m = idx[1]
            if not self.index_ok(
                element, value, "interaction objective", m, len(record.objective_ids)
            ):
                return
            problems = check(value)
            # RTE 4.2.9 (objectives.n.id): "each objective identifier shall be unique within the
            # interaction ... otherwise 351 General Set Failure".
            if not problems and value in [o for i, o in enumerate(record.objective_ids) if i != m]:
                problems.append("this objective id is already listed for the interaction (351)")
            for p in problems:
                self.report(element, value, p)
            if not problems:
                if m == len(record.objective_ids):
                    record.objective_ids.append(value)
                else:
                    record.objective_ids[m] = value
            return
        problems = check(value)
        for p in problems:
            self.report(element, value, p)
        if template == "cmi.interactions.n.type" and not problems:
            record.type = value


def check_calls(version: Literal["1.2", "2004"], calls: list[tuple[str, str]]) -> list[str]:
    """Every problem found in a SCO's sequence of SetValue calls (element, value), as readable strings naming the element and value. Empty list = conformant."""
    replay = _Replay(version)
    for element, value in calls:
        if version == "1.2":
            replay.set12(element, value)
        else:
            replay.set2004(element, value)
    return replay.problems
