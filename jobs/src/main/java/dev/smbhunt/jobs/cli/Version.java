package dev.smbhunt.jobs.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/**
 * smb-hunt's version, as the build wrote it: one source for {@code --version} and the notebook
 * kernel.
 */
public final class Version implements IVersionProvider {
  private static final String RESOURCE = "/smb-hunt-version.properties";

  /** The project's version, e.g. {@code 0.1.0-SNAPSHOT}. */
  public static String current() {
    try (InputStream in = Version.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(
            RESOURCE + " is not on the classpath: build smb-hunt with Maven");
      }
      Properties p = new Properties();
      p.load(in);
      return p.getProperty("version");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public String[] getVersion() {
    return new String[] {"smb-hunt " + current()};
  }
}
