"""Bring existing data in: vCard (.vcf, RFC 6350 / vCard 3.0) and CSV files become a preview of fields, with a
mapping from what the file calls each item to a field of the vault (key, type, category), checked before
anything is written.

Qt-free, shared by the desktop app and ``pdvault-cli field import``: they only show the preview, let the
person change the mapping, and call :func:`apply`. A file with problems imports nothing unless the person
confirms the good part (``accept_partial``). Problems never quote a value (values are personal data; messages
go to logs and terminals).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from vault_app.domain.catalogue import key_from_label, standard_field, standard_for_label
from vault_app.domain.errors import ValidationError
from vault_app.domain.model import Category, FieldType, validate_field_name, validate_value
from vault_app.services.vault import VaultService

MAX_FILE = 1024 * 1024  # a person's own data: far less than this; refuse to parse something huge
MAX_ITEMS = 500


@dataclass(frozen=True)
class Candidate:
    """One item of the file, mapped to a field. ``value`` is personal data: never log a Candidate's value."""

    source: str  # what the file calls it ("EMAIL;TYPE=work", a CSV column or row name)
    line: int
    key: str
    label: str | None  # the name to show when it differs from the standard one
    type: FieldType
    category: Category
    value: str
    include: bool = True

    def __repr__(self) -> str:
        return f"Candidate(source={self.source!r}, key={self.key!r}, type={self.type.value}, value=<hidden>)"


@dataclass(frozen=True)
class Problem:
    line: int
    source: str
    message: str  # never quotes the value


@dataclass(frozen=True)
class Preview:
    format: str  # "vcard" | "csv"
    candidates: tuple[Candidate, ...]
    problems: tuple[Problem, ...]

    @property
    def included(self) -> tuple[Candidate, ...]:
        return tuple(c for c in self.candidates if c.include)


@dataclass(frozen=True)
class ImportResult:
    added: tuple[str, ...]
    replaced: tuple[str, ...]
    skipped: tuple[str, ...]  # already in the vault and not replaced


# -- mapping -------------------------------------------------------------------------------------------------
def _candidate(
    source: str,
    line: int,
    key: str,
    label: str | None,
    ftype: FieldType | None,
    category: Category | None,
    raw: str,
) -> Candidate | Problem:
    std = standard_field(key)
    ftype = ftype or (std.type if std else FieldType.TEXT)
    category = category or (std.category if std else Category.OTHER)
    try:
        validate_field_name(key)
    except ValidationError:
        return Problem(line, source, f"“{source}” cannot become a field name; map it to one.")
    try:
        value = validate_value(ftype, raw)
    except ValidationError as exc:
        return Problem(line, source, f"The value for “{source}” is not a valid {ftype.value}: {exc.message}")
    return Candidate(source, line, key, label, ftype, category, value)


def _for_label(source: str, line: int, label: str, raw: str) -> Candidate | Problem:
    std = standard_for_label(label)
    key = std.key if std else key_from_label(label)
    return _candidate(source, line, key, None if std else label.strip(), None, None, raw)


def _build(fmt: str, items: Iterable[Candidate | Problem], problems: Sequence[Problem] = ()) -> Preview:
    cands: list[Candidate] = []
    probs = list(problems)
    seen: set[str] = set()
    for it in items:
        if isinstance(it, Problem):
            probs.append(it)
        elif it.key.lower() in seen:  # a second phone number, a second e-mail: the first wins unless remapped
            cands.append(replace(it, include=False))
        else:
            seen.add(it.key.lower())
            cands.append(it)
        if len(cands) + len(probs) > MAX_ITEMS:
            raise ValidationError(f"The file has more than {MAX_ITEMS} items; split it.", reason="too-large")
    return Preview(fmt, tuple(cands), tuple(probs))


def remap(
    preview: Preview,
    source: str,
    *,
    key: str | None = None,
    label: str | None = None,
    ftype: FieldType | None = None,
    category: Category | None = None,
    include: bool | None = None,
) -> Preview:
    """The preview with the item ``source`` mapped differently (a person's choice in the preview)."""
    out: list[Candidate] = []
    found = False
    for c in preview.candidates:
        if c.source != source:
            out.append(c)
            continue
        found = True
        new_key = key or c.key
        validate_field_name(new_key)
        new_type = ftype or (c.type if key is None else (standard_field(new_key) or c).type)
        value = validate_value(new_type, c.value)
        std = standard_field(new_key)
        new_cat = category or (c.category if key is None else (std.category if std else c.category))
        out.append(
            replace(
                c,
                key=new_key,
                label=label if label is not None else (None if std else c.label),
                type=new_type,
                category=new_cat,
                value=value,
                include=c.include if include is None else include,
            )
        )
    if not found:
        raise ValidationError(f"The file has no item “{source}”.", reason="no-such-item")
    return replace(preview, candidates=tuple(out))


