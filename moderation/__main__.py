"""`python -m moderation` runs the crisis-scan command (see moderation/cli.py)."""

from moderation.cli import main

main()
