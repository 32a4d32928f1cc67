package dev.smbhunt.jobs.storage;

/**
 * A table we read or write: a folder at a {@link Location}, or a name in Spark's catalog (Hive
 * metastore, Glue, Unity Catalog; one to three parts, {@code main.mde.DeviceNetworkEvents}).
 */
public sealed interface TableRef {

  static TableRef at(Location location) {
    return new At(location);
  }

  static TableRef named(String name) {
    return new Named(name);
  }

  /** How messages name it: the URI, or {@code table <name>}. */
  String display();

  /** A table in a folder. */
  record At(Location location) implements TableRef {
    @Override
    public String display() {
      return location.display();
    }
  }

  /** A table registered in the catalog. */
  record Named(String name) implements TableRef {
    public Named {
      if (name == null || name.isBlank()) {
        throw new IllegalArgumentException("a table name must not be empty");
      }
    }

    @Override
    public String display() {
      return "table " + name;
    }
  }
}
