package dev.smbhunt.jobs.storage;

import java.net.URI;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.catalog.CatalogDatabase;
import org.apache.spark.sql.catalyst.catalog.SessionCatalog;

/** Catalog namespaces (databases, schemas) that ingest writes its tables into. */
public final class Namespaces {
  private Namespaces() {}

  /**
   * Creates a one-part namespace of the session catalog (a Hive or in-memory database) when absent,
   * as {@code CREATE DATABASE IF NOT EXISTS} would, without building SQL from the name. A namespace
   * of another catalog ({@code main.mde}) belongs to its platform: it must exist.
   */
  public static void ensure(SparkSession spark, String namespace) {
    if (spark.catalog().databaseExists(namespace)) {
      return;
    }
    if (namespace.contains(".")) {
      throw new StorageException(
          "namespace '"
              + namespace
              + "' not found in the catalog: create it on its platform first");
    }
    SessionCatalog catalog = spark.sessionState().catalog();
    URI location = catalog.getDefaultDBPath(namespace);
    catalog.createDatabase(
        new CatalogDatabase(
            namespace,
            "created by smb-hunt ingest",
            location,
            scala.collection.immutable.Map$.MODULE$.empty()),
        true);
  }
}
