"""Stage 1: sources -> course model. The only package that parses Markdown or YAML."""

from bwise_mooc.parse.course import read_course

__all__ = ["read_course"]
