"""Issuing signed Open Badges 3.0 credentials without an issuing platform (issue 16).

``bwise-mooc credential keygen|issue|verify``: an awarding body keeps an Ed25519 key
(``keys``), whose public half is its ``did:key`` (``did_key``); the learners who completed a
track in the LMS (``completions``, Moodle's completion report download) each get the track's
``OpenBadgeCredential`` (``exporters/credentials/ob3.py``) with a hashed e-mail as their
identity, signed with a Data Integrity proof, cryptosuite ``eddsa-rdfc-2022`` (``proof``),
canonicalised with vendored JSON-LD contexts only (``contexts``), validated against 1EdTech's
JSON Schema and written one file per learner (``issue``).

This package sits beside the exporters: it imports ``exporters.credentials``; no exporter
imports it. Nothing here opens a network connection.
"""
