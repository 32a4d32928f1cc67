package dev.smbhunt.jobs.cli;

import dev.smbhunt.transforms.schema.MdeTable;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A lake file Spark could not read (truncated, random bytes, a zero-byte file a crashed writer
 * left, a checksum mismatch) named in the user's words: the table, the file and what is wrong,
 * instead of Hadoop's innermost message after a hundred lines of task failures.
 */
final class DamagedFiles {
  // How Spark, Parquet and Hadoop say that a data file cannot be read, and the file they name.
  private static final Pattern DAMAGED =
      Pattern.compile(
          "CANNOT_READ_FILE_FOOTER|is not a Parquet file|Checksum error|Could not read footer|"
              + "can not read class org\\.apache\\.parquet|ParquetDecodingException");
  // A file the table refers to that storage no longer has: a VACUUM with a short retention, a
  // cleanup by hand.
  private static final Pattern MISSING =
      Pattern.compile("\\.parquet does not exist|FILE_NOT_EXIST");
  // Spark's words for a file whose column type differs from the one the read took from another
  // file.
  private static final Pattern CONVERT =
      Pattern.compile(
          "Parquet column cannot be converted in file (\\S+?\\.parquet)\\."
              + "\\s*Column: \\[([^\\]]+)\\], Expected: ([^,]+?), Found: ([^\\s.]+)");
  private static final Pattern FILE =
      Pattern.compile("((?:file|s3a|s3|abfss?|wasbs?|gs|hdfs|dbfs):/*[^\\s,'\"]+?\\.parquet)");

  private DamagedFiles() {}

  /**
   * The one line for a damaged data file anywhere in {@code error}'s chain, or null when there is
   * none.
   */
  static String describe(Throwable error) {
    Set<Throwable> seen = new HashSet<>();
    for (Throwable t = error; t != null && seen.add(t); t = t.getCause()) {
      String message = String.valueOf(t.getMessage());
      Matcher convert = CONVERT.matcher(message);
      if (convert.find()) {
        String path = local(convert.group(1));
        return table(path)
            + "file "
            + path
            + " stores column '"
            + convert.group(2)
            + "' as "
            + convert.group(4)
            + " where the table's other files have "
            + convert.group(3)
            + ": rewrite that file with the table's types";
      }
      if (MISSING.matcher(message).find()) {
        Matcher file = FILE.matcher(message);
        if (file.find()) {
          String path = local(file.group(1));
          return table(path)
              + "file "
              + path
              + " is listed by the table's Delta log but missing from storage "
              + "(deleted by a VACUUM or by hand?): restore it, or have the table's owner repair the table "
              + "(FSCK REPAIR TABLE)";
        }
      }
      if (!DAMAGED.matcher(message).find()) {
        continue;
      }
      Matcher file = FILE.matcher(message);
      if (file.find()) {
        String path = local(file.group(1));
        return table(path)
            + "file "
            + path
            + " is not a readable Parquet file (truncated or corrupt): restore it "
            + "or move it out of the table";
      }
    }
    return null;
  }

  private static String local(String uri) {
    return uri.replaceFirst("^file:/*", "/");
  }

  private static String table(String path) {
    for (String part : path.split("/")) {
      for (MdeTable t : MdeTable.values()) {
        if (t.tableName().equals(part)) {
          return t.tableName() + ": ";
        }
      }
    }
    return "";
  }
}
