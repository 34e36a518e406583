"""The strength estimate the meter shows; it lives in the services, beside the rule the core enforces."""

from __future__ import annotations

from vault_app.services.password import Strength, estimate

__all__ = ["Strength", "estimate"]
