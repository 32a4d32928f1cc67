package dev.smbhunt.kernel;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes the kernelspec ({@code kernel.json}) that {@code bin/hunt notebook} installs with {@code
 * jupyter kernelspec install}. Written here rather than by the shell so that paths are
 * JSON-escaped. The kernel runs with the project's classpath and JVM flags, bound to loopback like
 * the job.
 */
public final class KernelSpec {
  public static final String NAME = "smb-hunt";

  private KernelSpec() {}

  /** Usage: KernelSpec OUT_DIR JAVA CLASSPATH JVM_OPTIONS_FILE HEAP. */
  public static void main(String[] args) throws IOException {
    if (args.length != 5) {
      throw new IllegalArgumentException(
          "usage: KernelSpec OUT_DIR JAVA CLASSPATH JVM_OPTIONS_FILE HEAP");
    }
    Path out = Path.of(args[0]);
    Files.createDirectories(out);
    Files.writeString(
        out.resolve("kernel.json"), json(args[1], args[2], Path.of(args[3]), args[4]));
  }

  static String json(String java, String classpath, Path jvmOptions, String heap) {
    JsonArray argv = new JsonArray();
    for (String a :
        List.of(
            java,
            "-Xmx" + heap,
            "@" + jvmOptions.toAbsolutePath(),
            "-Djava.awt.headless=true",
            "-cp",
            classpath,
            HuntKernel.class.getName(),
            "{connection_file}")) {
      argv.add(a);
    }
    JsonObject env = new JsonObject();
    env.addProperty("SPARK_LOCAL_IP", "127.0.0.1");
    env.addProperty("TZ", "UTC");
    JsonObject spec = new JsonObject();
    spec.add("argv", argv);
    spec.addProperty("display_name", "Java (smb-hunt)");
    spec.addProperty("language", "java");
    spec.addProperty("interrupt_mode", "message");
    spec.add("env", env);
    return new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(spec) + "\n";
  }
}
