"""``did:key`` identifiers of Ed25519 public keys, and base58btc multibase.

A ``did:key`` is the public key itself, written as a DID: ``did:key:z`` followed by the
base58btc encoding of the multicodec prefix ``0xed 0x01`` (ed25519-pub) and the 32 key
bytes. It needs no registry and no web server: whoever holds a credential can read the key
out of the issuer's id (W3C CCG, The did:key Method v0.7). Its verification method is
``did:key:z...#z...`` (the fragment repeats the key).
"""

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
ED25519_PUB = b"\xed\x01"  # multicodec ed25519-pub, as an unsigned varint
PREFIX = "did:key:"


class DidKeyError(ValueError):
    """Not a did:key (or verification method) of an Ed25519 key."""


def base58_encode(data: bytes) -> str:
    number = int.from_bytes(data, "big")
    digits = ""
    while number:
        number, rest = divmod(number, 58)
        digits = ALPHABET[rest] + digits
    zeros = len(data) - len(data.lstrip(b"\0"))
    return "1" * zeros + digits


def base58_decode(text: str) -> bytes:
    number = 0
    for char in text:
        place = ALPHABET.find(char)
        if place < 0:
            raise DidKeyError(f"{char!r} is not a base58 digit")
        number = number * 58 + place
    zeros = len(text) - len(text.lstrip("1"))
    body = number.to_bytes((number.bit_length() + 7) // 8, "big") if number else b""
    return b"\0" * zeros + body


def multibase(data: bytes) -> str:
    """``z`` + base58btc: the multibase form of proof values and keys."""
    return "z" + base58_encode(data)


def from_multibase(text: str) -> bytes:
    if not text.startswith("z"):
        raise DidKeyError(f"{text[:12]!r} is not base58btc multibase (it must start with z)")
    return base58_decode(text[1:])


def did_key(public_key: Ed25519PublicKey) -> str:
    raw = public_key.public_bytes(Encoding.Raw, PublicFormat.Raw)
    return PREFIX + multibase(ED25519_PUB + raw)


def verification_method(did: str) -> str:
    return f"{did}#{did.removeprefix(PREFIX)}"


def public_key(did_or_method: str) -> Ed25519PublicKey:
    """The Ed25519 key of a ``did:key`` or of its verification method ``did:key:z..#z..``."""
    did, _, fragment = did_or_method.partition("#")
    if not did.startswith(PREFIX + "z"):
        raise DidKeyError(f"{did_or_method!r} is not an Ed25519 did:key")
    if fragment and fragment != did.removeprefix(PREFIX):
        raise DidKeyError(f"{did_or_method!r}: the fragment is not the key of the DID")
    data = from_multibase(did.removeprefix(PREFIX))
    if not data.startswith(ED25519_PUB) or len(data) != len(ED25519_PUB) + 32:
        raise DidKeyError(f"{did!r} is not an Ed25519 did:key")
    return Ed25519PublicKey.from_public_bytes(data[len(ED25519_PUB) :])
