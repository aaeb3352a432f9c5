package hepscan.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.norm.Dropout;
import ai.djl.training.GradientCollector;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Where a packed step's time goes (issue 15): the native operations of one batch of a pack of 16
 * reference networks (20-64-64-1, batch 1024), one by one, and the whole step's phases. Each figure
 * is the fastest of 5 blocks' mean, so that other work on the shared machine shows less.
 *
 * <p>Run: {@code mvn -B -o -Pbench test -Dtest=PackedStepProfile} ({@code -Dprofile.reps=N} per
 * block, default 40; {@code -Dprofile.trace=FILE} also writes libtorch's profiler trace of 20 whole
 * steps to FILE.json and FILE-dropout.json, to open in a Chrome trace viewer).
 */
@Tag("bench")
class PackedStepProfile {
  static final int K = 16;
  static final int BATCH = 1024;
  static final int REPS = Integer.getInteger("profile.reps", 40);

  /** Microseconds of {@code r}: the fastest of 5 blocks' mean, after a warm-up. */
  static double time(String what, Runnable r) {
    for (int i = 0; i < 10; i++) {
      r.run();
    }
    double us = Double.MAX_VALUE;
    for (int block = 0; block < 5; block++) {
      long t0 = System.nanoTime();
      for (int i = 0; i < REPS; i++) {
        r.run();
      }
      us = Math.min(us, (System.nanoTime() - t0) / 1e3 / REPS);
    }
    System.out.printf(Locale.ROOT, "%-64s %9.1f us%n", what, us);
    return us;
  }

  /** Runs {@code f} and releases its result. */
  static void op(NDManager m, Supplier<NDArray> f) {
    try (NDManager s = m.newSubManager()) {
      f.get().attach(s);
    }
  }

  @Test
  void profile() {
    Mlp.noGradOnThisThread();
    Engine engine = Trainer.engine();
    Architecture arch =
        new Architecture(20, List.of(64, 64), 1, Activation.RELU, OutputActivation.SIGMOID, 0);
    double[] rates = new double[K];
    for (int a = K / 2; a < K; a++) {
      rates[a] = 0.1; // half the members with dropout, as PackingBenchmark's grid
    }
    try (NDManager root = NDManager.newBaseManager()) {
      NDArray x = root.randomNormal(new Shape(K, BATCH, 20));
      NDArray h = root.randomNormal(new Shape(K, BATCH, 64));
      NDArray half = root.randomNormal(new Shape(K / 2, BATCH, 64));
      NDArray w0 = root.randomNormal(new Shape(K, 20, 64));
      NDArray w1 = root.randomNormal(new Shape(K, 64, 64));
      NDArray w2 = root.randomNormal(new Shape(K, 64, 1));
      NDArray b1 = root.randomNormal(new Shape(K, 1, 64));
      System.out.println("libtorch threads " + ai.djl.pytorch.jni.JniUtils.getNumThreads());
      time("bmm [16,1024,20] x [16,20,64]", () -> op(root, () -> x.matMul(w0)));
      time("bmm [16,1024,64] x [16,64,64]", () -> op(root, () -> h.matMul(w1)));
      time(
          "weight gradient [16,64,1024] x [16,1024,64]",
          () -> op(root, () -> h.transpose(0, 2, 1).matMul(h)));
      time("output layer [16,1024,64] x [16,64,1]", () -> op(root, () -> h.matMul(w2)));
      time("bias add [16,1024,64] + [16,1,64]", () -> op(root, () -> h.add(b1)));
      time("relu [16,1024,64]", () -> op(root, () -> ai.djl.nn.Activation.relu(h)));
      time(
          "randomUniform [16,1024,64]",
          () -> op(root, () -> root.randomUniform(0f, 1f, h.getShape())));
      time(
          "libtorch dropout of 8 members [8,1024,64]",
          () -> op(root, () -> Dropout.dropout(half, 0.1f, true).singletonOrThrow()));
      PackedDropout host = PackedDropout.of(rates, 1, root);
      host.reseed(new SplittableRandom(1));
      time("PackedDropout [16,1024,64] (8 members 0.1)", () -> op(root, () -> host.apply(0, h)));
      step(engine, root, arch, rates, x);
    }
  }

