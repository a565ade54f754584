"""Allow ``python -m wuye_desktop``."""

from wuye_desktop.app import main

raise SystemExit(main())
