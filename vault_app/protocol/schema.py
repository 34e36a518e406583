"""Claim-level schema checks shared by every message kind: types, lengths, allowed values and list caps.

Each helper returns the checked value or raises ProtocolError: ``missing-claim`` when a required member is absent,
``invalid-claim`` for anything present but wrong. Messages name the claim, never its value (a claim may hold a
personal value).
"""

from __future__ import annotations

import enum
import re
from collections.abc import Mapping
from typing import Any, TypeVar

from vault_app.protocol.errors import Reason, fail

E = TypeVar("E", bound=enum.Enum)
T = TypeVar("T")

#: field names: ASCII letters/digits first, then letters, digits, '_', '.', '-' (64 characters at most)
FIELD_NAME_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.\-]{0,63}")
JTI_RE = re.compile(r"[A-Za-z0-9_-]{16,128}")
#: SHA-256 digests as unpadded base64url are always 43 characters
HASH_RE = re.compile(r"[A-Za-z0-9_-]{42}[AEIMQUYcgkosw048]")
#: purpose IRIs: https only, printable ASCII without spaces or characters that need quoting in IRIs
IRI_RE = re.compile(r"https://[A-Za-z0-9._~:/?#\[\]@!$&'()*+,;=%-]{1,248}")
#: status-list URIs: an https URL (or http on this machine only, for a gateway under test), or a urn: name for
#: lists handed over as files
STATUS_URI_RE = re.compile(
    r"(?:https://|urn:|http://(?:localhost|127\.0\.0\.1)(?::[0-9]{1,5})?/)[A-Za-z0-9._~:/?#\[\]@!$&'()*+,;=%-]{1,500}"
)
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
_GW_TAIL = r"(?::(?P<port>[0-9]{1,5}))?(?P<path>(?:/[A-Za-z0-9._~!$&'()*+,;=:@%-]+)*)"
#: an organisation's gateway: an https URL with a DNS name (no user, query or fragment, no trailing slash), or
#: http only for localhost / 127.0.0.1 (a gateway on the organisation's own machine, e.g. under test)
GATEWAY_RE = re.compile(
    rf"(?:https://(?P<host>{_LABEL}(?:\.{_LABEL})+|localhost)|http://(?:localhost|127\.0\.0\.1)){_GW_TAIL}"
)
MAX_GATEWAY = 200
#: short machine words (methods, transform ids, parameter names)
WORD_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.:\-]{0,63}")

# Control characters (Unicode category Cc) are never legitimate in a name or a purpose. Bidirectional controls
# can make text display differently from what it is (Trojan Source, CVE-2021-42574); line/paragraph separators
# and the BOM can hide content in one-line displays; lone surrogates are not text.
_UNSAFE = "\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029\ufeff\ud800-\udfff"
_UNSAFE_ONE_LINE = re.compile("[\x00-\x1f" + _UNSAFE + "]")
_UNSAFE_MULTILINE = re.compile("[\x00-\x08\x0b-\x1f" + _UNSAFE + "]")

MAX_TEXT = 1000
MAX_NAME = 128

#: the largest magnitude of a number in a claim (RFC 7493 I-JSON: integers in [-(2^53), 2^53] are exact everywhere)
MAX_EXACT_INT = 2**53
NUMERIC_DATE_MAX = 253402300799  # 9999-12-31T23:59:59Z: beyond this a date is nonsense, not a long validity


def safe_text(value: str, *, multiline: bool = False) -> bool:
    """True if ``value`` has no control characters (except newline and tab when ``multiline``) and no bidi
    controls, invisible separators or unpaired surrogates."""
    return (_UNSAFE_MULTILINE if multiline else _UNSAFE_ONE_LINE).search(value) is None


