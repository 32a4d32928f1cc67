package dev.smbhunt.jobs.lake.fetch;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.function.Function;
import org.apache.parquet.bytes.ByteBufferInputStream;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.Dictionary;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.ValuesType;
import org.apache.parquet.column.page.DictionaryPage;
import org.apache.parquet.column.values.ValuesReader;
import org.apache.parquet.format.DataPageHeader;
import org.apache.parquet.format.DataPageHeaderV2;
import org.apache.parquet.format.PageHeader;
import org.apache.parquet.format.Util;
import org.apache.parquet.format.converter.ParquetMetadataConverter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.ParquetDecodingException;
import org.apache.parquet.io.api.Binary;

/**
 * The values of chosen rows of one flat column chunk. Pages holding none of the rows are passed by
 * their header alone, neither decompressed nor decoded; in the others, levels and dictionary ids
 * are skipped a run at a time ({@link HybridRle}), fixed-width values by offset.
 */
final class ChunkRows {
  private static final ParquetMetadataConverter METADATA = new ParquetMetadataConverter();

  private ChunkRows() {}

  /**
   * Fills {@code out[i][field]} with the converted value of row {@code rows[i]} (ascending, counted
   * from the chunk's first row), or null.
   *
   * @param chunk the bytes holding the chunk from {@code offset}, {@code length} long
   */
  static void read(
      ColumnDescriptor column,
      byte[] chunk,
      int offset,
      int length,
      CompressionCodecName codec,
      PageBytes pages,
      long[] rows,
      Function<Object, Object> convert,
      Object[][] out,
      int field)
      throws IOException {
    int pos = offset;
    int end = offset + length;
    Dictionary dictionary = null;
    long pageFirstRow = 0;
    int next = 0;
    while (next < rows.length) {
      if (pos >= end) {
        throw new ParquetDecodingException(
            "column " + column + " ends before row " + rows[next] + " of its row group");
      }
      ByteArrayInputStream in = new ByteArrayInputStream(chunk, pos, end - pos);
      PageHeader header = Util.readPageHeader(in);
      int dataStart = end - in.available();
      int compressed = header.getCompressed_page_size();
      pos = dataStart + compressed;
      switch (header.getType()) {
        case DICTIONARY_PAGE -> {
          byte[] bytes =
              pages.owned(codec, chunk, dataStart, compressed, header.getUncompressed_page_size());
          Encoding encoding =
              METADATA.getEncoding(header.getDictionary_page_header().getEncoding());
          dictionary =
              encoding.initDictionary(
                  column,
                  new DictionaryPage(
                      BytesInput.from(bytes),
                      header.getDictionary_page_header().getNum_values(),
                      encoding));
        }
        case DATA_PAGE -> {
          DataPageHeader page = header.getData_page_header();
          int values = page.getNum_values();
          if (rows[next] < pageFirstRow + values) {
            PageBytes.View view =
                pages.data(codec, chunk, dataStart, compressed, header.getUncompressed_page_size());
            byte[] bytes = view.bytes();
            int at = view.from();
            HybridRle levels = null;
            if (column.getMaxDefinitionLevel() > 0) {
              if (METADATA.getEncoding(page.getDefinition_level_encoding()) != Encoding.RLE) {
                throw new ParquetDecodingException(
                    "column "
                        + column
                        + ": definition levels encoded as "
                        + page.getDefinition_level_encoding()
                        + " are not supported");
              }
              int levelBytes =
                  ByteBuffer.wrap(bytes, at, 4).order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt();
              levels = new HybridRle(bytes, at + 4, at + 4 + levelBytes, levelWidth(column));
              at += 4 + levelBytes;
            }
            Encoding encoding = METADATA.getEncoding(page.getEncoding());
            next =
                readPage(
                    column,
                    levels,
                    values(column, encoding, dictionary, bytes, at, view.to(), values),
                    pageFirstRow,
                    values,
                    rows,
                    next,
                    convert,
                    out,
                    field);
          }
          pageFirstRow += values;
        }
        case DATA_PAGE_V2 -> {
          DataPageHeaderV2 page = header.getData_page_header_v2();
          int values = page.getNum_rows();
          if (rows[next] < pageFirstRow + values) {
            // Levels come first and are never compressed; the values after them may be.
            int repBytes = page.getRepetition_levels_byte_length();
            int defBytes = page.getDefinition_levels_byte_length();
            int levelsAt = dataStart + repBytes;
            HybridRle levels =
                column.getMaxDefinitionLevel() > 0
                    ? new HybridRle(chunk, levelsAt, levelsAt + defBytes, levelWidth(column))
                    : null;
            int valuesAt = levelsAt + defBytes;
            int valuesLength = compressed - repBytes - defBytes;
            PageBytes.View view =
                pages.data(
                    page.isIs_compressed() ? codec : CompressionCodecName.UNCOMPRESSED,
                    chunk,
                    valuesAt,
                    valuesLength,
                    header.getUncompressed_page_size() - repBytes - defBytes);
            Encoding encoding = METADATA.getEncoding(page.getEncoding());
            next =
                readPage(
                    column,
                    levels,
                    values(
                        column, encoding, dictionary, view.bytes(), view.from(), view.to(), values),
                    pageFirstRow,
                    values,
                    rows,
                    next,
                    convert,
                    out,
                    field);
          }
          pageFirstRow += values;
        }
        default -> {} // an index page holds no rows
      }
    }
  }

