"""The base of every node of the course model: a frozen pydantic model that shares its record
of which fields were given.

Pydantic keeps, for every model object, the set of the fields its data named
(``__pydantic_fields_set__``): a set of its own per object, about 250 bytes, which was 43% of
the memory of a 1,000-lesson course's model (19.6 of 45.6 MB, for about 80,000 nodes). Nodes
are frozen, so the set never changes once the node exists (``model_copy`` gives the copy a set
of its own before it adds to it): nodes with the same record share one set, made when a node
is validated and when it is unpickled (from the lesson cache, or from a worker process).
"""

from typing import Any

from pydantic import BaseModel, ConfigDict

_SHARED: dict[frozenset[str], set[str]] = {}  # one set per distinct record of given fields


def shared_fields_set(given: set[str]) -> set[str]:
    """The one set shared by every node whose given fields are ``given``."""
    key = frozenset(given)
    found = _SHARED.get(key)
    if found is None:
        found = _SHARED[key] = set(key)
    return found


class Node(BaseModel):
    """A node of the course model: frozen, no unknown fields, its field record shared."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    def model_post_init(self, context: Any, /) -> None:
        object.__setattr__(
            self, "__pydantic_fields_set__", shared_fields_set(self.__pydantic_fields_set__)
        )

    def __setstate__(self, state: dict[Any, Any]) -> None:
        given = state.get("__pydantic_fields_set__") or set()
        state["__pydantic_fields_set__"] = shared_fields_set(given)  # set once, not replaced
        super().__setstate__(state)