def obj(value: Any, where: str, required: frozenset[str], optional: frozenset[str] = frozenset()) -> dict[str, Any]:
    """A JSON object with all ``required`` members and nothing outside ``required | optional``."""
    if type(value) is not dict:
        fail(Reason.INVALID_CLAIM, f"The claim '{where}' must be an object.")
    keys = value.keys()
    if required <= keys and keys - required <= optional:
        return value
    missing = required - keys
    if missing:
        fail(Reason.MISSING_CLAIM, f"The claim '{where}' lacks the member '{min(missing)}'.")
    extra = value.keys() - required - optional
    if extra:
        shown = min(extra)
        if not FIELD_NAME_RE.fullmatch(shown):
            shown = "(unprintable name)"
        fail(Reason.INVALID_CLAIM, f"The claim '{where}' has the unexpected member '{shown}'.")
    return value


def text(value: Any, where: str, *, max_len: int = MAX_TEXT, multiline: bool = False) -> str:
    if not isinstance(value, str) or not value.strip():
        fail(Reason.INVALID_CLAIM, f"The claim '{where}' must be non-empty text.")
    if len(value) > max_len:
        fail(Reason.INVALID_CLAIM, f"The claim '{where}' is longer than {max_len} characters.")
    if not safe_text(value, multiline=multiline):
        fail(Reason.INVALID_CLAIM, f"The claim '{where}' contains control or bidirectional-override characters.")
    return value


def opt_text(value: Any, where: str, *, max_len: int = MAX_TEXT, multiline: bool = False) -> str | None:
    return None if value is None else text(value, where, max_len=max_len, multiline=multiline)


def match(value: Any, pattern: re.Pattern[str], where: str, what: str) -> str:
    if not isinstance(value, str) or pattern.fullmatch(value) is None:
        fail(Reason.INVALID_CLAIM, f"The claim '{where}' is not {what}.")
    return value


def field_name(value: Any, where: str) -> str:
    return match(
        value,
        FIELD_NAME_RE,
        where,
        "a valid field name (letters, digits, '.', '_', '-', starting with a letter or digit, at most 64)",
    )


def jti(value: Any, where: str) -> str:
    return match(value, JTI_RE, where, "a message id (16 to 128 base64url characters)")


def sha256_b64(value: Any, where: str) -> str:
    return match(value, HASH_RE, where, "a base64url SHA-256 digest")


def iri(value: Any, where: str) -> str:
    return match(value, IRI_RE, where, "an https IRI")


def gateway_url(value: Any, where: str) -> str:
    """An organisation's gateway base URL (see :data:`GATEWAY_RE`): status lists are then at
    ``<gateway>/status/<list id>``."""
    m = GATEWAY_RE.fullmatch(value) if isinstance(value, str) and len(value) <= MAX_GATEWAY else None
    if m is None or (m.group("port") is not None and not 0 < int(m.group("port")) <= 65535):
        fail(Reason.INVALID_CLAIM, f"The claim '{where}' is not an https URL (or http on localhost) without "
                                   "user, query, fragment or trailing slash.")
    return str(value)


def integer(value: Any, where: str, lo: int, hi: int) -> int:
    # bool is an int subclass in Python; JSON true must not pass as 1
    if type(value) is not int:
        fail(Reason.INVALID_CLAIM, f"The claim '{where}' must be an integer.")
    if not lo <= value <= hi:
        fail(Reason.INVALID_CLAIM, f"The claim '{where}' is out of range.")
    return value


def boolean(value: Any, where: str) -> bool:
    if type(value) is not bool:
        fail(Reason.INVALID_CLAIM, f"The claim '{where}' must be true or false.")
    return value


def array(value: Any, where: str, *, max_items: int, min_items: int = 0) -> list[Any]:
    if not isinstance(value, list):
        fail(Reason.INVALID_CLAIM, f"The claim '{where}' must be a list.")
    if len(value) < min_items:
        fail(Reason.INVALID_CLAIM, f"The claim '{where}' must have at least {min_items} item(s).")
    if len(value) > max_items:
        fail(Reason.INVALID_CLAIM, f"The claim '{where}' has more than {max_items} items.")
    return value


