package hepscan.model;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A trial's state after a completed epoch: parameters, optimizer state, early-stopping and LR
 * schedule, history and best weights. {@link Trainer#train(TrainingInput, Hyperparameters,
 * TrainingSettings, TrainingListener, TrainingCheckpoint)} continues from it; without dropout the
 * continued trial ends with the same numbers as an uninterrupted one (dropout masks are drawn
 * anew). {@link #toBytes()} and {@link #fromBytes(byte[])} store it.
 */
public final class TrainingCheckpoint {
  private static final int MAGIC = 0x4853434b; // "HSCK"
  private static final int VERSION = 1;

  private final String trial;
  private final int epochsDone;
  private final float[] parameters;
  private final List<float[]> optimizerState;
  private final int optimizerSteps;
  private final double[] schedule;
  private final List<EpochStats> history;
  private final float[] bestParameters;
  private final int bestEpoch;
  private final double seconds;

  TrainingCheckpoint(
      String trial,
      int epochsDone,
      float[] parameters,
      List<float[]> optimizerState,
      int optimizerSteps,
      double[] schedule,
      List<EpochStats> history,
      float[] bestParameters,
      int bestEpoch,
      double seconds) {
    this.trial = trial;
    this.epochsDone = epochsDone;
    this.parameters = parameters;
    this.optimizerState = List.copyOf(optimizerState);
    this.optimizerSteps = optimizerSteps;
    this.schedule = schedule;
    this.history = List.copyOf(history);
    this.bestParameters = bestParameters;
    this.bestEpoch = bestEpoch;
    this.seconds = seconds;
  }

  /** Epochs completed before the checkpoint. */
  public int epochsDone() {
    return epochsDone;
  }

  String trial() {
    return trial;
  }

  float[] parameters() {
    return parameters;
  }

  List<float[]> optimizerState() {
    return optimizerState;
  }

  int optimizerSteps() {
    return optimizerSteps;
  }

  double[] schedule() {
    return schedule;
  }

  List<EpochStats> history() {
    return history;
  }

  /** Null when no epoch had a finite monitored value yet. */
  float[] bestParameters() {
    return bestParameters;
  }

  int bestEpoch() {
    return bestEpoch;
  }

  double seconds() {
    return seconds;
  }

  public byte[] toBytes() {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      DataOutputStream out = new DataOutputStream(bytes);
      out.writeInt(MAGIC);
      out.writeInt(VERSION);
      out.writeUTF(trial);
      out.writeInt(epochsDone);
      writeFloats(out, parameters);
      out.writeInt(optimizerState.size());
      for (float[] s : optimizerState) {
        writeFloats(out, s);
      }
      out.writeInt(optimizerSteps);
      out.writeInt(schedule.length);
      for (double d : schedule) {
        out.writeDouble(d);
      }
      out.writeInt(history.size());
      for (EpochStats e : history) {
        out.writeInt(e.epoch());
        for (double d :
            new double[] {
              e.loss(),
              e.acc(),
              e.valLoss(),
              e.valAcc(),
              e.lr(),
              e.trainSeconds(),
              e.validationSeconds()
            }) {
          out.writeDouble(d);
        }
      }
      writeFloats(out, bestParameters == null ? new float[0] : bestParameters);
      out.writeInt(bestEpoch);
      out.writeDouble(seconds);
      out.flush();
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new IllegalStateException("writing to memory failed", e);
    }
  }

  /**
   * Reads {@link #toBytes()}.
   *
   * @throws IOException when the bytes are not a checkpoint of this version or are truncated
   */
  public static TrainingCheckpoint fromBytes(byte[] data) throws IOException {
    DataInputStream in = new DataInputStream(new ByteArrayInputStream(data));
    try {
      if (in.readInt() != MAGIC || in.readInt() != VERSION) {
        throw new IOException("not a hepscan training checkpoint of version " + VERSION);
      }
      String trial = in.readUTF();
      int epochsDone = in.readInt();
      float[] parameters = readFloats(in);
      int nState = in.readInt();
      List<float[]> state = new ArrayList<>();
      for (int i = 0; i < nState; i++) {
        state.add(readFloats(in));
      }
      int steps = in.readInt();
      double[] schedule = new double[in.readInt()];
      for (int i = 0; i < schedule.length; i++) {
        schedule[i] = in.readDouble();
      }
      int nHistory = in.readInt();
      List<EpochStats> history = new ArrayList<>();
      for (int i = 0; i < nHistory; i++) {
        int epoch = in.readInt();
        double[] v = new double[7];
        for (int j = 0; j < v.length; j++) {
          v[j] = in.readDouble();
        }
        history.add(new EpochStats(epoch, v[0], v[1], v[2], v[3], v[4], v[5], v[6]));
      }
      float[] best = readFloats(in);
      int bestEpoch = in.readInt();
      double seconds = in.readDouble();
      return new TrainingCheckpoint(
          trial,
          epochsDone,
          parameters,
          state,
          steps,
          schedule,
          history,
          best.length == 0 ? null : best,
          bestEpoch,
          seconds);
    } catch (java.io.EOFException e) {
      throw new IOException("training checkpoint is truncated", e);
    }
  }

  private static void writeFloats(DataOutputStream out, float[] v) throws IOException {
    out.writeInt(v.length);
    for (float f : v) {
      out.writeFloat(f);
    }
  }

  private static float[] readFloats(DataInputStream in) throws IOException {
    int n = in.readInt();
    if (n < 0 || n > in.available() / 4) {
      throw new IOException(
          "training checkpoint is truncated or corrupt (array of " + n + " floats)");
    }
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = in.readFloat();
    }
    return v;
  }
}
