"""Composition root: arguments → data paths → database (migrated) → services → main window.

With a sub-command the same executable is the admin command line and needs no display.
"""

from __future__ import annotations

import logging
import sys
import traceback
from logging.handlers import RotatingFileHandler
from types import TracebackType
from typing import TYPE_CHECKING

from wuye_desktop import APP_NAME, __version__

if TYPE_CHECKING:
    from concurrent.futures import Future

    from wuye_desktop.services.backup import DatabaseCheck


def main(argv: list[str] | None = None) -> int:
    from wuye_desktop.cli import build_parser, run

    args = build_parser().parse_args(argv)
    if args.db is None:  # the server chosen on the 数据库服务器 page, remembered in the data folder
        from wuye_desktop.services.connection import configured_url
        from wuye_desktop.services.paths import DataPaths

        args.db = configured_url(DataPaths.resolve(args.data_dir, args.demo))
    if args.command:
        standalone = getattr(args, "standalone", None)
        if standalone is not None:  # backup/restore/check: never open (and migrate) the database first
            return int(standalone(args))
        return run(args)
    return run_gui(args)


def _setup_logging(log_dir: "Path") -> None:  # type: ignore[name-defined]  # noqa: F821
    handler = RotatingFileHandler(log_dir / "wuye.log", maxBytes=2_000_000, backupCount=5, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(logging.INFO)


def install_excepthook(parent_getter) -> None:  # type: ignore[no-untyped-def]
    """One hook for unexpected errors: logged to the data folder and shown in a dialog."""
    from wuye_desktop.ui.common import msgbox

    def hook(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        trace = "".join(traceback.format_exception(exc_type, exc, tb))
        logging.getLogger("wuye_desktop").error("未预料的错误\n%s", trace)
        message = getattr(exc, "message", None)
        if message:  # a rule broken somewhere no dialog caught it: still a plain message
            msgbox.warning(parent_getter(), "操作未完成", str(message))
            return
        msgbox.error(parent_getter(), "程序出错",
                     "发生了一个意外错误，操作未完成。已写入日志文件，请把日志发给维护人员。\n"
                     f"错误：{exc_type.__name__}: {exc}", detail=trace)

    sys.excepthook = hook


def create_qt_app(argv: list[str]):  # type: ignore[no-untyped-def]
    """QApplication with the bundled CJK font, Qt's Chinese strings and the stylesheet."""
    from PySide6.QtCore import QLocale, QTranslator
    from PySide6.QtGui import QFont, QFontDatabase, QIcon
    from PySide6.QtWidgets import QApplication

    from wuye_desktop.locations import FONT_FAMILY, FONT_PATH, STYLESHEET, TRANSLATIONS_DIR, icon_path

    existing = QApplication.instance()
    if existing is not None and getattr(existing, "_wuye_styled", False):
        return existing  # set up once: restyling a running application re-polishes every widget (seconds)
    app = existing or QApplication(argv)
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setOrganizationName("wuye_desktop")
    app.setWindowIcon(QIcon(str(icon_path("app"))))
    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    font_id = QFontDatabase.addApplicationFont(str(FONT_PATH))
    families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
    family = families[0] if families else FONT_FAMILY
    font = QFont(family)
    font.setPointSize(10)
    app.setFont(font)
    translator = QTranslator(app)
    if translator.load("qtbase_zh_CN", str(TRANSLATIONS_DIR)):
        app.installTranslator(translator)
    app._wuye_translator = translator  # keep it alive
    if STYLESHEET.exists():
        icons = icon_path("app").parent.as_posix()  # url() in a style sheet needs a whole path
        app.setStyleSheet(STYLESHEET.read_text(encoding="utf-8").replace("@icons@", icons))
    app._wuye_styled = True  # a Python attribute: QObject.setProperty(…, True) upset True's refcount at exit
    return app


def finished_check(done: Future[DatabaseCheck]) -> DatabaseCheck:
    """The result of a finished check; a check that raised counts as not passed."""
    from wuye_desktop.services.backup import DatabaseCheck

    error = done.exception()
    return done.result() if error is None else DatabaseCheck((f"检查没有完成：{error}",))


def run_gui(args) -> int:  # type: ignore[no-untyped-def]
    """Check the database (a damaged one is refused; the latest good backup is offered), open the
    services, log in (first start: create the administrator; --demo: logged in as 演示主任), then
    the main window; the daily backup and the network-share warning follow once it shows."""
    from concurrent.futures import Future, ThreadPoolExecutor

    from PySide6.QtCore import QSettings

    from wuye_desktop.services.backup import DatabaseCheck, check_database, mark_clean_shutdown, take_clean_mark
    from wuye_desktop.services.clock import system_clock
    from wuye_desktop.services.paths import DataPaths
    from wuye_desktop.ui.common import msgbox

    paths = DataPaths.resolve(args.data_dir, args.demo).ensure()
    _setup_logging(paths.logs)
    # SQLite's quick check at start (issue 7) reads the whole file — seconds at ten years of data
    # (issue 8, bench/bench_scale.py) — and lets other threads run meanwhile: the window's modules
    # load in the while. Nothing opens the database before its answer. The full integrity check
    # runs with every backup and `wuye-desktop check`.
    checking = ThreadPoolExecutor(max_workers=1, thread_name_prefix="start-check")
    # After a clean exit that left the file as it is, the check runs once the window shows instead
    # (services/backup.py CLEAN_MARK); after a crash, or on a file changed since, it runs first.
    check_later = take_clean_mark(paths, args.db)
    pending = checking.submit(lambda: DatabaseCheck(())) if check_later else \
        checking.submit(check_database, paths, args.db, system_clock, True)
    background_checks: list[Future[DatabaseCheck]] = []
    checked = False  # True once the check passed: open_services need not read the file through again
    app = create_qt_app(sys.argv[:1])
    app.setQuitOnLastWindowClosed(False)  # message boxes and the login come and go before the window
    window: list[object] = []
    install_excepthook(lambda: window[0] if window else None)
    opened: list[object] = []

    def fail(title: str, text: str) -> None:
        box = msgbox.error(None, title, text, detail=traceback.format_exc())
        box.finished.connect(app.quit)
        window[:] = [box]  # a box without a parent lives only while referenced

    def start() -> None:
        from wuye_desktop.services.container import open_services
        from wuye_desktop.ui.context import UiContext

        try:
            services = open_services(paths, args.db, checked=checked)
            if args.demo:
                from wuye_desktop.services.demo import ensure_demo_data

                ensure_demo_data(services)
        except Exception as exc:
            logging.getLogger("wuye_desktop").exception("无法打开数据库")
            fail("无法打开数据库", f"数据库无法打开，程序不能继续。\n{getattr(exc, 'message', None) or exc}")
            return
        opened.append(services)
        ctx = UiContext(services, QSettings(str(paths.ui_settings), QSettings.Format.IniFormat))
        login(ctx)

    def login(ctx) -> None:  # type: ignore[no-untyped-def]
        from wuye_desktop.services.auth import DEMO_HEAD
        from wuye_desktop.ui.auth.login_dialog import FirstAdminDialog, LoginDialog

        auth = ctx.services.auth
        company = ctx.services.settings.company_name()
        if args.demo:  # a newcomer sees the product at once (issue 7): no password in the demo office
            auth.sign_in_as(DEMO_HEAD)
            ctx.login_note = f"演示模式：已自动以「{DEMO_HEAD}」（主任）登录"
            show_main(ctx)
            return
        if first_run(ctx):  # issue 8: a new office is set up by the wizard (it makes the administrator)
            return
        dialog = FirstAdminDialog(auth, company) if not auth.has_users() else \
            LoginDialog(auth, str(ctx.settings.value("session/last_user", "") or ""), company)
        dialog.logged_in.connect(lambda user: logged_in(ctx, user))
        dialog.rejected.connect(app.quit)
        window[:] = [dialog]
        dialog.open()

    def first_run(ctx) -> bool:  # type: ignore[no-untyped-def]
        """The first-run wizard when the database has no office configured yet (never for --demo)."""
        from wuye_desktop.services.firstrun import first_run_service
        from wuye_desktop.ui.firstrun.wizard import FirstRunWizard

        if not first_run_service(ctx.services).needed():
            return False
        wizard = FirstRunWizard(ctx.services)
        wizard.setup_completed.connect(lambda _result: set_up(ctx, wizard.notes))
        wizard.demo_requested.connect(open_demo)
        wizard.cancelled.connect(app.quit)  # nothing was written; the wizard comes back next time
        window[:] = [wizard]
        wizard.open()
        return True

    def set_up(ctx, notes: list[str]) -> None:  # type: ignore[no-untyped-def]
        user = ctx.services.auth.current  # the wizard logged the administrator in
        ctx.settings.setValue("session/last_user", user.name)
        main_window = show_main(ctx)
        main_window.statusBar().showMessage("首次设置已完成，已以管理员身份登录", 10000)
        if notes:
            msgbox.information(main_window, "首次设置完成", "\n".join(notes))

    def open_demo() -> None:
        """「先看看演示管理处」 in the wizard: the real database stays as it was (unconfigured)."""
        nonlocal paths, checked
        from wuye_desktop.services.connection import configured_url

        for services in opened:
            services.close()  # type: ignore[attr-defined]
        opened.clear()
        args.demo = True
        paths = DataPaths.resolve(args.data_dir, True).ensure()
        checked = False  # another file, not checked at start: open_services checks it
        args.db = configured_url(paths)
        start()

    def logged_in(ctx, user) -> None:  # type: ignore[no-untyped-def]
        ctx.settings.setValue("session/last_user", user.name)
        main_window = show_main(ctx)
        if user.must_change_password:
            from wuye_desktop.ui.auth.password_dialog import ChangePasswordDialog

            ChangePasswordDialog(ctx.services.auth, main_window, forced=True).open()

    def show_main(ctx):  # type: ignore[no-untyped-def]
        from wuye_desktop.services.connection import network_share_warning
        from wuye_desktop.ui.main_window import MainWindow

        main_window = MainWindow(ctx, demo=args.demo)
        window[:] = [main_window]
        from wuye_desktop.ui.auth.switch_user import install_switch_user, log_in_again

        def switch_user() -> None:  # issue 7: another clerk logs in without restarting the program
            window[:] = [log_in_again(main_window, ctx, logged_in, app.quit)]

        if not args.demo:  # the demo office has no user with a password to switch to
            install_switch_user(main_window, ctx, switch_user)
        from wuye_desktop.ui import startup_probe

        probe = startup_probe.install(main_window)  # bench/bench_scale.py times the start (issue 8)
        main_window.show()
        from wuye_desktop.ui.archives.tab import report_broken_forms

        report_broken_forms(main_window, main_window.ctx.services.form_records)  # issue 3: broken forms/*.toml
        app.setQuitOnLastWindowClosed(True)
        if probe is None:  # a measuring run leaves the data folder as it was: no daily backup
            main_window.safety.start_daily_backup()
        if check_later:
            check_in_background(main_window)
        warning = network_share_warning(paths, args.db)
        if warning:
            msgbox.warning(main_window, "数据库在网络共享上", warning)
        return main_window

    def check_in_background(main_window) -> None:  # type: ignore[no-untyped-def]
        """The start check after a clean exit, while the clerk works; damage is said at once, and the
        next start (no clean mark any more) refuses the file and offers the latest good backup."""
        from PySide6.QtCore import QTimer

        running = checking.submit(check_database, paths, args.db, system_clock, True)
        background_checks.append(running)
        timer = QTimer(main_window)
        timer.setInterval(500)

        def poll() -> None:
            if not running.done():
                return
            timer.stop()
            result = finished_check(running)
            if not result.ok:
                msgbox.error(main_window, "数据库已损坏",
                             result.message() + "\n\n请立即保存手头的工作并退出程序；重新启动时程序会拒绝使用"
                             "这个文件，并提供用最近的备份恢复。")

        timer.timeout.connect(poll)
        timer.start()

    from wuye_desktop.services import container as _services_module  # noqa: F401 — loaded while the check runs

    if not pending.done():  # else the login dialog comes first and the window's modules load behind it
        from wuye_desktop.ui import main_window as _window_module  # noqa: F401
    check = pending.result()
    checked = True  # a restore reopens a file it checked itself
    if check.ok:
        start()
    elif check.latest_good is not None:
        latest = check.latest_good.path

        def restore_latest() -> None:
            from wuye_desktop.services.backup import standalone

            try:
                standalone(paths, args.db, system_clock).restore(latest)
            except Exception as exc:  # noqa: BLE001 — said plainly, then the program stops
                logging.getLogger("wuye_desktop").exception("恢复失败")
                fail("恢复失败", f"用备份恢复没有成功，数据库保持原样：{getattr(exc, 'message', None) or exc}")
                return
            window[:] = [msgbox.information(
                None, "已恢复", f"已用备份「{latest.name}」恢复数据库，并逐表核对。损坏的文件另存在备份文件夹中。",
                on_close=start)]

        window[:] = [msgbox.question(None, "数据库已损坏", check.message(), restore_latest, app.quit,
                                     yes_text="用最近的备份恢复", no_text="退出")]
    else:
        box = msgbox.error(None, "数据库已损坏", check.message())
        box.finished.connect(app.quit)
        window[:] = [box]
    code = app.exec()
    for services in opened:
        services.close()  # type: ignore[attr-defined]
    checking.shutdown(wait=True)  # a background check still reading the file finishes first
    if code == 0 and opened and all(finished_check(f).ok for f in background_checks):
        mark_clean_shutdown(paths, args.db)
    return int(code)


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
