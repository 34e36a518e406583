"""Anonymising transforms by field type, with a registry; the preview is exactly the value that leaves.

Transforms (id -> what leaves the vault):

=====================  ======================
============================================================== id                     field types
output =====================  ======================
============================================================== ``date.year``          date
the year (int), e.g. 1990 ``date.age_band``      date                    age range on the reference date,
e.g. ``"30-39"`` ``date.age_at_least``  date                    bool: age >= ``years`` on the reference
date ``postcode.prefix``    postcode                first ``length`` characters (1..4; at least 2 stay
hidden) ``address.city``       address                 the city line (see :func:`parse_address`)
``address.region``     address                 the region line ``address.in_country`` address
bool: the address's country is ``country`` ``country.is``         country                 bool: the value
is ``country`` ``number.above``       number                  bool: value > ``threshold`` ``number.below``
number                  bool: value < ``threshold`` ``number.bucket``      number                  half-
open interval text, e.g. ``"[30000, 40000)"`` ``number.round``       number                  value rounded
to ``digits`` significant figures ``number.noise``       number                  value +
Laplace(sensitivity / epsilon) noise (randomised) ``email.domain``       email                   the part
after ``@``, lower case ``pseudonym``          text, email, phone,     HMAC-SHA256 under the organisation's
32-byte key, first 160
                       identifier, address,    bits, base32 lower case (32 characters)
                       postcode, date
``suppress``           every type              ``None``: says the field exists, withholds the value
=====================  ======================
==============================================================

Entry points:

- ``available_transforms(field_type) -> list[TransformInfo]`` -- what the subject can choose, with plain-
  words labels and parameters (defaults, labels, ranges) for a form.
- ``apply(transform_id, field, params, context) -> TransformResult(value, method, params)`` -- validates
  the parameters (:class:`~vault_app.domain.errors.ValidationError` with a plain message naming the
  setting, never the value) and computes the released value. ``preview`` is the same function: what the
  subject sees is what leaves. ``TransformResult.params`` is the complete, normalised parameter list
  (defaults filled in, plus facts the organisation needs to read the value, such as the reference date or
  epsilon) as string pairs for :class:`~vault_app.domain.model.ReleasedField`.
- ``TransformContext(reference_date, org_pseudonym_key, rng)`` -- what transforms may depend on besides the
  field.

Randomness (``number.noise``): noise is drawn from ``context.rng`` (default :class:`secrets.SystemRandom`,
i.e. ``os.urandom``; tests inject a seeded :class:`random.Random`). It is drawn *once per preview*: the
caller keeps the previewed result and releases exactly that value (see :mod:`~vault_app.policy.decisions`),
never a fresh draw. The noised value is rounded to a tenth of the noise scale's order of magnitude;
rounding after the mechanism is post-processing, so the epsilon guarantee stands, and it hides floating-
point artefacts of the sampled noise.

Plain-language privacy levels for noise: ``light`` (epsilon 1.0), ``medium`` (0.5), ``strong`` (0.1); a
smaller epsilon means more noise. ``sensitivity`` is how large a change in the value should be hidden, in
the value's units.

Pseudonyms: the key is per organisation (the service derives it from the vault secret with HKDF); the
message is ``"pdv-pseudonym-v1" 0x00 field-type 0x00 normalise(field-type, value)``, so one value gives one
stable pseudonym for one organisation, and the pseudonyms different organisations receive cannot be linked
without the keys.
"""

from __future__ import annotations

import base64
import enum
import hashlib
import hmac
import math
import re
import secrets
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_FLOOR, ROUND_HALF_EVEN, Decimal, InvalidOperation
from types import MappingProxyType
from typing import NamedTuple, Protocol

from vault_app.domain.errors import ValidationError
from vault_app.domain.model import Field, FieldType, validate_value
from vault_app.policy.normalise import format_decimal, normalise

__all__ = [
    "PRIVACY_LEVELS",
    "ParamInfo",
    "ParamKind",
    "ParsedAddress",
    "TransformContext",
    "TransformInfo",
    "TransformKind",
    "TransformResult",
    "UniformSource",
    "age_on",
    "apply",
    "available_transforms",
    "get_transform",
    "parse_address",
    "preview",
]

