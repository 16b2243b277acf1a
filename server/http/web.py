"""Shared HTTP plumbing: app keys, templates, language choice, CSRF, security headers, errors.

Middlewares (outermost first, see server/app.py): `security_headers` (on every response, error
pages included), `errors` (clear error pages),
`csrf` (every unsafe request carries the double-submit token unless its handler is marked
`@csrf_exempt`)."""

from __future__ import annotations

import csv
import functools
import hashlib
import hmac
import io
import json
import logging
import secrets
from collections.abc import Awaitable, Callable, Iterable, Sequence
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import jinja2
from aiohttp import web

from server import i18n
from server.constants import (
    ADMIN_ROLES,
    CSRF_COOKIE,
    CSRF_FIELD,
    CSRF_HEADER,
    LANG_COOKIE,
    SUPERVISOR_ROLES,
)
from server.i18n import N_, gettext
from server.services import Services

log = logging.getLogger("netreach.http")


def _on_disk(resource: Traversable) -> Path:
    """A package-data directory as a path (Jinja2's loader and aiohttp's static route read files):
    a wheel or an editable install keeps its package data as files, not in a zip archive."""
    if not isinstance(resource, Path):
        raise RuntimeError(f"netreach must be installed as files, not zipped: {resource}")
    return resource


# package data (pyproject.toml): templates/ and widget/dist of the repository, shipped in the
# wheel as server/templates and server/widget/dist
TEMPLATES_DIR = _on_disk(resources.files("server.templates"))
DIST_DIR = _on_disk(resources.files("server.widget")) / "dist"

SERVICES = web.AppKey("services", Services)
JINJA = web.AppKey("jinja", jinja2.Environment)
ASSET_VERSIONS = web.AppKey("asset_versions", dict)

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})  # every other method is checked
FORM_TYPES = frozenset({"application/x-www-form-urlencoded", "multipart/form-data"})
CSRF_EXEMPT_MARK = "__netreach_csrf_exempt__"


def make_jinja() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES_DIR)),
        autoescape=jinja2.select_autoescape(["html", "xml"]),
        extensions=["jinja2.ext.i18n"],
        auto_reload=False,
    )
    # role names for the templates (`me.role in SUPERVISOR_ROLES`), never spelled there
    env.globals.update(SUPERVISOR_ROLES=SUPERVISOR_ROLES, ADMIN_ROLES=ADMIN_ROLES)
    env.install_gettext_callables(  # type: ignore[attr-defined]
        gettext=lambda message: i18n.gettext(message),
        ngettext=lambda s, p, n: i18n.ngettext(s, p, n),
        newstyle=True,
    )
    return env


def asset_versions() -> dict[str, str]:
    versions = {}
    if DIST_DIR.is_dir():
        for path in DIST_DIR.iterdir():
            if path.is_file():
                versions[path.name] = hashlib.sha256(path.read_bytes()).hexdigest()[:12]
    return versions


def request_lang(request: web.Request) -> str:
    """?lang= > cookie > Accept-Language > default."""
    default = request.app[SERVICES].settings.default_lang
    for candidate in (request.query.get("lang"), request.cookies.get(LANG_COOKIE)):
        if candidate and i18n.normalize_lang(candidate, default=""):
            return i18n.normalize_lang(candidate)
    return i18n.negotiate(request.headers.get("Accept-Language"), default)


def is_secure(request: web.Request) -> bool:
    return request.secure or request.headers.get("X-Forwarded-Proto", "").lower() == "https"


def csrf_token(request: web.Request, response_cookies: dict[str, str]) -> str:
    """The double-submit token of this browser (set as a cookie on the response when new)."""
    token = request.cookies.get(CSRF_COOKIE)
    if not token or len(token) != 43:
        token = secrets.token_urlsafe(32)
        response_cookies[CSRF_COOKIE] = token
    return token


def set_cookie(
    response: web.StreamResponse,
    request: web.Request,
    name: str,
    value: str,
    *,
    max_age: int | None = None,
    httponly: bool = True,
    samesite: str = "Lax",
) -> None:
    response.set_cookie(
        name,
        value,
        max_age=max_age,
        path="/",
        httponly=httponly,
        samesite=samesite,
        secure=is_secure(request),
    )


