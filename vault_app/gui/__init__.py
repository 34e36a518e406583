"""The desktop app (PySide6): the only package that imports Qt. It translates user actions into service
calls."""
