package hepscan.scan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class GridTest {

  private static Map<String, List<?>> grid(Object... kv) {
    Map<String, List<?>> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], (List<?>) kv[i + 1]);
    }
    return m;
  }

  @Test
  void productInSortedKeyOrderLastKeyFastest() {
    Grid g =
        new Grid(
            grid("lr", List.of(0.1, 0.01), "activation", List.of("relu", "tanh", "elu")), 1, 42);
    List<TrialSpec> t = g.trials();
    assertEquals(6, t.size());
    assertEquals(6, g.combinations());
    // keys sorted: activation before lr; lr (last key) varies fastest
    assertEquals(Map.of("activation", "relu", "lr", 0.1), t.get(0).hyperparameters());
    assertEquals(Map.of("activation", "relu", "lr", 0.01), t.get(1).hyperparameters());
    assertEquals(Map.of("activation", "tanh", "lr", 0.1), t.get(2).hyperparameters());
    assertEquals(Map.of("activation", "elu", "lr", 0.01), t.get(5).hyperparameters());
  }

  @Test
  void idsDoNotDependOnKeyOrderOrNumberSpelling() {
    Grid a = new Grid(grid("lr", List.of(0.001), "first_neuron", List.of(64)), 1, 1);
    Grid b = new Grid(grid("first_neuron", List.of(64.0), "lr", List.of(1e-3)), 1, 1);
    assertEquals(a.trials().get(0).id(), b.trials().get(0).id());
    assertEquals(12, a.trials().get(0).id().length());
    assertEquals(
        "first_neuron=64;lr=0.001;#0", Grid.canonicalText(a.trials().get(0).hyperparameters(), 0));
  }

  @Test
  void repetitionsAreDistinctTrialsWithDistinctSeeds() {
    Grid g = new Grid(grid("lr", List.of(0.1, 0.2)), 3, 7);
    List<TrialSpec> t = g.trials();
    assertEquals(6, t.size());
    assertEquals(List.of(0, 1, 2, 0, 1, 2), t.stream().map(TrialSpec::repetition).toList());
    Set<String> ids = new HashSet<>();
    Set<Long> seeds = new HashSet<>();
    t.forEach(
        s -> {
          ids.add(s.id());
          seeds.add(s.seed());
        });
    assertEquals(6, ids.size());
    assertEquals(6, seeds.size());
    // the same combination and repetition is the same trial in another run
    assertEquals(t, new Grid(grid("lr", List.of(0.1, 0.2)), 3, 7).trials());
    // another base seed changes the seeds, not the ids
    List<TrialSpec> other = new Grid(grid("lr", List.of(0.1, 0.2)), 3, 8).trials();
    assertEquals(t.get(0).id(), other.get(0).id());
    assertNotEquals(t.get(0).seed(), other.get(0).seed());
  }

  @Test
  void duplicateValuesAreTrainedOnce() {
    Grid g = new Grid(grid("epochs", List.of(10, 10.0, 20)), 1, 0);
    assertEquals(2, g.trials().size());
  }

  @Test
  void emptyListIsRejected() {
    var e =
        assertThrows(IllegalArgumentException.class, () -> new Grid(grid("lr", List.of()), 1, 0));
    assertEquals("scan list 'lr' is empty", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new Grid(grid("lr", List.of(1)), 0, 0));
  }

  @Test
  void aMillionTrialsAreMadeOnlyWhenAskedFor() throws Exception {
    List<Integer> hundred = java.util.stream.IntStream.range(0, 100).boxed().toList();
    Grid g = new Grid(grid("a", hundred, "b", hundred, "c", List.of(1, 2, 3, 4, 5)), 20, 3);
    Runtime rt = Runtime.getRuntime();
    long before = rt.totalMemory() - rt.freeMemory();
    List<TrialSpec> t = g.trials();
    long after = rt.totalMemory() - rt.freeMemory();
    assertEquals(1_000_000, t.size());
    // nothing is expanded up front (a full expansion takes hundreds of MB)
    assertTrue(after - before < 50L << 20, "memory grew by " + (after - before));
    TrialSpec last = t.get(999_999);
    assertEquals(Map.of("a", 99, "b", 99, "c", 5), last.hyperparameters());
    assertEquals(19, last.repetition());
    // element i as the odometer gives it: (a, b, c) with c fastest, then the repetition
    TrialSpec some = t.get(((37 * 100 + 58) * 5 + 2) * 20 + 11);
    assertEquals(Map.of("a", 37, "b", 58, "c", 3), some.hyperparameters());
    assertEquals(11, some.repetition());
    // the id is the first 12 hex digits of the sha256 of the canonical text
    byte[] digest =
        java.security.MessageDigest.getInstance("SHA-256")
            .digest("a=37;b=58;c=3;#11".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    assertEquals(java.util.HexFormat.of().formatHex(digest).substring(0, 12), some.id());
    assertEquals(some, t.get(((37 * 100 + 58) * 5 + 2) * 20 + 11));
    assertThrows(IndexOutOfBoundsException.class, () -> t.get(1_000_000));
  }

  @Test
  void aGridAboveTheLimitNamesItsShape() {
    List<Integer> hundred = java.util.stream.IntStream.range(0, 100).boxed().toList();
    Grid g = new Grid(grid("lr", hundred, "first_neuron", hundred, "dropout", hundred), 2, 3);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, g::trials);
    assertEquals(
        "the scan grid has 2000000 trials (dropout 100 x first_neuron 100 x lr 100 x repetition 2):"
            + " more than 1000000 is surely a mistake; shorten the longest lists",
        e.getMessage());
  }

  @Test
  void coveringCombinationsHoldEveryValueAndTheJointProductOfTheCoupledKeys() {
    Grid g =
        new Grid(
            grid(
                "lr", List.of(0.1, 0.2, 0.3),
                "dropout", List.of(0.0, 0.5),
                "loss_function", List.of("binary_crossentropy", "categorical_crossentropy"),
                "output_activation", List.of("sigmoid", "softmax")),
            1,
            1);
    List<Map<String, Object>> c =
        g.coveringCombinations(Set.of("loss_function", "output_activation"));
    // 4 joint (loss, activation) pairs, each with the first values and one more per other value
    assertEquals(4 * (1 + 2 + 1), c.size());
    for (String key : List.of("lr", "dropout", "loss_function", "output_activation")) {
      Set<Object> seen = new HashSet<>();
      c.forEach(m -> seen.add(m.get(key)));
      assertEquals(
          Set.copyOf(g.trials().stream().map(t -> t.hyperparameters().get(key)).toList()), seen);
    }
    Set<List<Object>> pairs = new HashSet<>();
    c.forEach(m -> pairs.add(List.of(m.get("loss_function"), m.get("output_activation"))));
    assertEquals(4, pairs.size());
    Set<Map<String, Object>> all = new HashSet<>();
    g.trials().forEach(t -> all.add(t.hyperparameters()));
    assertTrue(all.containsAll(c), "every covering combination is a trial of the grid");
  }
}
