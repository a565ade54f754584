"""The first-run wizard (issue 8): a new office's company, first project, departments, staff and
accounts, units, administrator, calendar check and backup folder — saved together at 完成.

Shown with ``open()`` by the composition root (app.py) when ``FirstRunService.needed()``; it
announces the outcome with ``setup_completed`` (the administrator is then logged in),
``demo_requested`` (open the demo office instead) or ``cancelled`` (nothing was written).
"""

from __future__ import annotations

import html
from dataclasses import replace
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QIcon, QPixmap
from PySide6.QtWidgets import QWidget, QWizard

from wuye_desktop import APP_NAME
from wuye_desktop.domain.errors import DomainError, ValidationError
from wuye_desktop.domain.firstrun import SetupPlan, parse_units
from wuye_desktop.locations import icon_path
from wuye_desktop.services.archives_excel import ClientImportPreview
from wuye_desktop.services.container import Services
from wuye_desktop.services.firstrun import FirstRunService, SetupResult, first_run_service
from wuye_desktop.ui.common import msgbox
from wuye_desktop.ui.common.jobs import Progress, run_job
from wuye_desktop.ui.firstrun.office_pages import CompanyPage, DepartmentsPage, StaffPage, WelcomePage
from wuye_desktop.ui.firstrun.place_pages import AdminPage, BackupPage, CalendarPage, SummaryPage, UnitsPage

PAGE_WELCOME, PAGE_COMPANY, PAGE_DEPARTMENTS, PAGE_STAFF, PAGE_UNITS, PAGE_ADMIN, PAGE_CALENDAR, PAGE_BACKUP, \
    PAGE_SUMMARY = range(9)
# Where a key of SetupPlan.validate's errors ("company.project_code") is shown.
STEP_PAGES = {"company": PAGE_COMPANY, "departments": PAGE_DEPARTMENTS, "staff": PAGE_STAFF,
              "units": PAGE_UNITS, "admin": PAGE_ADMIN}


