"""Regenerates the small NumPy-written fixtures of LayoutTests (run from this folder).

Every array is derived from `base` below so the Swift tests can recompute the expected values:
base[i, j] = (i * 4 + j) * 0.25 - 1.5 for a [3, 4] array (exact in float16).
"""
import numpy as np

base = (np.arange(12, dtype=np.float64).reshape(3, 4) * 0.25 - 1.5)
labels = np.array([0, 3, 1, 2, 127], dtype=np.int64)

for code in ["f2", "f4", "f8"]:
    for order_name, order in [("le", "<"), ("be", ">")]:
        a = base.astype(order + code)
        np.save(f"{code}_{order_name}_c.npy", a)
        np.save(f"{code}_{order_name}_fortran.npy", np.asfortranarray(a))

for code in ["i1", "i2", "i4", "i8", "u1", "u2", "u4", "u8"]:
    np.save(f"labels_{code}.npy", labels.astype("<" + code))
np.save("labels_i4_be.npy", labels.astype(">i4"))

# Header format versions 2.0 and 3.0 (NumPy picks them for huge or non-latin-1 headers).
for version in [(2, 0), (3, 0)]:
    with open(f"f4_v{version[0]}.npy", "wb") as f:
        np.lib.format.write_array(f, base.astype("<f4"), version=version)

acts = {"block1": base.astype(np.float32), "block2": (base * 2).astype(np.float16)}
np.savez("stored.npz", **acts)
np.savez_compressed("deflated.npz", **acts)

# ZIP64 records (central-directory extra fields and the ZIP64 end records) appear only for
# archives over 4 GiB or 65,535 members; lower zipfile's limits to get them in a tiny file.
import zipfile
zipfile.ZIP64_LIMIT = 64
zipfile.ZIP_FILECOUNT_LIMIT = 1
np.savez("zip64.npz", **acts)
