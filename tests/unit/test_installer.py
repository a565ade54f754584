"""The Windows delivery files cannot drift (issue 8): every file the PyInstaller spec, the Inno Setup
script and the CI workflow name exists, and they agree on names, versions, folders and languages."""

from __future__ import annotations

import re
import struct
from pathlib import Path

import yaml

from wuye_desktop import __version__
from wuye_desktop.services.paths import DataPaths

ROOT = Path(__file__).resolve().parents[2]
INSTALLER = ROOT / "installer"
SPEC = INSTALLER / "wuye-desktop.spec"
ISS = INSTALLER / "wuye-desktop.iss"
ISL = INSTALLER / "ChineseSimplified.isl"
WORKFLOW = ROOT / ".github" / "workflows" / "windows.yml"
BUILD_LINUX = INSTALLER / "build_linux.sh"


def spec_text() -> str:
    return SPEC.read_text(encoding="utf-8")


def iss_text() -> str:
    raw = ISS.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "the .iss must be UTF-8 with a byte-order mark (Chinese text)"
    return raw.decode("utf-8-sig").replace("\r\n", "\n")  # Windows line ends in the file


def iss_setting(name: str) -> str:
    match = re.search(rf"^{name}=(.*)$", iss_text(), re.M)
    assert match, f"{name} missing from the .iss"
    return match.group(1).strip()


def iss_define(name: str) -> str:
    match = re.search(rf'#define {name} "([^"]*)"', iss_text())
    assert match, f"#define {name} missing"
    return match.group(1)


def test_every_path_the_spec_names_exists() -> None:
    text = spec_text()
    paths = re.findall(r'ROOT((?:\s*/\s*"[^"]+")+)', text)
    assert paths, "the spec names its files relative to ROOT"
    for chain in paths:
        parts = re.findall(r'"([^"]+)"', chain)
        assert (ROOT.joinpath(*parts)).exists(), f"spec names a missing path: {'/'.join(parts)}"
    for needed in ('"resources"', '"forms"', '"migrations"', '"launcher.py"', '"app.ico"'):
        assert needed in text


def test_the_bundle_has_the_font_and_its_licence_icons_forms_translations_and_migrations() -> None:
    resources = ROOT / "resources"
    assert (resources / "fonts" / "wqy-microhei.ttc").stat().st_size > 1_000_000
    licences = {p.name for p in (resources / "fonts").iterdir() if "LICENSE" in p.name.upper()}
    assert licences, "the font's licence must ship beside it"
    assert (resources / "translations" / "qtbase_zh_CN.qm").exists()
    assert (resources / "style.qss").exists() and (resources / "icons" / "app.svg").exists()
    assert len(list((ROOT / "forms").glob("qms-pm-*.toml"))) >= 18
    assert (ROOT / "wuye_desktop" / "storage" / "migrations" / "env.py").exists()
    # Qt's own Chinese strings are looked up through QLibraryInfo, never a hard-coded folder.
    assert "QLibraryInfo.LibraryPath.TranslationsPath" in spec_text()
    assert "qtbase_zh_CN.qm" in spec_text()


def test_two_programs_one_without_a_console() -> None:
    text = spec_text()
    window = re.search(r"window_exe = EXE\((.*?)\n\)", text, re.S)
    console = re.search(r"console_exe = EXE\((.*?)\n\)", text, re.S)
    assert window and console
    assert "console=False" in window.group(1) and "name=APP_NAME" in window.group(1)
    assert "console=True" in console.group(1)
    assert 'APP_NAME = "wuye-desktop"' in text
    assert re.search(r"COLLECT\(.*?name=APP_NAME", text, re.S), "one folder named like the program"
    launcher = (INSTALLER / "launcher.py").read_text(encoding="utf-8")
    assert "from wuye_desktop.app import main" in launcher


def test_the_icon_is_a_multi_size_windows_icon() -> None:
    data = (ROOT / "resources" / "icons" / "app.ico").read_bytes()
    reserved, kind, count = struct.unpack("<HHH", data[:6])
    assert (reserved, kind) == (0, 1) and count >= 5
    sizes = set()
    for i in range(count):
        width, height, _colors, _r, _planes, bits, length, offset = struct.unpack(
            "<BBBBHHII", data[6 + 16 * i: 22 + 16 * i])
        sizes.add(width or 256)
        assert bits == 32 and offset + length <= len(data)
    assert {16, 32, 48, 256} <= sizes


def test_the_installer_is_per_user_chinese_and_keeps_the_data() -> None:
    assert iss_setting("PrivilegesRequired") == "lowest"
    assert iss_setting("DefaultDirName").startswith("{autopf}\\")
    assert 'MessagesFile: "compiler:Default.isl,ChineseSimplified.isl"' in iss_text()
    assert iss_define("AppVersion") == __version__
    assert iss_define("AppExeName") == "wuye-desktop.exe"
    # The installer takes the folder PyInstaller makes.
    assert iss_define("DistDir") == "..\\dist\\wuye-desktop"
    # Shortcuts: Start menu (program, demo office, uninstall) and the desktop.
    icons = iss_text().split("[Icons]")[1].split("[Run]")[0]
    assert "{group}\\{#AppName}" in icons and "--demo" in icons and "{uninstallexe}" in icons
    assert "{autodesktop}" in icons and "Tasks: desktopicon" in icons
    # The uninstaller's tick box deletes the data folder only when ticked; silent uninstalls keep it.
    code = iss_text().split("[Code]")[1]
    assert "DeleteBox.Checked := False" in code and "UninstallSilent()" in code
    assert "DelTree(DataFolder()" in code
    assert iss_define("DataFolderName") == Path(DataPaths.resolve(None).root).name == "wuye_desktop"


