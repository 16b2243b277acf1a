"""What an editor may put in a library entry: the validated input (forms, HSDS import, the
starter set) and the fixed vocabularies."""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from server.actions.errors import ActionError, validation_detail
from server.constants import SUPERVISOR_ROLES
from server.db.models import PHONE_TYPES, RESOURCE_AREAS, RESOURCE_TOPICS, VOIVODESHIPS
from server.i18n import N_

SUPERVISING = SUPERVISOR_ROLES
TEXT_FIELDS = ("name", "summary", "description", "eligibility", "cost", "hours")
CONTENT_FIELDS = (
    "texts",
    "organization_name",
    "topics",
    "phones",
    "email",
    "links",
    "schedules",
    "area",
    "country",
    "voivodeship",
    "city",
    "languages",
    "verified_on",
    "verified_by",
    "source",
    "review_by",
    "crisis_line",
)
# the escalation categories a crisis line can answer (moderation's categories, plus those the
# detector may name in future: a medical emergency and sexual violence have lines of their own)
CRISIS_LINE_CATEGORIES = (
    "self_harm",
    "overdose",
    "medical",
    "violence",
    "child_abuse",
    "sexual_violence",
)
# a person who cannot breathe needs a line that answers now: only 24/7 lines are offered for these
ALWAYS_OPEN_CATEGORIES = frozenset({"overdose", "medical"})
DEFAULT_REVIEW_DAYS = 365
SEARCH_LIMIT = 50

# words a visitor or networker might type for each topic, indexed with the entry
TOPIC_WORDS: dict[str, str] = {
    "legal": "legal law lawyer advice prawo prawnik prawna porada pomoc prawna",
    "hiv_sti": "hiv aids sti std test testing prep zakazenia choroby przenoszone droga plciowa",
    "addiction": "addiction drugs alcohol uzaleznienie narkotyki alkohol",
    "mental_health": "mental health psychology depression zdrowie psychiczne psycholog depresja",
    "crisis": "crisis emergency suicide kryzys interwencja kryzysowa samobojstwo nagly",
    "violence": "violence abuse domestic przemoc domowa przemocy",
    "housing": "housing homeless shelter mieszkanie bezdomnosc schronisko noclegownia",
    "other": "",
}

_PHONE_RE = re.compile(r"^\+?[0-9][0-9 ()\-]{1,30}$")
_EMAIL_RE = re.compile(r"^[^@\s<>\"']{1,64}@[A-Za-z0-9.\-]{1,190}\.[A-Za-z]{2,}$")
_URL_RE = re.compile(r"^https?://[^\s<>\"'\\]{3,490}$", re.IGNORECASE)
_TIME_RE = re.compile(r"^\d{2}:\d{2}(:\d{2})?$")


def _clean(value: str | None) -> str | None:
    if value is None:
        return None
    if "\x00" in value:
        raise ValueError(N_("contains a NUL character."))
    value = value.strip()
    return value or None


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ResourceText(_Model):
    name: Annotated[str, Field(min_length=1, max_length=200)]
    summary: Annotated[str, Field(max_length=300)] = ""
    description: Annotated[str, Field(max_length=5000)] = ""
    eligibility: Annotated[str, Field(max_length=2000)] = ""
    cost: Annotated[str, Field(max_length=1000)] = ""
    hours: Annotated[str, Field(max_length=500)] = ""

    @field_validator("*", mode="before")
    @classmethod
    def _strip(cls, value: Any) -> Any:
        return (_clean(value) or "") if isinstance(value, str) else value


class PhoneIn(_Model):
    number: Annotated[str, Field(max_length=32)]
    type: Literal[PHONE_TYPES] = "voice"  # type: ignore[valid-type]
    description: Annotated[str, Field(max_length=200)] | None = None

    @field_validator("number")
    @classmethod
    def _number(cls, value: str) -> str:
        value = " ".join(value.split())
        if not _PHONE_RE.match(value):
            raise ValueError(
                N_("a phone number has digits, spaces, brackets, dashes and an optional leading +.")
            )
        return value


class LinkIn(_Model):
    url: Annotated[str, Field(max_length=500)]
    label: Annotated[str, Field(max_length=100)] | None = None

    @field_validator("url")
    @classmethod
    def _url(cls, value: str) -> str:
        value = value.strip()
        if not _URL_RE.match(value):
            raise ValueError(N_("a link must be an http:// or https:// address."))
        return value


class ScheduleIn(_Model):
    byday: (
        Annotated[str, Field(pattern=r"^(MO|TU|WE|TH|FR|SA|SU)(,(MO|TU|WE|TH|FR|SA|SU))*$")] | None
    ) = None
    opens_at: Annotated[str, Field(pattern=_TIME_RE.pattern)] | None = None
    closes_at: Annotated[str, Field(pattern=_TIME_RE.pattern)] | None = None
    description: Annotated[str, Field(max_length=500)] | None = None


