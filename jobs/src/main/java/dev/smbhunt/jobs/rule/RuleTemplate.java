package dev.smbhunt.jobs.rule;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.smbhunt.transforms.smb.RuleMetadata;
import dev.smbhunt.transforms.smb.RuleMetadata.EntityMapping;
import dev.smbhunt.transforms.smb.RuleMetadata.FieldMapping;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The upstream Sentinel template (kept verbatim under {@code conf/rules/}) read as data: its
 * metadata, its schedule, its query text and the query's {@code lolbins} list.
 */
public record RuleTemplate(
    RuleMetadata metadata,
    Duration queryPeriod,
    Duration queryFrequency,
    String query,
    List<String> lolbins) {

  private static final Pattern LOLBINS =
      Pattern.compile("let\\s+lolbins\\s*=\\s*dynamic\\(\\[(.*?)\\]\\)\\s*;", Pattern.DOTALL);
  private static final Pattern QUOTED = Pattern.compile("\"([^\"]*)\"");
  private static final Pattern ISO_PERIOD = Pattern.compile("(\\d+)([mhd])");

  /**
   * Loads from a file path, or else from the classpath (where the jobs jar ships {@code
   * conf/rules/}).
   */
  public static RuleTemplate load(String location) {
    Path file = Path.of(location);
    try (InputStream in =
        Files.isRegularFile(file)
            ? Files.newInputStream(file)
            : RuleTemplate.class.getClassLoader().getResourceAsStream(location)) {
      if (in == null) {
        throw new IllegalArgumentException(
            "rule template '" + location + "' is neither a file nor a classpath resource");
      }
      return parse(
          new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8), location);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "cannot read rule template '" + location + "': " + e.getMessage(), e);
    }
  }

  public static RuleTemplate parse(String yaml, String origin) {
    JsonNode root;
    try {
      root = new ObjectMapper(new YAMLFactory()).readTree(yaml);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "rule template " + origin + " is not valid YAML: " + e.getMessage(), e);
    }
    RuleMetadata metadata =
        new RuleMetadata(
            text(root, "id", origin),
            text(root, "name", origin),
            text(root, "version", origin),
            text(root, "severity", origin),
            strings(root.path("tactics")),
            strings(root.path("relevantTechniques")),
            entityMappings(root.path("entityMappings")));
    String query = text(root, "query", origin);
    return new RuleTemplate(
        metadata,
        period(text(root, "queryPeriod", origin), origin),
        period(text(root, "queryFrequency", origin), origin),
        query,
        lolbins(query, origin));
  }

  /** The strings of the query's {@code let lolbins = dynamic([...]);}, in order. */
  static List<String> lolbins(String query, String origin) {
    Matcher m = LOLBINS.matcher(query);
    if (!m.find()) {
      throw new IllegalArgumentException(
          "rule template " + origin + ": query has no 'let lolbins = dynamic([...]);'");
    }
    List<String> names = new ArrayList<>();
    Matcher q = QUOTED.matcher(m.group(1));
    while (q.find()) {
      names.add(q.group(1));
    }
    return List.copyOf(names);
  }

  private static List<EntityMapping> entityMappings(JsonNode node) {
    List<EntityMapping> mappings = new ArrayList<>();
    for (JsonNode mapping : node) {
      List<FieldMapping> fields = new ArrayList<>();
      for (JsonNode field : mapping.path("fieldMappings")) {
        fields.add(
            new FieldMapping(field.path("identifier").asText(), field.path("columnName").asText()));
      }
      mappings.add(new EntityMapping(mapping.path("entityType").asText(), fields));
    }
    return mappings;
  }

  private static Duration period(String value, String origin) {
    Matcher m = ISO_PERIOD.matcher(value.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "rule template " + origin + ": unsupported period '" + value + "'");
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "m" -> Duration.ofMinutes(n);
      case "h" -> Duration.ofHours(n);
      default -> Duration.ofDays(n);
    };
  }

  private static String text(JsonNode root, String field, String origin) {
    JsonNode node = root.get(field);
    if (node == null || node.isNull() || node.asText().isBlank()) {
      throw new IllegalArgumentException("rule template " + origin + ": missing '" + field + "'");
    }
    return node.asText();
  }

  private static List<String> strings(JsonNode array) {
    List<String> values = new ArrayList<>();
    array.forEach(v -> values.add(v.asText()));
    return values;
  }
}
