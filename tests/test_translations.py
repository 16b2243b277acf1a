"""The gettext catalogs are complete and well-formed, and every UI string the browser uses is in them."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from server import i18n
from server.actions import crisis
from server.db.models import RESOURCE_TOPICS, TOPICS
from server.http.resources import TOPIC_LABELS
from server.http.ui_strings import CONSOLE_STRINGS, SUPERVISOR_STRINGS, WIDGET_STRINGS

ROOT = Path(__file__).resolve().parent.parent
TRANSLATIONS = ROOT / "server" / "translations"
PLACEHOLDER = re.compile(r"%\([a-z_]+\)[sd]|\{[a-z_]+\}")


def load(lang: str):
    path = TRANSLATIONS / lang / "LC_MESSAGES" / "messages.po"
    assert path.exists(), f"missing catalog {path}"
    with path.open("rb") as fh:
        return read_po(fh, locale=lang, abort_invalid=True)


@pytest.mark.parametrize("lang", i18n.LANGS)
def test_catalog_parses(lang: str) -> None:
    catalog = load(lang)
    assert catalog.locale is not None
    assert str(catalog.locale) == lang
    assert len([m for m in catalog if m.id]) > 50
    assert i18n.translations(lang) is not None


TRANSLATED = ("pl", "uk")
"""Catalogs that must translate every message (English is the source)."""


@pytest.mark.parametrize("lang", TRANSLATED)
def test_every_message_is_translated(lang: str) -> None:
    """Fails on any msgid of the catalog without a translation (every plural form) or fuzzy."""
    catalog = load(lang)
    missing, fuzzy = [], []
    for message in catalog:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if not all(s and s.strip() for s in strings):
            missing.append(message.id)
        if message.fuzzy:
            fuzzy.append(message.id)
    assert not missing, f"untranslated in {lang}: {missing}"
    assert not fuzzy, f"fuzzy in {lang}: {fuzzy}"


def test_every_catalog_has_every_message() -> None:
    """The translated catalogs hold the same msgids (one updated, the other forgotten fails)."""
    ids = {lang: {m.id for m in load(lang) if m.id} for lang in TRANSLATED}
    for lang in TRANSLATED:
        assert ids[lang] == ids["pl"], (lang, ids[lang] ^ ids["pl"])


@pytest.mark.parametrize("lang", TRANSLATED)
def test_plural_forms(lang: str) -> None:
    catalog = load(lang)
    assert catalog.num_plurals == 3
    plurals = [m for m in catalog if isinstance(m.id, tuple)]
    assert plurals
    for message in plurals:
        assert len(message.string) == 3, message.id
        assert all(message.string), message.id


@pytest.mark.parametrize(
    ("n", "form"),
    [
        (1, 0),
        (21, 0),
        (101, 0),
        (2, 1),
        (3, 1),
        (4, 1),
        (22, 1),
        (5, 2),
        (11, 2),
        (12, 2),
        (14, 2),
        (25, 2),
        (111, 2),
        (0, 2),
    ],
)
def test_ukrainian_plural_form_is_chosen_by_the_number(n: int, form: int) -> None:
    """Ukrainian: 1, 21, 101 ... one form; 2-4, 22-24 ... another; 0, 5-20, 11-14, 25 ... the
    third (as in Polish, except 21, 31 ... which take the singular)."""
    catalog = load("uk")
    message = next(
        m
        for m in catalog
        if m.id == ("%(num)d unused recovery code left.", "%(num)d unused recovery codes left.")
    )
    text = i18n.ngettext(message.id[0], message.id[1], n, "uk") % {"num": n}
    assert text == message.string[form] % {"num": n}
    assert str(n) in text


@pytest.mark.parametrize("lang", TRANSLATED)
def test_placeholders_survive_translation(lang: str) -> None:
    """A translation must keep every placeholder (else formatting breaks or hides a number)."""
    for message in load(lang):
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        expected = sorted(set(PLACEHOLDER.findall(ids[-1])))
        for s in strings:
            assert sorted(set(PLACEHOLDER.findall(s))) == expected, (message.id, s)


def test_ui_strings_are_in_the_catalog_and_translated() -> None:
    catalog = load("pl")
    ids = {m.id for m in catalog if m.id}
    for table_name, table in (
        ("WIDGET_STRINGS", WIDGET_STRINGS),
        ("CONSOLE_STRINGS", CONSOLE_STRINGS),
    ):
        for key, text in table.items():
            assert text in ids, (
                f"{table_name}[{key!r}] = {text!r} is not in the catalog: run the extraction"
            )
        for lang in i18n.LANGS:
            translated = i18n.translate_table(table, lang)
            assert set(translated) == set(table)
            assert all(translated.values()), lang
    assert i18n.translate_table(WIDGET_STRINGS, "pl")["quick_exit"] == "Szybkie wyjście"
    assert i18n.translate_table(WIDGET_STRINGS, "en")["quick_exit"] == "Quick exit"
    assert i18n.translate_table(WIDGET_STRINGS, "uk")["quick_exit"] == "Швидкий вихід"


@pytest.mark.parametrize("lang", TRANSLATED)
def test_catalog_is_up_to_date_with_the_source(lang: str) -> None:
    """Every string marked in server/ and templates/ is in the catalog (nothing left unextracted)."""
    ids = {m.id for m in load(lang) if m.id}
    method_map = [("server/**.py", "python"), ("templates/**.html", "jinja2")]
    options = {"templates/**.html": {"extensions": "jinja2.ext.i18n"}}
    extracted = set()
    for _filename, _lineno, message, _comments, _context in extract_from_dir(
        str(ROOT),
        method_map=method_map,
        options_map=options,
        keywords={"_": None, "gettext": None, "ngettext": (1, 2), "N_": None},
    ):
        extracted.add(message)
    missing = sorted(str(m) for m in extracted if m not in ids)
    assert not missing, f"not in server/translations/{lang}: {missing} (run `make translations`)"


def test_js_uses_only_known_keys() -> None:
    """Literal t("key") calls in the widget and console sources name keys that exist."""
    for source, table in (
        ("frame.js", WIDGET_STRINGS),
        ("console.js", CONSOLE_STRINGS),
        ("chatlist.js", CONSOLE_STRINGS),
    ):
        text = (ROOT / "widget" / "src" / source).read_text(encoding="utf-8")
        keys = set(re.findall(r"\bt\(\s*\"([a-z_]+)\"\s*[,)]", text))
        assert keys, source
        unknown = sorted(k for k in keys if k not in table)
        assert not unknown, f"{source} uses unknown string keys {unknown}"
    for prefix, values in (
        (
            "outcome_",
            (
                "helped",
                "information_given",
                "referred",
                "visitor_left",
                "no_response",
                "abusive",
                "other",
            ),
        ),
        (
            "topic_",
            ("legal", "hiv_sti", "addiction", "mental_health", "housing", "violence", "other"),
        ),
        # a read-only chat's state in Recent (console.js rowOf: row_<readOnly>)
        ("row_", ("closed", "requeued", "unassigned", "reassigned", "handed_over")),
        # the confirmations before chats go back to the queue (console.js confirmHandBack)
        ("confirm_duty_", ("title", "text", "cancel", "ok")),
        ("confirm_logout_", ("title", "text", "cancel", "ok")),
    ):
        for value in values:
            assert prefix + value in CONSOLE_STRINGS


# a person's name as it is filled in (it cannot be declined: "Notatka od Ania" is wrong Polish)
NAME_PLACEHOLDER = re.compile(r"\{(name|visitor|by|author)\}|%\((name|username)\)s")
# Polish prepositions that require a declined noun after them
PREPOSITION = re.compile(
    r"\b(od|do|dla|u|przez|z|ze|o|przy|po|w|we|na|nad|pod|przed|za|bez|ku|wobec|obok|koło)\s*$",
    re.I,
)


def test_polish_never_declines_a_name() -> None:
    """Names are filled in as they are (nominative): a Polish text never puts one right after a
    preposition that would need another case ("Notatka od Ania"); it uses a form that needs no
    declension ("Notatka przy przekazaniu — Ania:", "z: Ania")."""
    wrong = []
    for message in load("pl"):
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for s in strings:
            for match in NAME_PLACEHOLDER.finditer(s):
                if PREPOSITION.search(s[: match.start()]):
                    wrong.append(s)
    assert not wrong, wrong


def test_visitors_meet_an_outreach_worker_not_a_networker() -> None:
    """ "Networker" is the staff's word; the widget, its loader, the crisis reply and the privacy
    notice say "outreach worker" / "streetworker", the same everywhere."""
    for lang in ("en", "pl"):
        widget = i18n.translate_table(WIDGET_STRINGS, lang)
        said = [text for text in widget.values() if "networker" in text.lower()]
        assert not said, (lang, said)
    polish = i18n.translate_table(WIDGET_STRINGS, "pl")
    assert polish["networker"] == "Streetworker"
    assert "streetworker" in polish["welcome_text"].lower()
    assert i18n.translate_table(WIDGET_STRINGS, "en")["networker"] == "Outreach worker"
    loader = (ROOT / "widget" / "src" / "loader.js").read_text(encoding="utf-8")
    assert "networkerem" not in loader
    assert "with a networker" not in loader
    privacy = (ROOT / "templates" / "privacy.html").read_text(encoding="utf-8")
    assert "networker" not in privacy.lower()
    for message in ("_QUEUED", "_ALERTED"):
        text = getattr(crisis, message)
        for lang in ("en", "pl"):
            assert "networker" not in i18n.gettext(text, lang).lower(), (message, lang)


def test_a_topic_has_one_name_on_every_screen() -> None:
    """The duty console's topic tags and filters, the supervisor's composer, the library's
    search panel and pages: one name per topic (ui_strings.TOPIC_NAMES), in both languages."""
    for lang in ("en", "pl"):
        console = i18n.translate_table(CONSOLE_STRINGS, lang)
        supervisor = i18n.translate_table(SUPERVISOR_STRINGS, lang)
        library = i18n.translate_table(TOPIC_LABELS, lang)
        for topic in TOPICS:
            assert console[f"topic_{topic}"] == console[f"res_topic_{topic}"], (lang, topic)
            assert console[f"topic_{topic}"] == supervisor[f"topic_{topic}"] == library[topic]
        assert set(RESOURCE_TOPICS) == set(library)
        assert set(TOPICS) <= set(RESOURCE_TOPICS)
