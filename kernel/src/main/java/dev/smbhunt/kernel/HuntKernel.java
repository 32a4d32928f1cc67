package dev.smbhunt.kernel;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.dflib.jjava.jupyter.channels.JupyterConnection;
import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.JupyterIO;
import org.dflib.jjava.jupyter.kernel.KernelConnectionProperties;
import org.dflib.jjava.jupyter.kernel.LanguageInfo;
import org.dflib.jjava.jupyter.kernel.ReplacementOptions;
import org.dflib.jjava.jupyter.kernel.comm.CommManager;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.display.Renderer;
import org.dflib.jjava.jupyter.kernel.magic.MagicsRegistry;
import org.dflib.jjava.jupyter.kernel.util.StringStyler;

/**
 * The smb-hunt Jupyter kernel: the messaging protocol comes from jjava-jupyter, cells are evaluated
 * by {@link JShellEvaluator} in this JVM, whose classpath is the project's. Cells display rich
 * output through {@link Show}; an expression's value is shown as text.
 */
public final class HuntKernel extends BaseKernel {
  private final JShellEvaluator evaluator;

  HuntKernel(JShellEvaluator evaluator) {
    super(
        "smb-hunt",
        dev.smbhunt.jobs.cli.Version.current(),
        new LanguageInfo(
            "java",
            Runtime.version().toString(),
            "text/x-java-source",
            ".jshell",
            "java",
            "java",
            null),
        List.of(),
        null,
        new JupyterIO(StandardCharsets.UTF_8),
        new CommManager(),
        new Renderer(),
        null,
        new MagicsRegistry(),
        false,
        new StringStyler.Builder().build());
    this.evaluator = evaluator;
  }

  public static void main(String[] args) throws Exception {
    if (args.length != 1) {
      throw new IllegalArgumentException("usage: HuntKernel CONNECTION_FILE");
    }
    KernelConnectionProperties props =
        KernelConnectionProperties.parse(Files.readString(Path.of(args[0])));
    if (!"127.0.0.1".equals(props.getIp())) {
      // The project listens on loopback only; Jupyter started with --ip=127.0.0.1 writes this
      // address.
      throw new IllegalArgumentException(
          "refusing to bind kernel sockets to " + props.getIp() + ": use 127.0.0.1");
    }
    HuntKernel kernel = new HuntKernel(new JShellEvaluator(List.of()));
    kernel.onStartup();
    JupyterConnection connection = new JupyterConnection(props);
    kernel.becomeHandlerForConnection(connection);
    connection.connect();
    connection.waitUntilClose();
  }

  /** Display data on the current cell's output; used by {@link Show}. */
  static void publish(DisplayData data) {
    BaseKernel kernel = BaseKernel.notebookKernel();
    if (kernel == null) {
      throw new IllegalStateException("no notebook kernel is running in this JVM");
    }
    kernel.display(data);
  }

  @Override
  public Object evalRaw(String code) {
    String value = evaluator.eval(code);
    return value == null ? null : new DisplayData(value);
  }

  @Override
  public List<String> formatError(Throwable e) {
    if (e instanceof CellException c) {
      return c.lines();
    }
    List<String> lines = new ArrayList<>();
    lines.add(e.toString());
    for (StackTraceElement el : e.getStackTrace()) {
      lines.add("\tat " + el);
    }
    return lines;
  }

  @Override
  public DisplayData inspect(String code, int at, boolean extraDetail) {
    return null;
  }

  @Override
  public ReplacementOptions complete(String code, int at) {
    JShellEvaluator.Completions c = evaluator.complete(code, at);
    return c.candidates().isEmpty() ? null : new ReplacementOptions(c.candidates(), c.start(), at);
  }

  @Override
  public String isComplete(String code) {
    return evaluator.completeness(code);
  }

  @Override
  public void onShutdown(boolean restart) {
    evaluator.close();
  }
}
