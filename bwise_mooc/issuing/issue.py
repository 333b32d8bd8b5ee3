"""Issue one signed OpenBadgeCredential per learner who completed a track; verify one.

The credential is the track's template (``exporters/credentials/ob3.py``) with:

* ``issuer``: the awarding body's Profile (name, homepage, address, legal identifier) whose
  ``id`` is the signing key's ``did:key``, so that anyone can check the signature offline;
* ``credentialSubject.identifier``: the learner as an OB 3.0 ``IdentityObject`` of type
  ``emailAddress``, ``hashed: true``, ``identityHash`` ``sha256$<hex of SHA-256(e-mail +
  salt)>``, and its ``salt``; with ``with_names``, a second IdentityObject, ``name``, in clear;
* ``validFrom``: the completion date from the LMS; ``id``: a UUID URN of the achievement and
  the identity hash;
* the ``eddsa-rdfc-2022`` proof (``proof.py``), made at ``now``.

Determinism and privacy. The salt is derived, not random: HMAC-SHA-256, keyed with a secret
drawn from the private key, of the course, run, track and e-mail. So re-issuing the same
completion export gives each learner the same salt, identity hash, credential ``id`` and file
name (re-running is idempotent; only the proof's ``created`` changes), while nobody without the
key can predict a salt, and one learner's credentials for two tracks share neither salt nor
hash (they cannot be linked to each other by comparing them). Whoever is shown the credential
and told the learner's e-mail can check it: SHA-256 of the e-mail (trimmed, lower case)
followed by the salt. As with every salted e-mail hash, someone who holds the credential and
guesses the e-mail can confirm the guess: the hash hides the e-mail from readers who do not
already know it, it is not anonymity.

No ``credentialSchema``: its type, ``1EdTechJsonSchemaValidator2019``, is a term no JSON-LD
context defines. Under the final VC 2.0 context it falls to the ``@vocab`` of
issuer-dependent terms, but the VC 2.0 context that verifiers in use bundle (the Digital
Credentials Consortium's ``@digitalcredentials/credentials-v2-context`` 1.0.0, in
``verifier-core``) predates that ``@vocab``, and their safe-mode canonicalisation refuses the
whole credential ("Relative @type reference"). The property is optional in OB 3.0; verifiers
choose the schema from the context and type (``verifier-core`` does, and so does
``verify_file``).

Every credential is validated against 1EdTech's JSON Schema and its own proof is verified
before it is written; files are ``<out>/<track>[-<lang>]/<first 16 hex of the hash>.json``.
"""

import hashlib
import hmac
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from uuid import NAMESPACE_URL, uuid5

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat

from bwise_mooc import ir
from bwise_mooc.exporters.base import write_text
from bwise_mooc.exporters.credentials.check import problems as schema_problems
from bwise_mooc.exporters.credentials.ob3 import credential_template, dumps
from bwise_mooc.issuing import proof
from bwise_mooc.issuing.completions import Completion
from bwise_mooc.issuing.did_key import did_key
from bwise_mooc.transforms.identifiers import language_suffix

Document = dict[str, Any]
SALT_LABEL = b"bwise-mooc identity salt v1"
FILE_HASH_CHARS = 16  # 64 bits of the identity hash: unique enough per track, short to read


def salt(key: Ed25519PrivateKey, course: ir.Course, track: ir.Track, email: str) -> str:
    """The learner's salt for this track's credential (see the module's docstring)."""
    seed = key.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
    secret = hashlib.sha256(SALT_LABEL + b"\0" + seed).digest()
    message = "\0".join((course.id, course.run, track.id, email)).encode("utf-8")
    return hmac.new(secret, message, hashlib.sha256).hexdigest()[:32]


def identity_hash(email: str, salt_: str) -> str:
    return "sha256$" + hashlib.sha256((email + salt_).encode("utf-8")).hexdigest()


