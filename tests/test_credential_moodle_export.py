"""`credential issue` from course completion reports downloaded from a real Moodle 4.3.

The fixtures ``moodle43-completion.csv`` ("Download in spreadsheet format (UTF-8 .csv)",
``format=csv``) and ``moodle43-completion-excel.csv`` (``format=excelcsv``: the same bytes after
a byte-order mark) are Moodle's own downloads, unmodified, made by
``scripts/moodle_completion_export.php`` (see tests/fixtures/credentials/README.md). The report
was downloaded by a teacher whose time zone is Europe/Brussels, so its dates are Brussels times.
Moodle need not run for these tests.
"""

import csv
import hashlib
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from bwise_mooc.cli import main
from tests.conftest import ROOT

FIXTURES = ROOT / "tests" / "fixtures" / "credentials"
EXPORTS = {
    "csv": FIXTURES / "moodle43-completion.csv",
    "excelcsv": FIXTURES / "moodle43-completion-excel.csv",
}
TEST_KEY = FIXTURES / "test-key.pem"
HEADER = [
    "ID", "Name", "Email address",
    "Module 1: Your phone and you", "Module 1: Your phone and you - Completion date",
    "Module 2: Safe online", "Module 2: Safe online - Completion date",
    "Course complete",
]  # fmt: skip
# As Moodle stored them (the mixed case is Moodle's) and the instant of "Course complete".
COMPLETED = {
    "Ana.Lima@Example.ORG": "2026-03-14T09:22:05Z",  # 10:22:05 in Brussels (CET)
    "fatima.haddad@example.com": "2026-03-30T22:30:00Z",  # 2026-03-31 00:30:00 in Brussels (CEST)
}
NOT_COMPLETED = ["jonas.becker@example.net", "piet@example.org"]
ARABIC_NAME = "فاطمة حداد"
Document = dict[str, Any]


def issue(learners: Path, folder: Path, *extra: str) -> tuple[list[Path], Result]:
    key = folder / "key.pem"
    shutil.copyfile(TEST_KEY, key)
    key.chmod(0o600)
    out = folder / "out"
    result = CliRunner().invoke(
        main,
        [
            "credential", "issue", "--root", str(ROOT), "--track", "workers",
            "--learners", str(learners), "--key", str(key), "--out", str(out),
            "--timezone", "Europe/Brussels", *extra,
        ],
        catch_exceptions=False,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    return sorted((out / "workers").glob("*.json")), result


@pytest.fixture(scope="module", params=sorted(EXPORTS))
def issued(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> tuple[list[Path], Result]:
    return issue(EXPORTS[request.param], tmp_path_factory.mktemp(request.param))


def load(path: Path) -> Document:
    document: Document = json.loads(path.read_text("utf-8"))
    return document


def email_of(document: Document) -> str:
    """The learner whose e-mail, normalised to lower case, the salted hash is of."""
    identity = document["credentialSubject"]["identifier"][0]
    for email in [*COMPLETED, *NOT_COMPLETED]:
        salted = (email.strip().lower() + identity["salt"]).encode("utf-8")
        if identity["identityHash"] == "sha256$" + hashlib.sha256(salted).hexdigest():
            return email
    raise AssertionError("the identity hash is no learner's")


def test_the_fixtures_are_moodles_own_downloads() -> None:
    plain, excel = (EXPORTS[each].read_bytes() for each in ("csv", "excelcsv"))
    assert excel == b"\xef\xbb\xbf" + plain  # Excel's variant adds only the byte-order mark
    rows = list(csv.reader(plain.decode("utf-8").splitlines()))
    assert rows[0] == HEADER
    by_email = {row[2]: row for row in rows[1:]}
    assert sorted(by_email) == sorted([*COMPLETED, *NOT_COMPLETED])
    assert by_email["fatima.haddad@example.com"][1] == ARABIC_NAME
    assert by_email["Ana.Lima@Example.ORG"][-1] == "2026-03-14 10:22:05"
    assert by_email["fatima.haddad@example.com"][-1] == "2026-03-31 00:30:00"
    assert by_email["jonas.becker@example.net"][3:] == [
        "Completed", "2026-03-03 09:12:40", "Not completed", "", "",
    ]  # fmt: skip


def test_one_credential_per_learner_with_a_completion_date(
    issued: tuple[list[Path], Result],
) -> None:
    files, result = issued
    assert sorted(email_of(load(path)) for path in files) == sorted(COMPLETED)
    assert sorted(result.stdout.split()) == [str(path) for path in files]
    assert "issued 2 credentials" in result.stderr
    assert "skipped 2 learners without a completion date" in result.stderr


def test_the_dates_are_moodles_course_completion_dates(issued: tuple[list[Path], Result]) -> None:
    for path in issued[0]:
        document = load(path)
        assert document["validFrom"] == COMPLETED[email_of(document)]
        assert len(document["credentialSubject"]["identifier"]) == 1  # hashed e-mail only


def test_no_e_mail_or_name_in_any_output(issued: tuple[list[Path], Result]) -> None:
    files, result = issued
    names = ["Ana Lima", "فاطمة", "حداد", "Jonas Becker", "Piet de Vries"]
    secrets = [*COMPLETED, *NOT_COMPLETED, *names]
    secrets += [email.split("@")[0] for email in [*COMPLETED, *NOT_COMPLETED]]
    for text in [result.output, *(path.read_text("utf-8") for path in files)]:
        assert "@example." not in text.lower()
        assert [secret for secret in secrets if secret.lower() in text.lower()] == []
    assert all("@" not in path.name for path in files)


def test_the_arabic_name_comes_through_when_asked(tmp_path: Path) -> None:
    files, _ = issue(EXPORTS["csv"], tmp_path, "--with-names")
    names = {
        email_of(document): document["credentialSubject"]["identifier"][1]["identityHash"]
        for document in map(load, files)
    }
    assert names == {"Ana.Lima@Example.ORG": "Ana Lima", "fatima.haddad@example.com": ARABIC_NAME}
