"""``python -m rescuedesk.cli``, as ``python -m rescuedesk``."""

from rescuedesk.cli import main

raise SystemExit(main())