# -- vCard ---------------------------------------------------------------------------------------------------
def _unfold(text: str) -> list[tuple[int, str]]:
    lines: list[tuple[int, str]] = []
    for n, raw in enumerate(text.splitlines(), 1):
        if raw[:1] in (" ", "\t") and lines:
            ln, prev = lines[-1]
            lines[-1] = (ln, prev + raw[1:])
        elif raw.strip():
            lines.append((n, raw))
    return lines


def _unescape(v: str) -> str:
    out, i = [], 0
    while i < len(v):
        ch = v[i]
        if ch == "\\" and i + 1 < len(v):
            nxt = v[i + 1]
            out.append("\n" if nxt in "nN" else nxt)
            i += 2
            continue
        out.append(ch)
        i += 1
    return "".join(out)


def _split(v: str, sep: str) -> list[str]:
    parts, cur, i = [], [], 0
    while i < len(v):
        if v[i] == "\\" and i + 1 < len(v):
            cur.append(v[i : i + 2])
            i += 2
            continue
        if v[i] == sep:
            parts.append("".join(cur))
            cur = []
        else:
            cur.append(v[i])
        i += 1
    parts.append("".join(cur))
    return parts


def _types(params: list[str]) -> set[str]:
    out: set[str] = set()
    for p in params:
        name, _, val = p.partition("=")
        if name.upper() == "TYPE":
            out.update(x.strip('"').lower() for x in val.split(","))
        elif not val:  # vCard 2.1 style: EMAIL;WORK
            out.add(name.lower())
    return out


def parse_vcard(text: str) -> Preview:
    """The fields of the first contact card in ``text`` (a second card is reported, not mixed in)."""
    items: list[Candidate | Problem] = []
    problems: list[Problem] = []
    inside = done = False
    cards = 0
    for line, raw in _unfold(text):
        head, sep, value = raw.partition(":")
        if not sep:
            if inside and not done:
                problems.append(Problem(line, raw[:20], "This line is not “NAME:value”; it was left out."))
            continue
        name, *params = _split(head, ";")
        prop = name.split(".")[-1].upper()  # item1.EMAIL -> EMAIL
        marker = f"{prop}:{value.strip().upper()}"
        if marker == "BEGIN:VCARD":
            cards += 1
            inside = cards == 1
            continue
        if marker == "END:VCARD":
            if inside:
                done = True
            inside = False
            continue
        if not inside or done:
            continue
        types = _types(params)
        src = head
        if prop == "N":
            parts = [_unescape(p) for p in _split(value, ";")] + [""] * 5
            if parts[0].strip():
                items.append(_candidate(src + " (family)", line, "family_name", None, None, None, parts[0]))
            if parts[1].strip():
                items.append(_candidate(src + " (given)", line, "given_name", None, None, None, parts[1]))
        elif prop == "FN":
            items.append(_candidate(src, line, "full_name", None, None, None, _unescape(value)))
        elif prop == "NICKNAME":
            items.append(_candidate(src, line, "nickname", None, None, None, _unescape(value).split(",")[0]))
        elif prop == "EMAIL":
            key = "work_email" if "work" in types else "email"
            items.append(_candidate(src, line, key, None, None, None, _unescape(value)))
        elif prop == "TEL":
            number = _unescape(value)
            number = number[4:] if number.lower().startswith("tel:") else number
            key = "mobile_phone" if "cell" in types else "phone"
            items.append(_candidate(src, line, key, None, None, None, number))
        elif prop == "BDAY":
            v = _unescape(value).strip()
            if len(v) == 8 and v.isdigit():  # 19900412 (basic ISO 8601 form)
                v = f"{v[:4]}-{v[4:6]}-{v[6:]}"
            items.append(_candidate(src, line, "date_of_birth", None, None, None, v[:10]))
        elif prop == "ADR":
            p = [_unescape(x).strip() for x in _split(value, ";")] + [""] * 7
            # post office box; extended; street; locality; region; postal code; country
            street = "\n".join(x for x in (p[2], p[1], p[0]) if x)
            town = " ".join(x for x in (p[5], p[3]) if x)
            address = "\n".join(x for x in (street, town, p[4], p[6]) if x)
            key = "home_address" if "work" not in types else "work_address"
            if address:
                items.append(
                    _candidate(
                        src,
                        line,
                        key,
                        None if key == "home_address" else "Work address",
                        FieldType.ADDRESS,
                        Category.LOCATION,
                        address,
                    )
                )
            if p[5]:
                items.append(_candidate(src + " (postal code)", line, "postcode", None, None, None, p[5]))
            if p[3]:
                items.append(_candidate(src + " (locality)", line, "city", None, None, None, p[3]))
        elif prop == "ORG":
            org = _unescape(_split(value, ";")[0])
            items.append(_candidate(src, line, "employer", None, None, None, org))
        elif prop == "TITLE":
            items.append(_candidate(src, line, "job_title", None, None, None, _unescape(value)))
        elif prop == "URL":
            items.append(_candidate(src, line, "website", None, None, None, _unescape(value)))
        elif prop == "GENDER":
            g = {"M": "male", "F": "female", "O": "other", "N": "none", "U": "unknown"}.get(
                _split(value, ";")[0].strip().upper(), _unescape(value)
            )
            items.append(_candidate(src, line, "gender", None, None, None, g))
        elif prop == "LANG":
            items.append(_candidate(src, line, "language", None, None, None, _unescape(value)))
        elif prop in (
            "VERSION",
            "PRODID",
            "UID",
            "REV",
            "KIND",
            "PHOTO",
            "LOGO",
            "SOUND",
            "KEY",
            "CATEGORIES",
            "NOTE",
            "SOURCE",
            "CLIENTPIDMAP",
            "X-ABUID",
        ):
            continue  # about the card itself, or not personal data the vault keeps
        elif prop.startswith("X-"):
            label = prop[2:].replace("-", " ").capitalize()
            items.append(_for_label(src, line, label, _unescape(value)))
        else:
            problems.append(
                Problem(line, src, f"“{prop}” is not a kind of data this app knows; it was left out.")
            )
    if cards == 0:
        raise ValidationError("This is not a vCard file (no BEGIN:VCARD).", reason="not-vcard")
    if not done:
        problems.append(
            Problem(0, "END:VCARD", "The card is incomplete (no END:VCARD): the file may be cut off.")
        )
    if cards > 1:
        problems.append(
            Problem(0, "BEGIN:VCARD", f"The file holds {cards} cards; only the first one is read.")
        )
    return _build("vcard", items, problems)


