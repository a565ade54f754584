"""Builds every service on one database: used by the GUI's composition root and the command line."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Engine

from wuye_desktop.domain.errors import DomainError
from wuye_desktop.services.analysis import AnalysisService
from wuye_desktop.services.archives import ArchiveService, repairs_lookup
from wuye_desktop.services.archives_excel import ArchiveExcelService
from wuye_desktop.services.archives_links import ComplaintLinkService
from wuye_desktop.services.audit import AuditService, log_exports_of
from wuye_desktop.services.auth import AuthService, require_for_whole
from wuye_desktop.services.backup import BackupService
from wuye_desktop.services.calendar import CalendarService
from wuye_desktop.services.changes import ChangeSource, can_listen, open_changes_listener
from wuye_desktop.services.clock import Clock, system_clock
from wuye_desktop.services.complaint_excel import ComplaintExcelService
from wuye_desktop.services.complaints import ComplaintService
from wuye_desktop.services.dashboard import DashboardService
from wuye_desktop.services.form_records import FormRecordService
from wuye_desktop.services.form_records_links import FormLinkService
from wuye_desktop.services.monthly_stats import MonthlyStatsService
from wuye_desktop.services.paths import DataPaths
from wuye_desktop.services.printing import PrintService
from wuye_desktop.services.repairs import RepairServices, build_repairs
from wuye_desktop.services.revisits import RevisitService
from wuye_desktop.services.settings import SettingsService
from wuye_desktop.storage.audit import AuditContext
from wuye_desktop.storage.backup import sqlite_problems
from wuye_desktop.storage.db import make_engine, migrate, sqlite_url
from wuye_desktop.storage.uow import UowFactory, uow_factory


@dataclass
class Services:
    paths: DataPaths
    engine: Engine
    uow: UowFactory
    clock: Clock
    settings: SettingsService
    calendar: CalendarService
    complaints: ComplaintService
    printing: PrintService = field(init=False)
    complaint_excel: ComplaintExcelService = field(init=False)
    monthly_stats: MonthlyStatsService = field(init=False)
    repairs: RepairServices = field(init=False)
    revisits: RevisitService = field(init=False)
    # Data safety (issue 7): who is logged in, the audit trail, backups.
    audit_context: AuditContext = field(init=False)
    auth: AuthService = field(init=False)
    audit: AuditService = field(init=False)
    backup: BackupService = field(init=False)
    form_records: FormRecordService = field(init=False)
    archives: ArchiveService = field(init=False)
    archive_links: ComplaintLinkService = field(init=False)
    form_links: FormLinkService = field(init=False)
    archive_excel: ArchiveExcelService = field(init=False)
    # Reports (issue 6): the weekly/monthly analysis report and the clerk's dashboard.
    analysis: AnalysisService = field(init=False)
    dashboard: DashboardService = field(init=False)

    @property
    def database_label(self) -> str:
        url = self.engine.url
        if url.get_backend_name() == "sqlite":
            return f"本机数据库：{url.database}"
        return f"数据库服务器：{url.host}:{url.port or 5432}/{url.database}"

    @property
    def listens_for_changes(self) -> bool:
        """True on a shared PostgreSQL server: other PCs' saves are heard at once (services/changes.py)."""
        return can_listen(self.engine)

    def changes_listener(self) -> ChangeSource | None:
        """A new listener for other PCs' saves (connects: call it off the GUI thread); None on SQLite."""
        return open_changes_listener(self.engine, self.audit_context.origin)

    def close(self) -> None:
        self.engine.dispose()


class DatabaseDamagedError(DomainError):
    """The SQLite file fails SQLite's quick check: the program refuses to use it."""


def refuse_damaged(engine: Engine) -> None:
    if engine.url.get_backend_name() != "sqlite" or not engine.url.database:
        return
    path = Path(engine.url.database)
    if path.exists() and path.stat().st_size > 0:
        problems = sqlite_problems(path, quick=True)
        if problems:
            engine.dispose()
            raise DatabaseDamagedError("数据库文件已损坏，程序不会使用它（" + "；".join(problems[:2]) +
                                       "）。请运行 wuye-desktop check 查看最近的完好备份，再用 restore 恢复。")