def issuer(template: Document, key: Ed25519PrivateKey) -> Document:
    """The awarding body's Profile with the key's did:key as its id."""
    return {**template["issuer"], "id": did_key(key.public_key())}


@dataclass(frozen=True)
class Issued:
    learner: Completion
    path: Path
    credential: Document


def credential(
    course: ir.Course,
    track: ir.Track,
    learner: Completion,
    key: Ed25519PrivateKey,
    now: datetime,
    with_names: bool = False,
) -> Document:
    """The signed credential of one learner."""
    template = credential_template(course, track)
    salt_ = salt(key, course, track, learner.email)
    hashed = identity_hash(learner.email, salt_)
    identifiers: list[Document] = [
        {
            "type": "IdentityObject",
            "identityHash": hashed,
            "identityType": "emailAddress",
            "hashed": True,
            "salt": salt_,
        }
    ]
    if with_names and learner.name:
        identifiers.append(
            {
                "type": "IdentityObject",
                "identityHash": learner.name,
                "identityType": "name",
                "hashed": False,
            }
        )
    achievement = template["credentialSubject"]["achievement"]
    template.pop("credentialSchema")  # see the module docstring: no credentialSchema
    unsigned = {
        **template,
        "id": f"urn:uuid:{uuid5(NAMESPACE_URL, achievement['id'] + '#' + hashed)}",
        "issuer": issuer(template, key),
        "validFrom": learner.completed.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "identifier": identifiers,
            "achievement": achievement,
        },
    }
    return proof.sign(unsigned, key, now)


class InvalidCredential(AssertionError):
    """A credential we made does not validate or verify: a bug in bwise-mooc."""


def issue(
    course: ir.Course,
    track: ir.Track,
    learners: list[Completion],
    key: Ed25519PrivateKey,
    out: Path,
    now: datetime,
    with_names: bool = False,
) -> list[Issued]:
    """Sign, check and write one credential per learner; return what was written."""
    folder = out / f"{track.id}{language_suffix(course)}"
    made: list[Issued] = []
    for learner in learners:
        document = credential(course, track, learner, key, now, with_names)
        found = schema_problems(document, "credential") + list(proof.verify(document).problems)
        if found:
            raise InvalidCredential(f"line {learner.line}: " + "; ".join(found))
        hashed = document["credentialSubject"]["identifier"][0]["identityHash"]
        path = folder / f"{hashed.removeprefix('sha256$')[:FILE_HASH_CHARS]}.json"
        made.append(Issued(learner, path, document))
    for each in made:  # nothing is written unless every credential was made
        write_text(each.path, dumps(each.credential))
    return made


@dataclass(frozen=True)
class Verification:
    """``verify_file``'s verdict: the proof's problems and the schema's."""

    path: Path
    proof_problems: tuple[str, ...]
    schema_problems: tuple[str, ...]
    issuer: str = ""
    issuer_name: str = ""
    achievement: str = ""

    @property
    def valid(self) -> bool:
        return not self.proof_problems and not self.schema_problems


def verify_file(path: Path) -> Verification:
    """Check the proof and 1EdTech's JSON Schema of the credential in ``path``."""
    try:
        document = json.loads(path.read_text("utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        reason = getattr(exc, "strerror", None) or str(exc)
        return Verification(path, (f"cannot read it as JSON: {reason}",), ())
    if not isinstance(document, dict):
        return Verification(path, ("not a JSON object",), ())
    verdict = proof.verify(document)
    issuer_ = document.get("issuer")
    subject = document.get("credentialSubject")
    achievement = subject.get("achievement") if isinstance(subject, dict) else None
    return Verification(
        path,
        verdict.problems,
        tuple(schema_problems(document, "credential")),
        verdict.issuer,
        str(issuer_.get("name", "")) if isinstance(issuer_, dict) else "",
        str(achievement.get("name", "")) if isinstance(achievement, dict) else "",
    )