class FirstRunWizard(QWizard):
    setup_completed = Signal(object)  # SetupResult
    demo_requested = Signal()
    cancelled = Signal()

    def __init__(self, services: Services, parent: QWidget | None = None,
                 service: FirstRunService | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.service = service or first_run_service(services)
        self.result_: SetupResult | None = None
        self._closing = False
        self.setWindowTitle(f"首次使用设置 — {APP_NAME}")
        self.setWindowIcon(QIcon(str(icon_path("app"))))
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self.setPixmap(QWizard.WizardPixmap.LogoPixmap, QPixmap(str(icon_path("app"))).scaled(
            48, 48, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation))
        for button, text in ((QWizard.WizardButton.BackButton, "< 上一步"),
                             (QWizard.WizardButton.NextButton, "下一步 >"),
                             (QWizard.WizardButton.FinishButton, "完成"),
                             (QWizard.WizardButton.CancelButton, "取消"),
                             (QWizard.WizardButton.CommitButton, "确定")):
            self.setButtonText(button, text)
        self.resize(760, 600)
        self.setMinimumSize(640, 520)

        folder = str(services.paths.root)
        self.welcome = WelcomePage(folder)
        self.company = CompanyPage()
        self.departments = DepartmentsPage()
        self.staff = StaffPage(self.departments)
        self.units = UnitsPage(self._preview_client_list)
        self.admin = AdminPage(self.staff.entries)
        self.calendar = CalendarPage(self.service.years())
        self.backup = BackupPage(folder)
        self.summary = SummaryPage(self.describe)
        for page_id, page in enumerate((self.welcome, self.company, self.departments, self.staff, self.units,
                                        self.admin, self.calendar, self.backup, self.summary)):
            self.setPage(page_id, page)
        self.welcome.demo_requested.connect(self._open_demo)

    # --- the plan --------------------------------------------------------------------------------------
    def plan(self) -> SetupPlan:
        company, project, code, households = self.company.values()
        return SetupPlan(
            company_name=company, project_name=project, project_code=code, households=households,
            departments=self.departments.names(), staff=self.staff.entries(),
            staff_password=self.staff.password.text(), staff_password_repeat=self.staff.repeat.text(),
            units_text=self.units.units_text(), admin_name=self.admin.name.text(),
            admin_password=self.admin.password.text(), admin_repeat=self.admin.repeat.text(),
            backup_folder=self.backup.folder.text())

    def describe(self) -> str:
        p = self.plan()
        e = html.escape
        accounts = [s for s in p.staff if s.role]
        typed, _problems = parse_units(p.units_text)
        units = f"{len(typed)} 套（手工填写）" if typed else "暂不登记"
        preview = self.units.preview
        rows = [
            ("公司名称", e(p.company_name.strip())),
            ("第一个管理处", f"{e(p.project_name.strip())}（代码 {e(p.project_code.strip().upper())}，"
                          f"服务 {p.households:,} 户）"),
            ("部门", e("、".join(n.strip() for n in p.departments if n.strip()))),
            ("员工", f"{len(p.staff)} 名" + (f"，其中 {len(accounts)} 名建登录账户（首次登录须改密码）"
                                            if accounts else "")),
            ("房屋", e(units) + (f"；另从客户名单导入 {len(preview.rows)} 行" if preview else "")),
            ("管理员", f"用户名「{e(p.admin_name.strip())}」"),
            ("另存备份到", e(p.backup_folder.strip()) or "（不另存，只在本机数据文件夹中自动备份）"),
        ]
        body = "".join(f"<tr><td style='padding:3px 12px 3px 0; color:#57606a'>{k}</td>"
                       f"<td style='padding:3px 0'>{v}</td></tr>" for k, v in rows)
        return f"<table>{body}</table><p>点「完成」保存以上设置并以管理员身份登录。</p>"

    # --- finishing ----------------------------------------------------------------------------------------
    def accept(self) -> None:
        """完成: write everything in one transaction; a problem sends the clerk back to its page."""
        try:
            self.result_ = self.service.apply(self.plan())
        except ValidationError as exc:
            self._show_step_errors(exc.errors)
            return
        except DomainError as exc:
            msgbox.warning(self, "设置未保存", exc.message)
            return
        self._after_setup(self.result_)

    def _show_step_errors(self, errors: dict[str, str]) -> None:
        first_page: int | None = None
        by_page: dict[int, dict[str, str]] = {}
        for key, message in errors.items():
            step, _, field = key.partition(".")
            page_id = STEP_PAGES.get(step)
            if page_id is None:
                continue
            by_page.setdefault(page_id, {})[field] = message
            first_page = page_id if first_page is None else min(first_page, page_id)
        if first_page is None:
            self.summary.error.setText("；".join(errors.values()))
            self.summary.error.show()
            return
        while self.currentId() > first_page:
            self.back()
        page = self.page(first_page)
        page.show_errors(by_page[first_page])  # type: ignore[attr-defined]

    def _after_setup(self, result: SetupResult) -> None:
        """The client list and the first backup run after the set-up is saved (each all-or-nothing)."""
        preview = self.units.preview
        folder = self.backup.folder.text().strip()
        if preview is None and not folder:
            self._done(result, [])
            return
        services = self.services
        user = self.admin.name.text().strip()

        def work(progress: Progress) -> list[str]:
            notes: list[str] = []
            if preview is not None:
                progress(0, 2, "正在导入客户名单…")
                try:
                    done = services.archive_excel.commit_import(replace(preview, project_id=result.project_id), user)
                    notes.append(f"已从客户名单导入 {done.units} 套房屋、{done.clients} 位客户。")
                except DomainError as exc:
                    notes.append(f"客户名单未导入：{exc.message}（可在「客户档案」中重新导入）")
            if folder:
                progress(1, 2, "正在备份到所选文件夹…")
                try:
                    services.backup.backup_to(Path(folder), reason="首次备份")
                    notes.append(f"已在「{folder}」备份一次。")
                except DomainError as exc:
                    notes.append(f"备份没有完成：{exc.message}")
            return notes

        run_job(self, "完成设置", work, lambda notes: self._done(result, notes),
                on_error=lambda exc, _trace: self._done(result, [f"后续步骤出错：{exc}"]))

    def _done(self, result: SetupResult, notes: list[str]) -> None:
        self.notes = notes
        self._closing = True
        super().accept()
        self.setup_completed.emit(result)

    # --- leaving without finishing ------------------------------------------------------------------------
    @Slot()
    def _open_demo(self) -> None:
        self._closing = True
        super().reject()
        self.demo_requested.emit()

    def reject(self) -> None:
        """取消 (or closing the window): ask once; nothing has been written either way."""
        if self._closing:
            super().reject()
            return
        msgbox.question(self, "退出设置", "首次设置尚未完成，退出后不会保存任何内容，"
                        "下次启动时会再次显示本向导。确定退出吗？",
                        on_yes=self._really_cancel, yes_text="退出", no_text="继续设置")

    def _really_cancel(self) -> None:
        self._closing = True
        super().reject()
        self.cancelled.emit()

    # --- the client list check (a job: reading a big workbook takes a while) -------------------------------
    def _preview_client_list(self, path: Path, on_done: Any, on_error: Any) -> None:
        projects = self.services.settings.projects()
        if not projects:
            on_error("没有可用的管理处，无法检查客户名单")
            return
        project_id = projects[0].id  # the default project becomes the first project at 完成

        def work(progress: Progress) -> ClientImportPreview:
            return self.services.archive_excel.preview_import(path, project_id, progress)

        def failed(exc: Exception, _trace: str) -> None:
            on_error(getattr(exc, "message", None) or f"无法读取该文件：{exc}")

        run_job(self, "检查客户名单", work, on_done, on_error=failed)
