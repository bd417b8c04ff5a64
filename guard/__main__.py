"""``python -m orderguard``: the same as the ``orderguard`` command."""

from orderguard._cli import main

raise SystemExit(main())
