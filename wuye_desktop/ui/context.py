"""What every tab shares: the services, the current project, the logged-in user (the operator of
every step) with ``can(permission)``, and change signals."""

from __future__ import annotations

from collections.abc import Callable

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

    # --- masking follows the role (issue 7): what entry fields and printed forms hide ---------------------
    def phone_mask(self) -> Callable[[str], str] | None:
        """The mask this user's screens put on phones; None when the role sees them whole."""
        from wuye_desktop.domain.masking import mask_phone

        return None if self.can(Permission.SEE_WHOLE_PHONE) else mask_phone

    def id_mask(self) -> Callable[[str], str] | None:
        """The mask this user's screens put on ID numbers; None when the role sees them whole."""
        from wuye_desktop.domain.masking import mask_id

        return None if self.can(Permission.SEE_WHOLE_ID) else mask_id

    def field_mask(self, field_type: str) -> Callable[[str], str] | None:
        """The mask for a registration-form field of this type (forms/README.md types), or None."""
        from wuye_desktop.formspecs.model import MASKED_ID_TYPES, MASKED_PHONE_TYPES

        if field_type in MASKED_ID_TYPES:
            return self.id_mask()
        if field_type in MASKED_PHONE_TYPES:
            return self.phone_mask()
        return None

    def print_options(self) -> dict[str, frozenset[str]]:
        """Keyword arguments of a registration-form print: ``hide=`` what this role may not see whole,
        nothing at all when it sees everything (the paper shows no more than the screen)."""
        hidden = self.hidden_personal_data()
        return {"hide": hidden} if hidden else {}

    def hidden_personal_data(self) -> frozenset[str]:
        """Which personal data this user may not see whole: a subset of {"id", "phone"}."""
        return frozenset(k for k, p in (("id", Permission.SEE_WHOLE_ID), ("phone", Permission.SEE_WHOLE_PHONE))
                         if not self.can(p))
