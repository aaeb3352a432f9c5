package hepscan.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;

/**
 * The forward pass, shared by training and inference so that both compute bit-identical numbers.
 * Every result lands on the manager of the input array: callers attach inputs to a short-lived
 * manager and everything is released with it.
 */
final class Mlp {
  private Mlp() {}

  /**
   * Views of the flat parameters as W0, b0, W1, b1, ... (shared storage), attached to {@code m}.
   */
  static NDList views(NDArray flat, Architecture a, NDManager m) {
    NDList parts = parts(flat, a, 0, m);
    NDList views = new NDList(parts.size());
    var sizes = a.layerSizes();
    for (int i = 0; i < parts.size(); i++) {
      NDArray part = parts.get(i);
      views.add(i % 2 == 0 ? part.reshape(sizes.get(i / 2 + 1), sizes.get(i / 2)) : part);
    }
    return views;
  }

  /** W0, b0, W1, b1, ... of the flat parameters along {@code axis}, attached to {@code m}. */
  private static NDList parts(NDArray flat, Architecture a, int axis, NDManager m) {
    long[] parts = a.partSizes();
    long[] starts = new long[parts.length - 1];
    long at = 0;
    for (int i = 0; i < starts.length; i++) {
      at += parts[i];
      starts[i] = at;
    }
    NDList split = flat.split(starts, axis);
    for (NDArray part : split) {
      part.attach(m);
    }
    return split;
  }

  /**
   * Output-layer logits of scaled inputs; dropout only when {@code training}, with {@code
   * hostMasks} when given (on the CPU: a pack of one, see {@link PackedDropout}), else with
   * libtorch's own dropout (on a GPU, where it draws on the device).
   */
  static NDArray logits(
      NDArray x, NDList views, Architecture a, boolean training, PackedDropout hostMasks) {
    NDArray h = x;
    int last = a.nLayers() - 1;
    for (int l = 0; l <= last; l++) {
      h = Linear.linear(h, views.get(2 * l), views.get(2 * l + 1)).singletonOrThrow();
      if (l < last) {
        h = a.activation().apply(h);
        if (training && a.dropout() > 0) {
          h =
              hostMasks != null
                  ? hostMasks.apply(l, h)
                  : Dropout.dropout(h, (float) a.dropout(), true).singletonOrThrow();
        }
      }
    }
    return h;
  }

  /**
   * Views of a pack's {@code [K, P]} parameter matrix (one network per row, each row laid out as
   * the flat array of {@link #views}): per layer the weights as {@code [K, in, out]} (transposed
   * views, no copy) and the biases as {@code [K, 1, out]}, attached to {@code m}.
   */
  static NDList packedViews(NDArray flat, Architecture a, NDManager m) {
    long k = flat.getShape().get(0);
    NDList parts = parts(flat, a, 1, m);
    NDList views = new NDList(parts.size());
    var sizes = a.layerSizes();
    for (int i = 0; i < parts.size(); i++) {
      NDArray part = parts.get(i);
      long out = sizes.get(i / 2 + 1);
      views.add(
          i % 2 == 0
              ? part.reshape(k, out, sizes.get(i / 2)).transpose(0, 2, 1)
              : part.reshape(k, 1, out));
    }
    return views;
  }

  /**
   * Output-layer logits {@code [K, m, outputs]} of a pack: {@code x} is {@code [K, m, in]} (each
   * network its own events) or {@code [m, in]} (the same events for all); batched products, one
   * native operation per layer for all K networks. {@code dropout} is the members' dropout, or null
   * (inference, or no member has dropout).
   */
  static NDArray packedLogits(NDArray x, NDList views, Architecture a, PackedDropout dropout) {
    // every layer as h x W, the output layer too: the product as [K, out, in] x [K, in, m]
    // transposed back has the faster forward, but it hands the last ReLU a transposed gradient, on
    // which libtorch's element-wise backward is ~37x slower: the layer and the ReLU before it,
    // forward and backward, took 4.5-7.8 ms that way against 1.4-3.9 ms as h x W
    // (PackedStepProfile#outputLayerWays; bench/README.md, "third round")
    NDArray h = x;
    int last = a.nLayers() - 1;
    for (int l = 0; l <= last; l++) {
      h = h.matMul(views.get(2 * l)).addi(views.get(2 * l + 1));
      if (l < last) {
        h = a.activation().apply(h);
        if (dropout != null) {
          h = dropout.apply(l, h);
        }
      }
    }
    return h;
  }

  /** Probabilities from logits: sigmoid (one column) or softmax over the classes. */
  static NDArray probabilities(NDArray logits, Architecture a) {
    return a.outputActivation() == OutputActivation.SIGMOID
        ? logits.getNDArrayInternal().sigmoid()
        : logits.softmax(1);
  }

  /**
   * PyTorch's grad mode is per thread and on by default: turn it off on the calling thread, so that
   * inference builds no graph and the optimizer may update the parameters in place.
   */
  static void noGradOnThisThread() {
    ai.djl.engine.Engine.getInstance(); // loads the native library
    JniUtils.setGradMode(false);
  }

  /**
   * Back-propagates a scalar {@code loss} with the seed gradient {@code one} (a cached {@code [1,
   * 1]} array of 1): {@code GradientCollector.backward} would allocate and copy a new one every
   * batch. Call inside a GradientCollector.
   */
  static void backward(NDArray loss, NDArray one) {
    JniUtils.backward((PtNDArray) loss, (PtNDArray) one, false, false);
  }

  /** Zeroes the parameters' gradient in place (DJL has no engine-neutral call for it). */
  static void zeroGradient(NDArray flat) {
    JniUtils.zeroGrad((PtNDArray) flat);
  }
}
