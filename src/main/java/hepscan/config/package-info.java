/**
 * The parameters file and the sample list, read with Jackson into immutable, validated records.
 *
 * <p>{@link hepscan.config.ParametersLoader#load} checks everything before any work and reports
 * every problem at once in a {@link hepscan.config.ConfigException}: one line per {@link
 * hepscan.config.ConfigError}, naming the file, the key path ({@code scan.activation[1]}), the
 * value and the fix (unknown keys and names come with the nearest valid one). It resolves the
 * sample list's file globs and looks up each background file's cross section and event-weight sum,
 * so a missing file or JSON entry is a configuration error, not a crash halfway through a scan.
 * Expressions are parsed by {@code hepscan.data} (this package depends on the JDK and Jackson
 * only).
 */
package hepscan.config;
