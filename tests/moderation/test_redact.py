"""PII redaction for stored transcripts and exports."""

from __future__ import annotations

import pytest

from moderation import redact
from moderation.redact import luhn_ok, pesel_ok


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("zadzwoń 600 700 800", "zadzwoń [phone]"),
        ("mój nr: +48 600-700-800.", "mój nr: [phone]."),
        ("call me at (415) 555-2671", "call me at [phone]"),
        ("tel 0048600700800", "tel [phone]"),
        ("pisz na jan.kowalski+x@example.com!", "pisz na [email]!"),
        ("PESEL 44051401359", "PESEL [pesel]"),
        ("karta 4111 1111 1111 1111", "karta [card]"),
        ("card 5500-0000-0000-0004 ok", "card [card] ok"),
        ("mieszkam na ul. Marszałkowska 12/4 w Warszawie", "mieszkam na [address] w Warszawie"),
        ("os. Tysiąclecia 5 m. 3", "[address]"),
        ("I live at 221B Baker Street, London", "I live at [address], London"),
        ("вул. Шевченка 12, кв. 5", "[address]"),
        ("00-950 Warszawa", "[address]"),
        ("ip 192.168.1.20", "ip [ip]"),
    ],
)
def test_redacts(text, expected):
    assert redact(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "4111 1111 1111 1112",  # fails Luhn
        "zadzwoń na 116 123 albo 112",  # public helplines stay
        "Niebieska Linia 800 120 002",
        "spotkanie 12.05.2024 o 14:30",
        "mam 17 lat i 3 koty",
        "",
    ],
)
def test_keeps_what_is_not_personal(text):
    assert redact(text) == text


def test_invalid_pesel_is_not_called_a_pesel():
    # An 11-digit number with a wrong checksum is still redacted, as a phone number.
    assert "[pesel]" not in redact("PESEL 44051401358")


def test_checksums():
    assert pesel_ok("44051401359")
    assert not pesel_ok("44051401358")
    assert pesel_ok("02270803624")  # born in 2002: month + 20
    assert luhn_ok("4111111111111111")
    assert not luhn_ok("4111111111111112")


# --- the corpus of issue 16: Polish, Ukrainian and English formats -----------------------------
# true positives: each must come out with its placeholder and nothing of the number left

CORPUS_REDACTED = [
    # Polish
    ("mój numer 512 345 678", "mój numer [phone]"),
    ("tel. 22 628 11 11", "tel. [phone]"),
    ("+48 22 123 45 67 po 18", "[phone] po 18"),
    ("PESEL 02270803624", "PESEL [pesel]"),  # born 2002: the month carries the century
    ("numer konta 61 1090 1014 0000 0712 1981 2874", "numer konta [account]"),  # NRB
    ("IBAN PL61 1090 1014 0000 0712 1981 2874", "IBAN [account]"),
    ("61109010140000071219812874", "[account]"),
    ("karta 4111-1111-1111-1111", "karta [card]"),
    ("ul. Marszałkowska 12/4", "[address]"),
    ("mieszkam przy 31-042 Kraków", "mieszkam przy [address]"),
    # Ukrainian
    ("мій номер 050 123 45 67", "мій номер [phone]"),
    ("+380 67 123 4567", "[phone]"),
    ("пиши на +380671234567!", "пиши на [phone]!"),
    ("вул. Хрещатик 22, кв. 5", "[address]"),
    ("мій PESEL 44051401359", "мій PESEL [pesel]"),
    # English and international
    ("text me on 07911 123456", "text me on [phone]"),
    ("+44 20 7946 0958", "[phone]"),
    ("0044 7911 123456", "[phone]"),
    ("+1 415 555 2671", "[phone]"),
    ("+7 916 123-45-67", "[phone]"),
    ("GB82 WEST 1234 5698 7654 32", "[account]"),
    ("DE89370400440532013000", "[account]"),
    ("I live at 10 Downing Street", "I live at [address]"),
    ("write to me@example.org", "write to [email]"),
]


@pytest.mark.parametrize(("text", "expected"), CORPUS_REDACTED)
def test_corpus_redacts(text, expected):
    assert redact(text) == expected


# near misses: numbers that look like personal data but fail its check, and everyday numbers
CORPUS_KEPT = [
    "PESEL 44053201358",  # month 32: no such birth date (and a wrong checksum)
    "44051401358",  # a PESEL with a wrong checksum, and no phone number
    "IBAN PL61 1090 1014 0000 0712 1981 2875",  # mod-97 fails
    "4111 1111 1111 1112",  # Luhn fails
    "+48 116 111",  # the children's helpline is public
    "Telefon Zaufania 116 123, alarmowy 112",
    "mam 15 lat, ważę 55 kg",
    "w 2023 roku, 3 razy",
    "godz. 16:00-22:00",
    "o 12:30 dnia 03.04.2025",
    "numer sprawy 2024/12/345",
    "zamówienie nr 1234567890",
    "22 lata i 300 zł",
    "1 000 000 zł",
    "Запит №12345",
    "мені 16 років, це було 12.05.2024",
    "I am 17, it happened on 12/05/2024 at 10:30",
    "version 1.2.3, room 12",
]


@pytest.mark.parametrize("text", CORPUS_KEPT)
def test_corpus_keeps_near_misses(text):
    assert redact(text) == text


def test_iban_and_pesel_checks_come_from_stdnum():
    from moderation.redact import iban_ok

    assert iban_ok("PL61 1090 1014 0000 0712 1981 2874")
    assert not iban_ok("PL61 1090 1014 0000 0712 1981 2875")
    assert not pesel_ok("44053201358")  # a valid-looking checksum is not enough without a date


def test_log_lines_are_redacted():
    import logging

    from server.logs import JsonFormatter, RedactingFormatter

    record = logging.LogRecord(
        "x", logging.WARNING, "f", 1, "send to %s", ("+48 512 345 678",), None
    )
    assert RedactingFormatter("%(message)s").format(record) == "send to [phone]"
    assert "[phone]" in JsonFormatter().format(record)
    plain = logging.LogRecord(
        "x", logging.INFO, "f", 1, '"GET /chat HTTP/1.1" 200 1234 0.001s', (), None
    )
    assert RedactingFormatter("%(message)s").format(plain) == '"GET /chat HTTP/1.1" 200 1234 0.001s'
