"""Dialogs: the field editor, changing the master password, restoring a backup, and file pickers."""