def render(
    request: web.Request,
    template: str,
    context: dict[str, Any],
    *,
    status: int = 200,
    lang: str | None = None,
) -> web.Response:
    app = request.app
    lang = lang or request_lang(request)
    new_cookies: dict[str, str] = {}
    versions = app[ASSET_VERSIONS]

    def asset(name: str) -> str:
        v = versions.get(name)
        return f"/static/{name}?v={v}" if v else f"/static/{name}"

    with_csrf = context.pop("with_csrf", True)
    base: dict[str, Any] = {
        "lang": lang,
        "langs": list(i18n.LANGS),
        "lang_names": i18n.LANG_NAMES,
        "asset": asset,
        "csrf_token": csrf_token(request, new_cookies) if with_csrf else "",
        "me": context.get("me"),
        "request_path": request.path,
        "request_path_qs": request.path_qs,
    }
    base.update(context)
    with i18n.using(lang):
        body = app[JINJA].get_template(template).render(base)
    response = web.Response(text=body, status=status, content_type="text/html", charset="utf-8")
    for name, value in new_cookies.items():
        set_cookie(response, request, name, value, samesite="Strict")
    return response


def csv_cell(value: Any) -> str:
    """A CSV cell a spreadsheet will not run as a formula (free text such as an escalation
    reason is written by staff, a site's name by the visitor's browser): text starting with
    `=`, `+`, `-`, `@`, a tab or a carriage return gets a leading `'`. None is empty; other
    values that are not text are written as JSON."""
    text = (
        ""
        if value is None
        else value
        if isinstance(value, str)
        else json.dumps(value, ensure_ascii=False, sort_keys=True)
    )
    if text[:1] in ("=", "+", "-", "@", "\t", "\r"):
        text = "'" + text
    return text


def csv_download(rows: Iterable[Sequence[Any]], filename: str) -> web.Response:
    """`rows` (the header first) as a CSV file to download as `filename`: every cell through
    `csv_cell` (numbers as they are), quoted where needed (the csv module), UTF-8 with a byte
    order mark so that spreadsheets read Polish letters right; never cached."""
    buf = io.StringIO()
    buf.write("\ufeff")
    writer = csv.writer(buf)
    for row in rows:
        writer.writerow(
            [
                v if isinstance(v, int | float) and not isinstance(v, bool) else csv_cell(v)
                for v in row
            ]
        )
    response = web.Response(text=buf.getvalue(), content_type="text/csv", charset="utf-8")
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Cache-Control"] = "no-store"
    return response


def csrf_exempt(handler: Handler) -> Handler:
    """Mark a route handler as taking unsafe requests without the CSRF token (the `csrf`
    middleware lets them through). Only for endpoints that are not this site's forms, such as
    Socket.IO's own endpoint; say why where it is used. A handler that takes no attribute (a
    bound method) is wrapped, so use the returned handler."""
    try:
        setattr(handler, CSRF_EXEMPT_MARK, True)
        return handler
    except AttributeError:
        pass

    @functools.wraps(handler)
    async def exempt(request: web.Request) -> web.StreamResponse:
        return await handler(request)

    setattr(exempt, CSRF_EXEMPT_MARK, True)
    return exempt


def is_csrf_exempt(handler: Any) -> bool:
    """Whether `handler` was marked with `csrf_exempt`."""
    return bool(getattr(handler, CSRF_EXEMPT_MARK, False))


async def sent_csrf_token(request: web.Request) -> str:
    """The token an unsafe request carries: the `X-CSRF-Token` header (fetch / JSON), else the
    `csrf_token` field of a form body (read once; aiohttp keeps it for the view's own
    `request.post()`); "" when there is none."""
    header = request.headers.get(CSRF_HEADER)
    if header:
        return header
    if request.content_type in FORM_TYPES:
        value = (await request.post()).get(CSRF_FIELD)
        return value if isinstance(value, str) else ""
    return ""


