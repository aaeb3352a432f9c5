package hepscan.rootio;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The real ROOT files under src/test/resources/root (see the README there for their origin). */
public final class RootTestFiles {
  private RootTestFiles() {}

  public static Path dir() {
    try {
      return Path.of(RootTestFiles.class.getResource("/root/README.md").toURI()).getParent();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  public static Path file(String name) {
    return dir().resolve(name);
  }

  public static List<Path> all() throws IOException {
    try (Stream<Path> s = Files.list(dir())) {
      return s.filter(p -> p.toString().endsWith(".root")).sorted().toList();
    }
  }

  /** The rootcheck (JSROOT) reference JSON stored for a file. */
  public static Path reference(Path rootFile) {
    String name = rootFile.getFileName().toString();
    return dir()
        .resolve("reference")
        .resolve(name.substring(0, name.length() - ".root".length()) + ".json");
  }
}
