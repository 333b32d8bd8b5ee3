"""Format ``cc``: IMS Common Cartridge 1.1, the course as Moodle restores it natively.

``exporter.py`` writes the cartridges; ``plan.py`` decides what each holds and where;
``links.py`` resolves the model's references for that layout; ``page.py`` writes a lesson's
page; ``qti.py`` a quiz as a QTI assessment, ``items.py`` each question in it; ``manifest.py``
and ``lom.py`` the manifest and its metadata; ``package.py`` assembles and zips; ``check.py``
validates every manifest and QTI file against the CC 1.1 schemas; ``numeric.py`` warns about
the questions a cartridge cannot carry.
"""

from bwise_mooc.exporters.cc.exporter import CommonCartridge

__all__ = ["CommonCartridge"]