Value = str | int | float | bool | None
PSEUDONYM_KEY_BYTES = 32
PSEUDONYM_BYTES = 20  # 160 bits: far beyond collision range for one person's values, 32 base32 characters
_PSEUDONYM_LABEL = b"pdv-pseudonym-v1"


class UniformSource(Protocol):
    """Anything with ``random() -> float`` uniform in [0, 1): SystemRandom in use, random.Random in tests."""

    def random(self) -> float: ...


@dataclass(frozen=True)
class TransformContext:
    """What a transform may depend on besides the field. The key never appears in repr()."""

    reference_date: date
    #: 32-byte key for this organisation's pseudonyms (derived by the service); None if not available
    org_pseudonym_key: bytes | None = None
    rng: UniformSource = field(default_factory=secrets.SystemRandom)

    def __repr__(self) -> str:
        key = "<set>" if self.org_pseudonym_key else None
        return f"TransformContext(reference_date={self.reference_date.isoformat()}, org_pseudonym_key={key})"


class TransformKind(enum.StrEnum):
    GENERALISE = "generalise"
    PREDICATE = "predicate"
    BUCKET = "bucket"
    NOISE = "noise"
    PSEUDONYM = "pseudonym"
    SUPPRESS = "suppress"


class ParamKind(enum.StrEnum):
    INT = "int"
    NUMBER = "number"
    CHOICE = "choice"
    COUNTRY = "country"


@dataclass(frozen=True)
class ParamInfo:
    """One setting of a transform, described for a form. ``default`` None: the subject must fill it in."""

    name: str
    label: str
    kind: ParamKind
    default: str | None = None
    #: for CHOICE: (value, plain label) pairs
    choices: tuple[tuple[str, str], ...] = ()
    minimum: float | None = None
    maximum: float | None = None
    #: for NUMBER: must be greater than zero
    positive: bool = False

    @property
    def required(self) -> bool:
        return self.default is None


@dataclass(frozen=True)
class TransformInfo:
    id: str
    label: str
    description: str
    kind: TransformKind
    field_types: tuple[FieldType, ...]
    params: tuple[ParamInfo, ...] = ()
    #: what the organisation receives: "boolean", "number", "text" or "nothing"
    output: str = "text"
    #: true if the result is drawn at random (preview once, release that preview)
    randomised: bool = False


class TransformResult(NamedTuple):
    value: Value
    method: str
    params: tuple[tuple[str, str], ...]

    def __repr__(self) -> str:
        return f"TransformResult(method={self.method!r}, params={self.params!r}, value=<hidden>)"


#: plain-language privacy levels for number.noise -> (epsilon, label)
PRIVACY_LEVELS: Mapping[str, tuple[float, str]] = MappingProxyType(
    {
        "light": (1.0, "Light privacy: small noise, the value stays close"),
        "medium": (0.5, "Medium privacy"),
        "strong": (0.1, "Strong privacy: large noise, the value is very rough"),
    }
)

# --- helpers ------------------------------------------------------------------------------------------------

Params = dict[str, object]


def _fail(info: TransformInfo, message: str, param: str | None = None) -> ValidationError:
    return ValidationError(f"{info.label}: {message}", field=param or info.id)