class CrisisLineIn(_Model):
    """A supervisor's flag that an entry is a crisis line used in automatic crisis replies: for
    which escalation categories, whether it answers 24/7 (else its hours are shown, and it is
    never offered for a medical emergency), and whether it is for children and young people."""

    categories: Annotated[
        list[Literal[CRISIS_LINE_CATEGORIES]],  # type: ignore[valid-type]
        Field(min_length=1, max_length=len(CRISIS_LINE_CATEGORIES)),
    ]
    always_open: bool = False
    children: bool = False


class ResourceInput(_Model):
    """Everything an editor (form, HSDS import, starter set) may set. Refuses unknown fields."""

    texts: dict[Literal["pl", "en"], ResourceText]
    organization_name: Annotated[str, Field(max_length=200)] | None = None
    topics: Annotated[
        list[Literal[RESOURCE_TOPICS]],  # type: ignore[valid-type]
        Field(min_length=1, max_length=len(RESOURCE_TOPICS)),
    ]
    phones: Annotated[list[PhoneIn], Field(max_length=10)] = []
    email: Annotated[str, Field(max_length=200)] | None = None
    links: Annotated[list[LinkIn], Field(max_length=10)] = []
    schedules: Annotated[list[ScheduleIn], Field(max_length=14)] = []
    area: Literal[RESOURCE_AREAS] = "nationwide"  # type: ignore[valid-type]
    country: Annotated[str, Field(pattern=r"^[A-Z]{2}$")] | None = "PL"
    voivodeship: Literal[VOIVODESHIPS] | None = None  # type: ignore[valid-type]
    city: Annotated[str, Field(max_length=80)] | None = None
    languages: Annotated[
        list[Annotated[str, Field(pattern=r"^[a-z]{2,3}$")]], Field(max_length=20)
    ] = []
    verified_on: date | None = None
    verified_by: Annotated[str, Field(max_length=200)] | None = None
    source: Annotated[str, Field(max_length=2000)] | None = None
    review_by: date | None = None
    crisis_line: CrisisLineIn | None = None

    @field_validator("organization_name", "email", "city", "verified_by", "source", mode="before")
    @classmethod
    def _strip(cls, value: Any) -> Any:
        return _clean(value) if isinstance(value, str) else value

    @field_validator("email")
    @classmethod
    def _email(cls, value: str | None) -> str | None:
        if value is not None and not _EMAIL_RE.match(value):
            raise ValueError(N_("not an e-mail address."))
        return value

    @model_validator(mode="after")
    def _check(self) -> ResourceInput:
        if not self.texts:
            raise ValueError(N_("give the name in at least one language (Polish or English)."))
        if self.area == "regional" and not (self.voivodeship or self.city):
            raise ValueError(N_("a regional entry needs a voivodeship or a city."))
        if self.verified_on and self.review_by and self.review_by < self.verified_on:
            raise ValueError(N_("the review date is before the verification date."))
        if self.crisis_line is not None:
            if not self.phones:
                raise ValueError(N_("a crisis line needs a phone number."))
            if not self.crisis_line.always_open and not any(t.hours for t in self.texts.values()):
                raise ValueError(N_("a crisis line is either 24/7 or has its hours filled in."))
        return self

    def columns(self) -> dict[str, Any]:
        """The values as stored on the Resource row (JSON-ready)."""
        data = self.model_dump(mode="json")
        data["texts"] = {lang: dict(t) for lang, t in data["texts"].items()}
        data["topics"] = sorted(set(data["topics"]), key=RESOURCE_TOPICS.index)
        data["languages"] = list(dict.fromkeys(data["languages"]))
        if data["crisis_line"] is not None:
            cats = set(data["crisis_line"]["categories"])
            data["crisis_line"]["categories"] = [c for c in CRISIS_LINE_CATEGORIES if c in cats]
        for key in ("phones", "links", "schedules"):
            data[key] = [{k: v for k, v in item.items() if v is not None} for item in data[key]]
        return data


def is_phone_number(value: str) -> bool:
    """Whether netreach takes `value` as a phone number (what the form accepts)."""
    value = " ".join(value.split())
    return len(value) <= 32 and bool(_PHONE_RE.match(value))


def is_web_link(value: str) -> bool:
    """Whether netreach takes `value` as a link (an http:// or https:// address)."""
    return len(value.strip()) <= 500 and bool(_URL_RE.match(value.strip()))


def is_email(value: str) -> bool:
    """Whether netreach takes `value` as an e-mail address (what the form accepts)."""
    return len(value) <= 200 and bool(_EMAIL_RE.match(value))


def check_resource_input(data: Any) -> ResourceInput:
    """Validate editor input or raise ActionError('invalid', detail=...)."""
    try:
        return ResourceInput.model_validate(data)
    except ValidationError as exc:
        raise ActionError("invalid", detail=validation_detail(exc)) from None
