package dev.smbhunt.jobs.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** What a location's text means: a URI as it is, a plain path on the local file system. */
class LocationTest {
  @Test
  void aUriKeepsItsSchemeAndAuthority() {
    for (String uri :
        new String[] {
          "s3a://bucket/mde",
          "abfss://logs@account.dfs.core.windows.net/mde",
          "gs://bucket/mde",
          "hdfs://127.0.0.1:8020/mde",
          "file:/data/mde"
        }) {
      Location l = Location.of(uri);
      assertEquals(uri, l.uri());
      assertEquals(uri + "/DeviceNetworkEvents", l.child("DeviceNetworkEvents").uri());
    }
    assertEquals("abfss", Location.of("abfss://logs@account.dfs.core.windows.net/mde").scheme());
    assertEquals(
        "s3a://bucket/DeviceNetworkEvents",
        Location.of("s3a://bucket").child("DeviceNetworkEvents").uri());
  }

  @Test
  void aPlainPathIsLocalAndAbsolute() {
    Location absolute = Location.of("/data/lake");
    assertEquals("file:/data/lake", absolute.uri());
    assertEquals("/data/lake", absolute.display());
    assertTrue(absolute.isLocal());
    Location relative = Location.of("lake");
    assertEquals("file:" + System.getProperty("user.dir") + "/lake", relative.uri());
  }

  @Test
  void relativePathsBelowAnAncestor() {
    Location table = Location.of("s3a://b/mde/DeviceProcessEvents");
    assertEquals(
        "date=2025-05-05/part-0.parquet",
        table.child("date=2025-05-05").child("part-0.parquet").relativeTo(table));
  }

  @Test
  void anEmptyLocationIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> Location.of(" "));
  }
}
