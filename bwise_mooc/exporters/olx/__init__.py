"""Format ``olx``: the Open edX course export (a ``.tar.gz`` for Studio's import).

``exporter.py`` writes the course tree and the archive; ``content.py`` turns the model's HTML
fragments into OLX elements with their links resolved; ``problems.py`` makes one capa problem
per question; ``numeric.py`` writes numeric answers as Open edX accepts them; ``package.py``
makes the files around the courseware and the reproducible archive; ``check.py`` checks every
XML file against our RELAX NG grammar.
"""

from bwise_mooc.exporters.olx.exporter import Olx

__all__ = ["Olx"]
