"""File pickers in one place (so tests can answer them, and so every picker behaves the same)."""

from __future__ import annotations

from PySide6.QtWidgets import QFileDialog, QWidget


def ask_save_path(parent: QWidget | None, title: str, default_name: str, name_filter: str) -> str | None:
    path, _ = QFileDialog.getSaveFileName(parent, title, default_name, name_filter)
    return path or None


def ask_open_path(parent: QWidget | None, title: str, name_filter: str) -> str | None:
    path, _ = QFileDialog.getOpenFileName(parent, title, "", name_filter)
    return path or None


def ask_open_paths(parent: QWidget | None, title: str, name_filter: str) -> list[str]:
    paths, _ = QFileDialog.getOpenFileNames(parent, title, "", name_filter)
    return list(paths)


def ask_folder(parent: QWidget | None, title: str, start: str = "") -> str | None:
    path = QFileDialog.getExistingDirectory(parent, title, start)
    return path or None
