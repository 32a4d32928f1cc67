package dev.smbhunt.jobs.lake.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.apache.parquet.bytes.HeapByteBufferAllocator;
import org.apache.parquet.column.values.rle.RunLengthBitPackingHybridEncoder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The skipping decoder against Parquet's own encoder: long runs (RLE) and noisy stretches
 * (bit-packed), read with random skips, give every value and every count Parquet wrote.
 */
class HybridRleTest {

  private static int[] values(Random random, int width, int n) {
    int[] v = new int[n];
    int max = width == 0 ? 0 : width == 32 ? Integer.MAX_VALUE : (1 << width) - 1;
    int i = 0;
    while (i < n) {
      // Alternate runs of one value (RLE) with stretches of mixed values (bit-packed).
      int length = 1 + random.nextInt(random.nextBoolean() ? 40 : 700);
      boolean same = random.nextBoolean();
      int value = max == 0 ? 0 : random.nextInt(max) + (width == 32 ? random.nextInt(2) : 0);
      for (int k = 0; k < length && i < n; k++, i++) {
        v[i] = same || max == 0 ? value : random.nextInt(max);
      }
    }
    return v;
  }

  private static byte[] encode(int[] values, int width) throws Exception {
    RunLengthBitPackingHybridEncoder encoder =
        new RunLengthBitPackingHybridEncoder(width, 64, 1 << 20, new HeapByteBufferAllocator());
    for (int v : values) {
      encoder.writeInt(v);
    }
    return encoder.toBytes().toByteArray();
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 2, 3, 7, 8, 12, 17, 31})
  void skipsAndReadsGiveWhatParquetWrote(int width) throws Exception {
    Random random = new Random(31L * width + 7);
    int n = 20_000;
    int[] expected = values(random, width, n);
    byte[] bytes = encode(expected, width);
    HybridRle decoder = new HybridRle(bytes, 0, bytes.length, width);
    int at = 0;
    while (at < n) {
      int skip = Math.min(n - at - 1, random.nextInt(random.nextBoolean() ? 5 : 3000));
      if (skip < 0) {
        break;
      }
      if (random.nextBoolean()) {
        int target = random.nextInt(Math.max(1, 1 << Math.min(width, 8)));
        int count = 0;
        for (int i = at; i < at + skip; i++) {
          count += expected[i] == target ? 1 : 0;
        }
        assertEquals(count, decoder.skipCounting(skip, target), "count before " + (at + skip));
      } else {
        decoder.skip(skip);
      }
      at += skip;
      assertEquals(expected[at], decoder.next(), "value " + at);
      at++;
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 3, 64, 65, 129, 1000})
  void oneBitLevelsAreCountedFromAnyBitOffset(int start) throws Exception {
    Random random = new Random(start);
    int n = 5_000;
    int[] levels = new int[n];
    for (int i = 0; i < n; i++) {
      levels[i] = random.nextInt(10) == 0 ? 0 : 1; // bit-packed: nulls every few rows
    }
    byte[] bytes = encode(levels, 1);
    HybridRle decoder = new HybridRle(bytes, 0, bytes.length, 1);
    decoder.skip(start);
    int ones = 0;
    for (int i = start; i < n - 1; i++) {
      ones += levels[i];
    }
    assertEquals(ones, decoder.skipCounting(n - 1 - start, 1));
    assertEquals(levels[n - 1], decoder.next());
  }
}
