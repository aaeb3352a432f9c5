/**
 * Writes ROOT files holding TTrees of numeric branches, readable by CERN ROOT, uproot and JSROOT:
 * scalar branches ({@code x/F}) and counter-based arrays ({@code x[n]/F}, the length of each entry
 * taken from an earlier {@code n/I} branch). Depends only on {@code hepscan.rootio} and the JDK
 * plus the codec libraries.
 *
 * <h2>What a file looks like</h2>
 *
 * <pre>
 *  0    header: "root", version 62400 (+1000000 when large), fBEGIN=100, fEND, fSeekFree,
 *       fNbytesFree, nfree, fNbytesName, fUnits (4 or 8), fCompress, fSeekInfo, fNbytesInfo, UUID
 *  100  TKey "TFile" + name + title + TDirectory record (version 5, +1000 with 64-bit seeks)
 *       TKey "TBasket" (name = branch, title = tree) + TBasket header + values, one per full
 *       basket, written as the branch fills (big-endian values; an array branch's basket then
 *       holds its entry offsets: a count, each entry's start and the values' end, counted from
 *       the key's start)
 *  ...  TKey "TTree" per tree: TTree v20 with its TBranch v13 / TLeaf* objects and the
 *       per-branch fBasketBytes, fBasketEntry, fBasketSeek arrays
 *       TKey "TList" "StreamerInfo": the TStreamerInfo records of every class written
 *       TKey "TFile": the key list (a count, then the TTree key headers)
 *       TKey "TFile": free segments, one [fEND, 2000000000) (64-bit form in large files)
 * </pre>
 *
 * Every record after the top directory is appended at the end, so a tree much larger than memory
 * can be written: only one open basket per branch is held. Objects are compressed in ROOT's block
 * format ({@link hepscan.rootio.compress.BlockCompressor}) and stored raw when that does not make
 * them smaller. A key at or beyond 2,000,000,000 bytes (ROOT's kStartBigFile) gets version 1004 and
 * 64-bit seeks; TBranch basket seeks are always 64-bit.
 *
 * <p>Format references: ROOT's {@code io/doc/TFile} specification, uproot5's writer ({@code
 * src/uproot/writing/_cascade.py}, {@code _cascadetree.py}) and go-hep's {@code groot/riofs},
 * {@code groot/rtree}. The TStreamerInfo records are bytes uproot5 ships (made by ROOT 6.24);
 * {@code tools/streamerinfo/extract_uproot_streamers.py} regenerates {@code streamer-infos.bin}.
 */
package hepscan.rootio.write;
