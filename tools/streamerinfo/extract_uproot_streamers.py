"""Regenerates src/main/resources/hepscan/rootio/write/streamer-infos.bin.

The bytes are the serialized TStreamerInfo records that uproot5 writes into every file holding
a TTree (uproot5, BSD-3-Clause, src/uproot/models/{TH,TObjArray,TLeaf,TBranch,TTree}.py,
constants _rawstreamer_*; uproot's writer collects them in src/uproot/writing/writable.py
mktree()). uproot took them from files written by CERN ROOT 6.24. Each record is one TList
element: a TStreamerInfo written with a new-class tag (no back-references, so the records are
position-independent) followed by its empty option string (one zero byte).

Usage (no uproot installation needed; the Python sources are parsed, not imported):
  git -C UPROOT5 show COMMIT:src/uproot/models/TTree.py > TTree.py   # same for TH, TObjArray, TLeaf, TBranch
  python3 extract_uproot_streamers.py DIR_WITH_THE_5_FILES OUTPUT.bin
Generated from uproot5 commit 5388b8576d56135b05663a2b1741f6a056d65285.
"""

import ast
import os
import struct
import sys

MODULES = ["TH", "TObjArray", "TLeaf", "TBranch", "TTree"]
# The same classes, in the same order, as uproot's mktree().
CLASSES = [
    "Model_TLeafB_v1", "Model_TLeafS_v1", "Model_TLeafI_v1", "Model_TLeafL_v1",
    "Model_TLeafF_v1", "Model_TLeafD_v1", "Model_TLeafC_v1", "Model_TLeafO_v1",
    "Model_TBranch_v13", "Model_TTree_v20",
]


def main(src_dir, out_path):
    consts, classes = {}, {}
    for mod in MODULES:
        tree = ast.parse(open(os.path.join(src_dir, mod + ".py")).read())
        for node in tree.body:
            if isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name) \
                    and node.targets[0].id.startswith("_rawstreamer_"):
                consts[mod + "." + node.targets[0].id] = ast.literal_eval(node.value)
            if isinstance(node, ast.ClassDef):
                for item in node.body:
                    if isinstance(item, ast.Assign) and getattr(item.targets[0], "id", None) == "class_rawstreamers" \
                            and isinstance(item.value, ast.Tuple):
                        refs = []
                        for elt in item.value.elts:
                            if isinstance(elt, ast.Tuple):
                                key = f"{mod}.inline.{node.name}.{len(refs)}"
                                consts[key] = ast.literal_eval(elt)
                                refs.append(key)
                            else:
                                parts = ast.unparse(elt).split(".")
                                refs.append((parts[-2] if len(parts) > 1 else mod) + "." + parts[-1])
                        classes[node.name] = refs
    seen, blob = set(), b""
    for cls in CLASSES:
        for ref in classes[cls]:
            _, raw, name, version = consts[ref]
            if (name, version) in seen:
                continue
            seen.add((name, version))
            count = struct.unpack(">I", raw[:4])[0] & ~0x40000000
            assert len(raw) == count + 4 + 1 and raw[-1] == 0, name
            print(f"{name} v{version}: {len(raw)} bytes")
            blob += raw
    open(out_path, "wb").write(blob)
    print(f"{len(seen)} records, {len(blob)} bytes -> {out_path}")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
