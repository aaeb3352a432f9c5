package hepscan.data;

import java.nio.file.Path;

/** A file that contributed events, with what its learning weights were computed from. */
public record PreparedFile(
    Path path, String sampleKey, String tag, boolean signal, double xsec, double eventWeightSum) {}
