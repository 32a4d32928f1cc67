package dev.smbhunt.jobs.generate;

import dev.smbhunt.jobs.storage.Location;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What {@link LakeGenerator#generate} wrote.
 *
 * @param rowsPerTable rows written, by MDE table name
 * @param tablePaths the directory of each table, by MDE table name
 * @param groundTruth the Parquet ground-truth table: one row per labelled (connection, child) pair
 * @param groundTruthSummary the human-readable Markdown summary of it
 * @param plantedCases number of planted cases (each one or more labelled pairs)
 * @param plantedPositivePairs planted pairs the rule must alert on
 * @param plantedNegativePairs planted pairs the rule must not alert on
 * @param backgroundPositivePairs background pairs the rule alerts on (benign activity it cannot
 *     tell apart)
 * @param backgroundNegativePairs background pairs the rule correctly ignores
 */
public record GenerationReport(
    Location out,
    GeneratorOptions options,
    Map<String, Long> rowsPerTable,
    Map<String, Location> tablePaths,
    Location groundTruth,
    Location groundTruthSummary,
    int plantedCases,
    long plantedPositivePairs,
    long plantedNegativePairs,
    long backgroundPositivePairs,
    long backgroundNegativePairs) {

  public GenerationReport {
    rowsPerTable = Collections.unmodifiableMap(new LinkedHashMap<>(rowsPerTable));
    tablePaths = Collections.unmodifiableMap(new LinkedHashMap<>(tablePaths));
  }

  public long expectedAlerts() {
    return plantedPositivePairs + backgroundPositivePairs;
  }

  /** What {@code generate} prints. */
  public String render() {
    StringBuilder s = new StringBuilder();
    s.append(
        String.format(
            "lake             %s (%s, %d devices x %d days from %s, seed %d)%n",
            out.display(),
            options.format().sparkFormat(),
            options.devices(),
            options.days(),
            options.startDate(),
            options.seed()));
    rowsPerTable.forEach((t, n) -> s.append(String.format("  %-30s %,12d rows%n", t, n)));
    s.append(
        String.format(
            "planted cases    %d: %,d pairs to alert on, %,d pairs that must not alert%n",
            plantedCases, plantedPositivePairs, plantedNegativePairs));
    s.append(
        String.format(
            "background pairs %,d that alert, %,d that do not%n",
            backgroundPositivePairs, backgroundNegativePairs));
    s.append(String.format("expected alerts  %,d%n", expectedAlerts()));
    s.append("ground truth     ")
        .append(groundTruth.display())
        .append(" (summary: ")
        .append(groundTruthSummary.name())
        .append(")\n");
    return s.toString();
  }
}
