"""Value normalisation shared by pseudonyms and verification: equal values compare equal however written.

Two levels:

- :func:`normalise_text` -- Unicode NFC, surrounding whitespace removed, inner whitespace runs collapsed to
  one space, optionally case-folded. This is *the same definition* as the protocol's ``normalise_for_hash``
  (wire names ``nfc-ws`` and ``nfc-ws-casefold``), used for salted hashes an organisation computes without
  knowing field types.
- :func:`normalise` -- ``normalise_text`` and then a rule per :class:`~vault_app.domain.model.FieldType`:

========== ==================================================================== email      case-folded
phone      digits only (``+49 (30) 123-45`` -> ``493012345``) date       ISO ``YYYY-MM-DD`` when it parses
as an ISO 8601 date country    upper case postcode   upper case, spaces removed number     plain decimal,
no grouping commas, no trailing zeros (``1,000.50`` -> ``1000.5``) boolean    ``true`` / ``false`` (from
true/false/yes/no) others     ``normalise_text`` only ==========
====================================================================

Normalising never fails: a value that does not parse for its type (an organisation's badly written date)
keeps its ``normalise_text`` form and will simply not match.

Public API: ``normalise_text``, ``normalise``, ``HashNorm``, ``format_decimal``.
"""

from __future__ import annotations

import enum
import unicodedata
from datetime import date
from decimal import Decimal, InvalidOperation

from vault_app.domain.model import FieldType

__all__ = ["HashNorm", "normalise", "normalise_text"]


class HashNorm(enum.StrEnum):
    """Which normalisation a salted hash was computed over (wire names shared with the protocol)."""

    NFC_WS = "nfc-ws"
    NFC_WS_CASEFOLD = "nfc-ws-casefold"
    #: :func:`normalise` by the field's type (for organisations that know the field type)
    BY_TYPE = "by-type"


def normalise_text(value: str, *, casefold: bool = False) -> str:
    v = " ".join(unicodedata.normalize("NFC", value).split())
    return v.casefold() if casefold else v


def normalise(field_type: FieldType, value: str) -> str:
    v = normalise_text(value)
    if field_type is FieldType.EMAIL:
        return v.casefold()
    if field_type is FieldType.PHONE:
        return "".join(c for c in v if c.isascii() and c.isdigit())
    if field_type is FieldType.DATE:
        try:
            return date.fromisoformat(v).isoformat()
        except ValueError:
            return v
    if field_type is FieldType.COUNTRY:
        return v.upper()
    if field_type is FieldType.POSTCODE:
        return v.upper().replace(" ", "")
    if field_type is FieldType.NUMBER:
        try:
            d = Decimal(v.replace(",", ""))
        except InvalidOperation:
            return v
        if not d.is_finite():
            return v
        return format_decimal(d)
    if field_type is FieldType.BOOLEAN:
        low = v.lower()
        if low in ("true", "yes"):
            return "true"
        if low in ("false", "no"):
            return "false"
    return v


def format_decimal(d: Decimal) -> str:
    """A finite decimal as plain digits: no exponent, no trailing zeros, no negative zero."""
    if d == 0:
        return "0"
    text = format(d.normalize(), "f")
    return text
