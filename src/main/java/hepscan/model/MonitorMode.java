package hepscan.model;

/** Whether the monitored quantity should decrease ({@code min}) or increase ({@code max}). */
public enum MonitorMode {
  MIN,
  MAX,
  /** {@code max} for accuracies, {@code min} for losses. */
  AUTO;

  public String key() {
    return Names.key(this);
  }

  public static MonitorMode parse(String name) {
    return Names.parse(MonitorMode.class, values(), name, "mode");
  }

  boolean maximises(Monitor monitor) {
    return this == MAX || (this == AUTO && monitor.autoMaximises());
  }
}
