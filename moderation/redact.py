"""PII redaction for stored transcripts and exports.

`redact(text)` replaces, in this order: e-mail addresses -> [email], bank accounts (IBAN /
Polish NRB, 26 digits) -> [account], payment card numbers that pass the Luhn check -> [card],
Polish PESEL numbers with a valid checksum and month -> [pesel], IP addresses -> [ip],
phone numbers (9-15 digits, with +, spaces, dashes, dots or brackets) -> [phone], street
addresses (Polish "ul./al./os./pl.", Ukrainian/Russian "вул./ул./пр.", English "12 Baker
Street", Polish postcodes with a town) -> [address].

Public helpline numbers (112, 116 xxx, Polish toll-free 800 / 801 lines) are not personal data
and are kept, so a transcript still shows which resource was shared.
Redaction is best-effort: it reduces what is stored, it does not prove anonymity.
"""

from __future__ import annotations

import re

_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[a-zA-Z]{2,}(?![\w-])")
_IBAN = re.compile(r"(?<![\w])(?:[A-Z]{2}\s?\d{2}|\d{2})(?:[ ]?\d{4}){6}(?![\w])")
_CARD = re.compile(r"(?<![\d\w])\d(?:[ -]?\d){12,18}(?![\d\w])")
_PESEL = re.compile(r"(?<![\d\w])\d{11}(?![\d\w])")
_IP = re.compile(
    r"(?<![\d.])(?:(?:25[0-5]|2[0-4]\d|1?\d?\d)\.){3}(?:25[0-5]|2[0-4]\d|1?\d?\d)(?![\d.])"
)
_PHONE = re.compile(r"(?<![\w+])(?:\+|00)?\(?\d[\d \-.()/]{6,20}\d(?![\w])")
_PL_STREET = re.compile(
    r"(?<!\w)(?:ul\.?|ulica|ulicy|al\.|aleja|alei|aleje|os\.|osiedle|osiedlu|pl\.|plac|placu)"
    r"\s+(?:[^\W\d_][\w.'-]*\s+){1,4}?\d+[a-zA-Z]?(?:\s*(?:/|m\.?|lok\.?|m\s)\s*\d+[a-zA-Z]?)?",
    re.IGNORECASE,
)
_CYR_STREET = re.compile(
    r"(?<!\w)(?:вул\.?|вулиця|вулиці|ул\.?|улица|улице|пр\.|просп\.|проспект|пров\.|пер\.|переулок)"
    r"\s+(?:[^\W\d_][\w.'-]*\s+){1,4}?\d+[а-яa-z]?(?:\s*(?:/|,?\s*кв\.?)\s*\d+)?",
    re.IGNORECASE,
)
_EN_STREET = re.compile(
    r"(?<!\w)\d{1,5}[a-zA-Z]?\s+(?:[A-Z][\w'-]*\s+){1,3}"
    r"(?:Street|St|Road|Rd|Avenue|Ave|Lane|Ln|Drive|Dr|Boulevard|Blvd|Way|Court|Ct|Place|Close|Crescent|Terrace|Square|Sq)\b\.?"
    r"(?:,?\s*(?:Apt|Flat|Unit)\.?\s*\d+[a-zA-Z]?)?",
)
_POSTCODE = re.compile(r"(?<![\d\w-])\d{2}-\d{3}(?:\s+[A-ZŁŚŻŹĆ][\wąćęłńóśźż-]+)?(?![\d\w])")

_PUBLIC_PHONES = re.compile(r"^(?:\+?48)?(?:112|116\d{3}|800\d{6}|801\d{6}|997|998|999)$")


def luhn_ok(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = ord(ch) - 48
        if i % 2 == 1:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


def pesel_ok(digits: str) -> bool:
    if len(digits) != 11 or not digits.isdigit():
        return False
    weights = (1, 3, 7, 9, 1, 3, 7, 9, 1, 3)
    s = sum(int(digits[i]) * weights[i] for i in range(10))
    if (10 - s % 10) % 10 != int(digits[10]):
        return False
    month = int(digits[2:4]) % 20
    day = int(digits[4:6])
    return 1 <= month <= 12 and 1 <= day <= 31


def _digits(s: str) -> str:
    return "".join(c for c in s if c.isdigit())


def _card(m: re.Match[str]) -> str:
    d = _digits(m.group())
    # Payment cards start with 2-6 (Mastercard 2/5, Amex 3, Visa 4, Discover 6); this keeps
    # phone numbers written with a 00 prefix from being taken for cards.
    if 13 <= len(d) <= 19 and d[0] in "23456" and luhn_ok(d) and len(set(d)) > 1:
        return "[card]"
    return m.group()


def _pesel(m: re.Match[str]) -> str:
    return "[pesel]" if pesel_ok(m.group()) else m.group()


def _phone(m: re.Match[str]) -> str:
    raw = m.group()
    d = _digits(raw)
    if not 9 <= len(d) <= 15:
        return raw
    if _PUBLIC_PHONES.match(d):
        return raw
    # Dates and times such as 12.05.2024 or 2024-05-12 are not phone numbers.
    if re.fullmatch(r"\d{1,4}[.\-/]\d{1,2}[.\-/]\d{1,4}", raw.strip()):
        return raw
    return "[phone]"


def redact(text: str) -> str:
    """Return `text` with personal data replaced by placeholders like [phone] or [email]."""
    if not text:
        return text
    out = _EMAIL.sub("[email]", text)
    out = _IBAN.sub("[account]", out)
    out = _CARD.sub(_card, out)
    out = _PESEL.sub(_pesel, out)
    out = _IP.sub("[ip]", out)
    out = _PHONE.sub(_phone, out)
    out = _PL_STREET.sub("[address]", out)
    out = _CYR_STREET.sub("[address]", out)
    out = _EN_STREET.sub("[address]", out)
    out = _POSTCODE.sub("[address]", out)
    return out