async def csrf_valid(request: web.Request) -> bool:
    """Double submit: the token sent equals this browser's `nr_csrf` cookie (which another site
    can neither read nor set)."""
    cookie = request.cookies.get(CSRF_COOKIE, "")
    sent = await sent_csrf_token(request)
    return bool(cookie) and hmac.compare_digest(cookie.encode(), sent.encode())


@web.middleware
async def csrf(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Every request with an unsafe method (anything but GET, HEAD, OPTIONS, TRACE) must carry
    the CSRF token, checked here before the view runs: without it the answer is a 403 page and
    nothing is changed. Handlers marked `@csrf_exempt` and requests no route matches (404/405
    from the router) pass through unchecked."""
    if (
        request.method in SAFE_METHODS
        or request.match_info.http_exception is not None
        or is_csrf_exempt(request.match_info.handler)
    ):
        return await handler(request)
    if not await csrf_valid(request):
        log.info("CSRF token missing or wrong: %s %s", request.method, request.path)
        return error_page(request, 403, title=CSRF_TITLE, message=CSRF_MESSAGE)
    return await handler(request)


NUL_TITLE = N_("A field holds a NUL character")
NUL_MESSAGE = N_(
    "Nothing was changed: what you sent holds a NUL character (a zero byte), which no text "
    "here may contain. Remove it and send the form again."
)


def holds_nul(request: web.Request, form: Any = None) -> bool:
    """Whether the address (path or query, percent-decoded) or the text fields of a form body
    `form` hold a NUL: no text of netreach may (PostgreSQL cannot store one, and none is ever
    typed), so the request is refused as a whole before any view reads it."""
    if "\x00" in request.path or "\x00" in request.query_string:
        return True
    if any("\x00" in k or "\x00" in v for k, v in request.query.items()):
        return True
    if form is not None:
        return any("\x00" in k or (isinstance(v, str) and "\x00" in v) for k, v in form.items())
    return False


@web.middleware
async def refuse_nul(request: web.Request, handler: Handler) -> web.StreamResponse:
    """A request whose address or form fields hold a NUL character gets a 400 page that says
    so, and no view runs (see `holds_nul`). Socket.IO payloads are checked by their typed
    models (server/realtime/schemas.py); /socket.io and static files pass through here, and
    so does the read-only JSON API under /api/ (it answers its own errors as JSON and stores
    nothing: a NUL in a search finds nothing there)."""
    if request.path.startswith(("/socket.io", "/static", "/api/")):
        return await handler(request)
    form = await request.post() if request.content_type in FORM_TYPES else None
    if holds_nul(request, form):
        log.info(
            "refused: a NUL character in %s %s", request.method, request.path.replace("\x00", "\\0")
        )
        return error_page(request, 400, title=NUL_TITLE, message=NUL_MESSAGE)
    return await handler(request)


MAX_NEXT_CHARS = 500


def safe_next(value: str | None, default: str = "/console") -> str:
    """`value` if it is a path on this site, else `default`: the one check of every `next=`
    (login, language switch, library forms), so no redirect leaves the site.

    Accepted: printable ASCII only (no control character, space, tab or newline: browsers
    drop tabs and newlines from a URL, so `/<TAB>/evil.example` becomes `//evil.example`; no
    backslash: browsers read it as `/`), starting with one `/` and not `//`, with no scheme
    or host, at most 500 characters; and its path, percent-decoded (again and again, for
    double encoding), still starts with one `/` and holds no backslash or control character.
    Anything else (`//x`, `/\\x`, `/%09/x`, `https:x`, `\\\\x`, encoded variants) gives
    `default`."""
    if not value or len(value) > MAX_NEXT_CHARS:
        return default
    if any(not ("\x21" <= c <= "\x7e") or c == "\\" for c in value):
        return default
    parts = urlsplit(value)
    if parts.scheme or parts.netloc or not value.startswith("/") or value.startswith("//"):
        return default
    path = parts.path
    for _ in range(4):
        decoded = unquote(path)
        if decoded == path:
            break
        path = decoded
    else:
        return default  # still encoded after four rounds: nobody writes that by accident
    if (
        not path.startswith("/")
        or path.startswith("//")
        or any(c == "\\" or c.isspace() or not c.isprintable() for c in path)
    ):
        return default
    return value


def frame_ancestors(request: web.Request) -> str:
    origins = request.app[SERVICES].site.embed_origins
    if "*" in origins:
        return "*"
    return " ".join(("'self'", *origins))


HSTS = "max-age=31536000; includeSubDomains"


@web.middleware
async def security_headers(request: web.Request, handler: Handler) -> web.StreamResponse:
    """The outermost middleware: every response gets the security headers, error pages and
    responses raised as exceptions (404 of a static file, a redirect) included. Only the
    widget frame may be framed (it sets its own CSP with the embedding origins)."""
    try:
        response = await handler(request)
    except web.HTTPException as exc:
        _add_security_headers(request, exc)
        raise
    _add_security_headers(request, response)
    return response


def _add_security_headers(request: web.Request, response: web.StreamResponse) -> None:
    if request.path.startswith("/socket.io"):
        return
    headers = response.headers
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("Referrer-Policy", "no-referrer")
    headers.setdefault(
        "Permissions-Policy", "camera=(), microphone=(), geolocation=(), interest-cohort=()"
    )
    if is_secure(request):
        headers.setdefault("Strict-Transport-Security", HSTS)
    if "Content-Security-Policy" not in headers:
        if response.content_type == "text/html":
            headers["Content-Security-Policy"] = content_security_policy(request, "'none'")
        headers.setdefault("X-Frame-Options", "DENY")


def content_security_policy(request: web.Request, ancestors: str) -> str:
    """No inline scripts or styles anywhere; only the widget frame may be framed (by the
    configured origins, `ancestors`). Nothing of the request goes in: `connect-src 'self'`
    covers the page's own ws:/wss: origin (CSP Level 3), so the `Host` header, which a client
    chooses, is never reflected here."""
    return (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "connect-src 'self'; font-src 'self'; object-src 'none'; "
        f"base-uri 'none'; form-action 'self'; frame-ancestors {ancestors}"
    )


@web.middleware
async def errors(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Clear error pages (translated) instead of bare status lines or tracebacks."""
    try:
        return await handler(request)
    except web.HTTPException as exc:
        if exc.status < 400 or request.path.startswith(
            ("/socket.io", "/static", "/healthz", "/metrics")
        ):
            raise
        return error_page(request, exc.status)
    except Exception:
        log.exception("request failed: %s %s", request.method, request.path)
        return error_page(request, 500)


ERROR_TITLES = {
    400: N_("Bad request"),
    403: N_("Forbidden"),
    404: N_("Page not found"),
    405: N_("Method not allowed"),
    413: N_("Request too large"),
    500: N_("Something went wrong"),
}
ERROR_TEXTS = {
    400: N_("The request could not be understood."),
    403: N_(
        "You are not allowed to open this page. If you submitted a form, reload the page and try again."
    ),
    404: N_("There is no page at this address."),
    405: N_("This address does not accept that kind of request."),
    413: N_("What you sent is too large."),
    500: N_("The error has been logged. Please try again in a moment."),
}
CSRF_TITLE = N_("The form has expired")
CSRF_MESSAGE = N_(
    "Nothing was changed: the form was not sent from an open page of this site, or it has "
    "expired. Go back, reload the page and send the form again."
)


def error_page(
    request: web.Request, status: int, *, title: str | None = None, message: str | None = None
) -> web.Response:
    """The error page for `status` in the request's language; `title` and `message` (untranslated
    message ids, marked with N_) replace the status's usual texts."""
    lang = request_lang(request)
    fallback = 400 if status < 500 else 500
    title = gettext(title or ERROR_TITLES.get(status, ERROR_TITLES[fallback]), lang)
    message = gettext(message or ERROR_TEXTS.get(status, ERROR_TEXTS[fallback]), lang)
    try:
        return render(
            request,
            "error.html",
            {"status": status, "title": title, "message": message, "with_csrf": False},
            status=status,
            lang=lang,
        )
    except Exception:  # templates missing or broken: still answer clearly
        return web.Response(
            text=f"{status} {title}\n{message}\n", status=status, content_type="text/plain"
        )
