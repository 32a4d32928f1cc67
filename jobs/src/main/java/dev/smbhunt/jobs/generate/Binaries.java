package dev.smbhunt.jobs.generate;

import static dev.smbhunt.jobs.generate.Signer.ADOBE;
import static dev.smbhunt.jobs.generate.Signer.GOOGLE;
import static dev.smbhunt.jobs.generate.Signer.MICROSOFT_CORPORATION;
import static dev.smbhunt.jobs.generate.Signer.MICROSOFT_WINDOWS;

/** The background's executables: the same files, hence the same hashes, on every device. */
final class Binaries {
  static final String WINDOWS = "C:\\Windows";
  static final String SYSTEM32 = "C:\\Windows\\System32";
  private static final String OS_VERSION = "10.0.22621.4317";
  private static final String MS = "Microsoft Corporation";
  private static final String WINDOWS_OS = "Microsoft\u00ae Windows\u00ae Operating System";
  private static final String DEFENDER =
      "C:\\ProgramData\\Microsoft\\Windows Defender\\Platform\\4.18.25030.2-0";

  static final Image SYSTEM = Image.pseudo("System");
  static final Image NTOSKRNL = os(SYSTEM32, "ntoskrnl.exe", "NT Kernel & System");
  static final Image WININIT = os(SYSTEM32, "wininit.exe", "Windows Start-Up Application");
  static final Image SERVICES = os(SYSTEM32, "services.exe", "Services and Controller app");
  static final Image SVCHOST = os(SYSTEM32, "svchost.exe", "Host Process for Windows Services");
  static final Image SPPSVC =
      os(SYSTEM32, "sppsvc.exe", "Microsoft Software Protection Platform Service");
  static final Image TRUSTED_INSTALLER =
      os(WINDOWS + "\\servicing", "TrustedInstaller.exe", "Windows Modules Installer");
  static final Image VSSVC =
      os(SYSTEM32, "VSSVC.exe", "Microsoft\u00ae Volume Shadow Copy Service");
  static final Image MSIEXEC = os(SYSTEM32, "msiexec.exe", "Windows\u00ae installer");
  static final Image EXPLORER = os(WINDOWS, "explorer.exe", "Windows Explorer");
  static final Image CMD = os(SYSTEM32, "cmd.exe", "Windows Command Processor");
  static final Image CONHOST = os(SYSTEM32, "conhost.exe", "Console Window Host");
  static final Image WMIPRVSE = os(SYSTEM32 + "\\wbem", "WmiPrvSE.exe", "WMI Provider Host");
  static final Image TASKHOSTW = os(SYSTEM32, "taskhostw.exe", "Host Process for Windows Tasks");
  static final Image BACKGROUND_TASK_HOST =
      os(SYSTEM32, "backgroundTaskHost.exe", "Background Task Host");
  static final Image POWERSHELL =
      os(SYSTEM32 + "\\WindowsPowerShell\\v1.0", "powershell.exe", "Windows PowerShell");
  static final Image MSMPENG =
      Image.of(
          DEFENDER,
          "MsMpEng.exe",
          "4.18.25030.2",
          MS,
          WINDOWS_OS,
          "Antimalware Service Executable",
          MICROSOFT_CORPORATION);
  static final Image MPCMDRUN =
      Image.of(
          DEFENDER,
          "MpCmdRun.exe",
          "4.18.25030.2",
          MS,
          WINDOWS_OS,
          "Microsoft Malware Protection Command Line Utility",
          MICROSOFT_CORPORATION);
  static final Image CHROME =
      Image.of(
          "C:\\Program Files\\Google\\Chrome\\Application",
          "chrome.exe",
          "136.0.7103.93",
          "Google LLC",
          "Google Chrome",
          "Google Chrome",
          GOOGLE);
  static final Image MSEDGE =
      Image.of(
          "C:\\Program Files (x86)\\Microsoft\\Edge\\Application",
          "msedge.exe",
          "136.0.3240.50",
          MS,
          "Microsoft Edge",
          "Microsoft Edge",
          MICROSOFT_CORPORATION);
  static final Image TEAMS =
      Image.of(
          "C:\\Program Files\\WindowsApps\\MSTeams_25093.201.3572.4455_x64__8wekyb3d8bbwe",
          "ms-teams.exe",
          "25093.201.3572.4455",
          MS,
          "Microsoft Teams",
          "Microsoft Teams",
          MICROSOFT_CORPORATION);
  static final Image ONEDRIVE =
      Image.of(
          "C:\\Program Files\\Microsoft OneDrive",
          "OneDrive.exe",
          "25.070.0413.0001",
          MS,
          "Microsoft OneDrive",
          "Microsoft OneDrive",
          MICROSOFT_CORPORATION);
  static final Image OUTLOOK =
      Image.of(
          "C:\\Program Files\\Microsoft Office\\root\\Office16",
          "OUTLOOK.EXE",
          "16.0.18730.20122",
          MS,
          "Microsoft Outlook",
          "Microsoft Outlook",
          MICROSOFT_CORPORATION);
  static final Image WINWORD =
      Image.of(
          "C:\\Program Files\\Microsoft Office\\root\\Office16",
          "WINWORD.EXE",
          "16.0.18730.20122",
          MS,
          "Microsoft Office Word",
          "Microsoft Word",
          MICROSOFT_CORPORATION);
  static final Image GOOGLE_UPDATE =
      Image.of(
          "C:\\Program Files (x86)\\Google\\Update",
          "GoogleUpdate.exe",
          "1.3.36.372",
          "Google LLC",
          "Google Update",
          "Google Installer",
          GOOGLE);
  static final Image ADOBE_ARM =
      Image.of(
          "C:\\Program Files (x86)\\Common Files\\Adobe\\ARM\\1.0",
          "armsvc.exe",
          "1.824.460.1042",
          "Adobe Inc.",
          "Adobe Reader and Acrobat Manager",
          "Adobe Acrobat Update Service",
          ADOBE);

  /** An in-house tool nobody signed: its certificate rows say so. */
  static final Image LEGACY_INVENTORY =
      Image.of(
          "C:\\Program Files\\Contoso\\Inventory",
          "LegacyInventory.exe",
          "3.2.0.11",
          "Contoso Ltd",
          "Contoso Inventory",
          "Inventory collector",
          null);

  private Binaries() {}

  private static Image os(String directory, String fileName, String description) {
    return Image.of(
        directory, fileName, OS_VERSION, MS, WINDOWS_OS, description, MICROSOFT_WINDOWS);
  }
}
