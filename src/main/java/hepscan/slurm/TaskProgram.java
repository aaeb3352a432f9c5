package hepscan.slurm;

import java.util.List;

/**
 * How an array task starts hepscan: the Java binary, the class path (a frozen copy of the jar and
 * its libraries) and JVM options. Part of the script's inputs, so the script stays a pure function.
 */
public record TaskProgram(String java, String classPath, List<String> jvmOptions) {

  public TaskProgram {
    jvmOptions = List.copyOf(jvmOptions);
  }
}
