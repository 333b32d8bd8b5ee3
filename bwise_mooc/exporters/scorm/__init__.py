"""Stage 3: SCORM 1.2 and SCORM 2004 4th edition packages (shared planning and packaging)."""