def open_services(paths: DataPaths, db_url: str | None = None, clock: Clock = system_clock,
                  checked: bool = False) -> Services:
    """Open (and migrate) the database, then wire the services. The SQLite file is copied first.

    ``checked``: the caller has just checked the file (the GUI start's check_database), so it is not
    read through a second time — at ten years of data each pass costs seconds (bench/bench_scale.py)."""
    paths.ensure()
    engine = make_engine(db_url or sqlite_url(paths.database))
    if not checked:
        refuse_damaged(engine)  # never migrate or write into a damaged file (issue 7)
    migrate(engine, paths.backups)
    # Every session writes the audit trail in its own transaction; the actor is the logged-in user.
    audit_context = AuditContext(clock=clock)
    uow = uow_factory(engine, audit_context)
    calendar = CalendarService(uow, clock)
    settings = SettingsService(uow)
    settings.ensure_defaults()
    complaints = ComplaintService(uow, clock, calendar, paths.attachments)
    services = Services(paths, engine, uow, clock, settings, calendar, complaints)
    services.printing = PrintService(complaints, settings, paths)
    services.complaint_excel = ComplaintExcelService(complaints, settings, clock)
    services.monthly_stats = MonthlyStatsService(uow, clock, settings, calendar)
    services.repairs = build_repairs(uow, clock, calendar, complaints, settings, paths.attachments)
    # Revisit tasks follow the complaint desk inside its own transactions (services/revisits.py).
    services.revisits = RevisitService(uow, clock, calendar, complaints, settings, services.repairs.orders)
    complaints.step_observers.append(services.revisits.on_complaint_step)
    # A customer's completed work order gets its revisit task in the same list (services/revisits_orders.py).
    services.repairs.orders.step_observers.append(services.revisits.on_order_step)
    services.audit_context = audit_context
    services.auth = AuthService(uow, clock, audit_context)
    services.audit = AuditService(uow, clock, services.auth.require)
    services.backup = BackupService(engine, paths, clock, uow, services.auth.require)
    # A step the logged-in user's role may not take is rolled back with a Chinese message.
    complaints.step_observers.insert(0, services.auth.guard_step)
    # Lists with whole phone numbers and names: each export is a line of the trail (the archives log
    # their own exports in their access log).
    log_exports_of(services.audit, services.complaint_excel, "export_list", "投诉清单（含姓名、电话）")
    log_exports_of(services.audit, services.repairs.paper, "export_work_orders", "维修工单清单（含姓名、电话）")
    log_exports_of(services.audit, services.revisits, "export_tasks", "回访任务清单（含姓名、电话）")
    services.complaint_excel.after_import.append(services.revisits.sync_from_complaints)
    # Client archives (issue 3): the 18 forms (a broken definition stops only the forms, reported at start),
    # units/clients/archives, complaints linked to units as they are received, links between forms, Excel.
    services.form_records = FormRecordService(uow, clock, settings, paths)
    services.archives = ArchiveService(uow, clock, services.form_records, paths.attachments / "archives",
                                       repairs_lookup(services.repairs.orders))
    services.archive_links = ComplaintLinkService(uow, clock)
    complaints.step_observers.append(services.archive_links.on_complaint_step)
    services.complaint_excel.after_import.append(services.archive_links.match_existing)
    services.form_links = FormLinkService(uow, clock, services.form_records)
    services.archive_excel = ArchiveExcelService(uow, clock, settings, services.archives)
    # Whole ID numbers and phones leave the program only for roles allowed to export them (issue 7).
    require_for_whole(services.auth, services.archive_excel, "export_clients")
    require_for_whole(services.auth, services.archive_excel, "export_archive")
    require_for_whole(services.auth, services.form_records, "export_ledger")
    services.analysis = AnalysisService(uow, clock, settings, calendar, services.repairs.month_figures)
    services.dashboard = DashboardService(uow, clock, settings, complaints, services.analysis, services.revisits,
                                          services.repairs, services.form_links.reminders)
    return services
