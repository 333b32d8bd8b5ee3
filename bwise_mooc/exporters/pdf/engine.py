"""WeasyPrint, loaded for the handouts without changing how the rest of the build reads images.

Importing WeasyPrint sets Pillow's process-wide ``ImageFile.LOAD_TRUNCATED_IMAGES`` to True,
after which a damaged picture decodes quietly instead of failing: ``check`` and the image
pipeline (``images.py``, ``parse/media.py``) would then let a truncated photo through. The
handout's pictures are the pipeline's own, already whole, so the setting is put back right
after the import; every module that needs WeasyPrint imports it from here.
"""

from PIL import ImageFile

_LOAD_TRUNCATED = ImageFile.LOAD_TRUNCATED_IMAGES
try:
    from weasyprint import CSS, HTML
    from weasyprint.urls import URLFetcher, URLFetcherResponse
finally:
    ImageFile.LOAD_TRUNCATED_IMAGES = _LOAD_TRUNCATED

__all__ = ["CSS", "HTML", "URLFetcher", "URLFetcherResponse"]
