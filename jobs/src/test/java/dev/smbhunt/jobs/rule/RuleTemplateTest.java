package dev.smbhunt.jobs.rule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.smbhunt.jobs.config.Settings;
import dev.smbhunt.jobs.config.SettingsLoader;
import dev.smbhunt.transforms.smb.RuleMetadata;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every rule file under conf/rules/ is valid, and the HOCON defaults match the template they
 * emulate.
 */
class RuleTemplateTest {
  private static final Path RULES = Path.of("../conf/rules");

  static Stream<Path> ruleFiles() throws IOException {
    return Files.list(RULES).filter(p -> p.toString().endsWith(".yaml")).sorted();
  }

  @ParameterizedTest
  @MethodSource("ruleFiles")
  void everyRuleFileParsesWithCompleteMetadata(Path file) {
    RuleTemplate t = RuleTemplate.load(file.toString());
    RuleMetadata m = t.metadata();
    UUID.fromString(m.id());
    assertTrue(m.version().matches("\\d+\\.\\d+\\.\\d+"), m.version());
    assertFalse(m.tactics().isEmpty());
    assertFalse(m.techniques().isEmpty());
    assertFalse(m.entityMappings().isEmpty());
    assertFalse(t.lolbins().isEmpty());
    assertTrue(
        t.queryFrequency().compareTo(t.queryPeriod()) <= 0,
        "Sentinel requires frequency <= period");
  }

  @Test
  void theUpstreamTemplateReadsAsPublished() {
    RuleTemplate t = RuleTemplate.load("rules/SMBWindowsAdminShares.yaml"); // from the classpath
    RuleMetadata m = t.metadata();
    assertEquals("9da25366-2c77-41a5-a159-0da5e2f5fb90", m.id());
    assertEquals("SMB/Windows Admin Shares", m.name());
    assertEquals("1.0.0", m.version());
    assertEquals("Medium", m.severity());
    assertEquals(List.of("LateralMovement"), m.tactics());
    assertEquals(List.of("T1021.002"), m.techniques());
    assertEquals(Duration.ofHours(1), t.queryPeriod());
    assertEquals(
        List.of(
            new RuleMetadata.EntityMapping(
                "Host", List.of(new RuleMetadata.FieldMapping("FullName", "DeviceName"))),
            new RuleMetadata.EntityMapping(
                "Account",
                List.of(
                    new RuleMetadata.FieldMapping("Sid", "InitiatingProcessAccountSid"),
                    new RuleMetadata.FieldMapping("Name", "InitiatingProcessAccountName"),
                    new RuleMetadata.FieldMapping("NTDomain", "InitiatingProcessAccountDomain"))),
            new RuleMetadata.EntityMapping(
                "Process",
                List.of(
                    new RuleMetadata.FieldMapping("CommandLine", "InitiatingProcessCommandLine"))),
            new RuleMetadata.EntityMapping(
                "IP", List.of(new RuleMetadata.FieldMapping("Address", "RemoteIP")))),
        m.entityMappings());
    assertEquals(104, t.lolbins().size());
  }

  @Test
  void hoconLolbinsEqualTheTemplateQueryList() {
    Settings s = SettingsLoader.load(null, List.of());
    RuleTemplate t = RuleTemplate.load(s.rule().template());
    assertEquals(t.lolbins(), s.rule().lolbins());
  }

  @Test
  void hoconParametersAreTheTemplateQueryLiterals() {
    Settings.Rule r = SettingsLoader.load(null, List.of()).rule();
    String q = RuleTemplate.load(r.template()).query();
    assertTrue(q.contains("InitiatingProcessFileName in~ (\"" + r.servicesProcess() + "\")"));
    assertTrue(q.contains("InitiatingProcessFileName =~ \"" + r.servicesProcess() + "\""));
    assertTrue(q.contains("ActionType == \"" + r.inboundActionType() + "\""));
    assertTrue(
        q.contains(
            "between (" + r.minChildDelaySeconds() + " .. " + r.maxChildDelaySeconds() + ")"));
    assertTrue(q.contains("TimestampServicesExe) > " + r.bootGraceSeconds()));
    assertTrue(q.contains("count_ < " + r.prevalenceThreshold()));
    assertTrue(q.contains("ProcessCommandLine !~ \"" + r.excludedCommandLine() + "\""));
    assertEquals(RuleTemplate.load(r.template()).queryPeriod(), r.window());
  }

  @Test
  void theArmTemplateDescribesTheSameRule() throws IOException {
    RuleTemplate yaml = RuleTemplate.load(RULES.resolve("SMBWindowsAdminShares.yaml").toString());
    JsonNode arm =
        new ObjectMapper()
            .readTree(RULES.resolve("SMBWindowsAdminShares.arm.json").toFile())
            .path("resources")
            .get(0)
            .path("properties");
    assertEquals(yaml.metadata().id(), arm.path("alertRuleTemplateName").asText());
    assertEquals(yaml.metadata().version(), arm.path("templateVersion").asText());
    assertEquals(yaml.metadata().name(), arm.path("displayName").asText());
    assertEquals(yaml.metadata().severity(), arm.path("severity").asText());
    assertEquals(yaml.query().strip(), arm.path("query").asText().strip());
    assertEquals("PT1H", arm.path("queryPeriod").asText());
  }

  @Test
  void brokenTemplatesFailClearly() {
    IllegalArgumentException noLolbins =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                RuleTemplate.parse(
                    "id: x\nname: n\nversion: 1.0.0\nseverity: Low\nqueryPeriod: 1h\nqueryFrequency: 1h\nquery: print 1\n",
                    "t.yaml"));
    assertTrue(noLolbins.getMessage().contains("lolbins"));
    IllegalArgumentException noId =
        assertThrows(
            IllegalArgumentException.class, () -> RuleTemplate.parse("name: n\n", "t.yaml"));
    assertTrue(noId.getMessage().contains("'id'"));
    assertThrows(IllegalArgumentException.class, () -> RuleTemplate.load("rules/nope.yaml"));
  }
}
