package hepscan.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A sample list file with its samples in file order.
 *
 * @param file the sample list YAML
 * @param contentHash sha256 of the sample list, xsec JSON and event-weight-sum JSON contents: part
 *     of the data cache key
 */
public record SampleList(Path file, List<Sample> samples, String contentHash) {
  public SampleList {
    samples = List.copyOf(samples);
  }

  public Optional<Sample> sample(String key) {
    return samples.stream().filter(s -> s.key().equals(key)).findFirst();
  }

  /** The distinct tags, in order of first appearance. */
  public List<String> tags() {
    return samples.stream().map(Sample::tag).distinct().toList();
  }
}
