"""netreach moderation: a plain library with no web imports.

Text normalisation, crisis detection, lexicons (data files), sanitising and PII redaction.
"""

from moderation.sanitize import render_html

__all__ = ["render_html"]
