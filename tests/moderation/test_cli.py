"""`python -m moderation` (wired as `netreach crisis-scan`) driven through a real subprocess."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from moderation.classifier import default_classifier

ROOT = Path(__file__).resolve().parents[2]


def run(data: bytes, *args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "moderation", *args],
        input=data,
        capture_output=True,
        cwd=ROOT,
        timeout=60,
    )


def test_one_json_object_per_line_in_order():
    lines = ["chyba się zabiję", "", "ten sprawdzian mnie zabije", "I took everything", "привіт"]
    p = run(("\n".join(lines) + "\n").encode())
    assert p.returncode == 0, p.stderr
    out = p.stdout.decode().splitlines()
    assert len(out) == len(lines)
    objs = [json.loads(x) for x in out]
    assert objs[0]["escalate"] is True
    # the lexicon's "high", raised to imminent where the classifier's score reaches its own
    # imminent threshold
    imminent = objs[0]["score"] >= default_classifier().thresholds.imminent
    assert objs[0]["severity"] == ("imminent" if imminent else "high")
    assert objs[0]["categories"] == ["self_harm"]
    assert objs[0]["matches"]
    assert objs[1] == {
        "escalate": False,
        "severity": "none",
        "categories": [],
        "matches": [],
        "language": "und",
        "detected_by": [],
        "score": 0.0,
    }
    assert objs[2]["escalate"] is False
    assert objs[3]["severity"] == "imminent"
    assert objs[4]["escalate"] is False


def test_last_line_without_newline_and_crlf():
    p = run(b"kms\r\nhello")
    assert p.returncode == 0
    out = [json.loads(x) for x in p.stdout.decode().splitlines()]
    assert [o["escalate"] for o in out] == [True, False]


def test_empty_input_gives_no_output():
    p = run(b"")
    assert p.returncode == 0
    assert p.stdout == b""


def test_invalid_utf8_is_a_clear_error_without_traceback():
    p = run(b"ok line\n\xff\xfe broken\nnext\n")
    assert p.returncode != 0
    err = p.stderr.decode()
    assert "line 2" in err
    assert "UTF-8" in err
    assert "Traceback" not in err
    assert len(p.stdout.decode().splitlines()) == 1


def test_explain_adds_a_reason():
    p = run(b"nie chce zyc\n", "--explain")
    assert p.returncode == 0
    obj = json.loads(p.stdout.decode())
    assert "explanation" in obj
    assert obj["escalate"]
    # high or imminent, as the classifier rates it: the explanation starts with the severity
    assert obj["explanation"].startswith(obj["severity"] + " (escalate)")
    assert "nie chce zyc" in p.stderr.decode()


def test_crisis_scan_main_is_importable_with_argv():
    from moderation.cli import crisis_scan_main

    assert callable(crisis_scan_main)
    p = run(b"", "--help")
    assert p.returncode == 0
    assert b"crisis-scan" in p.stdout


def test_conversation_mode_reads_the_messages_together():
    lines = [
        ["mam w domu całe opakowanie tabletek nasennych", "dziś w nocy wezmę wszystkie"],
        ["hej", "gdzie zrobić test na HIV?"],
        ["chyba się dziś zabiję"],
    ]
    data = "\n".join(json.dumps(x, ensure_ascii=False) for x in lines) + "\n"
    p = run(data.encode(), "--conversation")
    assert p.returncode == 0, p.stderr
    out = [json.loads(x) for x in p.stdout.decode().splitlines()]
    assert len(out) == 3
    plain = json.loads(run(b"chyba sie dzis zabije\n").stdout.decode())
    for o in out:
        assert set(plain) <= set(o)  # the fields of the plain mode, plus "contributing"
    assert out[0]["escalate"] is True
    assert out[0]["contributing"] == [0, 1]
    assert all(m["message"] in (0, 1) for m in out[0]["matches"])
    assert out[1]["escalate"] is False
    assert out[1]["contributing"] == []
    assert out[2]["escalate"] is True
    assert out[2]["contributing"] == [0]
    assert out[2]["matches"][0]["message"] == 0


def test_conversation_mode_refuses_a_line_that_is_no_array_of_messages():
    for bad in (b'"just text"\n', b"[]\n", b"[1, 2]\n", b"not json\n"):
        p = run(b'["hej"]\n' + bad + b'["next"]\n', "--conversation")
        assert p.returncode == 2
        assert "line 2" in p.stderr.decode()
        assert "Traceback" not in p.stderr.decode()
        assert len(p.stdout.decode().splitlines()) == 1


def test_netreach_crisis_scan_conversation():
    p = subprocess.run(
        [sys.executable, "-m", "server.cli", "crisis-scan", "--conversation"],
        input=json.dumps(["hej", "chyba się dziś zabiję"]).encode() + b"\n",
        capture_output=True,
        cwd=ROOT,
        timeout=60,
    )
    assert p.returncode == 0, p.stderr
    out = json.loads(p.stdout.decode())
    assert out["escalate"] is True
    assert out["contributing"] == [1]
    assert "lexicon" in out["detected_by"]
