package hepscan.rootio.file;

import hepscan.rootio.bytes.RootBuffer;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The StreamerInfo record: a TList of TStreamerInfo, one per class stored in the file, giving the
 * class's version and checksum (and the layout of its members, which this reader does not need: the
 * classes it reads — TTree, TBranch, TLeaf — are decoded by version).
 */
public record StreamerInfoList(Map<String, Integer> classVersions) {

  public StreamerInfoList {
    classVersions = Map.copyOf(classVersions);
  }

  /** Reads the TList of the StreamerInfo record. */
  public static StreamerInfoList read(RootBuffer record) {
    ObjectStream in = new ObjectStream(record);
    Map<String, Integer> versions = new LinkedHashMap<>();
    ObjectStream.Header list = in.readHeader("StreamerInfo TList");
    if (list.version() > 3) {
      in.skipTObject();
      record.readTString(); // fName
    }
    int n = in.readCollectionSize("StreamerInfo TList");
    for (int i = 0; i < n; i++) {
      in.readObjectAny(
          (className, s, end) -> {
            if ("TStreamerInfo".equals(className)) {
              ObjectStream.Header h = s.readHeader("TStreamerInfo");
              ObjectStream.Named named = s.readTNamed("TStreamerInfo");
              s.buffer().readInt(); // fCheckSum
              versions.put(named.name(), s.buffer().readInt());
              s.skipToEnd(h);
            } else {
              s.skipToEnd(new ObjectStream.Header(className, s.buffer().position(), end, 0));
            }
            return null;
          });
      int optionLength = record.readUnsignedByte();
      record.skip(optionLength);
    }
    in.checkEnd(list);
    return new StreamerInfoList(versions);
  }
}
