package hepscan.model;

/** Where to train: {@code auto} takes the first GPU when the engine sees one, the CPU otherwise. */
public enum DeviceChoice {
  AUTO,
  CPU,
  GPU;

  public String key() {
    return Names.key(this);
  }

  public static DeviceChoice parse(String name) {
    return Names.parse(DeviceChoice.class, values(), name, "device");
  }
}
