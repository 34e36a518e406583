"""Command lines: ``pdvault-cli`` for the subject (subject.py) and ``pdvault-org`` for organisations
(org.py)."""
