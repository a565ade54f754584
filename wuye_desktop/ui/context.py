"""What every tab shares: the services, the current project, the logged-in user (the operator of
every step) with ``can(permission)``, and change signals."""

from __future__ import annotations

from PySide6.QtCore import QObject, QSettings, Signal

from wuye_desktop.domain.auth import Permission
from wuye_desktop.services.auth import UserView
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
        self.login_note = ""  # e.g. the demo office's automatic login, shown in the status bar

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
        """Who records what is done now: the logged-in user (issue 7); before login (scripts) the
        name chosen in the toolbar."""
        user = self.user
        if user is not None:
            return user.name
        return self._operator or "前台"

    def set_operator(self, name: str) -> None:
        if self.user is not None:
            return  # the logged-in user is the operator; the toolbar shows a label instead
        if name != self._operator:
            self._operator = name
            self.settings.setValue("session/operator", name)
            self.operator_changed.emit(name)

    # --- the logged-in user (issue 7) -------------------------------------------------------------
    @property
    def user(self) -> UserView | None:
        return self.services.auth.current

    def signed_in(self) -> None:
        """Another user logged in on this PC: screens that follow the operator refresh."""
        self.operator_changed.emit(self.operator)

    def can(self, permission: Permission) -> bool:
        """May the logged-in user do this? (With nobody logged in — scripts — everything is allowed.)"""
        return self.services.auth.can(permission)

    def show_phone(self, value: str) -> str:
        """A phone number as this user may see it in lists (whole or 138****8000)."""
        from wuye_desktop.domain.masking import mask_phone

        return value if self.can(Permission.SEE_WHOLE_PHONE) else mask_phone(value)

    def show_id(self, value: str) -> str:
        """An ID number as this user may see it (whole or 110***********1234)."""
        from wuye_desktop.domain.masking import mask_id

        return value if self.can(Permission.SEE_WHOLE_ID) else mask_id(value)
