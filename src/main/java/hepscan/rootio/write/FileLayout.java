package hepscan.rootio.write;

import java.time.LocalDateTime;

/** Constants of the ROOT file layout that the writer's classes share. */
final class FileLayout {
  private FileLayout() {}

  /** Offset of the top directory's key: the fixed header is padded to 100 bytes. */
  static final int BEGIN = 100;

  /**
   * ROOT's kStartBigFile: a seek pointer at or beyond it needs 64 bits (TKey version +1000,
   * TDirectory version +1000, file header version +1000000).
   */
  static final long START_BIG_FILE = 2_000_000_000L;

  /**
   * The ROOT version we claim to be (6.24/00): the class versions we write (TTree 20, TBranch 13,
   * TLeaf 2, TLeaf* 1) and the streamer infos we embed are those of ROOT 6.24.
   */
  static final int ROOT_VERSION = 62400;

  /** TObject::fBits of every object we stream: kNotDeleted | kIsOnHeap. */
  static final int OBJECT_BITS = 0x03000000;

  /** TDirectoryFile::Sizeof() for files version 4 and later: the same 60 bytes small or big. */
  static final int DIRECTORY_RECORD_SIZE = 60;

  /** ROOT's TDatime packing: seconds resolution, years from 1995. */
  static int datime(LocalDateTime t) {
    return (t.getYear() - 1995) << 26
        | t.getMonthValue() << 22
        | t.getDayOfMonth() << 17
        | t.getHour() << 12
        | t.getMinute() << 6
        | t.getSecond();
  }
}
