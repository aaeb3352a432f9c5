package hepscan.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A cache file above 2 GiB (28M training events x 20 features: 2.24 GB of features alone) is
 * written, read back through 1 GiB windows and equal to what was written. Tagged bench: it needs
 * about 6 GB of heap and 3 GB of disk. Run: {@code mvn -B -o -Pbench test
 * -Dtest=DataCacheLargeTest}.
 */
@Tag("bench")
class DataCacheLargeTest {
  static final int EVENTS = 28_000_000;
  static final int FEATURES = 20;

  @TempDir Path dir;

  @Test
  void aCacheAboveTwoGibibytesRoundTrips() throws Exception {
    float[] x = new float[EVENTS * FEATURES];
    for (int i = 0; i < x.length; i++) {
      x[i] = i * 0.5f; // distinct wherever a window boundary falls
    }
    int[] labels = new int[EVENTS];
    float[] weights = new float[EVENTS];
    int[] file = new int[EVENTS];
    long[] entry = new long[EVENTS];
    double[] eventWeight = new double[EVENTS];
    for (int i = 0; i < EVENTS; i++) {
      labels[i] = i % 2;
      weights[i] = 1 + (i % 7) * 0.25f;
      entry[i] = i * 3L;
      eventWeight[i] = i * 1e-3;
    }
    List<String> names = new ArrayList<>();
    for (int j = 0; j < FEATURES; j++) {
      names.add("v" + j);
    }
    SplitArrays small = new SplitArrays(1, FEATURES, new float[FEATURES], new int[1], new float[1]);
    EventInfo smallInfo = new EventInfo(new int[1], new long[1], new double[1], new double[0][]);
    PreparedData d =
        new PreparedData(
            names,
            names,
            Map.of(),
            List.of("S", "B"),
            List.of(),
            List.of(new PreparedFile(Path.of("data/s.root"), "s", "S", true, 1, 1)),
            new SplitArrays(EVENTS, FEATURES, x, labels, weights),
            small,
            small,
            new EventInfo(file, entry, eventWeight, new double[0][]),
            smallInfo,
            smallInfo,
            new Scaler(new double[FEATURES], new double[FEATURES], new boolean[FEATURES]),
            "f".repeat(64),
            List.of(),
            Map.of());
    Path cache = dir.resolve("big.bin");
    ByteArrayOutputStream logBytes = new ByteArrayOutputStream();
    PrintStream log = new PrintStream(logBytes, true, StandardCharsets.UTF_8);
    long t0 = System.nanoTime();
    DataCache.write(cache, d, log);
    double write = (System.nanoTime() - t0) / 1e9;
    assertTrue(Files.size(cache) > (1L << 31), Files.size(cache) + " bytes");
    t0 = System.nanoTime();
    PreparedData back = DataCache.read(cache, d.dataHash(), log);
    double read = (System.nanoTime() - t0) / 1e9;
    assertNotNull(back, logBytes.toString(StandardCharsets.UTF_8));
    assertEquals(EVENTS, back.training().nEvents());
    assertArrayEquals(x, back.training().features());
    assertArrayEquals(labels, back.training().labels());
    assertArrayEquals(weights, back.training().weights());
    assertArrayEquals(entry, back.trainingEvents().entry());
    assertArrayEquals(eventWeight, back.trainingEvents().eventWeight());
    System.out.printf(
        "DataCacheLargeTest: %.2f GB cache written in %.1f s, read in %.1f s%n",
        Files.size(cache) / 1e9, write, read);
  }
}
