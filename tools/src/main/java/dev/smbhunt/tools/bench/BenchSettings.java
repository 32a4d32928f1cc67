package dev.smbhunt.tools.bench;

import dev.smbhunt.jobs.config.Section;
import dev.smbhunt.jobs.config.Settings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * {@code bench}: where lakes and results go, the scale series, the lakes' shape, and how the
 * contestants run. The bench's lakes and results are local folders (the bench measures this
 * machine), so they are paths, not lake URIs.
 *
 * @param contestants the contestants' names to run, in the report's order
 * @param runTimeout a run still going after this is cancelled and reported as slower than it
 * @param duckdbMemoryLimit DuckDB's {@code memory_limit}
 * @param duckdbTempDirectory DuckDB's spill folder; "" means {@code <lakes>/.duckdb-tmp}
 */
public record BenchSettings(
    Path lakes,
    Path results,
    List<Integer> scaleFactors,
    List<Integer> hotScaleFactors,
    int devicesPerScaleFactor,
    int days,
    double backgroundScale,
    int hotServers,
    int runs,
    List<String> contestants,
    Duration runTimeout,
    String duckdbMemoryLimit,
    String duckdbTempDirectory,
    List<Layout> layouts) {

  /** How a generated lake's rows are laid out on disk for the contestants to read. */
  public enum Layout {
    /** As the generator writes it. */
    GENERATED,
    /** As DuckDB's {@code COPY ... PARTITION_BY} writes it. */
    DUCKDB,
    /** One small file per table and hour, as a streaming export leaves it. */
    HOURLY_FILES;

    public String configName() {
      return Section.configName(this);
    }
  }

  public static BenchSettings from(Settings settings) {
    Section b = settings.section("bench");
    BenchSettings bench =
        new BenchSettings(
            Path.of(b.getString("lakes")),
            Path.of(b.getString("results")),
            positiveInts(b, "scale-factors"),
            positiveInts(b, "hot-scale-factors"),
            b.getInt("devices-per-scale-factor"),
            b.getInt("days"),
            b.getDouble("background-scale"),
            b.getInt("hot-servers"),
            b.getInt("runs"),
            b.getStringList("contestants"),
            b.getDuration("run-timeout"),
            b.getString("duckdb.memory-limit"),
            b.getString("duckdb.temp-directory"),
            b.getEnumList("layouts", Layout.class));
    if (bench.layouts().isEmpty()
        || bench.layouts().stream().distinct().count() < bench.layouts().size()) {
      throw b.bad(
          "layouts",
          "must name each layout at most once, and at least one, got "
              + bench.layouts().stream().map(Layout::configName).toList());
    }
    if (bench.contestants().isEmpty()) {
      throw b.bad("contestants", "must name at least one contestant");
    }
    if (bench.runTimeout().isNegative() || bench.runTimeout().isZero()) {
      throw b.bad("run-timeout", "must be positive, got " + bench.runTimeout());
    }
    if (bench.runs() < 1) {
      throw b.bad("runs", "must be at least 1, got " + bench.runs());
    }
    if (!bench.hotScaleFactors().isEmpty() && bench.hotServers() < 1) {
      throw b.bad(
          "hot-servers",
          "must be at least 1 when bench.hot-scale-factors is not empty, got "
              + bench.hotServers());
    }
    return bench;
  }

  Path duckdbTempPath() {
    return duckdbTempDirectory.isEmpty()
        ? lakes.resolve(".duckdb-tmp")
        : Path.of(duckdbTempDirectory);
  }

  private static List<Integer> positiveInts(Section c, String key) {
    List<Integer> values = c.getIntList(key);
    values.stream()
        .filter(v -> v < 1)
        .findFirst()
        .ifPresent(
            v -> {
              throw c.bad(key, "scale factors must be at least 1, got " + v);
            });
    return values;
  }
}
