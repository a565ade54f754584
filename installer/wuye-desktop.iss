; Inno Setup script of 物业客户服务桌面系统 (wuye_desktop): a per-user installer that needs no
; administrator rights. Build the program first (PyInstaller, installer/wuye-desktop.spec), then:
;
;   iscc /DAppVersion=0.1.0 installer\wuye-desktop.iss
;
; Output: dist\installer\wuye-desktop-setup-<version>.exe. Written for Inno Setup 6.4 or later
; (the CI workflow pins 6.7.1). Saved as UTF-8 with a byte-order mark so the Chinese text compiles.
;
; What it does:
;   * installs for the current user only (PrivilegesRequired=lowest, {autopf} is then
;     %LOCALAPPDATA%\Programs), so a clerk without administrator rights can install and update;
;   * speaks Chinese (ChineseSimplified.isl, read over the compiler's Default.isl);
;   * makes Start-menu shortcuts (the program, the demo office, uninstall) and, unless unticked,
;     a desktop shortcut;
;   * the uninstaller removes the program but KEEPS the data folder (%LOCALAPPDATA%\wuye_desktop:
;     database, attachments, backups, logs) unless the user ticks 「同时删除数据文件夹」.

#define AppName "物业客户服务桌面系统"
#define AppExeName "wuye-desktop.exe"
#define AppPublisher "wuye_desktop"
#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
#ifndef DistDir
  #define DistDir "..\dist\wuye-desktop"
#endif
; The folder platformdirs.user_data_dir("wuye_desktop", roaming=False) gives on Windows
; (wuye_desktop/services/paths.py); the uninstaller offers to delete it.
#define DataFolderName "wuye_desktop"

[Setup]
AppId={{9943179C-9A5A-492D-B3D8-DB990659B4C7}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher={#AppPublisher}
VersionInfoVersion={#AppVersion}
VersionInfoDescription={#AppName} 安装程序
DefaultDirName={autopf}\wuye_desktop
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
UsePreviousAppDir=yes
OutputDir=..\dist\installer
OutputBaseFilename=wuye-desktop-setup-{#AppVersion}
SetupIconFile=..\resources\icons\app.ico
UninstallDisplayIcon={app}\{#AppExeName}
UninstallDisplayName={#AppName}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
ShowLanguageDialog=no
CloseApplications=yes
; Qt 6 runs on 64-bit Windows 10 1809 or later.
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0.17763

[Languages]
Name: "chinesesimp"; MessagesFile: "compiler:Default.isl,ChineseSimplified.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"

[InstallDelete]
; An update replaces the whole program folder: no library of an older version is left behind.
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "{#DistDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\{#AppName}"; Filename: "{app}\{#AppExeName}"; WorkingDir: "{app}"
Name: "{group}\演示管理处（示例数据）"; Filename: "{app}\{#AppExeName}"; Parameters: "--demo"; WorkingDir: "{app}"
Name: "{group}\{cm:UninstallProgram,{#AppName}}"; Filename: "{uninstallexe}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExeName}"; WorkingDir: "{app}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExeName}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

[Code]
var
  DeleteDataFolder: Boolean;

function DataFolder(): String;
begin
  Result := ExpandConstant('{localappdata}\{#DataFolderName}');
end;

{ The uninstaller's own question: a tick box, unticked, so the office's data stays by default. }
function AskAboutDataFolder(): Boolean;
var
  Form: TSetupForm;
  Intro, PathText: TNewStaticText;
  DeleteBox: TNewCheckBox;
  OKButton, CancelButton: TNewButton;
begin
#if Ver >= EncodeVer(6, 6, 0)
  Form := CreateCustomForm(ScaleX(470), ScaleY(196), False, False);
#else
  Form := CreateCustomForm();
  Form.ClientWidth := ScaleX(470);
  Form.ClientHeight := ScaleY(196);
#endif
  try
    Form.Caption := '卸载 {#AppName}';
    Form.Position := poScreenCenter;

    Intro := TNewStaticText.Create(Form);
    Intro.Parent := Form;
    Intro.Left := ScaleX(16);
    Intro.Top := ScaleY(16);
    Intro.AutoSize := False;
    Intro.WordWrap := True;
    Intro.Width := Form.ClientWidth - ScaleX(32);
    Intro.Height := ScaleY(40);
    Intro.Caption := '将从本电脑卸载程序文件。数据文件夹（数据库、附件、备份、日志）默认保留，' +
      '重新安装后数据仍在。数据文件夹位于：';

    PathText := TNewStaticText.Create(Form);
    PathText.Parent := Form;
    PathText.Left := ScaleX(16);
    PathText.Top := Intro.Top + Intro.Height + ScaleY(4);
    PathText.Caption := DataFolder();

    DeleteBox := TNewCheckBox.Create(Form);
    DeleteBox.Parent := Form;
    DeleteBox.Left := ScaleX(16);
    DeleteBox.Top := PathText.Top + ScaleY(32);
    DeleteBox.Width := Form.ClientWidth - ScaleX(32);
    DeleteBox.Height := ScaleY(20);
    DeleteBox.Caption := '同时删除数据文件夹（删除后无法恢复，请先备份）';
    DeleteBox.Checked := False;

    CancelButton := TNewButton.Create(Form);
    CancelButton.Parent := Form;
    CancelButton.Caption := '取消';
    CancelButton.Width := ScaleX(84);
    CancelButton.Height := ScaleY(26);
    CancelButton.Left := Form.ClientWidth - ScaleX(16 + 84);
    CancelButton.Top := Form.ClientHeight - ScaleY(26 + 14);
    CancelButton.ModalResult := mrCancel;
    CancelButton.Cancel := True;

    OKButton := TNewButton.Create(Form);
    OKButton.Parent := Form;
    OKButton.Caption := '卸载';
    OKButton.Width := ScaleX(84);
    OKButton.Height := ScaleY(26);
    OKButton.Left := CancelButton.Left - ScaleX(8 + 84);
    OKButton.Top := CancelButton.Top;
    OKButton.ModalResult := mrOk;
    OKButton.Default := True;

    Form.ActiveControl := OKButton;
    Result := Form.ShowModal() = mrOk;
    DeleteDataFolder := Result and DeleteBox.Checked;
  finally
    Form.Free();
  end;
end;

function InitializeUninstall(): Boolean;
begin
  DeleteDataFolder := False;
  if UninstallSilent() then
    Result := True  { a silent uninstall (by IT staff) never deletes the data }
  else
    Result := AskAboutDataFolder();
end;

procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
begin
  if (CurUninstallStep = usPostUninstall) and DeleteDataFolder and DirExists(DataFolder()) then
  begin
    if not DelTree(DataFolder(), True, True, True) then
      MsgBox('数据文件夹未能全部删除（可能有文件正在使用），请手动删除：' + #13#10 + DataFolder(),
        mbInformation, MB_OK);
  end;
end;
