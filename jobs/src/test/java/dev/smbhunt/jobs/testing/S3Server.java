package dev.smbhunt.jobs.testing;

import com.amazonaws.auth.AWSStaticCredentialsProvider;
import com.amazonaws.auth.BasicAWSCredentials;
import com.amazonaws.client.builder.AwsClientBuilder;
import com.amazonaws.services.s3.AmazonS3;
import com.amazonaws.services.s3.AmazonS3ClientBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An S3-compatible server (S3Proxy) in its own JVM on 127.0.0.1, for the tests that run the product
 * on {@code s3a://}. Its classpath is the one the {@code servers} module writes; its libraries
 * never meet Spark's.
 *
 * <p>The backend is jclouds' {@code transient} store (in memory): S3Proxy's {@code filesystem}
 * backend stalled Delta's MERGE, and {@code filesystem-nio2} refuses S3A's directory-marker deletes
 * ({@code DirectoryNotEmptyException}) until S3A has retried for minutes. The client side keeps
 * directory markers ({@code fs.s3a.directory.marker.retention=keep}), so S3A never deletes a parent
 * marker after a write, and uses path-style access, as S3Proxy serves every bucket on one host.
 */
public final class S3Server implements AutoCloseable {
  public static final String ACCESS_KEY = "smb-hunt-test";
  private static final Path CLASSPATH_FILE = Path.of("../servers/target/s3proxy-classpath.txt");
  private static final Path LOGGING = Path.of("../servers/logback.xml").toAbsolutePath();

  private final Process process;
  private final int port;
  private final String secretKey;

  private S3Server(Process process, int port, String secretKey) {
    this.process = process;
    this.port = port;
    this.secretKey = secretKey;
  }

  /**
   * Starts the server with {@code secretKey} as its only credential, and creates {@code buckets}.
   */
  public static S3Server start(Path workDir, String secretKey, String... buckets)
      throws IOException {
    if (!Files.isRegularFile(CLASSPATH_FILE)) {
      throw new IllegalStateException(
          CLASSPATH_FILE.toAbsolutePath()
              + " is missing: build the servers module first "
              + "(mvn test runs it before jobs)");
    }
    int port = freePort();
    Path properties = workDir.resolve("s3proxy.properties");
    Files.writeString(
        properties,
        String.join(
            "\n",
            "s3proxy.endpoint=http://127.0.0.1:" + port,
            "s3proxy.authorization=aws-v2-or-v4",
            "s3proxy.identity=" + ACCESS_KEY,
            "s3proxy.credential=" + secretKey,
            "jclouds.provider=transient",
            "jclouds.identity=unused",
            "jclouds.credential=unused",
            ""));
    Path log = workDir.resolve("s3proxy.log");
    ProcessBuilder pb =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g",
                "-Dlogback.configurationFile=" + LOGGING,
                "-cp",
                Files.readString(CLASSPATH_FILE).strip(),
                "org.gaul.s3proxy.Main",
                "--properties",
                properties.toString())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    S3Server server = new S3Server(pb.start(), port, secretKey);
    server.awaitPort(Duration.ofSeconds(60), log);
    AmazonS3 client = server.client();
    for (String bucket : buckets) {
      client.createBucket(bucket);
    }
    client.shutdown();
    return server;
  }

  public String endpoint() {
    return "http://127.0.0.1:" + port;
  }

  /**
   * The S3A settings that reach this server, as Hadoop keys (prefix them with spark.hadoop. for
   * Spark).
   */
  public Map<String, String> hadoopSettings() {
    Map<String, String> s = new LinkedHashMap<>();
    s.put("fs.s3a.endpoint", endpoint());
    s.put("fs.s3a.path.style.access", "true");
    s.put("fs.s3a.connection.ssl.enabled", "false");
    s.put(
        "fs.s3a.aws.credentials.provider", "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider");
    s.put("fs.s3a.access.key", ACCESS_KEY);
    s.put("fs.s3a.secret.key", secretKey);
    s.put("fs.s3a.directory.marker.retention", "keep");
    s.put("fs.s3a.change.detection.mode", "none");
    return s;
  }

  /** The same, as {@code --set} arguments of the command line. */
  public List<String> setArguments() {
    return hadoopSettings().entrySet().stream()
        .flatMap(
            e ->
                java.util.stream.Stream.of(
                    "--set", "spark.conf.\"spark.hadoop." + e.getKey() + "\"=" + e.getValue()))
        .toList();
  }

  public AmazonS3 client() {
    return AmazonS3ClientBuilder.standard()
        .withEndpointConfiguration(
            new AwsClientBuilder.EndpointConfiguration(endpoint(), "us-east-1"))
        .withPathStyleAccessEnabled(true)
        .withCredentials(
            new AWSStaticCredentialsProvider(new BasicAWSCredentials(ACCESS_KEY, secretKey)))
        .build();
  }

  private void awaitPort(Duration timeout, Path log) throws IOException {
    Instant deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new IllegalStateException("S3Proxy exited at start: " + Files.readString(log));
      }
      try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
        return;
      } catch (IOException notYet) {
        sleep(200);
      }
    }
    close();
    throw new IllegalStateException(
        "S3Proxy did not listen on 127.0.0.1:" + port + " within " + timeout);
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