def test_the_files_the_installer_script_names_exist() -> None:
    for relative in (iss_setting("SetupIconFile"), "ChineseSimplified.isl"):
        assert (INSTALLER / relative.replace("\\", "/")).resolve().exists(), relative


def test_the_chinese_messages_file() -> None:
    raw = ISL.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "Inno Setup reads a UTF-8 .isl only with its byte-order mark"
    text = raw.decode("utf-8-sig").replace("\r\n", "\n")
    assert text.startswith("; *** Inno Setup version 6")
    assert "license" in text.split("[LangOptions]")[0].lower(), "keep the licence header"
    assert re.search(r"^LanguageID=\$0804$", text, re.M)
    assert re.search(r"^LanguageName=简体中文$", text, re.M)
    messages = text.split("[Messages]")[1].split("[CustomMessages]")[0]
    keys = re.findall(r"^(\w+)=(.*)$", messages, re.M)
    names = [k for k, _ in keys]
    assert len(names) == len(set(names)), "a message is defined twice"
    for required in ("ButtonNext", "ButtonBack", "ButtonCancel", "ButtonFinish", "WelcomeLabel1", "WizardSelectDir",
                     "ConfirmUninstall", "UninstalledAll", "SetupAppRunningError", "FinishedLabel"):
        assert required in names
    # Every message a clerk can read is Chinese (empty notes and pure format strings excepted).
    english = [k for k, v in keys if v and re.search(r"[A-Za-z]{4,}", re.sub(r"(%\w|\[\w+(/\w+)?\]|DLL|OCX|INI|"
                                                                               r"UNC|RegSvr32|Windows|server|share|"
                                                                               r"APP)", "", v))]
    assert not english, english
    custom = text.split("[CustomMessages]")[1]
    for used in re.findall(r"\{cm:(\w+)", iss_text()):
        assert re.search(rf"^{used}=", custom, re.M), f"{{cm:{used}}} is not translated"


def test_the_workflow_builds_tests_and_keeps_the_installer() -> None:
    workflow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    triggers = workflow[True]  # YAML 1.1 reads the key `on` as True
    assert "push" in triggers and "workflow_dispatch" in triggers
    jobs = workflow["jobs"]
    assert {job["runs-on"] for job in jobs.values()} == {"windows-2022"}
    assert workflow["env"]["PYTHON_VERSION"] == "3.11"
    steps = {name: "\n".join(str(s.get("run", "")) + str(s.get("with", "")) for s in job["steps"])
             for name, job in jobs.items()}
    assert 'pip install -e ".[test]"' in steps["tests"] and "python -m pytest" in steps["tests"]
    assert jobs["tests"]["env"]["QT_QPA_PLATFORM"] == "offscreen"
    assert "WUYE_TEST_PG_URL" in steps["tests"]
    build = steps["installer"]
    assert "pyinstaller" in build and "installer\\wuye-desktop.spec" in build
    assert "choco install innosetup --version=$env:INNO_SETUP_VERSION" in build
    assert "installer\\wuye-desktop.iss" in build and "/DAppVersion=$env:APP_VERSION" in build
    # What the workflow checks and uploads is what the .iss writes.
    output_dir = iss_setting("OutputDir").replace("..\\", "")
    base = iss_setting("OutputBaseFilename").replace("{#AppVersion}", "$env:APP_VERSION")
    assert f"{output_dir}\\{base}.exe" in build
    upload = [s for s in jobs["installer"]["steps"] if str(s.get("uses", "")).startswith("actions/upload-artifact")]
    assert upload and upload[0]["with"]["path"] == output_dir.replace("\\", "/") + "/*.exe"
    assert upload[0]["with"]["if-no-files-found"] == "error"
    # The silent install goes where PrivilegesRequired=lowest puts it, and the data folder stays.
    assert "Programs\\wuye_desktop" in build and "the uninstaller removed the data folder" in build
    for path in ("installer/wuye-desktop.spec", "installer/wuye-desktop.iss"):
        assert (ROOT / path).exists()


def test_the_linux_smoke_build_uses_only_bundled_resources() -> None:
    script = BUILD_LINUX.read_text(encoding="utf-8")
    assert BUILD_LINUX.stat().st_mode & 0o111, "build_linux.sh must be executable"
    assert "installer/wuye-desktop.spec" in script
    assert "env -i" in script and "cd /tmp" in script  # away from the repository, no WUYE_RESOURCE_ROOT
    assert "print-form qms-pm-31301 --blank" in script
    assert "pdffonts" in script


def test_build_output_is_not_committed() -> None:
    ignored = (ROOT / ".gitignore").read_text(encoding="utf-8").split()
    assert "build/" in ignored and "dist/" in ignored


def test_the_readme_explains_both_builds() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "installer/build_linux.sh" in readme
    assert ".github/workflows/windows.yml" in readme
    assert "ChineseSimplified.isl" in readme
