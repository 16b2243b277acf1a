"""Settings: what each environment variable accepts, the errors that name it, the README table."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from server.settings import (
    FALSE_WORDS,
    TRUE_WORDS,
    DutyWindow,
    Settings,
    SettingsError,
    field_range,
    field_variable,
    parse_bool,
    parse_duty_hours,
    parse_origins,
    parse_rate,
    readme_with_settings_table,
    render_settings_table,
)
from tests.test_commands import run

README = Path(__file__).resolve().parent.parent / "README.md"

BOOLEANS = ("NETREACH_LOG_JSON", "NETREACH_WS_COMPRESS", "NETREACH_FEED_ALLOW_PRIVATE")
# variable -> (lowest, highest) whole number
RANGES = {
    "PORT": (0, 65535),
    "NETREACH_DISCONNECT_GRACE": (5, 3600),
    "NETREACH_ESCALATION_ACK_SECONDS": (10, 3600),
    "NETREACH_SESSION_HOURS": (1, 720),
    "NETREACH_CHALLENGE_DIFFICULTY": (1000, 1_000_000),
    "NETREACH_VISITOR_SOCKETS": (1, 100),
    "NETREACH_VISITOR_GONE_AFTER": (5, 3600),
    "NETREACH_LANGUAGE_WAIT": (0, 3600),
    "NETREACH_LOGIN_CONCURRENCY": (1, 64),
    "NETREACH_DEVICE_COOKIE_DAYS": (1, 400),
    "NETREACH_FEED_HOURS": (1, 744),
    "NETREACH_FEED_TIMEOUT": (1, 600),
    "NETREACH_FEED_MAX_MB": (1, 200),
    "NETREACH_RETENTION_TRANSCRIPT_DAYS": (1, 3650),
    "NETREACH_RETENTION_NOTES_DAYS": (1, 3650),
    "NETREACH_RETENTION_ESCALATION_DAYS": (1, 3650),
    "NETREACH_RETENTION_LEXICON_REVIEW_DAYS": (1, 30),
    "NETREACH_RETENTION_AUDIT_DAYS": (365, 3650),
}
# every variable the README documented before the table was generated, with its default
PROMISED = {
    "DATABASE_URL": None,
    "REDIS_URL": None,
    "HOST": "127.0.0.1",
    "PORT": "8080",
    "NETREACH_EMBED_ORIGINS": "*",
    "NETREACH_DEFAULT_LANG": "pl",
    "NETREACH_DUTY_HOURS": "Mon-Fri 16:00-22:00",
    "NETREACH_DUTY_TIMEZONE": "Europe/Warsaw",
    "NETREACH_PUBLIC_URL": None,
    "NETREACH_EMERGENCY_NUMBER": "112",
    "NETREACH_EXIT_URL": "https://www.wikipedia.org/",
    "NETREACH_TIME_ZONE": "Europe/Warsaw",
    "NETREACH_DISCONNECT_GRACE": "60",
    "NETREACH_VISITOR_RATE": "20/60",
    "NETREACH_SOCKET_FLOOD": "60/10",
    "NETREACH_ESCALATION_ACK_SECONDS": "120",
    "NETREACH_SESSION_HOURS": "12",
    "NETREACH_LOGIN_CONCURRENCY": "2",
    "NETREACH_SECRET_KEY": None,
    "NETREACH_DEVICE_COOKIE_DAYS": "90",
    "NETREACH_FEED_HOURS": "24",
    "NETREACH_FEED_TIMEOUT": "30",
    "NETREACH_FEED_MAX_MB": "20",
    "NETREACH_FEED_ALLOW_PRIVATE": "0",
    "NETREACH_RETENTION_TRANSCRIPT_DAYS": "90",
    "NETREACH_RETENTION_NOTES_DAYS": "90",
    "NETREACH_RETENTION_ESCALATION_DAYS": "90",
    # issue 20 item 5: lexicon review items are kept at most 30 days (was 180 while none were)
    "NETREACH_RETENTION_LEXICON_REVIEW_DAYS": "30",
    "NETREACH_RETENTION_AUDIT_DAYS": "730",
    "NETREACH_LOG_JSON": "0",
    "NETREACH_VAR_DIR": "./var",
    "NETREACH_METRICS_TOKEN": None,
    "NETREACH_WS_COMPRESS": "0",
    "NETREACH_REDIS_PREFIX": "netreach",
    # issue 14 (abuse without addresses)
    "NETREACH_CHALLENGE_ABOVE": "30/60",
    "NETREACH_RESUME_TRIES": "5/3600",
    "NETREACH_RESUME_TRIES_ALL": "100/3600",
    "NETREACH_CHALLENGE_DIFFICULTY": "10000",
    "NETREACH_CHALLENGE_KEY": None,
    "NETREACH_VISITOR_SOCKETS": "5",
    "NETREACH_VISITOR_GONE_AFTER": "30",
    "NETREACH_LANGUAGE_WAIT": "60",
    "NETREACH_ESCALATION_BURST": "5/600",
    # issue 14 (staff two-factor)
    "NETREACH_REQUIRE_2FA_ROLES": "supervisor,admin",
}


def variables() -> dict[str, list[str]]:
    """Variable name -> the field names read from it."""
    out: dict[str, list[str]] = {}
    for name, field in Settings.model_fields.items():
        variable = field_variable(field)
        if variable:
            out.setdefault(variable.name, []).append(name)
    return out


def error(env: dict[str, str]) -> str:
    with pytest.raises(SettingsError) as info:
        Settings.from_env(env)
    message = str(info.value)
    assert "\n" not in message
    return message


def test_defaults_without_any_variable() -> None:
    s = Settings.from_env({})
    assert s.database_url == "sqlite+aiosqlite:///var/netreach.sqlite3"
    assert s.is_sqlite
    assert (s.redis_url, s.host, s.port) == (None, "127.0.0.1", 8080)
    assert s.embed_origins == ("*",)
    assert s.default_lang == "pl"
    assert s.time_zone == "Europe/Warsaw"
    assert s.duty_hours == (DutyWindow((0, 1, 2, 3, 4), "16:00", "22:00"),)
    assert (s.emergency_number, s.exit_url) == ("112", "https://www.wikipedia.org/")
    assert (s.visitor_rate_count, s.visitor_rate_seconds) == (20, 60.0)
    assert (s.socket_flood_count, s.socket_flood_seconds) == (60, 10.0)
    assert (s.disconnect_grace, s.escalation_ack_seconds, s.session_hours) == (60.0, 120.0, 12.0)
    assert isinstance(s.disconnect_grace, float)
    assert isinstance(s.port, int)
    assert (s.log_json, s.ws_compress, s.metrics_token) == (False, False, None)
    assert (s.var_dir, s.redis_prefix) == (Path("var"), "netreach")
    assert len(s.node_id) == 8
    assert s.node_id != Settings.from_env({}).node_id


def test_every_promised_variable_still_exists_with_its_default() -> None:
    assert set(variables()) == set(PROMISED)
    defaults = Settings.from_env({}).model_dump(exclude={"node_id"})
    for name, default in PROMISED.items():
        if default is not None:
            assert Settings.from_env({name: default}).model_dump(exclude={"node_id"}) == defaults


def test_variables_are_read() -> None:
    s = Settings.from_env(
        {
            "DATABASE_URL": "postgres://u:p@db/x",
            "REDIS_URL": "redis://r:6379/1",
            "HOST": "0.0.0.0",
            "PORT": "9000",
            "NETREACH_EMBED_ORIGINS": "https://a.example, https://b.example/",
            "NETREACH_DEFAULT_LANG": " EN ",
            "NETREACH_DUTY_HOURS": "Sat-Mon 12:00-16:00; wed 9:00-10:30",
            "NETREACH_EMERGENCY_NUMBER": " 997 ",
            "NETREACH_EXIT_URL": "https://example.org/",
            "NETREACH_TIME_ZONE": " Europe/London ",
            "NETREACH_DISCONNECT_GRACE": "30",
            "NETREACH_VISITOR_RATE": "5/0.5",
            "NETREACH_SOCKET_FLOOD": " 100 / 20 ",
            "NETREACH_ESCALATION_ACK_SECONDS": "60",
            "NETREACH_SESSION_HOURS": "8",
            "NETREACH_LOG_JSON": "TRUE",
            "NETREACH_VAR_DIR": "/srv/nr",
            "NETREACH_METRICS_TOKEN": "t0ken",
            "NETREACH_WS_COMPRESS": "yes",
            "NETREACH_REDIS_PREFIX": "blue",
            "NETREACH_CHALLENGE_ABOVE": "10/30",
            "NETREACH_CHALLENGE_DIFFICULTY": "20000",
            "NETREACH_CHALLENGE_KEY": "k" * 40,
            "NETREACH_VISITOR_SOCKETS": "3",
            "NETREACH_VISITOR_GONE_AFTER": "45",
            "NETREACH_LANGUAGE_WAIT": "90",
            "NETREACH_ESCALATION_BURST": "8/300",
        }
    )
    assert s.database_url == "postgresql+asyncpg://u:p@db/x"
    assert not s.is_sqlite
    assert (s.redis_url, s.host, s.port) == ("redis://r:6379/1", "0.0.0.0", 9000)
    assert s.embed_origins == ("https://a.example", "https://b.example")
    assert s.default_lang == "en"
    assert s.duty_hours == (
        DutyWindow((5, 6, 0), "12:00", "16:00"),
        DutyWindow((2,), "09:00", "10:30"),
    )
    assert (s.emergency_number, s.exit_url) == ("997", "https://example.org/")
    assert s.time_zone == "Europe/London"
    assert (s.visitor_rate_count, s.visitor_rate_seconds) == (5, 0.5)
    assert (s.socket_flood_count, s.socket_flood_seconds) == (100, 20.0)
    assert (s.disconnect_grace, s.escalation_ack_seconds, s.session_hours) == (30.0, 60.0, 8.0)
    assert (s.log_json, s.ws_compress, s.metrics_token) == (True, True, "t0ken")
    assert (s.var_dir, s.redis_prefix) == (Path("/srv/nr"), "blue")
    assert (s.challenge_above_count, s.challenge_above_seconds) == (10, 30.0)
    assert (s.challenge_difficulty, s.challenge_key) == (20000, "k" * 40)
    assert (s.visitor_sockets, s.visitor_gone_seconds) == (3, 45.0)
    assert s.language_wait_seconds == 90.0
    assert (s.escalation_burst_count, s.escalation_burst_seconds) == (8, 300.0)
    assert "k" * 40 not in repr(s)  # a secret stays out of logs and tracebacks


def test_sqlite_file_follows_the_var_dir() -> None:
    s = Settings.from_env({"NETREACH_VAR_DIR": "/srv/nr"})
    assert s.database_url == "sqlite+aiosqlite:////srv/nr/netreach.sqlite3"


def test_empty_variables_count_as_unset() -> None:
    empty = dict.fromkeys(PROMISED, "")
    assert Settings.from_env(empty).model_dump(exclude={"node_id"}) == Settings.from_env(
        {}
    ).model_dump(exclude={"node_id"})
    blank = dict.fromkeys(PROMISED, "  ")
    assert Settings.from_env(blank).port == 8080


def test_duty_hours_none_shows_no_hours() -> None:
    assert Settings.from_env({"NETREACH_DUTY_HOURS": "None"}).duty_hours == ()


def test_the_boolean_variables_are_all_tested() -> None:
    bools = {
        v
        for v, fields in variables().items()
        if Settings.model_fields[fields[0]].annotation is bool
    }
    assert bools == set(BOOLEANS)
    ranged = {
        v
        for v, fields in variables().items()
        if any(type(m).__name__ == "Le" for m in Settings.model_fields[fields[0]].metadata)
    }
    assert ranged == set(RANGES)
    for variable, (lo, hi) in RANGES.items():
        assert field_range(Settings.model_fields[variables()[variable][0]]) == (lo, hi)


@pytest.mark.parametrize("variable", BOOLEANS)
@pytest.mark.parametrize("word", [*TRUE_WORDS, "TRUE", " Yes ", "tRuE"])
def test_booleans_accept_clear_true_spellings(variable: str, word: str) -> None:
    s = Settings.from_env({variable: word})
    assert getattr(s, variables()[variable][0]) is True


@pytest.mark.parametrize("variable", BOOLEANS)
@pytest.mark.parametrize("word", [*FALSE_WORDS, "FALSE", " No "])
def test_booleans_accept_clear_false_spellings(variable: str, word: str) -> None:
    s = Settings.from_env({variable: word})
    assert getattr(s, variables()[variable][0]) is False


@pytest.mark.parametrize("variable", BOOLEANS)
@pytest.mark.parametrize("word", ["on", "off", "maybe", "2", "-1", "y", "enabled"])
def test_booleans_refuse_anything_else(variable: str, word: str) -> None:
    assert error({variable: word}) == (
        f"{variable}: {word!r} is not a boolean; use 1/0, true/false, yes/no"
    )


def test_parse_bool() -> None:
    assert parse_bool(" YES ") is True
    assert parse_bool("0") is False
    with pytest.raises(ValueError, match="is not a boolean"):
        parse_bool("on")


@pytest.mark.parametrize("variable", sorted(RANGES))
def test_numbers_accept_their_range(variable: str) -> None:
    lo, hi = RANGES[variable]
    field = variables()[variable][0]
    assert getattr(Settings.from_env({variable: str(lo)}), field) == lo
    assert getattr(Settings.from_env({variable: str(hi)}), field) == hi


@pytest.mark.parametrize("variable", sorted(RANGES))
def test_numbers_refuse_out_of_range_and_non_numbers(variable: str) -> None:
    lo, hi = RANGES[variable]
    for bad in (str(lo - 1), str(hi + 1), "ten", "1.5", "1e3"):
        assert error({variable: bad}) == (
            f"{variable}: {bad!r} is not a whole number from {lo} to {hi}"
        )


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        (
            {"NETREACH_VISITOR_RATE": "lots"},
            "NETREACH_VISITOR_RATE: 'lots' is not 'COUNT/SECONDS' like 20/60",
        ),
        (
            {"NETREACH_VISITOR_RATE": "0/60"},
            "NETREACH_VISITOR_RATE: '0/60' is not 'COUNT/SECONDS' like 20/60",
        ),
        (
            {"NETREACH_VISITOR_RATE": "5/0"},
            "NETREACH_VISITOR_RATE: '5/0' is not 'COUNT/SECONDS' like 20/60",
        ),
        (
            {"NETREACH_SOCKET_FLOOD": "0/10"},
            "NETREACH_SOCKET_FLOOD: '0/10' is not 'COUNT/SECONDS' like 60/10",
        ),
        (
            {"NETREACH_CHALLENGE_ABOVE": "many"},
            "NETREACH_CHALLENGE_ABOVE: 'many' is not 'COUNT/SECONDS' like 30/60",
        ),
        (
            {"NETREACH_DUTY_HOURS": "weekdays"},
            "NETREACH_DUTY_HOURS: cannot read 'weekdays'; write e.g. 'Mon-Fri 16:00-22:00; Sat 12:00-16:00'",
        ),
        (
            {"NETREACH_DUTY_HOURS": "Mon 16:00-25:00"},
            "NETREACH_DUTY_HOURS: 'Mon 16:00-25:00' has an impossible time",
        ),
        (
            {"NETREACH_EMBED_ORIGINS": "https://ok.example forum.example"},
            "NETREACH_EMBED_ORIGINS: 'forum.example' is not an origin like https://forum.example",
        ),
        (
            {"NETREACH_DUTY_TIMEZONE": "Mars/Olympus"},
            "NETREACH_DUTY_TIMEZONE: 'Mars/Olympus' is not a time zone this system knows, such as Europe/Warsaw",
        ),
        (
            {"NETREACH_PUBLIC_URL": "chat.example.org"},
            "NETREACH_PUBLIC_URL: 'chat.example.org' is not an http(s) URL like https://chat.example.org",
        ),
        (
            {"NETREACH_DEFAULT_LANG": "de"},
            "NETREACH_DEFAULT_LANG: 'de' is not a language netreach has; use pl, en or uk",
        ),
        (
            {"NETREACH_TIME_ZONE": "Mars/Olympus"},
            "NETREACH_TIME_ZONE: 'Mars/Olympus' is not a time zone this system knows, such as Europe/Warsaw",
        ),
        (
            {"NETREACH_TIME_ZONE": "../etc/passwd"},
            "NETREACH_TIME_ZONE: '../etc/passwd' is not a time zone this system knows, such as Europe/Warsaw",
        ),
        (
            {"NETREACH_EXIT_URL": "javascript:alert(1)"},
            "NETREACH_EXIT_URL: 'javascript:alert(1)' is not an http(s) URL like https://www.wikipedia.org/",
        ),
    ],
)
def test_composite_and_text_variables_name_themselves(env: dict[str, str], expected: str) -> None:
    assert error(env) == expected


def test_database_url_error_names_the_variable_but_not_the_password() -> None:
    message = error({"DATABASE_URL": "mysql://user:secret@db/x"})
    assert message.startswith("DATABASE_URL: ")
    assert "'mysql'" in message
    assert "secret" not in message


def test_parsers_keep_their_shapes() -> None:
    assert parse_rate({"X": "3/1.5"}, "X", "1/1") == (3, 1.5)
    assert parse_rate({}, "X", "20/60") == (20, 60.0)
    with pytest.raises(SettingsError, match=r"^X: "):
        parse_rate({"X": "3"}, "X", "1/1")
    assert parse_origins(" ") == ("*",)
    assert parse_duty_hours("Fri 22:00-24:00") == (DutyWindow((4,), "22:00", "24:00"),)


def test_overrides_win_over_the_environment() -> None:
    s = Settings.from_env(
        {"PORT": "9000", "NETREACH_VISITOR_RATE": "5/10"}, port=0, visitor_rate_count=7
    )
    assert (s.port, s.visitor_rate_count, s.visitor_rate_seconds) == (0, 7, 10.0)


def test_from_env_reads_os_environ_over_a_dotenv_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / ".env").write_text("NETREACH_WS_COMPRESS=yes\nPORT=9000\nPOSTGRES_PASSWORD=x\n")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("PORT", "9001")
    monkeypatch.delenv("DATABASE_URL", raising=False)
    s = Settings.from_env()
    assert (s.ws_compress, s.port) == (True, 9001)
    monkeypatch.setenv("NETREACH_WS_COMPRESS", "on")
    with pytest.raises(SettingsError, match=r"^NETREACH_WS_COMPRESS: 'on' is not a boolean"):
        Settings.from_env()


def test_direct_construction_takes_only_what_it_is_given(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / ".env").write_text("NETREACH_WS_COMPRESS=1\n")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("NETREACH_LOG_JSON", "1")
    s = Settings(database_url="sqlite:///x.sqlite3", visitor_rate_count=5)
    assert (s.ws_compress, s.log_json) == (False, False)
    assert s.database_url == "sqlite+aiosqlite:///x.sqlite3"
    assert (s.visitor_rate_count, s.visitor_rate_seconds) == (5, 60.0)


def test_direct_construction_is_validated_too() -> None:
    with pytest.raises(SettingsError, match=r"^PORT: 70000 "):
        Settings(port=70000)
    with pytest.raises(SettingsError, match=r"^NETREACH_WS_COMPRESS: 'on' is not a boolean"):
        Settings(ws_compress="on")
    with pytest.raises(SettingsError, match=r"^visitor_rate: not a setting"):
        Settings(visitor_rate=5)


def test_settings_are_immutable() -> None:
    s = Settings(database_url="sqlite:///x")
    with pytest.raises(ValueError, match="Instance is frozen"):
        s.port = 1  # type: ignore[misc]
    assert not dataclasses.is_dataclass(s)


def test_readme_table_is_generated_from_the_model() -> None:
    readme = README.read_text(encoding="utf-8")
    assert render_settings_table() in readme
    assert readme_with_settings_table(readme) == readme, "README is stale: run `make settings-doc`"
    for variable in PROMISED:
        assert f"| `{variable}` |" in readme


def test_every_variable_has_a_description() -> None:
    for fields in variables().values():
        assert Settings.model_fields[fields[0]].description


def test_serve_with_a_bad_value_stops_with_one_line(tmp_path: Path) -> None:
    r = run(["serve", "--port", "0"], tmp_path, NETREACH_WS_COMPRESS="on")
    assert r.returncode == 2
    assert r.stderr.decode().strip() == (
        "netreach: configuration error: NETREACH_WS_COMPRESS: 'on' is not a boolean; "
        "use 1/0, true/false, yes/no"
    )
    r = run(["serve", "--port", "0"], tmp_path, NETREACH_SESSION_HOURS="1000")
    assert r.returncode == 2
    assert r.stderr.decode().strip() == (
        "netreach: configuration error: NETREACH_SESSION_HOURS: '1000' is not a whole number "
        "from 1 to 720"
    )


def test_two_factor_roles() -> None:
    assert Settings.from_env({}).require_2fa_roles == ("supervisor", "admin")
    assert Settings.from_env({"NETREACH_REQUIRE_2FA_ROLES": "none"}).require_2fa_roles == ()
    assert Settings.from_env(
        {"NETREACH_REQUIRE_2FA_ROLES": " Admin, networker"}
    ).require_2fa_roles == ("networker", "admin")
    assert "NETREACH_REQUIRE_2FA_ROLES: 'boss' is not a role" in error(
        {"NETREACH_REQUIRE_2FA_ROLES": "admin,boss"}
    )
