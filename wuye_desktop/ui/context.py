"""What every tab shares: the services, the current project and operator, and change signals."""

from __future__ import annotations

from PySide6.QtCore import QObject, QSettings, Signal

from wuye_desktop.services.container import Services


class UiContext(QObject):
    project_changed = Signal(object)   # int | None (None = the whole company)
    operator_changed = Signal(str)
    data_changed = Signal(str)         # which area changed ("complaints", "settings", …)

    def __init__(self, services: Services, settings: QSettings) -> None:
        super().__init__()
        self.services = services
        self.settings = settings
        projects = services.settings.projects()
        saved = settings.value("session/project_id")
        ids = [p.id for p in projects]
        self._project_id: int | None = int(saved) if saved not in (None, "", "all") and int(saved) in ids \
            else (ids[0] if ids else None)
        self._operator: str = str(settings.value("session/operator", "") or "")

    def now(self):  # type: ignore[no-untyped-def]
        return self.services.clock()

    @property
    def project_id(self) -> int | None:
        return self._project_id

    @property
    def working_project_id(self) -> int | None:
        """The project new records go to: the current one, else the first project."""
        if self._project_id is not None:
            return self._project_id
        projects = self.services.settings.projects()
        return projects[0].id if projects else None

    def set_project(self, project_id: int | None) -> None:
        if project_id != self._project_id:
            self._project_id = project_id
            self.settings.setValue("session/project_id", "all" if project_id is None else project_id)
            self.project_changed.emit(project_id)

    @property
    def operator(self) -> str:
        return self._operator or "前台"

    def set_operator(self, name: str) -> None:
        if name != self._operator:
            self._operator = name
            self.settings.setValue("session/operator", name)
            self.operator_changed.emit(name)
