package hepscan.config;

import java.util.Locale;

/** How test outputs are split into ROOT files: one per sample tag or one per sample key. */
public enum SplitName {
  TAG,
  SAMPLE;

  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }
}