def _parse_params(info: TransformInfo, raw: Mapping[str, str]) -> Params:
    known = {p.name for p in info.params}
    for name in raw:
        if name not in known:
            raise _fail(info, f"there is no setting called \u201c{name}\u201d.", name)
    out: Params = {}
    for p in info.params:
        text = raw.get(p.name, p.default)
        if text is None or not str(text).strip():
            raise _fail(info, f"the setting \u201c{p.label}\u201d is required.", p.name)
        text = str(text).strip()
        if p.kind is ParamKind.INT:
            try:
                num: int | Decimal = int(text)
            except ValueError:
                raise _fail(info, f"\u201c{p.label}\u201d must be a whole number.", p.name) from None
        elif p.kind is ParamKind.NUMBER:
            try:
                num = Decimal(text.replace(",", ""))
            except InvalidOperation:
                raise _fail(info, f"\u201c{p.label}\u201d must be a number.", p.name) from None
            if not num.is_finite():
                raise _fail(info, f"\u201c{p.label}\u201d must be a finite number.", p.name)
        elif p.kind is ParamKind.CHOICE:
            allowed = [c for c, _ in p.choices]
            if text not in allowed:
                raise _fail(info, f"\u201c{p.label}\u201d must be one of {', '.join(allowed)}.", p.name)
            out[p.name] = text
            continue
        else:  # COUNTRY
            code = text.upper()
            if not re.fullmatch(r"[A-Z]{2}", code):
                raise _fail(
                    info, f"\u201c{p.label}\u201d must be a two-letter country code such as DE.", p.name
                )
            out[p.name] = code
            continue
        if p.positive and num <= 0:
            raise _fail(info, f"\u201c{p.label}\u201d must be more than 0.", p.name)
        if p.minimum is not None and num < Decimal(str(p.minimum)):
            raise _fail(info, f"\u201c{p.label}\u201d must be at least {_num_words(p.minimum)}.", p.name)
        if p.maximum is not None and num > Decimal(str(p.maximum)):
            raise _fail(info, f"\u201c{p.label}\u201d must be at most {_num_words(p.maximum)}.", p.name)
        out[p.name] = num
    return out


