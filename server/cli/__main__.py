"""`python -m server.cli …`, the same as `netreach …`."""

from server.cli import main

raise SystemExit(main())
