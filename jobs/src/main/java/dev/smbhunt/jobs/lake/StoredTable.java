package dev.smbhunt.jobs.lake;

import dev.smbhunt.jobs.config.Settings;
import dev.smbhunt.jobs.storage.Location;
import dev.smbhunt.jobs.storage.Storage;
import dev.smbhunt.jobs.storage.TableRef;
import dev.smbhunt.transforms.schema.MdeTable;
import io.delta.tables.DeltaTable;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.catalog.CatalogTable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where an input table's files are and how they are stored, for what reads metadata without Spark's
 * readers (the ledger's input snapshots, late-data detection): a folder as configured, or the
 * location the catalog records for a table read by name.
 */
public record StoredTable(Location location, TableFormat format) {
  private static final Logger LOG = LoggerFactory.getLogger(StoredTable.class);

  /**
   * Empty when the table is absent, or is a catalog table whose files the catalog does not expose.
   */
  public static Optional<StoredTable> of(SparkSession spark, Settings.Lake lake, MdeTable table) {
    TableRef ref = lake.ref(table);
    if (ref instanceof TableRef.At at) {
      Storage storage = Storage.of(spark);
      if (!storage.isDirectory(at.location())) {
        return Optional.empty();
      }
      return Optional.of(
          new StoredTable(
              at.location(),
              LakeReader.resolveFormat(storage, lake.tables().get(table).format(), at.location())));
    }
    return ofCatalog(spark, ((TableRef.Named) ref).name());
  }

  private static Optional<StoredTable> ofCatalog(SparkSession spark, String name) {
    if (!spark.catalog().tableExists(name)) {
      return Optional.empty();
    }
    try {
      // Delta opens a name only when it is a Delta table.
      String location =
          DeltaTable.forName(spark, name).detail().select("location").first().getString(0);
      return Optional.of(new StoredTable(Location.of(location), TableFormat.DELTA));
    } catch (Exception e) { // Scala's AnalysisException is undeclared
      LOG.debug("{} is not a Delta table: {}", name, e.getMessage());
    }
    try {
      CatalogTable t =
          spark
              .sessionState()
              .catalog()
              .getTableMetadata(spark.sessionState().sqlParser().parseTableIdentifier(name));
      return Optional.of(
          new StoredTable(Location.of(t.location().toString()), TableFormat.PARQUET));
    } catch (Exception e) { // a v2 catalog (three-part name) has no session-catalog metadata
      LOG.warn(
          "table {}: its files are not visible through the session catalog ({}); late rows in it are not "
              + "detected",
          name,
          e.getMessage());
      return Optional.empty();
    }
  }
}
