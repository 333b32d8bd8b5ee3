"""The JSON-LD contexts signing and verifying may read, served from files in this package.

Canonicalising a credential (RDFC-1.0) needs the contexts it names. They are vendored under
``contexts/`` (see its PROVENANCE.md: byte for byte what the independent verifier,
``@digitalcredentials/verifier-core``, bundles), and ``load_document`` is the only document
loader ever given to pyld: a URL that is not vendored is an error, never a network request.
"""

import json
from functools import cache
from importlib import resources
from typing import Any

CREDENTIALS_V2 = "https://www.w3.org/ns/credentials/v2"
OB_3_0_3 = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
FILES = {
    CREDENTIALS_V2: "credentials-v2.jsonld",
    OB_3_0_3: "ob-v3p0-context-3.0.3.json",
}


class UnknownContext(ValueError):
    """A context the package does not carry: it is never fetched."""


@cache
def context(url: str) -> dict[str, Any]:
    name = FILES.get(url)
    if name is None:
        known = ", ".join(sorted(FILES))
        raise UnknownContext(
            f"the JSON-LD context {url} is not one bwise-mooc carries ({known}); "
            "contexts are never fetched from the network"
        )
    text = resources.files("bwise_mooc.issuing").joinpath("contexts", name).read_text("utf-8")
    document: dict[str, Any] = json.loads(text)
    return document


def load_document(url: str, options: object = None) -> dict[str, Any]:
    """pyld's document loader: the vendored context, or ``UnknownContext``."""
    return {"contextUrl": None, "documentUrl": url, "document": context(url)}
