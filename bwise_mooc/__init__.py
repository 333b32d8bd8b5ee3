"""bwise-mooc: Markdown lessons and quizzes compiled to SCORM, Open edX OLX and an HTML preview."""

__version__ = "0.1.0"
