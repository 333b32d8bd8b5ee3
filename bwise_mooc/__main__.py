"""Entry point for ``python -m bwise_mooc``: hands over to the command line."""

from bwise_mooc.entry import run

run()
