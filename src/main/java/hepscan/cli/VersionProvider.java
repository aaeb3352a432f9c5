package hepscan.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** Reads the version Maven wrote into {@code hepscan/version.properties}. */
public final class VersionProvider implements IVersionProvider {
  public static String version() {
    Properties p = new Properties();
    try (InputStream in =
        VersionProvider.class.getResourceAsStream("/hepscan/version.properties")) {
      if (in != null) {
        p.load(in);
      }
    } catch (IOException e) {
      // fall through to "unknown"
    }
    return p.getProperty("version", "unknown");
  }

  @Override
  public String[] getVersion() {
    return new String[] {
      "hepscan " + version(),
      "Java "
          + System.getProperty("java.version")
          + " ("
          + System.getProperty("java.vendor")
          + "), "
          + System.getProperty("os.name")
          + " "
          + System.getProperty("os.arch")
    };
  }
}
