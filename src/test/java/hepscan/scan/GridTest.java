package hepscan.scan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

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
}
