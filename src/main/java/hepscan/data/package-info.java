/**
 * From ROOT files to training arrays: {@link hepscan.data.DataPreparation} reads the branches the
 * expressions need ({@link hepscan.data.RootSampleReader}, or any {@link
 * hepscan.data.EventSource}), applies cut, weights and the negative-weight policy, drops non-finite
 * events, splits each event by a hash of (seed, file name, entry) ({@link hepscan.data.Splitter}),
 * one-hot encodes {@code @op} inputs, equalises the classes' learning weights and fits the {@link
 * hepscan.data.Scaler}; the result, {@link hepscan.data.PreparedData}, is cached by {@link
 * hepscan.data.DataCache}. The expression language lives in {@code hepscan.data.expr}. No DJL here.
 */
package hepscan.data;
