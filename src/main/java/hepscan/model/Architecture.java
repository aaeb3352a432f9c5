package hepscan.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The network's shape: {@code nInputs} → hidden layers → {@code nOutputs}.
 *
 * <p>Parameters live in one flat float array, layer after layer: the weight matrix {@code [out,
 * in]} row-major, then the bias {@code [out]}. Training updates that one array with a handful of
 * native operations per batch instead of a handful per layer.
 */
public record Architecture(
    int nInputs,
    List<Integer> hidden,
    int nOutputs,
    Activation activation,
    OutputActivation outputActivation,
    double dropout) {

  public Architecture {
    hidden = List.copyOf(hidden);
    if (nInputs < 1 || nOutputs < 1 || hidden.isEmpty() || hidden.stream().anyMatch(h -> h < 1)) {
      throw new IllegalArgumentException(
          "bad architecture: "
              + nInputs
              + " inputs, hidden "
              + hidden
              + ", "
              + nOutputs
              + " outputs");
    }
  }

  /** The network of {@code hp} for {@code nInputs} features and {@code nClasses} classes. */
  public static Architecture of(int nInputs, Hyperparameters hp, int nClasses) {
    boolean binary = hp.lossFunction() == LossFunction.BINARY_CROSSENTROPY;
    if (binary && nClasses != 2) {
      throw new IllegalArgumentException(
          "binary_crossentropy needs exactly 2 classes, the outputs define "
              + nClasses
              + ": use categorical_crossentropy with softmax");
    }
    return new Architecture(
        nInputs,
        Collections.nCopies(hp.hiddenLayers(), hp.firstNeuron()),
        binary ? 1 : nClasses,
        hp.activation(),
        hp.outputActivation(),
        hp.dropout());
  }

  /** Number of classes: 2 for one sigmoid output, else one per output. */
  public int nClasses() {
    return nOutputs == 1 ? 2 : nOutputs;
  }

  /** Units per layer, inputs first, outputs last. */
  public List<Integer> layerSizes() {
    List<Integer> s = new ArrayList<>();
    s.add(nInputs);
    s.addAll(hidden);
    s.add(nOutputs);
    return s;
  }

  /** Number of weight + bias layers. */
  int nLayers() {
    return hidden.size() + 1;
  }

  /** Sizes of the parts of the flat parameter array: W0, b0, W1, b1, ... */
  long[] partSizes() {
    List<Integer> s = layerSizes();
    long[] parts = new long[2 * nLayers()];
    for (int l = 0; l < nLayers(); l++) {
      parts[2 * l] = (long) s.get(l + 1) * s.get(l);
      parts[2 * l + 1] = s.get(l + 1);
    }
    return parts;
  }

  public int nParameters() {
    long n = 0;
    for (long p : partSizes()) {
      n += p;
    }
    if (n > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("network too large: " + n + " parameters");
    }
    return (int) n;
  }

  /** 1 on weights, 0 on biases: where the L2 penalty applies. */
  float[] weightMask() {
    float[] mask = new float[nParameters()];
    long[] parts = partSizes();
    int at = 0;
    for (int p = 0; p < parts.length; p++) {
      if (p % 2 == 0) {
        Arrays.fill(mask, at, at + (int) parts[p], 1f);
      }
      at += (int) parts[p];
    }
    return mask;
  }

  /** Keras' defaults: Glorot-uniform weights, zero biases. */
  float[] initialParameters(SplittableRandom rng) {
    float[] p = new float[nParameters()];
    List<Integer> s = layerSizes();
    int at = 0;
    for (int l = 0; l < nLayers(); l++) {
      int in = s.get(l);
      int out = s.get(l + 1);
      double limit = Math.sqrt(6.0 / (in + out));
      for (int i = 0; i < in * out; i++) {
        p[at++] = (float) ((2 * rng.nextDouble() - 1) * limit);
      }
      at += out;
    }
    return p;
  }
}
