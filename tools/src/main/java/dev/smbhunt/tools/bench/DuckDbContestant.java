package dev.smbhunt.tools.bench;

import dev.smbhunt.jobs.config.Settings;
import dev.smbhunt.transforms.kql.Kql;
import dev.smbhunt.transforms.schema.MdeTable;
import dev.smbhunt.transforms.smb.RuleParams;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.StringJoiner;
import java.util.UUID;
import org.apache.spark.sql.SparkSession;

/**
 * (c) DuckDB, in-process over JDBC, running the rule's semantics in SQL over the same Parquet
 * files: the SQL lives in {@code bench/duckdb/*.sql} as constants, and every rule parameter, path
 * and time bound is bound through a prepared {@code SET VARIABLE}. Two formulations differ only in
 * the correlation join.
 */
final class DuckDbContestant implements Contestant {
  /** How the connection-to-child pairs are found. */
  enum Formulation {
    LITERAL(
        "c-duckdb-literal",
        "correlated-literal.sql",
        "the KQL's equi-join on (DeviceId, PID, file name, window), then the time filters"),
    BUCKETED(
        "c-duckdb-bucketed",
        "correlated-bucketed.sql",
        "the equi-join plus a time-bucket key (connections repeated over their reachable buckets)");

    final String contestantName;
    final String script;
    final String join;

    Formulation(String contestantName, String script, String join) {
      this.contestantName = contestantName;
      this.script = script;
      this.join = join;
    }
  }

  private final Formulation formulation;
  private volatile Statement running;
  private volatile String profile;

  DuckDbContestant(Formulation formulation) {
    this.formulation = formulation;
  }

  static List<Contestant> all() {
    return List.of(
        new DuckDbContestant(Formulation.LITERAL), new DuckDbContestant(Formulation.BUCKETED));
  }

  @Override
  public String name() {
    return formulation.contestantName;
  }

  @Override
  public String description() {
    return "DuckDB "
        + Engine.VERSION
        + " (JDBC, in-process, default threads, memory_limit from bench.duckdb.memory-limit) over the same Parquet files: "
        + formulation.join
        + "; prevalence with an anti-join on certificates; full result rows fetched, keys compared";
  }

  @Override
  public List<String> run(SparkSession spark, Settings settings, BenchLake lake)
      throws SQLException, IOException {
    Settings s = settings.withLakeRoot(lake.root().toString());
    RuleParams params = s.rule().params();
    BenchSettings bench = BenchSettings.from(s);
    Path spill =
        Files.createDirectories(bench.duckdbTempPath()).resolve("run-" + UUID.randomUUID());
    Path profileFile = Files.createTempFile("smb-hunt-duckdb-profile", ".txt");
    // Options, not SQL: the limit and the spill folder come from config and are never spliced into
    // a statement.
    Properties options = new Properties();
    options.setProperty("memory_limit", bench.duckdbMemoryLimit());
    options.setProperty("temp_directory", spill.toString());
    try (Connection connection = DriverManager.getConnection("jdbc:duckdb:", options)) {
      Map<String, Object> variables = variables(s, lake, params);
      variables.put("profile_file", profileFile.toString());
      for (Map.Entry<String, Object> v : variables.entrySet()) {
        // The name is one of ours, a constant; the value is bound, never spliced into the SQL.
        try (PreparedStatement set =
            connection.prepareStatement("SET VARIABLE " + v.getKey() + " = ?")) {
          set.setObject(1, v.getValue());
          set.execute();
        }
      }
      try (Statement statement = connection.createStatement()) {
        for (String sql : statements("setup.sql")) {
          statement.execute(sql);
        }
      }
      try (PreparedStatement insert =
          connection.prepareStatement("INSERT INTO lolbins VALUES (?)")) {
        for (String lolbin : params.lolbins()) {
          insert.setString(1, Kql.asciiLower(lolbin));
          insert.addBatch();
        }
        insert.executeBatch();
      }
      try (Statement statement = connection.createStatement()) {
        running = statement;
        for (String sql : statements(formulation.script)) {
          statement.execute(sql);
        }
        // The result query's operator tree with its timings and row counts, as the Spark profiles
        // have.
        statement.execute("PRAGMA enable_profiling = 'query_tree'");
        statement.execute("SET profiling_output = getvariable('profile_file')");
        List<String> keys = keys(statement, String.join("\n", statements("result.sql")));
        profile = Files.readString(profileFile);
        return keys;
      } finally {
        running = null;
      }
    } finally {
      Files.deleteIfExists(profileFile);
      LocalFolders.deleteRecursively(spill);
    }
  }

