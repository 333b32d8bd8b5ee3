"""Data Integrity proofs, cryptosuite ``eddsa-rdfc-2022`` (W3C VC Data Integrity EdDSA
Cryptosuites v1.0, §3.2): sign a credential with an Ed25519 key, verify one.

Signing: the proof configuration (``type``, ``cryptosuite``, ``created``,
``verificationMethod``, ``proofPurpose``, with the credential's ``@context``) and the
credential without its proof are each canonicalised with RDFC-1.0 (pyld's URDNA2015, the same
algorithm) and hashed with SHA-256; the Ed25519 signature of the two hashes, proof
configuration's first, is the ``proofValue`` in base58btc multibase. The proof is written as a
one-element array, the form 1EdTech's JSON Schema requires (a proof set, which VC Data Integrity
allows).

Verifying redoes the same from the credential and the public key read out of the
verification method's ``did:key``, which must be the issuer's own DID: a credential signed by
another key than its issuer's is refused even if the signature itself is sound.
"""

import copy
import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from pyld import jsonld

from bwise_mooc.issuing.contexts import UnknownContext, load_document
from bwise_mooc.issuing.did_key import (
    DidKeyError,
    did_key,
    from_multibase,
    multibase,
    public_key,
    verification_method,
)

PROOF_TYPE = "DataIntegrityProof"
CRYPTOSUITE = "eddsa-rdfc-2022"
PURPOSE = "assertionMethod"
Document = dict[str, Any]


class CanonicalisationError(ValueError):
    """The document cannot be canonicalised (a context not carried, invalid JSON-LD)."""


def canonical(document: Document) -> str:
    """RDFC-1.0 N-Quads of ``document``, contexts from the vendored files only."""
    try:
        text: str = jsonld.normalize(
            document,
            {
                "algorithm": "URDNA2015",
                "format": "application/n-quads",
                "documentLoader": load_document,
            },
        )
    except jsonld.JsonLdError as exc:
        cause: BaseException | None = exc
        while cause is not None:
            if isinstance(cause, UnknownContext):
                raise CanonicalisationError(str(cause)) from exc
            cause = cause.__cause__ or cause.__context__
        raise CanonicalisationError(f"not valid JSON-LD: {exc}") from exc
    return text


def hash_data(unsecured: Document, proof_config: Document) -> bytes:
    config = {**proof_config, "@context": unsecured["@context"]}
    config.pop("proofValue", None)
    return (
        hashlib.sha256(canonical(config).encode("utf-8")).digest()
        + hashlib.sha256(canonical(unsecured).encode("utf-8")).digest()
    )


def issuer_id(document: Document) -> str:
    issuer = document.get("issuer")
    return str(issuer.get("id", "")) if isinstance(issuer, dict) else str(issuer or "")


def sign(document: Document, key: Ed25519PrivateKey, created: datetime) -> Document:
    """A copy of ``document`` with its proof. ``created`` is timezone-aware (written in UTC);
    the issuer's ``id`` must already be the key's did:key."""
    did = did_key(key.public_key())
    if issuer_id(document) != did:
        raise ValueError(f"the issuer is {issuer_id(document)!r}, not the key's DID {did}")
    unsecured = {name: value for name, value in document.items() if name != "proof"}
    config: Document = {
        "type": PROOF_TYPE,
        "cryptosuite": CRYPTOSUITE,
        "created": created.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "verificationMethod": verification_method(did),
        "proofPurpose": PURPOSE,
    }
    signature = key.sign(hash_data(unsecured, config))
    return {**copy.deepcopy(unsecured), "proof": [{**config, "proofValue": multibase(signature)}]}


@dataclass(frozen=True)
class Verdict:
    """What ``verify`` found: no problems means valid."""

    problems: tuple[str, ...]
    issuer: str

    @property
    def valid(self) -> bool:
        return not self.problems


def verify(document: Document) -> Verdict:
    """Check every proof of ``document`` (there must be at least one)."""
    issuer = issuer_id(document)
    proofs = document.get("proof")
    if isinstance(proofs, dict):
        proofs = [proofs]
    if not isinstance(proofs, list) or not proofs:
        return Verdict(("proof: there is no proof: the credential is not signed",), issuer)
    unsecured = {name: value for name, value in document.items() if name != "proof"}
    problems: list[str] = []
    for place, proof in enumerate(proofs):
        where = f"proof/{place}"
        problems.extend(f"{where}: {problem}" for problem in _check_proof(unsecured, proof, issuer))
    return Verdict(tuple(problems), issuer)


def _check_proof(unsecured: Document, proof: object, issuer: str) -> list[str]:
    if not isinstance(proof, dict):
        return ["not an object"]
    expected = {"type": PROOF_TYPE, "cryptosuite": CRYPTOSUITE, "proofPurpose": PURPOSE}
    wrong = [
        f"{name} is {proof.get(name)!r}, expected {value!r}"
        for name, value in expected.items()
        if proof.get(name) != value
    ]
    if wrong:
        return wrong
    if "@context" in proof and proof["@context"] != unsecured.get("@context"):
        return ["its @context differs from the credential's"]
    method = str(proof.get("verificationMethod", ""))
    try:
        key = public_key(method)
    except DidKeyError as exc:
        return [f"verificationMethod: {exc}"]
    if method.partition("#")[0] != issuer:
        return [
            f"signed with the key {method.partition('#')[0]}, which is not the issuer's "
            f"({issuer or 'no issuer id'})"
        ]
    try:
        signature = from_multibase(str(proof.get("proofValue", "")))
    except DidKeyError as exc:
        return [f"proofValue: {exc}"]
    try:
        data = hash_data(unsecured, proof)
    except CanonicalisationError as exc:
        return [str(exc)]
    try:
        key.verify(signature, data)
    except InvalidSignature:
        return ["the signature does not match: the credential was changed after signing"]
    return []
