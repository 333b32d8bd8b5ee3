"""Source positions carried by every node of the course model."""

from pydantic import ConfigDict

from bwise_mooc.ir.node import Node


class SourceSpan(Node):
    """Where a node came from: a path relative to the course root, 1-based line and column."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    path: str
    line: int = 1
    column: int = 1

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}"