  @Override
  public void cancel() {
    Statement statement = running;
    if (statement != null) {
      try {
        statement.cancel();
      } catch (SQLException e) {
        throw new IllegalStateException("could not interrupt " + name() + ": " + e.getMessage(), e);
      }
    }
  }

  @Override
  public String lastProfile() {
    return profile == null ? null : "== " + name() + " ==\n" + profile;
  }

  /** The engine's own version, read once, when a report first describes DuckDB. */
  private static final class Engine {
    static final String VERSION = version();
  }

  /** From the JDBC metadata: the driver jar's manifest does not carry one. */
  private static String version() {
    try (Connection connection = DriverManager.getConnection("jdbc:duckdb:")) {
      return connection.getMetaData().getDatabaseProductVersion();
    } catch (SQLException e) {
      return "(version unknown: " + e.getMessage() + ")";
    }
  }

  private static Map<String, Object> variables(Settings s, BenchLake lake, RuleParams params) {
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("network_files", files(s, MdeTable.DEVICE_NETWORK_EVENTS));
    v.put("process_files", files(s, MdeTable.DEVICE_PROCESS_EVENTS));
    v.put("certificate_files", files(s, MdeTable.DEVICE_FILE_CERTIFICATE_INFO));
    v.put("range_from", LocalDateTime.ofInstant(lake.range().from(), ZoneOffset.UTC));
    v.put("range_to", LocalDateTime.ofInstant(lake.range().to(), ZoneOffset.UTC));
    v.put("inbound_action_type", params.inboundActionType());
    v.put("services_folded", Kql.asciiLower(params.servicesProcess()));
    v.put("window_seconds", params.windowSeconds());
    v.put("min_delay", params.minChildDelaySeconds());
    v.put("max_delay", params.maxChildDelaySeconds());
    v.put("bucket_width", params.maxChildDelaySeconds() - params.minChildDelaySeconds() + 1);
    v.put("boot_grace", params.bootGraceSeconds());
    v.put("prevalence_threshold", params.prevalenceThreshold());
    v.put("excluded_folded", Kql.asciiLower(params.excludedCommandLine()));
    return v;
  }

  private static String files(Settings s, MdeTable table) {
    // DuckDB reads the bench's own local lakes.
    return Path.of(s.lake().rootLocation().child(s.lake().tables().get(table).name()).display())
        + "/**/*.parquet";
  }

  /** The same key as the Spark contestants' ({@code concat_ws} skips nulls), one per result row. */
  private static List<String> keys(Statement statement, String query) throws SQLException {
    List<String> keys = new ArrayList<>();
    try (ResultSet rows = statement.executeQuery(query)) {
      while (rows.next()) {
        StringJoiner key = new StringJoiner("|");
        for (String column : new String[] {"k_device", "ReportId", "ProcessReportId"}) {
          String value = rows.getString(column);
          if (value != null) {
            key.add(value);
          }
        }
        key.add(Instant.ofEpochSecond(rows.getLong("window_s")).toString());
        keys.add(key.toString());
      }
    }
    Collections.sort(keys);
    return keys;
  }

  /** A script's statements: split on a semicolon that ends a line; comment lines dropped. */
  static List<String> statements(String script) {
    String text;
    try (InputStream in = DuckDbContestant.class.getResourceAsStream("/bench/duckdb/" + script)) {
      if (in == null) {
        throw new IllegalStateException("missing resource bench/duckdb/" + script);
      }
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<String> statements = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String line : text.split("\n")) {
      if (line.strip().startsWith("--")) {
        continue;
      }
      current.append(line).append('\n');
      if (line.strip().endsWith(";")) {
        statements.add(current.toString().strip().replaceAll(";$", ""));
        current.setLength(0);
      }
    }
    if (!current.toString().isBlank()) {
      statements.add(current.toString().strip());
    }
    return statements;
  }
}
