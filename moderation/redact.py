"""PII redaction wherever text leaves the chat: escalation excerpts and alerts, transcript
exports, log lines.

`redact(text)` replaces, in this order:

* e-mail addresses -> `[email]`;
* bank accounts -> `[account]`: IBANs of any country that pass the mod-97 check
  (`stdnum.iban`), and Polish NRB numbers (26 digits, checked as the IBAN `PL` + digits);
* payment card numbers (13-19 digits starting 2-6) that pass the Luhn check (`stdnum.luhn`)
  -> `[card]`;
* Polish PESEL numbers with a valid checksum *and* a real birth date (`stdnum.pl.pesel`: the
  month carries the century, so 44051401359 is 14 May 1944) -> `[pesel]`;
* IPv4 addresses -> `[ip]`;
* phone numbers -> `[phone]`: what Google's libphonenumber (`phonenumbers.PhoneNumberMatcher`,
  leniency VALID) finds as a valid number read as Polish, Ukrainian, British or North American,
  or as an international number (`+` or `00` and a country code) of any country. The matcher
  reads only candidate runs of digits (9-12 digits, or 7-15 after `+`/`00`, joined by spaces,
  dashes, dots, slashes or brackets): it costs about a millisecond per region on free text;
* street addresses (Polish "ul./al./os./pl.", Ukrainian/Russian "вул./ул./пр.", English "12 Baker
  Street") and Polish postcodes with a town -> `[address]`.

Public helpline numbers (112, 116 xxx, 997-999, Polish toll-free 800 / 801 lines) are not personal
data and are kept, so a transcript still shows which line was given. A number that fails its
check (a PESEL with a wrong date, a card failing Luhn, a date such as 12.05.2024) is left as it
is unless another rule takes it (an 11-digit number may still be a phone number).
Redaction is best-effort: it reduces what leaves the chat, it does not prove anonymity.
"""

from __future__ import annotations

import re

import phonenumbers
from stdnum import iban as std_iban
from stdnum import luhn as std_luhn
from stdnum.pl import pesel as std_pesel

# regions whose national formats are read (the people writing here: Poland, Ukraine, the UK,
# and North American numbers in English conversations); a number written with + or 00 and a
# country code is found whatever its country
PHONE_REGIONS = ("PL", "UA", "GB", "US")

_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[a-zA-Z]{2,}(?![\w-])")
# an IBAN: two letters, two check digits, then 11-30 letters/digits, in groups or not
_IBAN = re.compile(r"(?<![\w])[A-Za-z]{2}\d{2}(?:[ ]?[A-Za-z0-9]{2,4}){3,8}(?![\w])")
# a Polish NRB: 26 digits (2 check digits, then six groups of four), spaced or not
_NRB = re.compile(r"(?<![\w])\d{2}(?:[ ]?\d{4}){6}(?![\w])")
_CARD = re.compile(r"(?<![\d\w])\d(?:[ -]?\d){12,18}(?![\d\w])")
_PESEL = re.compile(r"(?<![\d\w])\d{11}(?![\d\w])")
_IP = re.compile(
    r"(?<![\d.])(?:(?:25[0-5]|2[0-4]\d|1?\d?\d)\.){3}(?:25[0-5]|2[0-4]\d|1?\d?\d)(?![\d.])"
)
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
# dates and times written like phone numbers (12.05.2024, 2024-05-12) are never phone numbers
_DATE = re.compile(r"\d{1,4}[.\-/]\d{1,2}[.\-/]\d{1,4}")

_PUBLIC_PHONES = re.compile(r"^(?:\+?48)?(?:112|116\d{3}|800\d{6}|801\d{6}|997|998|999)$")


def luhn_ok(digits: str) -> bool:
    """Whether a string of digits passes the Luhn check (payment cards)."""
    return digits.isdigit() and std_luhn.is_valid(digits)


def pesel_ok(digits: str) -> bool:
    """Whether `digits` is a PESEL: 11 digits, a valid checksum and a real birth date."""
    return len(digits) == 11 and digits.isdigit() and std_pesel.is_valid(digits)


