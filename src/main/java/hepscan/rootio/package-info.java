/**
 * A pure-Java reader (and, in {@code hepscan.rootio.write}, writer) of CERN ROOT files, depending
 * on nothing else in hepscan: only the JDK, org.tukaani:xz, lz4-java and zstd-jni. It could ship as
 * its own artifact.
 *
 * <h2>What is read</h2>
 *
 * <ul>
 *   <li>Files written by ROOT 5.23 to 6.3x (a sweep over 5.23 to 6.20 is tested), ROOT 3 and
 *       Geant4's g4tools; small files (32-bit seeks) and large files (64-bit).
 *   <li>Directories and subdirectories; several cycles of one name (the highest wins unless {@code
 *       name;N} is asked); the StreamerInfo record (class versions).
 *   <li>TTree class versions 16 to 20 (TNtuple/TNtupleD too), and version 5 with TBranch 6 to 9 as
 *       ROOT 3 and Geant4's g4tools writer store them; plain TBranch with TLeafO/B/S/I/L/G/F/D
 *       (signed and unsigned): scalars, fixed arrays {@code x[4]/F}, jagged arrays {@code x[n]/F}
 *       through the basket entry offsets, leaf lists {@code a/D:b/I} of fixed-size leaves, and
 *       TLeafC strings; many baskets per branch, baskets embedded in the TTree record; jagged
 *       baskets written with ROOT's generated offset maps (TIOFeatures kGenerateOffsetMap), whose
 *       entry offsets are rebuilt from the counter branch.
 *   <li>Double32_t and Float16_t leaves (TLeafD32, TLeafF16), read as DOUBLE and FLOAT values the
 *       way ROOT unpacks them: a float, or a range {@code [xmin,xmax,nbits]} in the leaf title (an
 *       unsigned integer scaled to the range), or {@code [0,0,nbits]} (exponent and truncated
 *       mantissa); scalars, fixed and jagged arrays.
 *   <li>Files of ROOT 3/4 and other writers (Geant4's g4tools, go-hep) using the class versions
 *       above.
 *   <li>{@code std::vector<T>} branches for every numeric T and bool (a TBranchElement holding one
 *       whole vector per entry, with one TLeafElement, as {@code tree->Branch("x", &vec)} writes it
 *       at any split level), read as jagged columns; {@code vector<vector<T>>} as the values of
 *       each entry flattened ({@link hepscan.rootio.tree.LeafShape#NESTED}).
 *   <li>zlib, LZMA, LZ4 (with ROOT's xxhash64 checksum) and ZSTD blocks; uncompressed records;
 *       records split into several blocks.
 * </ul>
 *
 * <p>Not read, and reported by name instead ({@link
 * hepscan.rootio.tree.TreeReader#unsupportedReason}): other object branches (TBranchElement of
 * other classes such as TLorentzVector, {@code vector<TLorentzVector>}, strings, maps and user
 * classes, members of split objects, so Double32_t members of classes too; TBranchObject), leaf
 * lists holding a variable-size leaf, and ROOT's old "CS" compression.
 *
 * <h2>On-disk format, briefly</h2>
 *
 * <p>Numbers are big-endian. A ROOT file starts with a header ({@link
 * hepscan.rootio.file.FileHeader}): {@code "root"}, the version (plus 1000000 when seek pointers
 * are 64-bit), {@code fBEGIN} (first record), {@code fEND}, the free-segment list, the name length,
 * the default compression ({@code algorithm*100 + level}) and where the StreamerInfo record is.
 *
 * <p>Everything else is a record: a TKey header ({@link hepscan.rootio.file.KeyHeader}: total size
 * {@code fNbytes}, key version, uncompressed object size {@code fObjlen}, date, header size {@code
 * fKeylen}, cycle, its own seek and its directory's seek — 64-bit when the key version is above
 * 1000 —, class name, name, title) followed by the object. The object is compressed unless {@code
 * fObjlen == fNbytes - fKeylen}; compressed data is a series of blocks, each with a 9-byte header
 * (2 magic letters, a method byte, 3-byte little-endian compressed and uncompressed sizes), see
 * {@link hepscan.rootio.compress.BlockDecompressor}.
 *
 * <p>The top directory is at {@code fBEGIN + fNbytesName}; a directory record ({@link
 * hepscan.rootio.file.RootDirectory}) gives where its key list is ({@code fSeekKeys}), a record
 * holding a count and that many TKey headers. A subdirectory is a key of class TDirectory or
 * TDirectoryFile whose object is again a directory record.
 *
 * <p>Objects are streamed by ROOT's TBufferFile ({@link hepscan.rootio.file.ObjectStream}): each
 * versioned object starts with a byte count (with bit 0x40000000 set) and a 2-byte class version;
 * pointers carry a class tag (new class name, or a reference to where the class was first named) or
 * a reference to an object already read — this is how a leaf points to its counter leaf.
 *
 * <p>A TTree record ({@link hepscan.rootio.tree.TTree}) holds TNamed, three attribute bases, the
 * entry count and other counters (their set depends on the class version), cluster ranges (v19+),
 * TIOFeatures (v20), then a TObjArray of branches. A TBranch ({@link hepscan.rootio.tree.TBranch})
 * holds its compression, entry-offset length, the number of written baskets {@code fWriteBasket},
 * its sub-branches, its leaves (TLeaf: name, title with dimensions, {@code fLen} values per entry,
 * unsigned flag, counter leaf), a TObjArray of baskets still in memory when the tree was saved
 * (embedded baskets) and three tables: each written basket's size, first entry and seek.
 *
 * <p>A basket ({@link hepscan.rootio.tree.TBasket}) is a record whose key header is followed by the
 * TBasket members (entry count {@code fNevBuf}, {@code fLast} = end of the values counted from the
 * key start, a flag). Its object holds the values, entry after entry, leaf after leaf; for
 * variable-size entries the values are followed by the entry-offset table (a count, then each
 * entry's start counted from the key start).
 *
 * <p>A TBranchElement ({@link hepscan.rootio.tree.BranchElement}) follows its TBranch part with the
 * class it holds ({@code fClassName}, e.g. {@code vector<float>}), parent and clones class names,
 * checksum, class version, {@code fID} (-1: the whole object), {@code fType}, {@code
 * fStreamerType}, {@code fMaximum} and two branch-count pointers; its TLeafElement adds {@code fID}
 * and {@code fType} to TLeaf. A {@code std::vector} entry is the vector as ROOT's collection
 * streamer writes it: byte count and class version, a 32-bit element count, then the elements (for
 * a vector of vectors: each inner vector as a count and its elements).
 *
 * <h2>Errors</h2>
 *
 * <p>Every length read from the file is checked against what remains before anything is allocated,
 * and every basket against its branch's tables. Failures surface as a one-line {@link
 * hepscan.rootio.RootIOException} naming the file, the tree, the branch, the basket and its offset.
 * Uncompressed data and ZSTD blocks carry no checksum in ROOT files, so a corrupted value byte in
 * those cannot be detected by any reader.
 */
package hepscan.rootio;
