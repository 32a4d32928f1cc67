package dev.smbhunt.transforms.testing;

import dev.smbhunt.transforms.smb.RuleMetadata;
import dev.smbhunt.transforms.smb.RuleMetadata.EntityMapping;
import dev.smbhunt.transforms.smb.RuleMetadata.FieldMapping;
import dev.smbhunt.transforms.smb.RuleParams;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The upstream template's literals as {@link RuleParams} and {@link RuleMetadata}. The LOLBIN list
 * is read from {@code conf/rules/SMBWindowsAdminShares.yaml} itself rather than copied, so a test
 * can never pass against a hand-typed list that differs from the rule.
 */
public final class TemplateRule {
  private static final Path TEMPLATE = Path.of("..", "conf", "rules", "SMBWindowsAdminShares.yaml");
  private static final Pattern LOLBINS = Pattern.compile("let lolbins = dynamic\\(\\[(.*?)\\]\\);");
  private static final Pattern QUOTED = Pattern.compile("\"([^\"]*)\"");
  private static List<String> lolbins;

  private TemplateRule() {}

  public static RuleParams params() {
    return new RuleParams(
        "services.exe",
        "InboundConnectionAccepted",
        3600,
        0,
        10,
        60,
        100,
        lolbins(),
        "msiexec.exe /V");
  }

  public static RuleMetadata metadata() {
    return new RuleMetadata(
        "9da25366-2c77-41a5-a159-0da5e2f5fb90",
        "SMB/Windows Admin Shares",
        "1.0.0",
        "Medium",
        List.of("LateralMovement"),
        List.of("T1021.002"),
        List.of(
            new EntityMapping("Host", List.of(new FieldMapping("FullName", "DeviceName"))),
            new EntityMapping(
                "Account",
                List.of(
                    new FieldMapping("Sid", "InitiatingProcessAccountSid"),
                    new FieldMapping("Name", "InitiatingProcessAccountName"),
                    new FieldMapping("NTDomain", "InitiatingProcessAccountDomain"))),
            new EntityMapping(
                "Process",
                List.of(new FieldMapping("CommandLine", "InitiatingProcessCommandLine"))),
            new EntityMapping("IP", List.of(new FieldMapping("Address", "RemoteIP")))));
  }

  public static synchronized List<String> lolbins() {
    if (lolbins == null) {
      String yaml;
      try {
        yaml = Files.readString(TEMPLATE, StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException(
            "the rule template must be readable from the module directory", e);
      }
      Matcher list = LOLBINS.matcher(yaml);
      if (!list.find()) {
        throw new IllegalStateException("no 'let lolbins = dynamic([...])' in " + TEMPLATE);
      }
      List<String> names = new ArrayList<>();
      for (Matcher name = QUOTED.matcher(list.group(1)); name.find(); ) {
        names.add(name.group(1));
      }
      lolbins = List.copyOf(names);
    }
    return lolbins;
  }
}
