package dev.smbhunt.jobs.ingest;

import dev.smbhunt.jobs.config.Section;
import dev.smbhunt.jobs.config.Settings;
import dev.smbhunt.jobs.storage.Location;
import dev.smbhunt.jobs.storage.TableRef;
import dev.smbhunt.transforms.ingest.ExportFormat;
import dev.smbhunt.transforms.schema.MdeTable;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * {@code ingest}: what {@code bin/hunt ingest} reads when its options do not say, how much bad
 * input it tolerates, where its state lives, and the key each table is deduplicated on.
 *
 * @param tables the tables' names, as the records name them
 * @param manifestPath "" means with the lake ({@link #manifestRef})
 * @param dedupKeys per table; {@code ["*"]} means every documented column
 */
public record IngestSettings(
    ExportFormat format,
    List<String> tables,
    double maxBadFraction,
    String manifestPath,
    String quarantinePath,
    Map<MdeTable, List<String>> dedupKeys) {

  public static IngestSettings from(Settings settings) {
    Section i = settings.section("ingest");
    double maxBad = i.getDouble("max-bad-fraction");
    if (maxBad < 0 || maxBad > 1) {
      throw i.bad("max-bad-fraction", "must be within [0, 1], got " + maxBad);
    }
    Map<MdeTable, List<String>> dedupKeys = new EnumMap<>(MdeTable.class);
    dedupKeys.put(
        MdeTable.DEVICE_NETWORK_EVENTS,
        dedupKey(i, "dedup-key.network", MdeTable.DEVICE_NETWORK_EVENTS));
    dedupKeys.put(
        MdeTable.DEVICE_PROCESS_EVENTS,
        dedupKey(i, "dedup-key.process", MdeTable.DEVICE_PROCESS_EVENTS));
    dedupKeys.put(
        MdeTable.DEVICE_FILE_CERTIFICATE_INFO,
        dedupKey(i, "dedup-key.certificate", MdeTable.DEVICE_FILE_CERTIFICATE_INFO));
    return new IngestSettings(
        i.getEnum("format", ExportFormat.class),
        i.getStringList("tables"),
        maxBad,
        i.getString("manifest-path"),
        i.getString("quarantine-path"),
        Collections.unmodifiableMap(dedupKeys));
  }

  /**
   * The manifest: its configured path, else a table of the lake's database, else {@code
   * <root>/_ingest/manifest}.
   */
  public TableRef manifestRef(Settings.Lake lake) {
    return stateRef(lake, manifestPath, "manifest");
  }

  public TableRef quarantineRef(Settings.Lake lake) {
    return stateRef(lake, quarantinePath, "quarantine");
  }

  // Ingest writes the lake, so its own state lives with the lake.
  private static TableRef stateRef(Settings.Lake lake, String configured, String name) {
    if (!configured.isEmpty()) {
      return TableRef.at(Location.of(configured));
    }
    return lake.database().isEmpty()
        ? TableRef.at(lake.rootLocation().child("_ingest").child(name))
        : TableRef.named(lake.database() + ".smb_hunt_ingest_" + name);
  }

  private static List<String> dedupKey(Section ingest, String key, MdeTable table) {
    List<String> columns = ingest.getStringList(key);
    columns.stream()
        .filter(column -> !column.equals("*") && !table.columnNames().contains(column))
        .findFirst()
        .ifPresent(
            column -> {
              throw ingest.bad(
                  key, "'" + column + "' is not a documented column of " + table.tableName());
            });
    return columns;
  }
}
