"""Where an office's data lives: database, attachments, backups, logs and UI settings."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from platformdirs import user_data_dir


@dataclass(frozen=True)
class DataPaths:
    root: Path

    @classmethod
    def resolve(cls, data_dir: str | None, demo: bool = False) -> "DataPaths":
        """``--data-dir`` or the per-user local data folder; the demo office lives apart."""
        # roaming=False: on Windows the database belongs in the local, not the roaming, profile.
        base = Path(data_dir) if data_dir else Path(user_data_dir("wuye_desktop", appauthor=False, roaming=False))
        return cls(base / "demo" if demo else base)

    @property
    def database(self) -> Path:
        return self.root / "wuye.sqlite3"

    @property
    def attachments(self) -> Path:
        return self.root / "attachments"

    @property
    def backups(self) -> Path:
        return self.root / "backups"

    @property
    def logs(self) -> Path:
        return self.root / "logs"

    @property
    def ui_settings(self) -> Path:
        return self.root / "ui-settings.ini"

    def ensure(self) -> "DataPaths":
        for folder in (self.root, self.attachments, self.backups, self.logs):
            folder.mkdir(parents=True, exist_ok=True)
        return self
