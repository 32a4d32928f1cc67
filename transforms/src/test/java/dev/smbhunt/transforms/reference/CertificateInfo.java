package dev.smbhunt.transforms.reference;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** A DeviceFileCertificateInfo row: only its time (for the window) and the anti-join key. */
public record CertificateInfo(Instant timestamp, String sha1) {

  public static final List<String> COLUMNS = List.of("Timestamp", "SHA1");

  public static final List<String> STRING_COLUMNS = List.of("SHA1");

  public List<Object> values() {
    return Arrays.asList(timestamp, sha1);
  }

  public Map<String, Object> columns() {
    return Records.zip(COLUMNS, values());
  }
}
