/**
 * The file layer of the ROOT reader: the file header, TKey headers, directories and their key
 * lists, the StreamerInfo record, positional reads of records (decompressed through {@code
 * rootio.compress}) and the decoding of objects streamed by ROOT's TBufferFile (byte counts,
 * versions, class tags and object references). Depends only on {@code rootio.bytes} and {@code
 * rootio.compress}.
 */
package hepscan.rootio.file;
