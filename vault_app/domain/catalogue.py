"""The catalogue of standard personal-data fields: a stable key, an English display label, the value type,
the vault's category and the W3C Data Privacy Vocabulary personal-data term (DPV-PD) for each.

Keys are what organisations ask for and what the history names; labels are what a person reads (the desktop
app translates them). A field a person names themselves gets a key derived from their label (``"Tax ID"`` ->
``tax_id``), and the label is kept as they typed it.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass

from vault_app.domain.model import Category, FieldType

DPV_PD = "https://w3id.org/dpv/pd#"


@dataclass(frozen=True)
class StandardField:
    key: str
    label: str  # English; the desktop app shows it in the user's language
    type: FieldType
    category: Category
    dpv: str  # DPV-PD term (without the namespace)

    @property
    def dpv_iri(self) -> str:
        return DPV_PD + self.dpv


_T, _C = FieldType, Category
STANDARD_FIELDS: tuple[StandardField, ...] = (
    StandardField("given_name", "Given name", _T.TEXT, _C.IDENTITY, "Name"),
    StandardField("family_name", "Family name", _T.TEXT, _C.IDENTITY, "Name"),
    StandardField("full_name", "Full name", _T.TEXT, _C.IDENTITY, "Name"),
    StandardField("nickname", "Nickname", _T.TEXT, _C.IDENTITY, "Name"),
    StandardField("date_of_birth", "Date of birth", _T.DATE, _C.IDENTITY, "BirthDate"),
    StandardField("place_of_birth", "Place of birth", _T.TEXT, _C.DEMOGRAPHIC, "PlaceOfBirth"),
    StandardField("gender", "Gender", _T.TEXT, _C.DEMOGRAPHIC, "Gender"),
    StandardField("nationality", "Nationality", _T.COUNTRY, _C.DEMOGRAPHIC, "Nationality"),
    StandardField("marital_status", "Marital status", _T.TEXT, _C.DEMOGRAPHIC, "MaritalStatus"),
    StandardField("household_size", "Household size", _T.NUMBER, _C.DEMOGRAPHIC, "Household"),
    StandardField("language", "Language", _T.TEXT, _C.DEMOGRAPHIC, "Language"),
    StandardField("national_id", "National ID number", _T.IDENTIFIER, _C.IDENTITY, "OfficialID"),
    StandardField("passport_number", "Passport number", _T.IDENTIFIER, _C.IDENTITY, "Passport"),
    StandardField("driving_licence", "Driving licence number", _T.IDENTIFIER, _C.IDENTITY, "OfficialID"),
    StandardField("tax_id", "Tax ID", _T.IDENTIFIER, _C.FINANCIAL, "Tax"),
    StandardField("email", "Email address", _T.EMAIL, _C.CONTACT, "EmailAddress"),
    StandardField("work_email", "Work email address", _T.EMAIL, _C.CONTACT, "EmailAddressWork"),
    StandardField("phone", "Phone number", _T.PHONE, _C.CONTACT, "TelephoneNumber"),
    StandardField("mobile_phone", "Mobile phone number", _T.PHONE, _C.CONTACT, "TelephoneNumber"),
    StandardField("website", "Web site", _T.TEXT, _C.CONTACT, "Contact"),
    StandardField("home_address", "Home address", _T.ADDRESS, _C.LOCATION, "PhysicalAddress"),
    StandardField("postcode", "Postcode", _T.POSTCODE, _C.LOCATION, "PhysicalAddress"),
    StandardField("city", "City", _T.TEXT, _C.LOCATION, "Location"),
    StandardField("country", "Country of residence", _T.COUNTRY, _C.LOCATION, "Residency"),
    StandardField("iban", "Bank account (IBAN)", _T.IDENTIFIER, _C.FINANCIAL, "BankAccount"),
    StandardField("annual_income", "Annual income", _T.NUMBER, _C.FINANCIAL, "Income"),
    StandardField(
        "credit_card_number", "Payment card number", _T.IDENTIFIER, _C.FINANCIAL, "PaymentCardNumber"
    ),
    StandardField("blood_type", "Blood type", _T.TEXT, _C.HEALTH, "BloodType"),
    StandardField("organ_donor", "Organ donor", _T.BOOLEAN, _C.HEALTH, "Health"),
    StandardField("employer", "Employer", _T.TEXT, _C.PROFESSIONAL, "CurrentEmployment"),
    StandardField("job_title", "Job title", _T.TEXT, _C.PROFESSIONAL, "Job"),
    StandardField("education", "Education", _T.TEXT, _C.PROFESSIONAL, "EducationQualification"),
    StandardField("newsletter_opt_in", "Newsletter subscription", _T.BOOLEAN, _C.BEHAVIOURAL, "Preference"),
    StandardField("fingerprint_enrolled", "Fingerprint enrolled", _T.BOOLEAN, _C.BIOMETRIC, "Fingerprint"),
    StandardField("library_card", "Library card number", _T.IDENTIFIER, _C.OTHER, "Identifier"),
)
_BY_KEY = {f.key: f for f in STANDARD_FIELDS}
_BY_LABEL = {f.label.casefold(): f for f in STANDARD_FIELDS}


def standard_field(key: str) -> StandardField | None:
    return _BY_KEY.get(key.lower())


def standard_for_label(label: str) -> StandardField | None:
    """The standard field whose English label (or key) this is, ignoring case: "e-mail address" is not one,
    "Email address" and "email" are."""
    text = " ".join(label.split()).casefold()
    return _BY_LABEL.get(text) or _BY_KEY.get(text)


def key_from_label(label: str) -> str:
    """A stable key for a label a person typed: the standard key when it is a standard label, else its letters
    and digits in lower case joined by ``_`` ("Tax ID" -> ``tax_id``, "Größe (cm)" -> ``grosse_cm``); a label
    without any Latin letter or digit ("会员卡") gets ``field_`` and a short digest of the label."""
    std = standard_for_label(label)
    if std is not None:
        return std.key
    folded = unicodedata.normalize("NFKD", label.replace("ß", "ss"))
    ascii_only = folded.encode("ascii", "ignore").decode().lower()
    key = re.sub(r"[^a-z0-9]+", "_", ascii_only).strip("_")[:64].rstrip("_")
    if not key:
        key = "field_" + hashlib.blake2s(label.strip().encode("utf-8"), digest_size=4).hexdigest()
    return key


def humanise(key: str) -> str:
    """A readable label for a key nobody labelled: ``loyalty_tier`` -> "Loyalty tier"."""
    words = re.sub(r"[_.\-]+", " ", key).strip()
    return words[:1].upper() + words[1:] if words else key