  /** The phases of whole packed steps as {@link PackedTrainer} runs them (binary, Adam, L2). */
  @SuppressWarnings("try")
  private static void step(
      Engine engine, NDManager root, Architecture arch, double[] rates, NDArray x) {
    NDArray flat = root.randomNormal(new Shape(K, arch.nParameters())).mul(0.1f);
    flat.setRequiresGradient(true);
    double[] l2 = new double[K];
    java.util.Arrays.fill(l2, 1e-4);
    ParameterUpdate update =
        ParameterUpdate.create(OptimizerKind.ADAM, flat, arch, l2, root, null, 0);
    NDArray lr = root.full(new Shape(K, 1), 1e-3f);
    NDArray sign = root.ones(new Shape(K, BATCH, 1));
    NDArray weight = root.full(new Shape(K, BATCH, 1), 1f / BATCH);
    NDArray one = root.ones(new Shape());
    PackedDropout dropout = PackedDropout.of(rates, arch.hidden().size(), root);
    dropout.reseed(new SplittableRandom(2));
    for (boolean withDropout : new boolean[] {false, true}) {
      long[] phases = new long[3];
      int[] steps = {0};
      Runnable stepOnce =
          () -> {
            try (NDManager bm = root.newSubManager()) {
              x.attach(bm);
              long t0 = System.nanoTime();
              try (GradientCollector gc = engine.newGradientCollector()) {
                NDList views = Mlp.packedViews(flat, arch, bm);
                NDArray z = Mlp.packedLogits(x, views, arch, withDropout ? dropout : null);
                NDArray loss = weight.mul(ai.djl.nn.Activation.softPlus(z.mul(sign))).sum();
                loss.attach(bm);
                long t1 = System.nanoTime();
                Mlp.backward(loss, one);
                phases[0] += t1 - t0;
                phases[1] += System.nanoTime() - t1;
              }
              x.attach(root);
              long t2 = System.nanoTime();
              NDArray grad = flat.getGradient();
              grad.attach(bm);
              update.stepRows(flat, grad, lr);
              phases[2] += System.nanoTime() - t2;
              steps[0]++;
            }
          };
      time("whole packed step, dropout " + (withDropout ? "on half" : "off"), stepOnce);
      String trace = System.getProperty("profile.trace");
      if (trace != null) {
        ai.djl.pytorch.jni.JniUtils.startProfile(false, true, false);
        for (int i = 0; i < 20; i++) {
          stepOnce.run();
        }
        ai.djl.pytorch.jni.JniUtils.stopProfile(trace + (withDropout ? "-dropout.json" : ".json"));
      }
      System.out.printf(
          Locale.ROOT,
          "  mean: forward and loss %.1f us, backward %.1f us, optimizer step %.1f us%n",
          phases[0] / 1e3 / steps[0],
          phases[1] / 1e3 / steps[0],
          phases[2] / 1e3 / steps[0]);
    }
  }

  /**
   * The output layer's ways, forward and backward with the ReLU before it (the gradient it hands
   * back decides the ReLU's backward speed): one output and several.
   */
  @Test
  @SuppressWarnings("try")
  void outputLayerWays() {
    Mlp.noGradOnThisThread();
    Engine engine = Trainer.engine();
    try (NDManager root = NDManager.newBaseManager()) {
      for (int out : new int[] {1, 3, 5}) {
        NDArray a = root.randomNormal(new Shape(16, 1024, 64));
        NDArray w = root.randomNormal(new Shape(16, out, 64)); // [K, out, in]
        w.setRequiresGradient(true);
        a.setRequiresGradient(true);
        NDArray one = root.ones(new Shape());
        java.util.Map<String, BiFunction<NDArray, NDArray, NDArray>> ways =
            new java.util.LinkedHashMap<>();
        ways.put(
            "transposed product", (h, wr) -> wr.matMul(h.transpose(0, 2, 1)).transpose(0, 2, 1));
        ways.put("plain product h x W^T", (h, wr) -> h.matMul(wr.transpose(0, 2, 1)));
        if (out == 1) {
          ways.put("multiply-sum", (h, wr) -> h.mul(wr).sum(new int[] {2}, true));
        }
        try (NDManager m = root.newSubManager()) {
          float[] plain = a.matMul(w.transpose(0, 2, 1)).toFloatArray();
          for (var e : ways.entrySet()) {
            NDArray z = e.getValue().apply(a, w);
            z.attach(m);
            assertArrayEquals(plain, z.toFloatArray(), 1e-3f, e.getKey() + ": the same logits");
          }
        }
        for (var e : ways.entrySet()) {
          PackedStepProfile.time(
              "out " + out + ": relu + " + e.getKey() + ", forward and backward",
              () -> {
                try (NDManager bm = root.newSubManager()) {
                  a.attach(bm);
                  w.attach(bm);
                  try (GradientCollector gc = engine.newGradientCollector()) {
                    NDArray h = ai.djl.nn.Activation.relu(a);
                    NDArray z = e.getValue().apply(h, w);
                    NDArray loss = z.sum();
                    loss.attach(bm);
                    Mlp.backward(loss, one);
                  }
                  a.getGradient().attach(bm);
                  w.getGradient().attach(bm);
                  Mlp.zeroGradient(a);
                  Mlp.zeroGradient(w);
                  a.attach(root);
                  w.attach(root);
                }
              });
        }
      }
    }
  }
}
