; Inno Setup 6 script: the Windows installer of 驿站 Station.
;
;   python packaging\build.py        builds dist\station-app\ and then runs, with the version
;                                    from station_app\__init__.py:
;   iscc /DAppVersion=0.1.0 /DSourceDir=dist\station-app /DOutputDir=dist packaging\windows\station.iss
;
; What it does for a volunteer: installs the program folder (no Python needed), a Start-menu
; shortcut and, if ticked, a desktop shortcut; a newer installer run over an older version
; closes the app and replaces the program; the uninstaller removes the program folder only.
; The station's data never lives in the program folder: it is in the user's
; %LOCALAPPDATA%\station-app (platformdirs, station_app\config\paths.py), and neither an
; upgrade nor an uninstall touches it.
;
; Chinese wizard: Inno Setup's ChineseSimplified.isl is an unofficial translation and is not
; installed with Inno Setup. Put it in Inno Setup's Languages folder (from the translations
; page of jrsoftware.org) and the installer offers Chinese; without it the wizard is English.
; This file is UTF-8 with a byte-order mark, which ISCC needs for the Chinese text.

#ifndef AppVersion
  #error Pass the version: iscc /DAppVersion=x.y.z (packaging\build.py does)
#endif
#ifndef SourceDir
  #define SourceDir "..\..\dist\station-app"
#endif
#ifndef OutputDir
  #define OutputDir "..\..\dist"
#endif
#define AppName "驿站 Station"
#define AppExeName "station-app.exe"
#define AppCliName "station-app-cli.exe"
#define DataFolder "{localappdata}\station-app"
#define HaveChinese FileExists(AddBackslash(CompilerPath) + "Languages\ChineseSimplified.isl")

[Setup]
; Never change AppId: a newer installer finds the installed version by it and upgrades it.
AppId={{BE36361F-5733-450B-8531-6A39316565B8}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=驿站 Station contributors
VersionInfoVersion={#AppVersion}
DefaultDirName={autopf}\station-app
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
; Installs without an administrator (into the user's programs folder); someone with admin
; rights may choose "for all users" (Program Files). The data is per user either way.
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir={#OutputDir}
OutputBaseFilename=station-app-{#AppVersion}-setup
SetupIconFile=..\icons\station-app.ico
UninstallDisplayIcon={app}\{#AppExeName}
UninstallDisplayName={#AppName}
WizardStyle=modern
Compression=lzma2/max
SolidCompression=yes
; Upgrade over a running app: close it (Restart Manager), replace, do not restart it.
CloseApplications=yes
RestartApplications=no

[Languages]
Name: "en"; MessagesFile: "compiler:Default.isl"
#if HaveChinese
Name: "zh_CN"; MessagesFile: "compiler:Languages\ChineseSimplified.isl"
#endif

[CustomMessages]
en.DataKept=The station's data (database, settings, backups) was kept in %1. Delete that folder yourself only if this PC will never be a station again.
en.AppComment=Check-in, services, stock and reports for a rest station
#if HaveChinese
zh_CN.DataKept=驿站的数据（数据库、设置、备份）保留在 %1。只有这台电脑以后不再用作驿站时，才需要自己删除该文件夹。
zh_CN.AppComment=驿站的签到、服务、库存和报表
#endif

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[InstallDelete]
; An upgrade replaces the program's libraries as a whole, so none of the old version's
; files linger beside the new ones. Only the program folder: the data is elsewhere.
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "{#SourceDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExeName}"; Comment: "{cm:AppComment}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExeName}"; Comment: "{cm:AppComment}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExeName}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

; No [UninstallDelete]: the uninstaller removes what it installed (the program folder and
; the shortcuts) and nothing else. The data folder is never listed here, on purpose.

[Code]
procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
begin
  if (CurUninstallStep = usPostUninstall) and (not UninstallSilent) then
    MsgBox(FmtMessage(CustomMessage('DataKept'), [ExpandConstant('{#DataFolder}')]),
      mbInformation, MB_OK);
end;
