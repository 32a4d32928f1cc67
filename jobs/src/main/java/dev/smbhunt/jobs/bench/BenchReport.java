package dev.smbhunt.jobs.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.smbhunt.jobs.bench.BenchRunner.Measurement;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;

/** Writes the results: {@code bench.json}, {@code bench.md} (the table) and {@code bench.png} (the chart). */
final class BenchReport {
  private static final Color[] COLORS = {new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c),
      new Color(0x9467bd), new Color(0xff7f0e)};

  private BenchReport() {}

  static String write(Path dir, List<Contestant> contestants, List<Measurement> results, String command)
      throws IOException {
    Files.createDirectories(dir);
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("command", command);
    json.put("cores", Runtime.getRuntime().availableProcessors());
    json.put("maxHeapBytes", Runtime.getRuntime().maxMemory());
    Map<String, String> described = new LinkedHashMap<>();
    contestants.forEach(c -> described.put(c.name(), c.description()));
    json.put("contestants", described);
    json.put("results", results);
    new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(dir.resolve("bench.json").toFile(), json);
    String table = table(results);
    Files.writeString(dir.resolve("bench.md"), "Command: `" + command + "`\n\n" + table);
    chart(results, dir.resolve("bench.png"));
    return table;
  }

  static String table(List<Measurement> results) {
    StringBuilder md = new StringBuilder(
        "| lake | input rows | contestant | median s | runs (ms) | x (a) | rows/s | peak heap MiB | alerts |\n"
            + "|---|---:|---|---:|---|---:|---:|---:|---:|\n");
    for (Measurement m : results) {
      long a = results.stream().filter(r -> r.lake().equals(m.lake()) && r.contestant().startsWith("a-"))
          .mapToLong(Measurement::medianMillis).findFirst().orElse(m.medianMillis());
      md.append(String.format(Locale.ROOT, "| %s | %,d | %s | %.2f | %s | %.2f | %,.0f | %d | %s |%n",
          m.lake(), m.inputRows(), m.contestant(), m.medianMillis() / 1000.0, m.millis(),
          (double) m.medianMillis() / Math.max(1, a), m.inputRows() * 1000.0 / Math.max(1, m.medianMillis()),
          m.peakHeapBytes() >> 20, m.alerts() == null ? "-" : m.alerts()));
    }
    return md.toString();
  }

  /** Median time against input rows, one line per contestant and lake kind (solid: no hot server). */
  static void chart(List<Measurement> results, Path png) throws IOException {
    int w = 900;
    int h = 560;
    int left = 80;
    int bottom = 60;
    int top = 40;
    int right = 250;
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, w, h);
    double maxX = results.stream().mapToLong(Measurement::inputRows).max().orElse(1);
    double maxY = results.stream().mapToLong(Measurement::medianMillis).max().orElse(1) / 1000.0;
    int pw = w - left - right;
    int ph = h - top - bottom;
    g.setColor(Color.BLACK);
    g.drawLine(left, h - bottom, left + pw, h - bottom);
    g.drawLine(left, top, left, h - bottom);
    g.drawString("input rows (millions)", left + pw / 2 - 60, h - 15);
    g.drawString("median seconds", 10, top - 15);
    for (int i = 0; i <= 4; i++) {
      g.drawString(String.format(Locale.ROOT, "%.1f", maxX * i / 4 / 1e6), left + pw * i / 4 - 10, h - bottom + 18);
      g.drawString(String.format(Locale.ROOT, "%.0f", maxY * i / 4), left - 40, h - bottom - ph * i / 4 + 5);
    }
    Map<String, List<Measurement>> series = new LinkedHashMap<>();
    for (Measurement m : results) {
      series.computeIfAbsent(m.contestant() + (m.lake().endsWith("-hot") ? " (hot)" : ""), k -> new ArrayList<>()).add(m);
    }
    int i = 0;
    List<String> contestants = results.stream().map(Measurement::contestant).distinct().toList();
    for (Map.Entry<String, List<Measurement>> s : series.entrySet()) {
      boolean hot = s.getKey().endsWith("(hot)");
      Color color = COLORS[contestants.indexOf(s.getValue().get(0).contestant()) % COLORS.length];
      g.setColor(color);
      g.setStroke(hot ? new BasicStroke(2, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] {6, 4}, 0)
          : new BasicStroke(2));
      int px = -1;
      int py = -1;
      for (Measurement m : s.getValue()) {
        int x = left + (int) (pw * m.inputRows() / maxX);
        int y = h - bottom - (int) (ph * (m.medianMillis() / 1000.0) / maxY);
        g.fillOval(x - 3, y - 3, 6, 6);
        if (px >= 0) {
          g.drawLine(px, py, x, y);
        }
        px = x;
        py = y;
      }
      g.drawLine(left + pw + 15, top + 20 * i, left + pw + 40, top + 20 * i);
      g.setColor(Color.BLACK);
      g.drawString(s.getKey(), left + pw + 45, top + 20 * i + 5);
      i++;
    }
    g.dispose();
    ImageIO.write(img, "png", png.toFile());
  }
}
