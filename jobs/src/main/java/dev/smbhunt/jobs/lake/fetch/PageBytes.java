package dev.smbhunt.jobs.lake.fetch;

import java.io.IOException;
import java.util.Arrays;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.hadoop.CodecFactory;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.ParquetDecodingException;
import org.xerial.snappy.Snappy;

/**
 * A page's bytes, uncompressed, for one fetch. A data page is decoded before the next one is read,
 * so Snappy pages (Spark's and DuckDB's default) are uncompressed into one reused buffer, and an
 * uncompressed page is read where it lies: a fetch decompresses every column chunk of its row
 * groups, and an array per page made most of its garbage. Other codecs go through Parquet's own
 * decompressors.
 */
final class PageBytes {
  /** {@code bytes[from, to)}. */
  record View(byte[] bytes, int from, int to) {}

  private final CodecFactory codecs;
  private byte[] scratch = new byte[0];

  PageBytes(CodecFactory codecs) {
    this.codecs = codecs;
  }

  /** A data page's bytes, valid until the next call. */
  View data(CompressionCodecName codec, byte[] chunk, int at, int length, int uncompressed)
      throws IOException {
    if (codec == CompressionCodecName.UNCOMPRESSED) {
      return new View(chunk, at, at + length);
    }
    if (codec == CompressionCodecName.SNAPPY) {
      if (scratch.length < uncompressed) {
        scratch = new byte[Math.max(uncompressed, scratch.length * 2)];
      }
      return new View(scratch, 0, snappy(chunk, at, length, scratch, uncompressed));
    }
    byte[] bytes = owned(codec, chunk, at, length, uncompressed);
    return new View(bytes, 0, bytes.length);
  }

  /** Bytes of their own: a dictionary's values point into its page. */
  byte[] owned(CompressionCodecName codec, byte[] chunk, int at, int length, int uncompressed)
      throws IOException {
    if (codec == CompressionCodecName.UNCOMPRESSED) {
      return Arrays.copyOfRange(chunk, at, at + length);
    }
    if (codec == CompressionCodecName.SNAPPY) {
      byte[] bytes = new byte[uncompressed];
      snappy(chunk, at, length, bytes, uncompressed);
      return bytes;
    }
    return codecs
        .getDecompressor(codec)
        .decompress(BytesInput.from(chunk, at, length), uncompressed)
        .toByteArray();
  }

  private static int snappy(byte[] chunk, int at, int length, byte[] into, int uncompressed)
      throws IOException {
    int n = Snappy.uncompress(chunk, at, length, into, 0);
    if (n != uncompressed) {
      throw new ParquetDecodingException(
          "a Snappy page gave " + n + " bytes where its header says " + uncompressed);
    }
    return n;
  }
}
