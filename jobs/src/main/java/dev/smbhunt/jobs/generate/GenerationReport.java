package dev.smbhunt.jobs.generate;

import java.nio.file.Path;
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
 * @param backgroundPositivePairs background pairs the rule alerts on (benign activity it cannot tell apart)
 * @param backgroundNegativePairs background pairs the rule correctly ignores
 */
public record GenerationReport(
    Path out,
    GeneratorOptions options,
    Map<String, Long> rowsPerTable,
    Map<String, Path> tablePaths,
    Path groundTruth,
    Path groundTruthSummary,
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
}