def _num_words(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else str(x)


def _dec(p: Params, name: str) -> Decimal:
    v = p[name]
    if not isinstance(v, Decimal):
        raise TypeError(f"setting {name} is not a number")  # a registry bug, not a user error
    return v


def _int(p: Params, name: str) -> int:
    v = p[name]
    if not isinstance(v, int):
        raise TypeError(f"setting {name} is not a whole number")
    return v


def _param_text(v: object) -> str:
    if isinstance(v, Decimal):
        return format_decimal(v)
    return str(v)


def _number(f: Field) -> Decimal:
    return Decimal(validate_value(FieldType.NUMBER, f.value))


def _date(f: Field) -> date:
    return date.fromisoformat(validate_value(FieldType.DATE, f.value))


def _as_number(d: Decimal) -> int | float:
    """A decimal as the JSON number the organisation receives: int when whole."""
    if d == d.to_integral_value():
        return int(d)
    return float(d)


def age_on(born: date, on: date) -> int:
    """Completed years between ``born`` and ``on`` (29 February birthdays count on 1 March)."""
    years = on.year - born.year
    if (on.month, on.day) < (born.month, born.day):
        years -= 1
    return years


# --- address parsing ----------------------------------------------------------------------------------------

# Postal codes of common shapes; a part that contains one is the "postcode + city" line. Upper case only, so
# ordinary words are not mistaken for UK-style codes. House numbers (1-3 digits, "221B") do not match.
_POSTCODE_RE = re.compile(
    r"(?<![\w-])(?:"
    r"[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}"  # UK: SW1A 2AA
    r"|[A-Z]\d[A-Z] ?\d[A-Z]\d"  # Canada: K1A 0B1
    r"|\d{4} ?[A-Z]{2}"  # Netherlands: 1012 AB
    r"|\d{5}-\d{4}|\d{3}-\d{4}|\d{2}-\d{3}"  # US ZIP+4, Japan, Poland
    r"|\d{3} \d{2}"  # Sweden, Czechia: 114 55
    r"|\d{4,6}"  # most others
    r")(?![\w-])"
)
_REGION_CODE_RE = re.compile(r"[A-Z]{2,3}")
_COUNTRY_CODE_RE = re.compile(r"[A-Za-z]{2}")


@dataclass(frozen=True)
class ParsedAddress:
    """The parts of an address that transforms may release. repr() hides everything."""

    city: str | None
    region: str | None
    country: str | None

    def __repr__(self) -> str:
        return "ParsedAddress(<hidden>)"


def _has_digit(s: str) -> bool:
    return any(c.isdigit() for c in s)


def parse_address(text: str) -> ParsedAddress:
    """Find city, region and country in a multi-line or comma-separated address.

    Parts are the lines, each split at commas. The convention read (and documented for the subject)::

        street line(s)                       <- the first part is always street and never released
        [postcode] city  |  city, [REGION] postcode  |  city, postcode
        [region]
        [country]                            <- a two-letter code as the last part

    The "postcode line" is the last part after the first that contains a postal code. The city is that part
    with the code removed; if nothing is left (the code stands alone) the city is the part before it; if
    only a 2-3 letter code is left (``Springfield, IL 62704``) that code is the region and the city is the
    part before. The region is otherwise the part after the city line. Without any postal code, parts
    containing digits are street lines; of the remaining parts the first is the city and a second one the
    region. A city or region that would contain a digit is never returned (it is probably a street line):
    it is reported as not found instead.
    """
    parts = [" ".join(p.split()) for line in text.splitlines() for p in line.split(",")]
    parts = [p for p in parts if p]
    country: str | None = None
    if len(parts) >= 2 and _COUNTRY_CODE_RE.fullmatch(parts[-1]):
        country = parts.pop().upper()
    city: str | None = None
    region: str | None = None
    if len(parts) >= 2:
        pc_idx = [i for i in range(1, len(parts)) if _POSTCODE_RE.search(parts[i])]
        if pc_idx:
            i = pc_idx[-1]
            rest = " ".join(_POSTCODE_RE.sub(" ", parts[i]).split()).strip(" -")
            after = parts[i + 1] if i + 1 < len(parts) else None
            if not rest:
                city = parts[i - 1] if i - 1 >= 1 else None
                region = after
            elif _REGION_CODE_RE.fullmatch(rest) and i - 1 >= 1:
                city, region = parts[i - 1], rest
            else:
                city, region = rest, after
        else:
            plain = [p for p in parts[1:] if not _has_digit(p)]
            city = plain[0] if plain else None
            region = plain[1] if len(plain) > 1 else None
    if city is not None and _has_digit(city):
        city = None
    if region is not None and _has_digit(region):
        region = None
    return ParsedAddress(city, region, country)


# --- the transforms -----------------------------------------------------------------------------------------

Impl = Callable[[TransformInfo, Field, Params, TransformContext], tuple[Value, list[tuple[str, str]]]]


def _t_year(
    info: TransformInfo, f: Field, p: Params, ctx: TransformContext
) -> tuple[Value, list[tuple[str, str]]]:
    return _date(f).year, []


def _age(info: TransformInfo, f: Field, ctx: TransformContext) -> int:
    age = age_on(_date(f), ctx.reference_date)
    if age < 0:
        raise _fail(info, "the date lies after the reference date, so there is no age to compute.")
    return age


def _t_age_band(
    info: TransformInfo, f: Field, p: Params, ctx: TransformContext
) -> tuple[Value, list[tuple[str, str]]]:
    width = _int(p, "width")
    lo = _age(info, f, ctx) // width * width
    return f"{lo}-{lo + width - 1}", [("reference_date", ctx.reference_date.isoformat())]


def _t_age_at_least(
    info: TransformInfo, f: Field, p: Params, ctx: TransformContext
) -> tuple[Value, list[tuple[str, str]]]:
    return _age(info, f, ctx) >= _int(p, "years"), [("reference_date", ctx.reference_date.isoformat())]


def _t_postcode_prefix(
    info: TransformInfo, f: Field, p: Params, ctx: TransformContext
) -> tuple[Value, list[tuple[str, str]]]:
    code = normalise(FieldType.POSTCODE, f.value)
    n = _int(p, "length")
    if n > len(code) - 2:
        raise _fail(
            info, "this postal code is too short to keep that many characters; choose fewer.", "length"
        )
    return code[:n], []


def _t_city(
    info: TransformInfo, f: Field, p: Params, ctx: TransformContext
) -> tuple[Value, list[tuple[str, str]]]:
    city = parse_address(f.value).city
    if city is None:
        raise _fail(info, "the city could not be found in this address (see how addresses are read).")
    return city, []


def _t_region(
    info: TransformInfo, f: Field, p: Params, ctx: TransformContext
) -> tuple[Value, list[tuple[str, str]]]:
    region = parse_address(f.value).region
    if region is None:
        raise _fail(info, "this address has no region line; choose the city instead.")
    return region, []


def _t_in_country(
    info: TransformInfo, f: Field, p: Params, ctx: TransformContext
) -> tuple[Value, list[tuple[str, str]]]:
    country = parse_address(f.value).country
    if country is None:
        raise _fail(
            info, "this address does not end with a two-letter country code, so it cannot be checked."
        )
    return country == p["country"], []


def _t_country_is(
    info: TransformInfo, f: Field, p: Params, ctx: TransformContext
) -> tuple[Value, list[tuple[str, str]]]:
    return validate_value(FieldType.COUNTRY, f.value) == p["country"], []


def _t_above(
    info: TransformInfo, f: Field, p: Params, ctx: TransformContext
) -> tuple[Value, list[tuple[str, str]]]:
    return _number(f) > _dec(p, "threshold"), []


def _t_below(
    info: TransformInfo, f: Field, p: Params, ctx: TransformContext
) -> tuple[Value, list[tuple[str, str]]]:
    return _number(f) < _dec(p, "threshold"), []


def _t_bucket(
    info: TransformInfo, f: Field, p: Params, ctx: TransformContext
) -> tuple[Value, list[tuple[str, str]]]:
    width = _dec(p, "width")
    lo = (_number(f) / width).to_integral_value(rounding=ROUND_FLOOR) * width
    return f"[{format_decimal(lo)}, {format_decimal(lo + width)})", []


def _t_round(
    info: TransformInfo, f: Field, p: Params, ctx: TransformContext
) -> tuple[Value, list[tuple[str, str]]]:
    digits = _int(p, "digits")
    v = _number(f)
    if v == 0:
        return 0, []
    quantum = Decimal(1).scaleb(v.adjusted() - digits + 1)
    return _as_number(v.quantize(quantum, rounding=ROUND_HALF_EVEN)), []


def laplace_noise(scale: float, rng: UniformSource) -> float:
    """One draw of Laplace(0, scale) by inverse CDF from a uniform source."""
    while True:
        u = rng.random() - 0.5  # in [-0.5, 0.5)
        if u != -0.5:  # ln(0) guard; probability 2**-53
            break
    return -scale * math.copysign(1.0, u) * math.log1p(-2.0 * abs(u))


def _t_noise(
    info: TransformInfo, f: Field, p: Params, ctx: TransformContext
) -> tuple[Value, list[tuple[str, str]]]:
    level = str(p["level"])
    epsilon = PRIVACY_LEVELS[level][0]
    scale = float(_dec(p, "sensitivity")) / epsilon
    noised = float(_number(f)) + laplace_noise(scale, ctx.rng)
    if not math.isfinite(noised):
        raise _fail(info, "this number is too large to add noise to.")
    # round to a tenth of the scale's order of magnitude: post-processing keeps epsilon, hides float noise
    step = Decimal(1).scaleb(math.floor(math.log10(scale)) - 1)
    out = (Decimal(repr(noised)) / step).to_integral_value(rounding=ROUND_HALF_EVEN) * step
    return _as_number(out), [
        ("mechanism", "laplace"),
        ("epsilon", repr(epsilon)),
        ("scale", repr(scale)),
    ]


def _t_email_domain(
    info: TransformInfo, f: Field, p: Params, ctx: TransformContext
) -> tuple[Value, list[tuple[str, str]]]:
    v = normalise(FieldType.EMAIL, f.value)
    if v.count("@") != 1:
        raise _fail(info, "this is not an e-mail address.")
    return v.split("@", 1)[1], []


def pseudonym(key: bytes, field_type: FieldType, value: str) -> str:
    """The pairwise pseudonym of ``value`` under one organisation's ``key`` (see module docstring)."""
    if len(key) != PSEUDONYM_KEY_BYTES:
        raise ValidationError("The organisation's pseudonym key must be 32 bytes.", field="pseudonym")
    msg = (
        _PSEUDONYM_LABEL
        + b"\x00"
        + field_type.value.encode()
        + b"\x00"
        + normalise(field_type, value).encode()
    )
    mac = hmac.new(key, msg, hashlib.sha256).digest()[:PSEUDONYM_BYTES]
    return base64.b32encode(mac).decode("ascii").lower()


def _t_pseudonym(
    info: TransformInfo, f: Field, p: Params, ctx: TransformContext
) -> tuple[Value, list[tuple[str, str]]]:
    if ctx.org_pseudonym_key is None:
        raise _fail(info, "no pseudonym key is available for this organisation.")
    return pseudonym(ctx.org_pseudonym_key, f.type, f.value), [
        ("alg", "HMAC-SHA256"),
        ("bits", str(PSEUDONYM_BYTES * 8)),
        ("encoding", "base32"),
    ]


def _t_suppress(
    info: TransformInfo, f: Field, p: Params, ctx: TransformContext
) -> tuple[Value, list[tuple[str, str]]]:
    return None, []


# --- registry -----------------------------------------------------------------------------------------------

FT = FieldType
_ALL_TYPES = tuple(FieldType)
_PSEUDONYM_TYPES = (FT.TEXT, FT.EMAIL, FT.PHONE, FT.IDENTIFIER, FT.ADDRESS, FT.POSTCODE, FT.DATE)
_COUNTRY_PARAM = ParamInfo("country", "Country (two-letter code, e.g. DE)", ParamKind.COUNTRY)
_THRESHOLD = ParamInfo("threshold", "Threshold", ParamKind.NUMBER)

_REGISTRY: dict[str, tuple[TransformInfo, Impl]] = {}


def _register(info: TransformInfo, impl: Impl) -> None:
    _REGISTRY[info.id] = (info, impl)


_register(
    TransformInfo(
        "date.year",
        "Year only",
        "Releases only the year, such as 1990.",
        TransformKind.GENERALISE,
        (FT.DATE,),
        output="number",
    ),
    _t_year,
)
_register(
    TransformInfo(
        "date.age_band",
        "Age range",
        "Releases an age range such as 30-39, on the reference date.",
        TransformKind.GENERALISE,
        (FT.DATE,),
        (ParamInfo("width", "Years per range", ParamKind.INT, "10", minimum=2, maximum=50),),
    ),
    _t_age_band,
)
_register(
    TransformInfo(
        "date.age_at_least",
        "Is at least this old (yes/no)",
        "Releases only yes or no: whether you are at least this many years old on the reference date.",
        TransformKind.PREDICATE,
        (FT.DATE,),
        (ParamInfo("years", "Age in years", ParamKind.INT, "18", minimum=0, maximum=150),),
        output="boolean",
    ),
    _t_age_at_least,
)
_register(
    TransformInfo(
        "postcode.prefix",
        "Start of the postal code",
        "Releases only the first characters of the postal code.",
        TransformKind.GENERALISE,
        (FT.POSTCODE,),
        (ParamInfo("length", "Characters to keep", ParamKind.INT, "2", minimum=1, maximum=4),),
    ),
    _t_postcode_prefix,
)
_register(
    TransformInfo(
        "address.city",
        "City only",
        "Releases only the city of the address.",
        TransformKind.GENERALISE,
        (FT.ADDRESS,),
    ),
    _t_city,
)
_register(
    TransformInfo(
        "address.region",
        "Region only",
        "Releases only the region of the address.",
        TransformKind.GENERALISE,
        (FT.ADDRESS,),
    ),
    _t_region,
)
_register(
    TransformInfo(
        "address.in_country",
        "Lives in a country (yes/no)",
        "Releases only yes or no: whether the address is in the country you name.",
        TransformKind.PREDICATE,
        (FT.ADDRESS,),
        (_COUNTRY_PARAM,),
        output="boolean",
    ),
    _t_in_country,
)
_register(
    TransformInfo(
        "country.is",
        "Is this country (yes/no)",
        "Releases only yes or no: whether the value is the country you name.",
        TransformKind.PREDICATE,
        (FT.COUNTRY,),
        (_COUNTRY_PARAM,),
        output="boolean",
    ),
    _t_country_is,
)
_register(
    TransformInfo(
        "number.above",
        "Above a threshold (yes/no)",
        "Releases only yes or no: whether the number is above the threshold.",
        TransformKind.PREDICATE,
        (FT.NUMBER,),
        (_THRESHOLD,),
        output="boolean",
    ),
    _t_above,
)
_register(
    TransformInfo(
        "number.below",
        "Below a threshold (yes/no)",
        "Releases only yes or no: whether the number is below the threshold.",
        TransformKind.PREDICATE,
        (FT.NUMBER,),
        (_THRESHOLD,),
        output="boolean",
    ),
    _t_below,
)
_register(
    TransformInfo(
        "number.bucket",
        "Range",
        "Releases only the range the number falls in, such as [30000, 40000).",
        TransformKind.BUCKET,
        (FT.NUMBER,),
        (ParamInfo("width", "Size of each range", ParamKind.NUMBER, "10", positive=True, maximum=1e15),),
    ),
    _t_bucket,
)
_register(
    TransformInfo(
        "number.round",
        "Rounded",
        "Releases the number rounded to a few significant digits.",
        TransformKind.BUCKET,
        (FT.NUMBER,),
        (ParamInfo("digits", "Significant digits to keep", ParamKind.INT, "2", minimum=1, maximum=6),),
        output="number",
    ),
    _t_round,
)
_register(
    TransformInfo(
        "number.noise",
        "With random noise",
        "Releases the number with random noise added (local differential privacy, Laplace mechanism). "
        "The preview shows the exact noisy value that will be sent.",
        TransformKind.NOISE,
        (FT.NUMBER,),
        (
            ParamInfo(
                "level",
                "Privacy level",
                ParamKind.CHOICE,
                "medium",
                tuple((k, v[1]) for k, v in PRIVACY_LEVELS.items()),
            ),
            ParamInfo(
                "sensitivity",
                "Size of a change to hide (in the value's units)",
                ParamKind.NUMBER,
                "1",
                positive=True,
                maximum=1e15,
            ),
        ),
        output="number",
        randomised=True,
    ),
    _t_noise,
)
_register(
    TransformInfo(
        "email.domain",
        "Domain only",
        "Releases only the part after the @, such as example.org.",
        TransformKind.GENERALISE,
        (FT.EMAIL,),
    ),
    _t_email_domain,
)
_register(
    TransformInfo(
        "pseudonym",
        "Pseudonym for this organisation",
        "Releases a code that stays the same for this organisation but cannot be linked by others.",
        TransformKind.PSEUDONYM,
        _PSEUDONYM_TYPES,
    ),
    _t_pseudonym,
)
_register(
    TransformInfo(
        "suppress",
        "Say it exists, hide the value",
        "Tells the organisation you have this data without releasing it.",
        TransformKind.SUPPRESS,
        _ALL_TYPES,
        output="nothing",
    ),
    _t_suppress,
)


def available_transforms(field_type: FieldType) -> list[TransformInfo]:
    """The transforms the subject can choose for a field of this type, in display order."""
    return [info for info, _ in _REGISTRY.values() if field_type in info.field_types]


def get_transform(transform_id: str) -> TransformInfo:
    try:
        return _REGISTRY[transform_id][0]
    except KeyError:
        raise ValidationError(
            f"There is no anonymisation method called \u201c{transform_id}\u201d.", field="transform"
        ) from None


def apply(
    transform_id: str,
    field: Field,
    params: Mapping[str, str] | Iterable[tuple[str, str]],
    context: TransformContext,
) -> TransformResult:
    """Compute what leaves the vault for ``field`` under this transform. ValidationError on bad settings."""
    info, impl = _REGISTRY.get(transform_id, (None, None))
    if info is None or impl is None:
        get_transform(transform_id)  # raises the plain "no such method" error
        raise AssertionError("unreachable")
    if field.type not in info.field_types:
        raise ValidationError(
            f"{info.label} cannot be used for {field.type.value} fields like {field.name}.", field=field.name
        )
    raw = dict(params.items()) if isinstance(params, Mapping) else _pairs_to_dict(info, params)
    parsed = _parse_params(info, raw)
    value, extra = impl(info, field, parsed, context)
    out = tuple((p.name, _param_text(parsed[p.name])) for p in info.params) + tuple(extra)
    return TransformResult(value, info.id, out)


def _pairs_to_dict(info: TransformInfo, pairs: Iterable[tuple[str, str]]) -> dict[str, str]:
    out: dict[str, str] = {}
    for k, v in pairs:
        if k in out:
            raise _fail(info, f"the setting \u201c{k}\u201d is given twice.", k)
        out[k] = v
    return out


#: the preview is the release: one function, so what the subject sees is exactly what leaves
preview = apply
