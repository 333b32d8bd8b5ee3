"""The awarding body's signing key: an Ed25519 private key in a PEM file (PKCS#8).

``new_key`` writes a fresh key readable by its owner only (mode 0600) and never overwrites a
file. ``load_key`` reads one and says, as a warning, when the file is readable by other users
of the machine; anything that is not an unencrypted Ed25519 PKCS#8 PEM key is refused with
one line (docs/credentials.md: where to keep the key, backup, rotation).
"""

import os
import stat
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import (
    Encoding,
    NoEncryption,
    PrivateFormat,
    load_pem_private_key,
)


class KeyFileError(ValueError):
    """The key file cannot be used; the message says why, with the file's name."""


def new_key(path: Path) -> Ed25519PrivateKey:
    """Write a new key to ``path`` (mode 0600; an existing file is never replaced)."""
    key = Ed25519PrivateKey.generate()
    pem = key.private_bytes(Encoding.PEM, PrivateFormat.PKCS8, NoEncryption())
    try:
        handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError as exc:
        raise KeyFileError(
            f"{path}: error: the file exists; a key is never overwritten (move it away first)"
        ) from exc
    except OSError as exc:
        raise KeyFileError(f"{path}: error: cannot write the key: {exc.strerror or exc}") from exc
    with os.fdopen(handle, "wb") as file:
        file.write(pem)
    return key


def readable_by_others(path: Path) -> bool:
    return os.name == "posix" and bool(path.stat().st_mode & (stat.S_IRWXG | stat.S_IRWXO))


def load_key(path: Path) -> Ed25519PrivateKey:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise KeyFileError(f"{path}: error: cannot read the key: {exc.strerror or exc}") from exc
    try:
        key = load_pem_private_key(data, password=None)
    except TypeError as exc:  # encrypted
        raise KeyFileError(
            f"{path}: error: the key is encrypted; bwise-mooc reads unencrypted PKCS#8 PEM keys "
            "only (keep the file itself protected, see docs/credentials.md)"
        ) from exc
    except ValueError as exc:
        raise KeyFileError(
            f"{path}: error: not a PEM private key (make one with "
            "`bwise-mooc credential keygen --out KEY.pem`)"
        ) from exc
    if not isinstance(key, Ed25519PrivateKey):
        raise KeyFileError(
            f"{path}: error: the key is {type(key).__name__.removeprefix('_')}, not Ed25519 "
            "(make one with `bwise-mooc credential keygen --out KEY.pem`)"
        )
    return key
