package dev.smbhunt.jobs.ledger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.smbhunt.jobs.lake.LakeException;
import dev.smbhunt.jobs.storage.Location;
import dev.smbhunt.jobs.storage.Storage;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads the files a Delta table added after a version from its transaction log ({@code
 * _delta_log/*.json}, the documented Delta protocol): for each added file, the time span its rows
 * cover, from the file's {@code Timestamp} statistics, else its {@code date} partition. Metadata
 * only: no data file is opened.
 */
public final class DeltaLog {
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * Rows in {@code [from, to]} (inclusive of {@code to}), added in table version {@code version}.
   */
  public record AddedSpan(long version, Instant from, Instant to) {
    public boolean overlaps(Instant start, Instant end) {
      return from.isBefore(end) && !to.isBefore(start);
    }
  }

  private DeltaLog() {}

  static long latestVersion(Storage storage, Location table) {
    return storage.listNames(table.child("_delta_log")).stream()
        .filter(n -> n.matches("\\d{20}\\.json"))
        .mapToLong(n -> Long.parseLong(n.substring(0, 20)))
        .max()
        .orElse(-1);
  }

  /**
   * The spans added by versions {@code (after, latest]}; empty when nothing was added. A version
   * whose commit file is gone (log clean-up) yields an unbounded span, so its windows are all
   * re-checked.
   */
  public static List<AddedSpan> addedAfter(
      Storage storage, Location table, long after, String partitionColumn) {
    long latest = latestVersion(storage, table);
    List<AddedSpan> spans = new ArrayList<>();
    for (long v = after + 1; v <= latest; v++) {
      Location commit = table.child("_delta_log").child(String.format("%020d.json", v));
      if (!storage.isFile(commit)) {
        spans.add(
            new AddedSpan(
                v, Instant.EPOCH.minusSeconds(1L << 40), Instant.EPOCH.plusSeconds(1L << 40)));
        continue;
      }
      try (BufferedReader lines =
          new BufferedReader(new InputStreamReader(storage.open(commit), StandardCharsets.UTF_8))) {
        String line;
        while ((line = lines.readLine()) != null) {
          JsonNode add = JSON.readTree(line).get("add");
          if (add != null) {
            spans.add(span(v, add, partitionColumn));
          }
        }
      } catch (IOException e) {
        throw new LakeException(
            "cannot read Delta commit " + commit.display() + ": " + e.getMessage(), e);
      }
    }
    return spans;
  }

  private static AddedSpan span(long version, JsonNode add, String partitionColumn) {
    Optional<Instant[]> fromStats = statsSpan(add.path("stats").asText(""));
    if (fromStats.isPresent()) {
      return new AddedSpan(version, fromStats.get()[0], fromStats.get()[1]);
    }
    String date = add.path("partitionValues").path(partitionColumn).asText("");
    if (!date.isEmpty()) {
      Instant day = LocalDate.parse(date).atStartOfDay(ZoneOffset.UTC).toInstant();
      return new AddedSpan(version, day, day.plusSeconds(86_399));
    }
    return new AddedSpan(
        version, Instant.EPOCH.minusSeconds(1L << 40), Instant.EPOCH.plusSeconds(1L << 40));
  }

  private static Optional<Instant[]> statsSpan(String stats) {
    if (stats.isEmpty()) {
      return Optional.empty();
    }
    try {
      JsonNode s = JSON.readTree(stats);
      String min = s.path("minValues").path("Timestamp").asText("");
      String max = s.path("maxValues").path("Timestamp").asText("");
      if (min.isEmpty() || max.isEmpty()) {
        return Optional.empty();
      }
      // Delta truncates statistics to milliseconds: widen by one so a sub-millisecond row stays
      // inside.
      return Optional.of(
          new Instant[] {Instant.parse(min).minusMillis(1), Instant.parse(max).plusMillis(1)});
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }
}
