"""netreach moderation: a plain library with no web imports.

Text normalisation, crisis detection, lexicons (data files), sanitising and PII redaction.

    from moderation import assess, render_html, redact
"""

from moderation.detect import (
    CONTEXT_MESSAGES,
    SEVERITIES,
    Assessment,
    Match,
    assess,
    assess_conversation,
)
from moderation.langdetect import detect_language
from moderation.lexicon import CATEGORIES, default_lexicon
from moderation.normalize import normalize
from moderation.redact import redact
from moderation.sanitize import render_html

__all__ = [
    "CATEGORIES",
    "CONTEXT_MESSAGES",
    "SEVERITIES",
    "Assessment",
    "Match",
    "assess",
    "assess_conversation",
    "default_lexicon",
    "detect_language",
    "normalize",
    "redact",
    "render_html",
]
