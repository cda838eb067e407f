"""Allow ``python -m kvtui``."""

from kvtui.cli import main

raise SystemExit(main())
