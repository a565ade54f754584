"""Every ORM module, imported once so ``Base.metadata`` knows all tables (Alembic, tests).

Each area keeps its rows in its own module (models.py for the desk, models_<area>.py for others)
and adds one import line here.
"""

from __future__ import annotations

from wuye_desktop.storage import models  # noqa: F401
from wuye_desktop.storage import models_archives  # noqa: F401
from wuye_desktop.storage import models_auth  # noqa: F401
from wuye_desktop.storage import models_repairs  # noqa: F401
from wuye_desktop.storage import models_revisits  # noqa: F401
from wuye_desktop.storage.models import Base

__all__ = ["Base"]
