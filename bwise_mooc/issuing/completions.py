"""Who completed the course: an LMS completion export read into ``Completion`` rows.

Two CSV layouts are read (UTF-8, with or without the byte-order mark Excel's variant adds):

* Moodle 4.3's course completion report, "Download in spreadsheet format (UTF-8 .csv)"
  (``report/completion/index.php?format=csv`` or ``excelcsv``): ``ID``, ``Name``, the site's
  identity fields (``Email address`` must be one: site setting *showuseridentity*), one or
  two columns per completion criterion, and last ``Course complete``: the date the learner
  completed the course (``2026-03-14 10:22:05``, in the time zone of the person who
  downloaded it) or empty.
* A plain ``email,name,completed`` file, ``completed`` an ISO date or date-time, or empty.

A row without a completion date is skipped (no credential). Every problem is collected as a
``completions.csv:7: error: ...`` line, with the file's line number; nothing is issued from a
file with errors.
"""

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import datetime, tzinfo
from pathlib import Path

MOODLE_COMPLETE = "course complete"
MOODLE_NAME = "name"
EMAIL_HEADERS = ("email address", "email", "e-mail", "e-mail address", "e-mail-adresse")
PLAIN = ("email", "name", "completed")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


@dataclass(frozen=True)
class Completion:
    line: int
    email: str  # normalised: trimmed, lower case
    name: str
    completed: datetime  # timezone-aware


@dataclass
class Completions:
    completed: list[Completion] = field(default_factory=list)
    not_completed: int = 0
    errors: list[str] = field(default_factory=list)


def normalise_email(text: str) -> str:
    """The e-mail as hashed: trimmed and in lower case, so that ``Ana@X.org`` and
    ``ana@x.org`` are one learner (the hash a verifier recomputes uses the same rule)."""
    return text.strip().lower()


def _date(text: str, zone: tzinfo) -> datetime:
    value = datetime.fromisoformat(text.strip())
    return value if value.tzinfo is not None else value.replace(tzinfo=zone)


def read_completions(path: Path, zone: tzinfo) -> Completions:
    """Read ``path`` (see the module's docstring); dates without a zone are in ``zone``."""
    result = Completions()
    name = path.name
    try:
        text = path.read_text("utf-8-sig")
    except UnicodeDecodeError as exc:
        result.errors.append(
            f"{name}: error: not UTF-8 text ({exc.reason}); download the report as UTF-8 .csv"
        )
        return result
    except OSError as exc:
        result.errors.append(f"{name}: error: cannot read it: {exc.strerror or exc}")
        return result
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        rows = [(reader.line_num, row) for row in reader]
    except csv.Error as exc:
        result.errors.append(f"{name}:{reader.line_num}: error: not valid CSV: {exc}")
        return result
    if not rows:
        result.errors.append(f"{name}:1: error: the file is empty")
        return result
    header = [cell.strip().lower() for cell in rows[0][1]]
    if [cell for cell in header if cell] == list(PLAIN):
        email_col, name_col, date_col = (header.index(each) for each in PLAIN)
    elif header and header[-1] == MOODLE_COMPLETE and MOODLE_NAME in header:
        emails = [place for place, cell in enumerate(header) if cell in EMAIL_HEADERS]
        if not emails:
            result.errors.append(
                f"{name}:1: error: no 'Email address' column: in Moodle, add 'email' to the "
                "identity fields shown in reports (Site administration > Users > Permissions > "
                "User policies > Show user identity) and download the report again"
            )
            return result
        email_col, name_col, date_col = emails[0], header.index(MOODLE_NAME), len(header) - 1
    else:
        result.errors.append(
            f"{name}:1: error: not a completion report: expected Moodle's course completion "
            "download (ID, Name, Email address, ..., Course complete) or the columns "
            "email,name,completed"
        )
        return result
    seen: dict[str, int] = {}
    for number, row in rows[1:]:
        if not any(cell.strip() for cell in row):
            continue
        if len(row) < len(header):
            result.errors.append(
                f"{name}:{number}: error: {len(row)} columns where the header has {len(header)}"
            )
            continue
        email = normalise_email(row[email_col])
        if not EMAIL.match(email):
            result.errors.append(f"{name}:{number}: error: {row[email_col]!r} is not an e-mail")
            continue
        if email in seen:
            result.errors.append(
                f"{name}:{number}: error: the same e-mail is on line {seen[email]}; "
                "each learner once"
            )
            continue
        seen[email] = number
        date = row[date_col].strip()
        if not date:
            result.not_completed += 1
            continue
        try:
            completed = _date(date, zone)
        except ValueError:
            result.errors.append(
                f"{name}:{number}: error: {date!r} is not a date such as 2026-03-14 10:22:05"
            )
            continue
        result.completed.append(Completion(number, email, row[name_col].strip(), completed))
    return result
