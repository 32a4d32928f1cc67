package dev.smbhunt.tools.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.smbhunt.tools.bench.BenchRunner.Measurement;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Writes the results: {@code bench.json} (every run), {@code bench.md} (the table and the targets,
 * judged from the measurements) and {@code bench.png} (median time against input rows per
 * contestant).
 */
final class BenchReport {
  private static final String HOT_SUFFIX = " (hot)";

  /** Distinct under the usual colour-vision deficiencies (Okabe and Ito). */
  private static final Color[] PALETTE = {
    new Color(0x0072B2),
    new Color(0xE69F00),
    new Color(0x009E73),
    new Color(0xCC79A7),
    new Color(0x56B4E9),
    new Color(0xD55E00),
    new Color(0xF0E442),
    new Color(0x000000)
  };

  private BenchReport() {}

  static String write(
      Path dir,
      List<Contestant> contestants,
      List<Measurement> results,
      String command,
      Map<String, Object> environment)
      throws IOException {
    Files.createDirectories(dir);
    List<BenchTargets.Verdict> verdicts = BenchTargets.judge(results);
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("command", command);
    json.putAll(environment);
    Map<String, String> described = new LinkedHashMap<>();
    contestants.forEach(c -> described.put(c.name(), c.description()));
    json.put("contestants", described);
    json.put("results", results);
    json.put("targets", verdicts);
    new ObjectMapper()
        .enable(SerializationFeature.INDENT_OUTPUT)
        .writeValue(dir.resolve("bench.json").toFile(), json);
    StringBuilder md = new StringBuilder();
    md.append("Command: `").append(command).append("`\n\n");
    environment.forEach((k, v) -> md.append("- ").append(k).append(": ").append(v).append('\n'));
    md.append(
            "\nA median after \"> \" is a lower bound: a run was cancelled at bench.run-timeout.\n\n")
        .append(table(results))
        .append('\n')
        .append(BenchTargets.table(verdicts))
        .append('\n');
    BenchTargets.ceilings(results).forEach(line -> md.append("- ").append(line).append('\n'));
    md.append('\n');
    described.forEach((k, v) -> md.append("- `").append(k).append("`: ").append(v).append('\n'));
    Files.writeString(dir.resolve("bench.md"), md.toString());
    chart(results, dir.resolve("bench.png"));
    return md.toString();
  }

  static String table(List<Measurement> results) {
    StringBuilder md =
        new StringBuilder(
            "| lake | input rows | contestant | median s | runs (ms) | x (a) | rows/s | peak heap MiB | peak RSS MiB "
                + "| load | alerts |\n|---|---:|---|---:|---|---:|---:|---:|---:|---:|---:|\n");
    for (Measurement m : results) {
      long a =
          results.stream()
              .filter(
                  r ->
                      r.lake().equals(m.lake()) && r.contestant().startsWith(BenchTargets.SMB_HUNT))
              .mapToLong(Measurement::medianMillis)
              .findFirst()
              .orElse(m.medianMillis());
      md.append(
          String.format(
              Locale.ROOT,
              "| %s | %,d | %s | %s%.2f | %s | %.2f | %,.0f | %d | %d | %.1f | %s |%n",
              m.lake(),
              m.inputRows(),
              m.contestant(),
              m.timedOut() ? "> " : "",
              m.medianMillis() / 1000.0,
              m.millis(),
              (double) m.medianMillis() / Math.max(1, a),
              m.inputRows() * 1000.0 / Math.max(1, m.medianMillis()),
              m.peakHeapBytes() >> 20,
              m.peakRssBytes() >> 20,
              m.loadAverage(),
              m.alerts() == null ? "-" : m.alerts()));
    }
    return md.toString();
  }

  /**
   * Median time against input rows: one series per contestant, layout and lake kind (dashed: hot
   * servers).
   */
  static void chart(List<Measurement> results, Path png) throws IOException {
    XYChart chart =
        new XYChartBuilder()
            .width(1000)
            .height(620)
            .title("bin/hunt bench: median time against input rows")
            .xAxisTitle("input rows (millions)")
            .yAxisTitle("median seconds")
            .build();
    chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.OutsideE);
    Map<String, List<Measurement>> series = new LinkedHashMap<>();
    Map<String, Color> colours = new LinkedHashMap<>();
    for (Measurement m : results) {
      series
          .computeIfAbsent(
              m.contestant()
                  + BenchLake.layoutSuffix(m.lake())
                  + (BenchLake.isHot(m.lake()) ? HOT_SUFFIX : ""),
              k -> new ArrayList<>())
          .add(m);
      colours.computeIfAbsent(m.contestant(), k -> PALETTE[colours.size() % PALETTE.length]);
    }
    series.forEach(
        (name, points) -> {
          XYSeries s =
              chart.addSeries(
                  name,
                  points.stream().mapToDouble(m -> m.inputRows() / 1e6).toArray(),
                  points.stream().mapToDouble(m -> m.medianMillis() / 1000.0).toArray());
          // One colour per contestant, so its hot-lake series (dashed) reads as the same
          // contestant.
          Color colour = colours.get(points.get(0).contestant());
          s.setLineColor(colour);
          s.setMarkerColor(colour);
          if (name.endsWith(HOT_SUFFIX)) {
            s.setLineStyle(SeriesLines.DASH_DASH);
            s.setMarker(SeriesMarkers.CROSS);
          }
        });
    BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
  }
}