def unique(values: list[Any] | tuple[Any, ...], where: str) -> None:
    if len(set(values)) != len(values):
        fail(Reason.INVALID_CLAIM, f"The claim '{where}' lists the same item twice.")


def choice(value: Any, enum_cls: type[E], where: str) -> E:
    # the value-to-member map is what Enum.__call__ consults, without its overhead (this runs per field)
    member = enum_cls._value2member_map_.get(value) if isinstance(value, str) else None
    if member is not None:
        return member  # type: ignore[return-value]
    else:
        allowed = ", ".join(str(m.value) for m in enum_cls)
        fail(Reason.INVALID_CLAIM, f"The claim '{where}' must be one of: {allowed}.")


def scalar_value(value: Any, where: str, *, max_len: int = 4096) -> str | int | float | bool:
    """A released or concluded value: text, number or boolean (never an object or list)."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        # One rule for every number (RFC 7493 I-JSON 2.2): its magnitude is at most 2^53, whether it is written as
        # an integer or not. JSON parsers turn integers beyond 64 bits into inexact doubles, and other libraries
        # read them exactly; refusing them all means both sides always hold the same number.
        # (json_loads already refused NaN and Infinity.)
        if not -MAX_EXACT_INT <= value <= MAX_EXACT_INT:
            fail(Reason.INVALID_CLAIM, f"The claim '{where}' is a number beyond +-2^53, which cannot be exchanged exactly.")
        return value
    if isinstance(value, str):
        if len(value) > max_len:
            fail(Reason.INVALID_CLAIM, f"The claim '{where}' is longer than {max_len} characters.")
        if not safe_text(value, multiline=True):
            fail(Reason.INVALID_CLAIM, f"The claim '{where}' contains control or bidirectional-override characters.")
        return value
    fail(Reason.INVALID_CLAIM, f"The claim '{where}' must be text, a number or true/false.")


def str_params(value: Any, where: str) -> tuple[tuple[str, str], ...]:
    """Transform parameters: a flat object of short words to short texts, returned sorted for stable equality."""
    if not isinstance(value, dict):
        fail(Reason.INVALID_CLAIM, f"The claim '{where}' must be an object.")
    if len(value) > 16:
        fail(Reason.INVALID_CLAIM, f"The claim '{where}' has more than 16 members.")
    word = WORD_RE.fullmatch
    unsafe = _UNSAFE_ONE_LINE.search
    for k, v in value.items():
        if word(k) is None:
            match(k, WORD_RE, where, "an object with short word keys")
        if type(v) is not str or not 0 < len(v) <= 256 or not v.strip() or unsafe(v) is not None:
            text(v, f"{where}.{k}", max_len=256)
    return tuple(sorted(value.items()))


def fast_new(cls: type[T], values: dict[str, Any]) -> T:
    """Build a dataclass instance from already-checked values without running its ``__init__``.

    A frozen dataclass's ``__init__`` sets each field through ``object.__setattr__``, which dominates the cost
    of reading a grant with a handful of fields. Like unpickling, this fills ``__dict__`` directly; the result
    is indistinguishable from a normal instance. Only for classes without ``__post_init__`` or ``__slots__``
    (checked), and only with values the schema has just validated.
    """
    obj = object.__new__(cls)
    obj.__dict__.update(values)
    return obj


def can_fast_new(cls: type[Any]) -> bool:
    return "__post_init__" not in dir(cls) and "__slots__" not in vars(cls) and hasattr(cls, "__dataclass_fields__")


def params_json(params: tuple[tuple[str, str], ...]) -> dict[str, str]:
    return dict(params)


def get(claims: Mapping[str, Any], name: str) -> Any:
    """A required claim."""
    try:
        return claims[name]
    except KeyError:
        fail(Reason.MISSING_CLAIM, f"The message lacks the required claim '{name}'.")
