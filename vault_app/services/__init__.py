"""The use cases (vault, inbox, decisions, grants, organisations, settings, demo): the one typed facade for
the GUI and the CLI."""
