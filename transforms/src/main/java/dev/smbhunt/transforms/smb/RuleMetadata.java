package dev.smbhunt.transforms.smb;

import java.util.List;
import java.util.Objects;

/**
 * What the Sentinel template says about the rule, beyond its query: identity, severity, MITRE
 * mapping and entity mappings. Parsed from {@code conf/rules/} by the jobs module; plain data here.
 */
public record RuleMetadata(
    String id,
    String name,
    String version,
    String severity,
    List<String> tactics,
    List<String> techniques,
    List<EntityMapping> entityMappings) {

  public RuleMetadata {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(severity, "severity");
    tactics = List.copyOf(tactics);
    techniques = List.copyOf(techniques);
    entityMappings = List.copyOf(entityMappings);
  }

  /**
   * One {@code entityMappings} entry: an entity type and its identifier-to-column field mappings.
   */
  public record EntityMapping(String entityType, List<FieldMapping> fieldMappings) {
    public EntityMapping {
      fieldMappings = List.copyOf(fieldMappings);
    }
  }

  /** {@code identifier <- columnName}. */
  public record FieldMapping(String identifier, String columnName) {}
}
