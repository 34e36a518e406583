"""The floor of the vault: the domain model, errors, events, clock, paths and typed views.

Imports nothing else of vault_app."""
