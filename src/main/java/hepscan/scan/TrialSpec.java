package hepscan.scan;

import hepscan.util.CanonicalText;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One trial of a scan: a combination of hyperparameters and a repetition index. {@code id} is a
 * hash of both (stable across runs, machines and grid reorderings); {@code seed} drives the
 * network's initialisation and shuffling, and differs between repetitions.
 */
public record TrialSpec(String id, Map<String, Object> hyperparameters, int repetition, long seed) {

  public TrialSpec {
    SortedMap<String, Object> sorted = new TreeMap<>(hyperparameters);
    hyperparameters = java.util.Collections.unmodifiableSortedMap(sorted);
  }

  /** A short human-readable form, e.g. {@code lr=0.001 first_neuron=64 rep=0}. */
  public String describe() {
    StringBuilder sb = new StringBuilder();
    hyperparameters.forEach(
        (k, v) -> sb.append(k).append('=').append(CanonicalText.value(v)).append(' '));
    return sb.append("rep=").append(repetition).toString();
  }
}
