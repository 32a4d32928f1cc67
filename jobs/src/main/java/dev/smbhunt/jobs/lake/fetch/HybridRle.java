package dev.smbhunt.jobs.lake.fetch;

import org.apache.parquet.io.ParquetDecodingException;

/**
 * Parquet's RLE/bit-packed hybrid encoding (definition levels, dictionary ids), read forward with
 * skips that cost one step per run rather than one per value: a bit-packed run's value is found
 * from its index, so skipping to the few rows a fetch wants never unpacks the others.
 */
final class HybridRle {
  private static final java.lang.invoke.VarHandle LONG =
      java.lang.invoke.MethodHandles.byteArrayViewVarHandle(
          long[].class, java.nio.ByteOrder.LITTLE_ENDIAN);
  private final byte[] buf;
  private final int end;
  private final int width;
  private final int mask;
  private int pos;
  private int runLeft;
  private boolean packed;
  private int rleValue;
  private int packedBase;
  private int packedIndex;

  /**
   * @param buf bytes holding the encoded values from {@code start} (no length prefix) to {@code
   *     end}
   * @param width the bit width of each value, 0 to 32
   */
  HybridRle(byte[] buf, int start, int end, int width) {
    if (width < 0 || width > 32) {
      throw new ParquetDecodingException("RLE bit width " + width + " is out of range");
    }
    this.buf = buf;
    this.pos = start;
    this.end = end;
    this.width = width;
    this.mask = width == 32 ? -1 : (1 << width) - 1;
  }

  /** Passes over {@code n} values. */
  void skip(int n) {
    while (n > 0) {
      if (runLeft == 0) {
        nextRun();
      }
      int k = Math.min(n, runLeft);
      runLeft -= k;
      if (packed) {
        packedIndex += k;
      }
      n -= k;
    }
  }

  /** The next value. */
  int next() {
    if (runLeft == 0) {
      nextRun();
    }
    runLeft--;
    return packed ? unpack(packedIndex++) : rleValue;
  }

  /** Passes over {@code n} values, returning how many of them equal {@code value}. */
  int skipCounting(int n, int value) {
    int count = 0;
    while (n > 0) {
      if (runLeft == 0) {
        nextRun();
      }
      int k = Math.min(n, runLeft);
      if (!packed) {
        if (rleValue == value) {
          count += k;
        }
      } else if (width == 1) {
        // One bit per value (the levels of a flat optional column): counted a word at a time.
        int ones = ones(packedBase, packedIndex, packedIndex + k);
        count += value == 1 ? ones : value == 0 ? k - ones : 0;
        packedIndex += k;
      } else {
        for (int i = 0; i < k; i++) {
          if (unpack(packedIndex + i) == value) {
            count++;
          }
        }
        packedIndex += k;
      }
      runLeft -= k;
      n -= k;
    }
    return count;
  }

  private void nextRun() {
    if (pos >= end) {
      throw new ParquetDecodingException("RLE data ends before its values do");
    }
    int header = readUleb();
    if ((header & 1) == 0) {
      runLeft = header >>> 1;
      packed = false;
      int value = 0;
      for (int i = 0, bytes = (width + 7) >>> 3; i < bytes; i++) {
        value |= (buf[pos++] & 0xFF) << (8 * i);
      }
      rleValue = value;
    } else {
      int groups = header >>> 1;
      runLeft = groups * 8;
      packed = true;
      packedBase = pos;
      packedIndex = 0;
      pos += groups * width;
    }
  }

  // The set bits among bits [from, to) of the bytes at base, least significant bit first.
  private int ones(int base, int from, int to) {
    int count = 0;
    int bit = from;
    while (bit < to && (bit & 7) != 0) {
      count += bitAt(base, bit++);
    }
    while (to - bit >= 64 && base + (bit >>> 3) + 8 <= end) {
      count += Long.bitCount((long) LONG.get(buf, base + (bit >>> 3)));
      bit += 64;
    }
    while (to - bit >= 8 && base + (bit >>> 3) < end) {
      count += Integer.bitCount(buf[base + (bit >>> 3)] & 0xFF);
      bit += 8;
    }
    while (bit < to) {
      count += bitAt(base, bit++);
    }
    return count;
  }

  private int bitAt(int base, int bit) {
    int at = base + (bit >>> 3);
    return at < end ? (buf[at] >>> (bit & 7)) & 1 : 0;
  }

  // Bit-packed values are little-endian, least significant bit first: value i starts at bit i * w.
  private int unpack(int index) {
    long bit = (long) index * width;
    int at = packedBase + (int) (bit >>> 3);
    int shift = (int) (bit & 7);
    int bytes = (shift + width + 7) >>> 3;
    long word = 0;
    for (int i = 0; i < bytes; i++) {
      // The last group may be cut short by the end of the page: its padding reads as zero.
      long b = at + i < end ? buf[at + i] & 0xFFL : 0L;
      word |= b << (8 * i);
    }
    return (int) (word >>> shift) & mask;
  }

  private int readUleb() {
    int value = 0;
    int shift = 0;
    while (true) {
      if (pos >= end) {
        throw new ParquetDecodingException("RLE run header runs past its data");
      }
      int b = buf[pos++] & 0xFF;
      value |= (b & 0x7F) << shift;
      if ((b & 0x80) == 0) {
        return value;
      }
      shift += 7;
    }
  }
}