  private static int readPage(
      ColumnDescriptor column,
      HybridRle levels,
      Values values,
      long pageFirstRow,
      int pageRows,
      long[] rows,
      int next,
      Function<Object, Object> convert,
      Object[][] out,
      int field) {
    int maxDefinition = column.getMaxDefinitionLevel();
    int levelAt = 0; // rows whose levels were read
    int nonNull = 0; // values among them
    while (next < rows.length && rows[next] < pageFirstRow + pageRows) {
      int row = (int) (rows[next] - pageFirstRow);
      boolean present;
      if (levels == null) {
        nonNull = row;
        present = true;
      } else {
        nonNull += levels.skipCounting(row - levelAt, maxDefinition);
        present = levels.next() == maxDefinition;
      }
      levelAt = row + 1;
      out[next][field] = present ? convert.apply(values.get(nonNull)) : null;
      if (present) {
        nonNull++;
      }
      next++;
    }
    return next;
  }

  private static int levelWidth(ColumnDescriptor column) {
    return 32 - Integer.numberOfLeadingZeros(column.getMaxDefinitionLevel());
  }

  /** A page's stored values, read by ascending index among the non-null ones. */
  private interface Values {
    Object get(int index);
  }

  private static Values values(
      ColumnDescriptor column,
      Encoding encoding,
      Dictionary dictionary,
      byte[] bytes,
      int from,
      int to,
      int pageValues)
      throws IOException {
    var type = column.getPrimitiveType().getPrimitiveTypeName();
    if (encoding == Encoding.PLAIN_DICTIONARY || encoding == Encoding.RLE_DICTIONARY) {
      if (dictionary == null) {
        throw new ParquetDecodingException(
            "column " + column + ": a dictionary-encoded page comes before any dictionary");
      }
      HybridRle ids = new HybridRle(bytes, from + 1, to, bytes[from] & 0xFF);
      int[] at = {0};
      return index -> {
        ids.skip(index - at[0]);
        at[0] = index + 1;
        int id = ids.next();
        return switch (type) {
          case BOOLEAN -> dictionary.decodeToBoolean(id);
          case INT32 -> dictionary.decodeToInt(id);
          case INT64 -> dictionary.decodeToLong(id);
          case FLOAT -> dictionary.decodeToFloat(id);
          case DOUBLE -> dictionary.decodeToDouble(id);
          default -> dictionary.decodeToBinary(id);
        };
      };
    }
    if (encoding == Encoding.PLAIN) {
      ByteBuffer b =
          ByteBuffer.wrap(bytes, from, to - from).order(java.nio.ByteOrder.LITTLE_ENDIAN);
      switch (type) {
        case INT32:
          return index -> b.getInt(from + 4 * index);
        case INT64:
          return index -> b.getLong(from + 8 * index);
        case FLOAT:
          return index -> b.getFloat(from + 4 * index);
        case DOUBLE:
          return index -> b.getDouble(from + 8 * index);
        case BOOLEAN:
          return index -> ((bytes[from + (index >>> 3)] >>> (index & 7)) & 1) == 1;
        case INT96:
          return index -> Binary.fromConstantByteArray(bytes, from + 12 * index, 12);
        case FIXED_LEN_BYTE_ARRAY:
          int width = column.getPrimitiveType().getTypeLength();
          return index -> Binary.fromConstantByteArray(bytes, from + width * index, width);
        case BINARY:
          int[] cursor = {0, from}; // index, byte position
          return index -> {
            while (cursor[0] < index) {
              cursor[1] += 4 + b.getInt(cursor[1]);
              cursor[0]++;
            }
            int len = b.getInt(cursor[1]);
            Binary value = Binary.fromConstantByteArray(bytes, cursor[1] + 4, len);
            cursor[1] += 4 + len;
            cursor[0]++;
            return value;
          };
        default:
          break;
      }
    }
    // Any other encoding (delta, byte-stream-split, RLE booleans): Parquet's own reader, skipping
    // value by value.
    ValuesReader reader = encoding.getValuesReader(column, ValuesType.VALUES);
    reader.initFromPage(
        pageValues, ByteBufferInputStream.wrap(ByteBuffer.wrap(bytes, from, to - from)));
    int[] at = {0};
    return index -> {
      reader.skip(index - at[0]);
      at[0] = index + 1;
      return switch (type) {
        case BOOLEAN -> reader.readBoolean();
        case INT32 -> reader.readInteger();
        case INT64 -> reader.readLong();
        case FLOAT -> reader.readFloat();
        case DOUBLE -> reader.readDouble();
        default -> reader.readBytes();
      };
    };
  }
}