# -- CSV -----------------------------------------------------------------------------------------------------
def parse_csv(text: str) -> Preview:
    """Either two columns (name, value) with one item a row, or a header row of names over one row of
    values."""
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    rows = [r for r in csv.reader(io.StringIO(text), dialect) if any(cell.strip() for cell in r)]
    if not rows:
        raise ValidationError("The file is empty.", reason="empty")
    head = [c.strip().lower() for c in rows[0]]
    items: list[Candidate | Problem] = []
    problems: list[Problem] = []
    pairs = len(rows[0]) == 2 and (head[0] in ("name", "field", "key", "label") or len(rows) > 2)
    if pairs:
        titled = head[0] in ("name", "field", "key", "label") and head[1] in ("value", "wert", "值")
        start = 1 if titled else 0
        for n, r in enumerate(rows[start:], start + 1):
            if len(r) != 2:
                problems.append(Problem(n, f"row {n}", f"Row {n} does not have two columns (name, value)."))
                continue
            label, value = r[0].strip(), r[1]
            if not label:
                problems.append(Problem(n, f"row {n}", f"Row {n} has no name."))
                continue
            items.append(_for_label(label, n, label, value))
    else:
        if len(rows) < 2:
            raise ValidationError("The file has names but no values.", reason="no-values")
        if len(rows) > 2:
            problems.append(
                Problem(
                    3,
                    "row 3",
                    f"The file has {len(rows) - 1} rows of values; only the "
                    "first one is read (one person: you).",
                )
            )
        names, values = rows[0], rows[1]
        if len(values) != len(names):
            problems.append(
                Problem(2, "row 2", "The row of values does not have as many columns as the names.")
            )
        for i, name in enumerate(names):
            if not name.strip():
                continue
            value = values[i] if i < len(values) else ""
            if not value.strip():
                continue  # an empty cell: nothing to import
            items.append(_for_label(name.strip(), 2, name.strip(), value))
    return _build("csv", items, problems)


def read_file(path: Path | str) -> Preview:
    p = Path(path)
    try:
        size = p.stat().st_size
    except FileNotFoundError:
        raise ValidationError(f"There is no file {p.name}.", reason="no-file") from None
    if size > MAX_FILE:
        raise ValidationError(
            f"{p.name} is larger than {MAX_FILE // 1024} KiB: not a file of your own data.",
            reason="too-large",
        )
    data = p.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationError(
            f"{p.name} is not UTF-8 text; export it again as UTF-8.", reason="encoding"
        ) from None
    suffix = p.suffix.lower()
    if suffix in (".vcf", ".vcard") or text.lstrip().upper().startswith("BEGIN:VCARD"):
        return parse_vcard(text)
    if suffix in (".csv", ".tsv", ".txt"):
        return parse_csv(text)
    raise ValidationError(
        f"{p.name}: import takes vCard (.vcf) or CSV (.csv) files.", reason="unknown-format"
    )


def apply(
    svc: VaultService, preview: Preview, *, accept_partial: bool = False, replace_existing: bool = False
) -> ImportResult:
    """Write the included items in one transaction. With problems in the file nothing is written unless
    ``accept_partial`` (the person confirmed the good part)."""
    if preview.problems and not accept_partial:
        raise ValidationError(
            f"The file has {len(preview.problems)} problem(s); nothing was imported. "
            "Confirm that you want the good part only.",
            reason="partial",
        )
    chosen = preview.included
    if not chosen:
        raise ValidationError("Nothing to import: no item is chosen.", reason="nothing")
    added, replaced, skipped = svc.import_fields(
        [(c.key, c.type, c.category, c.value, c.label) for c in chosen], replace_existing=replace_existing
    )
    return ImportResult(tuple(added), tuple(replaced), tuple(skipped))
