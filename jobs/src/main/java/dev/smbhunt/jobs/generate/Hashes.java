package dev.smbhunt.jobs.generate;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.SplittableRandom;

/**
 * Deterministic identities and random streams. Every hash and every random stream is a pure
 * function of its inputs, so a lake is reproducible from its options alone.
 */
final class Hashes {
  private Hashes() {}

  static String sha1(String text) {
    return digest("SHA-1", text);
  }

  static String sha256(String text) {
    return digest("SHA-256", text);
  }

  static String md5(String text) {
    return digest("MD5", text);
  }

  /**
   * An independent random stream for one purpose of one device. Separate streams keep one part of
   * the generator from shifting every other part's draws when it changes.
   */
  static SplittableRandom stream(long seed, long device, String purpose) {
    long h = mix(seed);
    h = mix(h ^ mix(device + 0x632BE59BD9B4E019L));
    h = mix(h ^ purpose.hashCode());
    return new SplittableRandom(h);
  }

  /** SplitMix64's finaliser: a bijective, well-spread mix of a 64-bit value. */
  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  private static String digest(String algorithm, String text) {
    try {
      MessageDigest md = MessageDigest.getInstance(algorithm);
      return HexFormat.of().formatHex(md.digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(algorithm + " is required by every JVM", e);
    }
  }
}
