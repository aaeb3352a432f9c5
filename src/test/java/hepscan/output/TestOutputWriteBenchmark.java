package hepscan.output;

import hepscan.rootio.write.BranchSpec;
import hepscan.rootio.write.RootFileWriter;
import hepscan.rootio.write.TreeWriter;
import java.lang.reflect.Array;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ForkJoinPool;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Not a timed test: events/s of writing test outputs ({@code mvn -Pbench test
 * -Dtest=TestOutputWriteBenchmark}), 1M events in the layout of the demo's outputs (14 inputs, 2
 * classes), zlib level 1, baskets compressed on one thread and on all cores, side by side. The
 * whole {@code --model M --test} prints its own breakdown (inference, ROOT writing, the rest).
 */
@Tag("bench")
class TestOutputWriteBenchmark {
  @TempDir Path dir;

  @Test
  void writeOneMillionEvents() throws Exception {
    List<String> features = new ArrayList<>();
    for (int j = 0; j < 14; j++) {
      features.add("x" + j);
    }
    OutputColumns columns = OutputColumns.of(List.of("signal", "background"), features, List.of());
    int n = 1_000_000;
    int chunk = ModelTester.CHUNK;
    SplittableRandom r = new SplittableRandom(3);
    Object[] values = new Object[columns.branches().size()];
    for (int b = 0; b < values.length; b++) {
      BranchSpec spec = columns.branches().get(b);
      Object a = Array.newInstance(arrayType(spec), chunk);
      for (int i = 0; i < chunk; i++) {
        double v = Math.round(r.nextGaussian() * 1000) / 64.0;
        switch (spec.type()) {
          case INT -> Array.setInt(a, i, (int) v);
          case LONG -> Array.setLong(a, i, (long) (i * 7L));
          case FLOAT -> Array.setFloat(a, i, (float) v);
          default -> Array.setDouble(a, i, v);
        }
      }
      values[b] = a;
    }
    for (int run = 0; run < 3; run++) {
      for (int threads : new int[] {1, Runtime.getRuntime().availableProcessors()}) {
        Path file = dir.resolve("bench.root");
        long t0 = System.nanoTime();
        ForkJoinPool pool = new ForkJoinPool(threads);
        try {
          pool.submit(
                  () -> {
                    try (RootFileWriter w = RootFileWriter.create(file)) {
                      TreeWriter t = w.createTree("tree", "bench", columns.branches());
                      for (int done = 0; done < n; done += chunk) {
                        t.append(values);
                      }
                      w.finish();
                    }
                    return null;
                  })
              .get();
        } finally {
          pool.shutdown();
        }
        double s = (System.nanoTime() - t0) / 1e9;
        System.out.printf(
            "test outputs %s %d thread(s): %d events x %d branches in %.2f s: %.0f events/s,"
                + " file %.1f MB%n",
            run == 0 ? "(warm-up)" : "         ",
            threads,
            ((n + chunk - 1) / chunk) * (long) chunk,
            values.length,
            s,
            ((n + chunk - 1) / chunk) * (double) chunk / s,
            Files.size(file) / 1e6);
      }
    }
  }

  private static Class<?> arrayType(BranchSpec spec) {
    return switch (spec.type()) {
      case INT -> int.class;
      case LONG -> long.class;
      case FLOAT -> float.class;
      default -> double.class;
    };
  }
}
