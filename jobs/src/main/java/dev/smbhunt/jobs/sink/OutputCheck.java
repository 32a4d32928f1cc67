package dev.smbhunt.jobs.sink;

import dev.smbhunt.jobs.config.Settings;
import dev.smbhunt.jobs.ledger.RunLedger;
import dev.smbhunt.jobs.storage.DeltaTables;
import dev.smbhunt.jobs.storage.Location;
import dev.smbhunt.jobs.storage.Storage;
import dev.smbhunt.jobs.storage.StorageException;
import dev.smbhunt.jobs.storage.TableRef;
import dev.smbhunt.transforms.schema.Schemas;
import dev.smbhunt.transforms.smb.AlertSchema;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks, before any data is read, that the run can write what it will write (the alerts table and
 * the run ledger), so a read-only, unreachable or occupied output fails in seconds, not after the
 * hunt.
 */
public final class OutputCheck {
  private static final Logger LOG = LoggerFactory.getLogger(OutputCheck.class);
  private static final int LISTED = 5;

  private OutputCheck() {}

  public static void require(SparkSession spark, Settings settings) {
    require(spark, settings, settings.alertsRef(), "alerts table");
    requireSchema(
        spark,
        settings.alertsRef(),
        "alerts table",
        "smb-hunt's alerts",
        AlertSchema.TABLE,
        Set.of());
    require(spark, settings, settings.ledgerRef(), "run ledger");
    // A ledger written before the Warnings column gains it on its next append (mergeSchema).
    requireSchema(
        spark,
        settings.ledgerRef(),
        "run ledger",
        "smb-hunt's run ledger",
        RunLedger.schema(),
        Set.of("Warnings"));
  }

  /**
   * An existing output table must have the declared columns: a MERGE or an append into another
   * table (an older layout, someone else's table) would fail after the hunt, or add columns to a
   * table others read.
   *
   * @param addedLater declared columns an older table may lack, which the next write adds
   */
  static void requireSchema(
      SparkSession spark,
      TableRef ref,
      String what,
      String whose,
      StructType expected,
      Set<String> addedLater) {
    if (!DeltaTables.exists(spark, ref)) {
      return;
    }
    String differences = differences(expected, DeltaTables.read(spark, ref).schema(), addedLater);
    if (!differences.isEmpty()) {
      throw new StorageException(
          what
              + " "
              + ref.display()
              + " is a Delta table with other columns than "
              + whose
              + " ("
              + differences
              + "): choose another location for it");
    }
  }

  /** The columns that differ, by name, as a user would fix them; empty when the schemas agree. */
  static String differences(StructType expected, StructType found, Set<String> addedLater) {
    Map<String, DataType> foundTypes = new LinkedHashMap<>();
    for (StructField f : Schemas.nullable(found).fields()) {
      foundTypes.put(f.name(), f.dataType());
    }
    List<String> missing = new ArrayList<>();
    List<String> retyped = new ArrayList<>();
    for (StructField f : Schemas.nullable(expected).fields()) {
      DataType type = foundTypes.remove(f.name());
      if (type == null) {
        if (!addedLater.contains(f.name())) {
          missing.add(f.name());
        }
      } else if (!type.equals(f.dataType())) {
        retyped.add(
            f.name() + " is " + type.simpleString() + ", expected " + f.dataType().simpleString());
      }
    }
    List<String> parts = new ArrayList<>();
    if (!missing.isEmpty()) {
      parts.add("missing " + listed(missing));
    }
    if (!foundTypes.isEmpty()) {
      parts.add("unexpected " + listed(new ArrayList<>(foundTypes.keySet())));
    }
    retyped.stream().limit(LISTED).forEach(parts::add);
    if (retyped.size() > LISTED) {
      parts.add((retyped.size() - LISTED) + " more of another type");
    }
    return String.join("; ", parts);
  }

  private static String listed(List<String> columns) {
    return String.join(", ", columns.subList(0, Math.min(LISTED, columns.size())))
        + (columns.size() > LISTED ? " and " + (columns.size() - LISTED) + " more" : "");
  }

  private static void require(SparkSession spark, Settings settings, TableRef ref, String what) {
    if (ref instanceof TableRef.Named named) {
      requireNamespace(spark, named.name(), what);
      return;
    }
    Location location = ((TableRef.At) ref).location();
    Storage storage = Storage.of(spark);
    if (storage.isDirectory(location)
        && !storage.isDeltaTable(location)
        && !storage.listNames(location).isEmpty()) {
      throw new StorageException(
          what
              + " "
              + location.display()
              + " is a folder that holds files but no Delta table "
              + "(no _delta_log/): choose an empty or new location");
    }
    storage.requireWritableFolder(location, what);
    warnOnSingleClusterLogStore(spark, location, what);
    if (settings.lake().database().isEmpty() && isBelow(location, settings.lake().rootLocation())) {
      LOG.warn(
          "the {} {} is inside the lake {}: the lake is usually read-only; set --output elsewhere",
          what,
          location.display(),
          settings.lake().rootLocation().display());
    }
  }

  /**
   * Delta's default S3 log store is safe for the writers of one driver only: say so where several
   * clusters might write the same table. DynamoDB's multi-cluster log store (or any other
   * configured one) is quiet.
   */
  static boolean warnOnSingleClusterLogStore(SparkSession spark, Location location, String what) {
    String scheme = location.scheme();
    if (!scheme.equals("s3a") && !scheme.equals("s3")) {
      return false;
    }
    boolean configured =
        spark.conf().contains("spark.delta.logStore." + scheme + ".impl")
            || spark.conf().contains("spark.delta.logStore.class");
    if (!configured) {
      LOG.warn(
          "the {} {} is on S3 with Delta's default log store, which is safe for one writing cluster at a "
              + "time; for concurrent writers from several clusters configure the DynamoDB log store "
              + "(docs/operations.md)",
          what,
          location.display());
    }
    return !configured;
  }

  // A name with a namespace must name an existing one: creating the table would fail only after the
  // hunt.
  private static void requireNamespace(SparkSession spark, String name, String what) {
    List<String> parts = List.of(name.split("\\."));
    if (parts.size() < 2) {
      return;
    }
    String namespace = String.join(".", parts.subList(0, parts.size() - 1));
    boolean exists;
    try {
      exists = spark.catalog().databaseExists(namespace);
    } catch (Exception e) { // an unknown catalog; Scala's AnalysisException is undeclared
      throw new StorageException(
          what
              + " "
              + name
              + ": cannot look up namespace '"
              + namespace
              + "': "
              + String.valueOf(e.getMessage()).lines().findFirst().orElse(""),
          e);
    }
    if (!exists) {
      throw new StorageException(
          what + " " + name + ": namespace '" + namespace + "' not found in the catalog");
    }
  }

  private static boolean isBelow(Location location, Location root) {
    String r = root.uri().endsWith("/") ? root.uri() : root.uri() + "/";
    return location.uri().startsWith(r) || location.uri().equals(root.uri());
  }
}
