package hepscan.rootio.write;

import hepscan.rootio.RootIOException;
import hepscan.rootio.bytes.RootWriteBuffer;
import hepscan.rootio.compress.BlockCompressor;
import hepscan.rootio.compress.CompressionSetting;
import hepscan.rootio.tree.LeafType;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes a ROOT file with one or more TTrees of flat numeric branches. Data goes to a temporary
 * file beside the target; {@link #finish()} writes the trees, streamer infos, key list, free
 * segments and header, then renames it to the target. {@link #close()} without {@code finish()}
 * deletes the temporary file: a crash never leaves a half-written file under the final name.
 *
 * <pre>{@code
 * try (RootFileWriter w = RootFileWriter.create(path, CompressionSetting.zlib(1))) {
 *   TreeWriter t = w.createTree("tree", "scores", List.of(new BranchSpec("x", LeafType.DOUBLE)));
 *   t.append(new double[] {1, 2, 3});      // one array per branch, same length, any number of calls
 *   w.finish();
 * }
 * }</pre>
 *
 * <p>Layout: the 100-byte header, the top directory (key, name, TDirectory record), then every
 * basket as it fills, then at {@code finish()} the TTree records, the StreamerInfo list, the key
 * list and the free-segments record. Seek pointers switch to 64 bits for records beyond 2 GB
 * (ROOT's kStartBigFile), as ROOT does. Not thread-safe.
 */
public final class RootFileWriter implements Closeable {
  /** ROOT's default basket size (TTree::Branch bufsize). */
  public static final int DEFAULT_BASKET_SIZE = 32000;

  /** Limits on basket size: at least a few values; at most what a TKey's 32-bit sizes hold. */
  static final int MIN_BASKET_SIZE = 64;

  static final int MAX_BASKET_SIZE = 1 << 30;

  private static final String STREAMER_INFOS = "streamer-infos.bin";
  private static final int BASKET_HEADER_SIZE = 2 + 4 + 4 + 4 + 4 + 1;
  private static final int BASKET_VERSION = 3;

  private enum State {
    OPEN,
    FINISHED,
    CLOSED,
    FAILED
  }

  private final Path target;
  private final Path temp;
  private final String fileName;
  private final FileChannel channel;
  private final BlockCompressor compressor;
  private final boolean forceBig;
  private final int datime;
  private final List<FlatTreeWriter> trees = new ArrayList<>();
  private final int directoryKeyLength;

  /** Top directory key plus the TFile's name and title: where its TDirectory record starts. */
  private final int nbytesName;

  private long end;
  private State state = State.OPEN;

  private RootFileWriter(
      Path target,
      Path temp,
      FileChannel channel,
      CompressionSetting compression,
      boolean forceBig) {
    this.target = target;
    this.temp = temp;
    this.fileName = target.getFileName().toString();
    this.channel = channel;
    this.compressor = new BlockCompressor(compression);
    this.forceBig = forceBig;
    this.datime = FileLayout.datime(LocalDateTime.now());
    this.directoryKeyLength = KeyHeader.length("TFile", fileName, "", false);
    this.nbytesName =
        directoryKeyLength + RootWriteBuffer.stringSize(fileName) + RootWriteBuffer.stringSize("");
    // the top directory's key, name, title and TDirectory record are written last, here
    this.end = FileLayout.BEGIN + nbytesName + FileLayout.DIRECTORY_RECORD_SIZE;
  }

  /** zlib level 1: ROOT's classic default (101), fast and read by every ROOT version. */
  public static final CompressionSetting DEFAULT_COMPRESSION = CompressionSetting.zlib(1);

  /** A writer with {@link #DEFAULT_COMPRESSION}. */
  public static RootFileWriter create(Path target) throws RootIOException {
    return create(target, DEFAULT_COMPRESSION);
  }

  public static RootFileWriter create(Path target, CompressionSetting compression)
      throws RootIOException {
    return create(target, compression, false);
  }

  /**
   * As {@link #create(Path, CompressionSetting)}; {@code forceBig} writes every seek pointer in its
   * 64-bit form, as in a file beyond 2 GB, so tests can check large-file layout on small files.
   */
  static RootFileWriter create(Path target, CompressionSetting compression, boolean forceBig)
      throws RootIOException {
    Path abs = target.toAbsolutePath();
    Path temp = null;
    try {
      Files.createDirectories(abs.getParent());
      temp =
          abs.resolveSibling(
              "."
                  + abs.getFileName()
                  + "."
                  + Long.toHexString(ThreadLocalRandom.current().nextLong())
                  + ".tmp");
      // CREATE_NEW with default permissions (umask), unlike createTempFile's owner-only 0600,
      // which the rename would carry over to the finished file
      FileChannel channel =
          FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
      return new RootFileWriter(abs, temp, channel, compression, forceBig);
    } catch (FileAlreadyExistsException e) {
      throw new RootIOException(
          "cannot create ROOT file " + abs + ": temporary file " + temp + " exists", e);
    } catch (IOException e) {
      throw new RootIOException("cannot create ROOT file " + abs + ": " + e.getMessage(), e);
    }
  }

  public TreeWriter createTree(String name, String title, List<BranchSpec> branches)
      throws RootIOException {
    return createTree(name, title, branches, DEFAULT_BASKET_SIZE);
  }

  /**
   * A new TTree whose baskets hold up to {@code basketSize} bytes of values each (ROOT's bufsize):
   * smaller baskets mean more, smaller records on disk; each branch keeps one basket in memory.
   */
  public TreeWriter createTree(String name, String title, List<BranchSpec> branches, int basketSize)
      throws RootIOException {
    checkWritable("create tree '" + name + "'");
    if (name == null || name.isEmpty()) {
      throw new RootIOException(displayName() + ": a tree needs a non-empty name");
    }
    for (FlatTreeWriter t : trees) {
      if (t.name().equals(name)) {
        throw new RootIOException(displayName() + ": tree '" + name + "' is already being written");
      }
    }
    if (branches.isEmpty()) {
      throw new RootIOException(displayName() + ": tree '" + name + "' needs at least one branch");
    }
    if (basketSize < MIN_BASKET_SIZE || basketSize > MAX_BASKET_SIZE) {
      throw new RootIOException(
          displayName()
              + ": tree '"
              + name
              + "': basket size "
              + basketSize
              + " is outside "
              + MIN_BASKET_SIZE
              + ".."
              + MAX_BASKET_SIZE
              + " bytes");
    }
    Set<String> seen = new HashSet<>();
    for (BranchSpec b : branches) {
      if (b.name() == null || b.name().isEmpty() || b.type() == null) {
        throw new RootIOException(
            displayName() + ": tree '" + name + "': branch " + b + " needs a name and a type");
      }
      if (b.isJagged()) {
        checkCounter(name, b, branches);
      }
      if (!seen.add(b.name())) {
        throw new RootIOException(
            displayName() + ": tree '" + name + "': branch '" + b.name() + "' appears twice");
      }
    }
    FlatTreeWriter tree =
        new FlatTreeWriter(this, name, title == null ? "" : title, branches, basketSize);
    trees.add(tree);
    return tree;
  }

  /**
   * An array branch's counter must be an earlier scalar Int_t branch: ROOT reads the counter of an
   * entry before the array, and its leaf is referenced, so it must already be written.
   */
  private void checkCounter(String tree, BranchSpec array, List<BranchSpec> branches)
      throws RootIOException {
    String refused =
        displayName()
            + ": tree '"
            + tree
            + "': branch '"
            + array.name()
            + "' counts its elements"
            + " with '"
            + array.counter()
            + "', which ";
    for (BranchSpec b : branches) {
      if (b == array) {
        break;
      }
      if (b.name().equals(array.counter())) {
        if (b.isJagged() || b.type() != LeafType.INT) {
          throw new RootIOException(
              refused
                  + "must be a scalar Int_t branch, not "
                  + b.type().rootTypeName()
                  + (b.isJagged() ? " array" : ""));
        }
        return;
      }
    }
    throw new RootIOException(refused + "is not a branch listed before it");
  }

  /** Completes every tree and the file, then renames it to the target path. */
  public void finish() throws RootIOException {
    checkWritable("finish");
    try {
      List<KeyHeader> keys = new ArrayList<>();
      for (FlatTreeWriter tree : trees) {
        tree.flush();
        keys.add(writeTree(tree));
      }
      KeyHeader streamers =
          writeKey("TList", "StreamerInfo", "Doubly linked list", streamerInfoList(), true);
      KeyHeader keyList = writeKeyList(keys);
      KeyHeader free = writeFreeSegments();
      writeTopDirectory(keyList);
      writeFileHeader(streamers, free);
      channel.force(true);
      channel.close();
      closeCompressors();
      moveIntoPlace();
      state = State.FINISHED;
    } catch (IOException | RuntimeException e) {
      abort();
      throw e instanceof RootIOException r ? r : failure("finish", e);
    }
  }

  /** Deletes the temporary file unless {@link #finish()} succeeded. */
  @Override
  public void close() {
    if (state == State.OPEN || state == State.FAILED) {
      abort();
    }
    state = state == State.FINISHED ? State.FINISHED : State.CLOSED;
  }

  String displayName() {
    return target.toString();
  }

  void checkWritable(String what) throws RootIOException {
    if (state != State.OPEN) {
      throw new RootIOException(
          displayName()
              + ": cannot "
              + what
              + ": the writer is "
              + state.name().toLowerCase(java.util.Locale.ROOT));
    }
  }

  /** Marks the file as broken (nothing more will be written) and wraps the cause. */
  RootIOException failure(String where, Exception e) {
    state = State.FAILED;
    return new RootIOException(
        displayName() + ": " + where + ": write failed: " + e.getMessage(), e);
  }

  /**
   * Compresses one basket and appends it as a TBasket key. Like ROOT, basket keys always take the
   * 64-bit form (TBasket adds 1000 to its key version up front) and cycle 0.
   */
  BranchWriter.BasketSink.Written writeBasket(
      String treeName,
      int basketSize,
      BranchSpec branch,
      byte[] stored,
      int objlen,
      int valueBytes,
      int entries)
      throws IOException {
    int keylen = basketKeyLength(treeName, branch.name());
    KeyHeader key =
        new KeyHeader(
            keylen + stored.length,
            objlen,
            datime,
            keylen,
            0,
            end,
            FileLayout.BEGIN,
            true,
            "TBasket",
            branch.name(),
            treeName);
    RootWriteBuffer header = new RootWriteBuffer(keylen);
    key.write(header);
    header
        .writeShort(BASKET_VERSION)
        .writeInt(Math.max(basketSize, keylen + objlen)) // fBufferSize
        // fNevBufSize: the entry offsets' count for an array branch, else the bytes per entry
        .writeInt(branch.isJagged() ? entries + 1 : branch.type().size())
        .writeInt(entries) // fNevBuf
        .writeInt(keylen + valueBytes) // fLast: where the values end
        .writeByte(0); // flag: header only, the data follows the key
    long seek = append(header.array(), header.position(), stored);
    return new BranchWriter.BasketSink.Written(seek, key.nbytes(), keylen);
  }

  /** The key length of a branch's baskets, TBasket header included (always the 64-bit form). */
  static int basketKeyLength(String treeName, String branchName) {
    return KeyHeader.length("TBasket", branchName, treeName, true) + BASKET_HEADER_SIZE;
  }

  private KeyHeader writeTree(FlatTreeWriter tree) throws IOException {
    // the TTree's leaf references count from the start of its key, so they need the key's length
    int keylen = nextKeyLength("TTree", tree.name(), tree.title());
    byte[] payload =
        TreeRecord.serialize(
            tree.name(),
            tree.title(),
            tree.entries(),
            tree.branches(),
            tree.basketSize(),
            compressor.setting(),
            keylen);
    return writeKey("TTree", tree.name(), tree.title(), payload, true);
  }

  /** Length of the header of a key appended next: 64-bit seeks from 2 GB on. */
  private int nextKeyLength(String className, String name, String title) {
    return KeyHeader.length(className, name, title, isBig(end));
  }

  /**
   * Appends {@code payload} under a new key at the end of the file, compressed if asked and useful.
   */
  private KeyHeader writeKey(
      String className, String name, String title, byte[] payload, boolean compress)
      throws IOException {
    int keylen = nextKeyLength(className, name, title);
    byte[] stored = compress ? compressor.compress(payload, 0, payload.length) : payload;
    KeyHeader key =
        new KeyHeader(
            keylen + stored.length,
            payload.length,
            datime,
            keylen,
            1,
            end,
            FileLayout.BEGIN,
            isBig(end),
            className,
            name,
            title);
    RootWriteBuffer header = new RootWriteBuffer(keylen);
    key.write(header);
    append(header.array(), header.position(), stored);
    return key;
  }

  /** The TList of TStreamerInfo for every class a tree file holds. */
  private static byte[] streamerInfoList() throws IOException {
    byte[] records;
    try (InputStream in = RootFileWriter.class.getResourceAsStream(STREAMER_INFOS)) {
      if (in == null) {
        throw new IOException("resource " + STREAMER_INFOS + " is missing from the build");
      }
      records = in.readAllBytes();
    }
    RootWriteBuffer out = new RootWriteBuffer(records.length + 32);
    int list = out.startVersioned(5);
    out.writeShort(1).writeInt(0).writeInt(FileLayout.OBJECT_BITS); // TObject
    out.writeString(""); // fName
    out.writeInt(countRecords(records));
    out.writeBytes(records);
    out.endByteCount(list);
    return out.toByteArray();
  }

  /** Each record is a byte count, the bytes it counts, and a 1-byte empty option string. */
  private static int countRecords(byte[] records) {
    int n = 0;
    for (int at = 0; at < records.length; n++) {
      int count = ByteBuffer.wrap(records, at, 4).getInt() & ~RootWriteBuffer.BYTE_COUNT_MASK;
      at += 4 + count + 1;
    }
    return n;
  }

  private KeyHeader writeKeyList(List<KeyHeader> keys) throws IOException {
    RootWriteBuffer out = new RootWriteBuffer(64 + 64 * keys.size());
    out.writeInt(keys.size());
    for (KeyHeader k : keys) {
      k.write(out);
    }
    return writeKey("TFile", fileName, "", out.toByteArray(), false);
  }

  /** One free segment: from the end of the file to ROOT's notional end of the address space. */
  private KeyHeader writeFreeSegments() throws IOException {
    int keylen = nextKeyLength("TFile", fileName, "");
    boolean bigSegment = forceBig || end + keylen + 2 + 8 + 8 > FileLayout.START_BIG_FILE;
    long fileEnd = end + keylen + (bigSegment ? 2 + 8 + 8 : 2 + 4 + 4);
    RootWriteBuffer out = new RootWriteBuffer(32);
    if (bigSegment) {
      long last = FileLayout.START_BIG_FILE;
      while (last <= fileEnd) {
        last *= 2;
      }
      out.writeShort(1 + 1000).writeLong(fileEnd).writeLong(last);
    } else {
      out.writeShort(1).writeInt((int) fileEnd).writeInt((int) FileLayout.START_BIG_FILE);
    }
    KeyHeader key = writeKey("TFile", fileName, "", out.toByteArray(), false);
    if (end != fileEnd) {
      throw new IllegalStateException(
          "free segments record ends at " + end + ", expected " + fileEnd);
    }
    return key;
  }

  private void writeTopDirectory(KeyHeader keyList) throws IOException {
    int objlen = nbytesName - directoryKeyLength + FileLayout.DIRECTORY_RECORD_SIZE;
    KeyHeader key =
        new KeyHeader(
            directoryKeyLength + objlen,
            objlen,
            datime,
            directoryKeyLength,
            1,
            FileLayout.BEGIN,
            0,
            false,
            "TFile",
            fileName,
            "");
    boolean big = isBig(keyList.seekKey());
    RootWriteBuffer out = new RootWriteBuffer(key.nbytes());
    key.write(out);
    out.writeString(fileName).writeString(""); // TNamed part of the TFile
    out.writeShort(big ? 5 + 1000 : 5) // TDirectory class version
        .writeInt(datime) // fDatimeC
        .writeInt(datime) // fDatimeM
        .writeInt(keyList.nbytes()) // fNbytesKeys
        .writeInt(nbytesName)
        .writeSeek(FileLayout.BEGIN, big) // fSeekDir
        .writeSeek(0, big) // fSeekParent
        .writeSeek(keyList.seekKey(), big);
    writeUuid(out);
    if (!big) {
      out.writeInt(0).writeInt(0).writeInt(0); // room ROOT keeps to grow the seeks to 64 bits
    }
    write(FileLayout.BEGIN, out);
  }

  private void writeFileHeader(KeyHeader streamers, KeyHeader free) throws IOException {
    boolean big = isBig(end);
    RootWriteBuffer out = new RootWriteBuffer(FileLayout.BEGIN);
    out.writeBytes(new byte[] {'r', 'o', 'o', 't'})
        .writeInt(big ? FileLayout.ROOT_VERSION + 1_000_000 : FileLayout.ROOT_VERSION)
        .writeInt(FileLayout.BEGIN)
        .writeSeek(end, big) // fEND
        .writeSeek(free.seekKey(), big) // fSeekFree
        .writeInt(free.nbytes()) // fNbytesFree
        .writeInt(1) // nfree
        .writeInt(nbytesName)
        .writeByte(big ? 8 : 4) // fUnits
        .writeInt(compressor.setting().rootCode())
        .writeSeek(streamers.seekKey(), big) // fSeekInfo
        .writeInt(streamers.nbytes()); // fNbytesInfo
    writeUuid(out);
    while (out.position() < FileLayout.BEGIN) {
      out.writeByte(0);
    }
    write(0, out);
  }

  private static void writeUuid(RootWriteBuffer out) {
    UUID uuid = UUID.randomUUID();
    out.writeShort(1)
        .writeLong(uuid.getMostSignificantBits())
        .writeLong(uuid.getLeastSignificantBits());
  }

  private boolean isBig(long seek) {
    return forceBig || seek >= FileLayout.START_BIG_FILE;
  }

  /** Appends a key header and its stored object at the end; returns where they start. */
  private long append(byte[] header, int headerLength, byte[] stored) throws IOException {
    long at = end;
    end = write(write(at, ByteBuffer.wrap(header, 0, headerLength)), ByteBuffer.wrap(stored));
    return at;
  }

  private void write(long at, RootWriteBuffer bytes) throws IOException {
    write(at, ByteBuffer.wrap(bytes.array(), 0, bytes.position()));
  }

  /** Writes all of {@code buf} at {@code at}; returns the offset after it. */
  private long write(long at, ByteBuffer buf) throws IOException {
    while (buf.hasRemaining()) {
      at += channel.write(buf, at);
    }
    return at;
  }

  private void closeCompressors() {
    compressor.close();
    trees.forEach(FlatTreeWriter::close);
  }

  /** How baskets are compressed. */
  CompressionSetting compression() {
    return compressor.setting();
  }

  private void moveIntoPlace() throws IOException {
    try {
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private void abort() {
    state = State.FAILED;
    closeCompressors();
    try {
      channel.close();
    } catch (IOException e) {
      // the temporary file is deleted next; nothing else depends on this channel
    }
    deleteQuietly(temp);
  }

  /** Best effort: a leftover hidden temporary file is harmless, the target was never created. */
  private static void deleteQuietly(Path p) {
    try {
      Files.deleteIfExists(p);
    } catch (IOException e) {
      // nothing better to do while already failing or closing
    }
  }
}
