"""Stage 2: pure functions over the course model (checks, identifiers)."""
