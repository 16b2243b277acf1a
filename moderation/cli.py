"""`netreach crisis-scan`: assess messages read from stdin, one per line, as JSON lines.

    printf 'chyba się zabiję\\nten test mnie zabije\\n' | python -m moderation --explain

Each input line gives exactly one JSON object on stdout, in order. Input is read as bytes and
decoded line by line; a line that is not valid UTF-8 stops the scan with a clear message on
stderr and exit status 2 (lines before it have been answered already). With --explain each
object also carries an "explanation" string, and the same text is written to stderr.

With --conversation each input line is a JSON array of one visitor's messages (strings, oldest
first) and each output line the assessment after the last of them, read together with the
recent ones (moderation.detect.assess_conversation): the fields of the plain mode plus
"contributing" (0-based indices of the messages that contributed) and, in every match,
"message" (the index of the message the phrase is in; start/end are offsets in it). A line
that is not such an array (or an empty one) stops the scan with exit status 2, like invalid
UTF-8.
"""

from __future__ import annotations

import argparse
import json
import sys

from moderation.detect import assess, assess_conversation

EXIT_OK = 0
EXIT_BAD_INPUT = 2


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="netreach crisis-scan",
        description="Read UTF-8 messages (one per line) on stdin and print one JSON "
        "crisis assessment per line on stdout.",
    )
    p.add_argument("--explain", action="store_true", help="add a human-readable reason")
    p.add_argument(
        "--conversation",
        action="store_true",
        help="each line is a JSON array of one visitor's messages (oldest first); assess the "
        "last one together with the recent ones",
    )
    p.add_argument(
        "--lang",
        choices=("pl", "en", "uk", "ru"),
        default=None,
        help="language of the messages (default: detect per message)",
    )
    return p


def _messages(line: str) -> list[str] | None:
    """The messages of a --conversation input line, or None if it is not a JSON array of str."""
    try:
        value = json.loads(line)
    except ValueError:
        return None
    if not isinstance(value, list) or not value or not all(isinstance(m, str) for m in value):
        return None
    return value


def crisis_scan_main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    stdin = sys.stdin.buffer
    out = sys.stdout
    err = sys.stderr
    try:
        for lineno, raw in enumerate(stdin, start=1):
            if raw.endswith(b"\n"):
                raw = raw[:-1]
            if raw.endswith(b"\r"):
                raw = raw[:-1]
            if lineno == 1 and raw.startswith(b"\xef\xbb\xbf"):
                raw = raw[3:]
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                out.flush()
                err.write(
                    f"crisis-scan: line {lineno} is not valid UTF-8 "
                    f"(byte {exc.start + 1}: {raw[exc.start : exc.start + 1]!r}); stopping\n"
                )
                return EXIT_BAD_INPUT
            if args.conversation:
                messages = _messages(text)
                if messages is None:
                    out.flush()
                    err.write(
                        f"crisis-scan: line {lineno} is not a non-empty JSON array of strings "
                        "(--conversation); stopping\n"
                    )
                    return EXIT_BAD_INPUT
                result = assess_conversation(messages, args.lang)
                data = result.to_dict()
                data["contributing"] = list(result.contributing)
            else:
                result = assess(text, args.lang)
                data = result.to_dict()
            if args.explain:
                data["explanation"] = result.explain()
                err.write(f"line {lineno}: {result.explain()}\n")
            out.write(json.dumps(data, ensure_ascii=False) + "\n")
            out.flush()
    except BrokenPipeError:
        # The reader went away (e.g. `| head`); silence the final flush and stop quietly.
        sys.stdout = None
        return EXIT_OK
    except KeyboardInterrupt:
        return 130
    return EXIT_OK


def main() -> None:
    sys.exit(crisis_scan_main())


if __name__ == "__main__":
    main()
