package dev.smbhunt.jobs.generate;

import java.io.Serializable;
import java.util.Locale;

/**
 * An executable file: its name, where it lives, its hashes and version info, and who signed it
 * ({@code signer} is null for an unsigned file).
 *
 * @param folderPath the full path of the file, as MDE reports {@code FolderPath}
 * @param originalName the version-info original name, which survives a rename
 */
record Image(
    String fileName,
    String folderPath,
    String sha1,
    String sha256,
    String md5,
    Long fileSize,
    String company,
    String product,
    String version,
    String description,
    String originalName,
    Signer signer)
    implements Serializable {

  /** A real-world binary: its hashes follow from its path and version, the same on every device. */
  static Image of(
      String directory,
      String fileName,
      String version,
      String company,
      String product,
      String description,
      Signer signer) {
    return withIdentity(
        "image|" + directory.toLowerCase(Locale.ROOT) + "|" + fileName + "|" + version,
        directory,
        fileName,
        version,
        company,
        product,
        description,
        signer);
  }

  /**
   * A binary that belongs to one planted case: its hashes come from {@code identity}, so no other
   * case and no background event shares them unless it passes the same identity.
   */
  static Image withIdentity(
      String identity,
      String directory,
      String fileName,
      String version,
      String company,
      String product,
      String description,
      Signer signer) {
    long size = 24_576L + Math.floorMod(Hashes.mix(identity.hashCode()), 4_000_000L);
    return new Image(
        fileName,
        directory + "\\" + fileName,
        Hashes.sha1(identity),
        Hashes.sha256(identity),
        Hashes.md5(identity),
        size,
        company,
        product,
        version,
        description,
        fileName,
        signer);
  }

  /** A kernel pseudo-process such as {@code System}: a name and nothing else. */
  static Image pseudo(String name) {
    return new Image(name, null, null, null, null, null, null, null, null, null, null, null);
  }

  boolean isSigned() {
    return signer != null;
  }

  /**
   * The same file under another name: the path follows, the version-info original name does not.
   */
  Image renamed(String name) {
    String path =
        folderPath == null
            ? null
            : folderPath.substring(0, folderPath.lastIndexOf('\\') + 1) + name;
    return new Image(
        name,
        path,
        sha1,
        sha256,
        md5,
        fileSize,
        company,
        product,
        version,
        description,
        originalName,
        signer);
  }

  /** The file as MDE reports it when it could not hash it. */
  Image unhashed() {
    return new Image(
        fileName,
        folderPath,
        null,
        null,
        null,
        fileSize,
        company,
        product,
        version,
        description,
        originalName,
        signer);
  }
}