def iban_ok(text: str) -> bool:
    """Whether `text` (spaces allowed) is an IBAN whose mod-97 check passes."""
    return std_iban.is_valid(text)


def _digits(s: str) -> str:
    return "".join(c for c in s if c.isdigit())


def _iban(m: re.Match[str]) -> str:
    return "[account]" if iban_ok(m.group()) else m.group()


def _nrb(m: re.Match[str]) -> str:
    # a Polish account number is the IBAN without its "PL"
    return "[account]" if iban_ok("PL" + _digits(m.group())) else m.group()


def _card(m: re.Match[str]) -> str:
    d = _digits(m.group())
    # Payment cards start with 2-6 (Mastercard 2/5, Amex 3, Visa 4, Discover 6); this keeps
    # phone numbers written with a 00 prefix from being taken for cards.
    if 13 <= len(d) <= 19 and d[0] in "23456" and luhn_ok(d) and len(set(d)) > 1:
        return "[card]"
    return m.group()


def _pesel(m: re.Match[str]) -> str:
    return "[pesel]" if pesel_ok(m.group()) else m.group()


def _is_public(number: phonenumbers.PhoneNumber) -> bool:
    national = str(number.national_number)
    return number.country_code == 48 and bool(_PUBLIC_PHONES.match(national))


# where a phone number may be: 7 or more digits joined only by spaces, dashes, dots, slashes or
# brackets, not inside a word. libphonenumber's matcher costs ~1 ms per region on a line of text,
# so it reads only these candidates (a log line or a 500-message export stays cheap).
_PHONE_CANDIDATE = re.compile(r"(?<![\w+])(?:\+|\()?\d(?:[ \-./()]{0,3}\d){6,}\)?(?![^\W\d_])")


def _phone_spans(text: str) -> list[tuple[int, int]]:
    """Where libphonenumber finds a valid personal number, read in any of PHONE_REGIONS."""
    spans: list[tuple[int, int]] = []
    for candidate in _PHONE_CANDIDATE.finditer(text):
        piece, offset = candidate.group(), candidate.start()
        digits = len(_digits(piece))
        # national numbers of these regions have 9-12 digits (with a trunk 0 or 1), numbers with
        # a country code 7-15 (E.164): other runs of digits are never read as phone numbers
        international = piece.startswith(("+", "00", "(+", "(00"))
        if not (7 <= digits <= 15 if international else 9 <= digits <= 12):
            continue
        for region in PHONE_REGIONS:
            whole = False
            for match in phonenumbers.PhoneNumberMatcher(piece, region):
                raw = match.raw_string
                if _is_public(match.number) or _DATE.fullmatch(raw.strip()):
                    continue
                if _PUBLIC_PHONES.match(_digits(raw)):
                    continue
                spans.append((offset + match.start, offset + match.end))
                whole = whole or _digits(raw) == _digits(piece)
            if whole:  # the candidate is one number: the other regions cannot add to it
                break
    return spans


def _redact_phones(text: str) -> str:
    spans = _phone_spans(text)
    if not spans:
        return text
    # merge overlapping spans found by several regions, then replace from the end
    spans.sort()
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    out = text
    for start, end in reversed(merged):
        out = out[:start] + "[phone]" + out[end:]
    return out


def redact(text: str) -> str:
    """Return `text` with personal data replaced by placeholders such as `[phone]` or `[email]`
    (the module's doc lists them); text without any comes back unchanged."""
    if not text:
        return text
    out = _EMAIL.sub("[email]", text)
    out = _IBAN.sub(_iban, out)
    out = _NRB.sub(_nrb, out)
    out = _CARD.sub(_card, out)
    out = _PESEL.sub(_pesel, out)
    out = _IP.sub("[ip]", out)
    out = _redact_phones(out)
    out = _PL_STREET.sub("[address]", out)
    out = _CYR_STREET.sub("[address]", out)
    out = _EN_STREET.sub("[address]", out)
    out = _POSTCODE.sub("[address]", out)
    return out
