#!/usr/bin/env python3
"""Mutation fuzzer for nm-render's readers (issue 13, "Trust").

Builds small valid runs of every input kind, mutates one file per mutant with a seeded
generator, runs nm-render on each mutant and checks the contract:

  * no crash: no signal, no exit status >= 128 other than 130;
  * no hang: every run ends within --timeout seconds (default 20);
  * bounded memory: each run under `ulimit -v` (--memory-gb, default 4) and its peak RSS is reported;
  * a failure is one line, `nm-render: error: ...`, naming the offending file.

Standard library only (CI has no numpy outside the Python tests' venv). Prints one line of
counts per input kind and a total; exits 1 when any mutant crashed, hung, or failed without
one line naming its file.

    python3 scripts/fuzz.py --bin .build/debug/nm-render --per-kind 120 --seed 1
    python3 scripts/fuzz.py --write-corpus Tests/RunsTests/Fixtures/corpus
"""

import argparse
import concurrent.futures
import json
import os
import random
import resource
import shutil
import signal
import struct
import subprocess
import sys
import tempfile
import time
import zipfile
import zlib

# ---------------------------------------------------------------- writing valid inputs


def npy_bytes(values, shape, descr="<f4", fortran=False, version=1):
    """The bytes NumPy writes for a flat list of numbers."""
    shape_text = "(%d,)" % shape[0] if len(shape) == 1 else "(" + ", ".join(str(s) for s in shape) + ")"
    header = "{'descr': '%s', 'fortran_order': %s, 'shape': %s, }" % (descr, "True" if fortran else "False", shape_text)
    pre = 10 if version == 1 else 12
    pad = (64 - (pre + len(header) + 1) % 64) % 64
    header = (header + " " * pad + "\n").encode("latin-1")
    if version == 1:
        head = b"\x93NUMPY\x01\x00" + struct.pack("<H", len(header))
    else:
        head = b"\x93NUMPY" + bytes([version, 0]) + struct.pack("<I", len(header))
    code = descr[1:]
    order = "<" if descr[0] in "<|=" else ">"
    fmt = {"f4": "f", "f8": "d", "f2": "e", "i8": "q", "i4": "i", "u1": "B", "i1": "b", "u8": "Q"}[code]
    return head + header + struct.pack(order + fmt * len(values), *values)


def activations(n, d, epoch, block):
    rnd = random.Random(epoch * 100 + block)
    return [((i % 3) == (j % 3)) * (1 + epoch) + rnd.random() - 0.5 for i in range(n) for j in range(d)]


N, D, EPOCHS, BLOCKS = 12, 3, [0, 1, 2], ["b1", "b2"]


def write(path, data):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode("utf-8"))


def side_files(root):
    write(os.path.join(root, "labels.npy"), npy_bytes([i % 3 for i in range(N)], [N], "<i8"))
    write(os.path.join(root, "classes.txt"), "cat\ndog\nfox\n")
    write(os.path.join(root, "metrics.csv"), "epoch,val_acc\n" + "".join("%d,%.2f\n" % (e, 0.3 + 0.2 * e) for e in EPOCHS))


def base_activations(root):
    for e in EPOCHS:
        for b, block in enumerate(BLOCKS):
            write(os.path.join(root, "epoch_%03d" % e, block + ".npy"), npy_bytes(activations(N, D, e, b), [N, D]))
    side_files(root)
    write(os.path.join(root, "run.json"), json.dumps({"name": "fuzz run", "blocks": BLOCKS, "epochs": EPOCHS}))
    write(os.path.join(root, "ids.txt"), "".join("s%d\n" % i for i in range(N)))


def base_npz(root, method):
    os.makedirs(root, exist_ok=True)
    for e in EPOCHS:
        with zipfile.ZipFile(os.path.join(root, "epoch_%03d.npz" % e), "w", compression=method) as z:
            for b, block in enumerate(BLOCKS):
                z.writestr(block + ".npy", npy_bytes(activations(N, D, e, b), [N, D]))
    side_files(root)


def base_layouts(root):
    for b, block in enumerate(BLOCKS):
        values = [v for e in EPOCHS for v in activations(N, 2, e, b)]
        write(os.path.join(root, block + ".npy"), npy_bytes(values, [len(EPOCHS), N, 2]))
    write(os.path.join(root, "epochs.npy"), npy_bytes(EPOCHS, [len(EPOCHS)], "<i8"))
    write(os.path.join(root, "layout.json"), json.dumps({"name": "fuzz layouts", "epochs": EPOCHS,
                                                          "blocks": [{"name": b, "title": b.upper()} for b in BLOCKS],
                                                          "parameters": {"seed": "0"}}))
    side_files(root)


def base_neuromapper(root):
    side = os.path.join(root, "metrics.csv")
    write(side, "epoch,val_acc\n" + "".join("%d,%.2f\n" % (e, 0.3 + 0.2 * e) for e in EPOCHS))
    for b, block in enumerate(BLOCKS):
        folder = os.path.join(root, "%s_pre_embeded_(20, 0.1)" % block)
        for e in EPOCHS:
            values = activations(N, 2, e, b)
            write(os.path.join(folder, "%d_embedding.csv" % e),
                  "".join("%.6f,%.6f\n" % (values[2 * i], values[2 * i + 1]) for i in range(N)))
            write(os.path.join(folder, "%d_labels.csv" % e), "".join("%d\n" % (i % 3) for i in range(N)))


BASES = {
    "activations": base_activations,
    "npz-stored": lambda r: base_npz(r, zipfile.ZIP_STORED),
    "npz-deflated": lambda r: base_npz(r, zipfile.ZIP_DEFLATED),
    "layouts": base_layouts,
    "neuromapper": base_neuromapper,
}

# ---------------------------------------------------------------- mutations

HUGE = [2 ** 62, 2 ** 63 - 1, 2 ** 64, 2 ** 31, 10 ** 30, -1, 0, 1, 7, 4611686018427387904]
DTYPES = ["<f4", ">f8", "<f2", "|b1", "<c8", "|O", "<U3", "<i8", "<f16", "<V8", "zz", "", "<f4'", "|u1", ">i2"]


def flip_bytes(rnd, data, count=None, start=0, end=None):
    data = bytearray(data)
    end = len(data) if end is None else min(end, len(data))
    if end <= start:
        return bytes(data)
    for _ in range(count or rnd.randint(1, 8)):
        i = rnd.randrange(start, end)
        data[i] = rnd.choice([data[i] ^ (1 << rnd.randrange(8)), rnd.randrange(256), 0, 0xFF])
    return bytes(data)


def mutate_npy(rnd, data):
    """Headers, dtypes, shapes, truncation, trailing data and data bits of one .npy."""
    choice = rnd.randrange(9)
    if choice == 0:  # shape replaced by an overflowing or odd one
        dims = [rnd.choice(HUGE) for _ in range(rnd.randint(1, 4))]
        text = data[:256].decode("latin-1")
        start = text.find("'shape': (")
        end = text.find(")", start)
        if start < 0 or end < 0:
            return flip_bytes(rnd, data)
        new = "'shape': (" + ", ".join(map(str, dims)) + ("," if len(dims) == 1 else "")
        header = (text[:start] + new + text[end:]).encode("latin-1")
        return header + data[256:] if len(data) > 256 else header
    if choice == 1:  # dtype replaced
        text = data[:128].decode("latin-1")
        start = text.find("'descr': '") + 10
        end = text.find("'", start)
        return (text[:start] + rnd.choice(DTYPES) + text[end:]).encode("latin-1") + data[128:]
    if choice == 2:  # header bytes flipped
        return flip_bytes(rnd, data, end=min(len(data), 128))
    if choice == 3:  # header length field
        data = bytearray(data)
        data[8:10] = struct.pack("<H", rnd.choice([0, 1, 0xFFFF, rnd.randrange(65536)]))
        if rnd.random() < 0.5:
            data[6] = rnd.choice([2, 3, 0, 9])
        return bytes(data)
    if choice == 4:  # truncated
        return data[: rnd.randrange(len(data))]
    if choice == 5:  # trailing data
        return data + bytes(rnd.randrange(256) for _ in range(rnd.randint(1, 64)))
    if choice == 6:  # data bits (NaN / Inf / anything)
        return flip_bytes(rnd, data, start=128)
    if choice == 7:  # fortran order, other versions
        return data.replace(b"'fortran_order': False", b"'fortran_order': True ", 1)
    # nested header literal
    depth = rnd.choice([40, 1000, 100000])
    return npy_header_text("{'descr': '<f4', 'fortran_order': False, 'shape': " + "(" * depth + ")" * depth + ", }")


def npy_header_text(text):
    body = text.encode("latin-1") + b"\n"
    if len(body) < 65536:
        return b"\x93NUMPY\x01\x00" + struct.pack("<H", len(body)) + body
    return b"\x93NUMPY\x02\x00" + struct.pack("<I", len(body)) + body


def zip_bytes(members, method=zipfile.ZIP_STORED):
    path = tempfile.mktemp(suffix=".npz")
    with zipfile.ZipFile(path, "w", compression=method) as z:
        for name, data in members:
            z.writestr(zipfile.ZipInfo(name), data, compress_type=method)
    with open(path, "rb") as f:
        data = f.read()
    os.unlink(path)
    return data


def find_all(data, signature):
    out, i = [], data.find(signature)
    while i >= 0:
        out.append(i)
        i = data.find(signature, i + 1)
    return out


def mutate_npz(rnd, data):
    """Stored and deflated archives: directory fields, declared sizes, ZIP64, bombs, CRCs,
    duplicate and traversal names, trailing data."""
    choice = rnd.randrange(11)
    central = find_all(data, b"PK\x01\x02")
    local = find_all(data, b"PK\x03\x04")
    data = bytearray(data)
    if choice == 0 and central:  # declared uncompressed size trusted?
        at = rnd.choice(central)
        data[at + 24: at + 28] = struct.pack("<I", rnd.choice([0xFFFFFFF0, 0x7FFFFFFF, 0, 1, 5]))
        return bytes(data)
    if choice == 1 and central:  # ZIP64 extra claiming 10 GiB
        at = rnd.choice(central)
        name_len, extra_len = struct.unpack("<HH", data[at + 28: at + 32])
        data[at + 20: at + 28] = b"\xff" * 8
        extra = struct.pack("<HHQQ", 1, 16, 10 << 30, rnd.choice([10 << 30, 64, 2 ** 63 + 5]))
        start = at + 46 + name_len
        data[start: start + extra_len] = extra
        data[at + 30: at + 32] = struct.pack("<H", len(extra))
        eocd = bytes(data).rfind(b"PK\x05\x06")
        size = struct.unpack("<I", data[eocd + 12: eocd + 16])[0]
        data[eocd + 12: eocd + 16] = struct.pack("<I", size + len(extra) - extra_len)
        return bytes(data)
    if choice == 2 and central:  # CRC
        at = rnd.choice(central)
        data[at + 16: at + 20] = struct.pack("<I", rnd.randrange(2 ** 32))
        return bytes(data)
    if choice == 3:  # bytes of the member data
        start = local[0] + 30 if local else 0
        return flip_bytes(rnd, data, start=start, end=central[0] if central else None)
    if choice == 4:  # duplicate member with other data
        a = npy_bytes([1.0] * (N * D), [N, D])
        b = npy_bytes([2.0] * (N * D), [N, D])
        return zip_bytes([("b1.npy", a), ("b1.npy", b), ("b2.npy", a)], rnd.choice([zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED]))
    if choice == 5:  # traversal names
        a = npy_bytes([1.0] * (N * D), [N, D])
        name = rnd.choice(["../b1.npy", "/etc/b1.npy", "a/../../b1.npy", "..\\b1.npy", ".hidden.npy", "b\x1b[31m.npy", ""])
        return zip_bytes([(name, a), ("b2.npy", a)])
    if choice == 6:  # bomb: 200 MB of zeros behind a small header
        header = npy_bytes([], [0, D])[:64]
        body = zlib.compressobj(9, zlib.DEFLATED, -15)
        zeros = b"\0" * (1 << 20)
        return zip_bytes([("b1.npy", header + zeros * rnd.choice([8, 200]))], zipfile.ZIP_DEFLATED)
    if choice == 7:  # trailing data
        return bytes(data) + bytes(rnd.randrange(256) for _ in range(rnd.randint(1, 100)))
    if choice == 8:  # truncated
        return bytes(data[: rnd.randrange(len(data))])
    if choice == 9:  # end record fields
        eocd = bytes(data).rfind(b"PK\x05\x06")
        return flip_bytes(rnd, data, start=max(eocd, 0), end=eocd + 22)
    # central directory fields
    if central:
        return flip_bytes(rnd, data, start=central[0], end=len(data))
    return bytes(data)


def mutate_text(rnd, text, numeric=True):
    """CSV and line files: odd cells, blank lines, huge lines and numbers, control bytes."""
    lines = text.split("\n")
    choice = rnd.randrange(10)
    i = rnd.randrange(len(lines))
    if choice == 0:
        lines[i] = rnd.choice(["", " ", ",", "nan,nan", "inf,1", "1e999,0", "0x10,1", "1,2,3", "a,b", "\x00", "1;2"])
    elif choice == 1:
        lines.insert(i, rnd.choice(["", "  ", "\r", "epoch,epoch"]))
    elif choice == 2:
        del lines[i]
    elif choice == 3:
        lines[i] = "9" * rnd.choice([400, 100000])
    elif choice == 4:
        lines[i] = "x" * (1 << 20)
    elif choice == 5:
        lines[i] = lines[i] + rnd.choice(["\x1b[31m", "\x07", "\r", "\u202e", "\xff"])
    elif choice == 6:
        lines = lines * rnd.choice([2, 50])
    elif choice == 7:
        return flip_bytes(rnd, text.encode("utf-8"))
    elif choice == 8:
        lines[i] = ",".join(["1"] * rnd.choice([3, 1000]))
    else:
        lines = lines[: rnd.randrange(len(lines) + 1)]
    return "\n".join(lines).encode("utf-8", "surrogateescape")


def mutate_json(rnd, text):
    """run.json / layout.json: empty or odd blocks and epochs, duplicate keys, deep nesting,
    huge names, wrong types, broken syntax."""
    obj = json.loads(text)
    choice = rnd.randrange(10)
    if choice == 0:
        obj["blocks"] = []
    elif choice == 1:
        obj["epochs"] = rnd.choice([[], [99], [0, 0], [-1], [1.5], ["0"], [2 ** 70], None])
    elif choice == 2:
        return text.rstrip("}") + ', "name": "again"}'  # duplicate key
    elif choice == 3:
        depth = rnd.choice([100, 10000, 200000])
        obj["name"] = None
        return json.dumps(obj)[:-1] + ', "x": ' + "[" * depth + "]" * depth + "}"
    elif choice == 4:
        obj["name"] = rnd.choice(["x" * (1 << 20), "\x1b[2J\x07bell\r", "\u202eevil"])
    elif choice == 5:
        obj[rnd.choice(["blocks", "epochs", "name"])] = rnd.choice([1, "x", {}, [None], True])
    elif choice == 6:
        obj["blocks"] = [rnd.choice(["nope", {"name": 3}, {"title": "t"}, "b1", "b1"]) for _ in range(3)]
    elif choice == 7:
        return flip_bytes(rnd, text.encode())
    elif choice == 8:
        return text[: rnd.randrange(len(text))]
    else:
        obj["unknown"] = 1
    return json.dumps(obj)


def mutate_classes(rnd, path):
    choice = rnd.randrange(5)
    if choice == 0:
        return "".join("class %d\n" % i for i in range(rnd.choice([30000, 1000000])))
    if choice == 1:
        return "cat\n" + "x" * (1 << 20) + "\nfox\n"
    if choice == 2:
        return "cat\n\x1b]0;owned\x07\ndog\r\nfox\n"
    if choice == 3:
        return "cat\n\ndog\n"
    return mutate_text(rnd, open(path).read(), numeric=False)


# ---------------------------------------------------------------- choosing mutants

KINDS = ["npy", "npz-stored", "npz-deflated", "neuromapper-csv", "labels", "classes", "metrics", "run-json",
         "layouts", "fifo"]


def make_mutant(kind, rnd, root):
    """Writes a base run into root/run, mutates one file; returns (run path, mutated file)."""
    run = os.path.join(root, "run")
    base = {"npy": "activations", "npz-stored": "npz-stored", "npz-deflated": "npz-deflated",
            "neuromapper-csv": "neuromapper", "labels": rnd.choice(["activations", "layouts"]),
            "classes": rnd.choice(["activations", "layouts"]), "metrics": "layouts", "run-json": "activations",
            "layouts": "layouts", "fifo": rnd.choice(["activations", "neuromapper", "layouts", "npz-stored"])}[kind]
    BASES[base](run)
    files = sorted(os.path.relpath(os.path.join(d, f), run) for d, _, fs in os.walk(run) for f in fs)

    def pick(pred):
        chosen = [f for f in files if pred(f)]
        return os.path.join(run, rnd.choice(chosen))

    if kind == "npy":
        target = pick(lambda f: f.endswith(".npy") and f.startswith("epoch_"))
        data = mutate_npy(rnd, open(target, "rb").read())
    elif kind.startswith("npz"):
        target = pick(lambda f: f.endswith(".npz"))
        data = mutate_npz(rnd, open(target, "rb").read())
    elif kind == "neuromapper-csv":
        target = pick(lambda f: f.endswith(".csv"))
        data = mutate_text(rnd, open(target).read())
    elif kind == "labels":
        target = os.path.join(run, "labels.npy")
        if rnd.random() < 0.6:
            data = mutate_npy(rnd, open(target, "rb").read())
        else:
            values = rnd.choice([[-1] * N, [2 ** 40] * N, [0.5] * N, [1e300] * N, [3] * N, [0] * (N + 1), [float("nan")] * N])
            descr = "<f8" if any(isinstance(v, float) for v in values) else "<i8"
            data = npy_bytes(values, [len(values)], descr)
    elif kind == "classes":
        target = os.path.join(run, "classes.txt")
        data = mutate_classes(rnd, target)
    elif kind == "metrics":
        target = os.path.join(run, "metrics.csv")
        data = mutate_text(rnd, open(target).read())
    elif kind == "run-json":
        target = os.path.join(run, "run.json")
        data = mutate_json(rnd, open(target).read())
    elif kind == "layouts":
        target = pick(lambda f: f.endswith(".npy") or f == "layout.json")
        data = mutate_json(rnd, open(target).read()) if target.endswith(".json") else mutate_npy(rnd, open(target, "rb").read())
    else:  # fifo in place of a file the reader opens
        target = pick(lambda f: f.endswith((".npy", ".npz", ".csv", ".txt")))
        os.unlink(target)
        os.mkfifo(target)
        return run, target
    if isinstance(data, str):
        data = data.encode("utf-8", "surrogateescape")
    with open(target, "wb") as f:
        f.write(data)
    return run, target


def commands(kind, rnd, run, root):
    """inspect --check always; strip (and layout for activations) on part of the mutants."""
    out = [["inspect", run, "--check"]]
    fast = ["--no-cache", "--quiet", "--layout-epochs", "10", "--n-neighbors", "3"]
    if kind in ("classes", "run-json", "layouts", "neuromapper-csv", "labels", "metrics", "fifo") or rnd.random() < 0.25:
        out.append(["strip", run, "-o", os.path.join(root, "strip.png"), "--dpi", "36"] + fast)
    return out


def run_one(binary, args, timeout, memory):
    def limits():
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
        os.setsid()
    start = time.monotonic()
    proc = subprocess.Popen([binary] + args, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            preexec_fn=limits)
    try:
        out, err = proc.communicate(timeout=timeout)
        hung = False
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        out, err = proc.communicate()
        hung = True
    elapsed = time.monotonic() - start
    return proc.returncode, out.decode("utf-8", "replace"), err.decode("utf-8", "replace"), hung, elapsed


def judge(result, target, run):
    """'ok', 'named' (one line naming the file), or the kind of breach."""
    status, out, err, hung, _ = result
    if hung:
        return "hang"
    if status < 0 or (status >= 128 and status != 130):
        return "crash"
    if status == 0:
        return "ok"
    lines = err.split("\n")
    if len(lines) != 2 or lines[1] != "" or not lines[0].startswith("nm-render: error: "):
        return "not-one-line"
    if any(ord(c) < 32 and c not in "\t" for c in lines[0]) or "\x7f" in lines[0]:
        return "raw-control-char"
    name = os.path.basename(target)
    relative = os.path.relpath(target, run)
    if name in lines[0] or relative in lines[0] or os.path.dirname(target) in lines[0]:
        return "named"
    return "names-another-file"


def mutant_task(args):
    binary, kind, seed, index, timeout, memory = args
    rnd = random.Random("%d-%s-%d" % (seed, kind, index))
    root = tempfile.mkdtemp(prefix="nm-fuzz-")
    try:
        run, target = make_mutant(kind, rnd, root)
        verdicts = []
        for cmd in commands(kind, rnd, run, root):
            result = run_one(binary, cmd, timeout, memory)
            verdicts.append((cmd[0], judge(result, target, run), result, target))
        return kind, index, verdicts
    finally:
        shutil.rmtree(root, ignore_errors=True)


def set_member_fields(data, member_index, crc=None, uncompressed=None):
    """Rewrites a member's CRC or declared size in both its local header and central entry."""
    data = bytearray(data)
    local = find_all(bytes(data), b"PK\x03\x04")[member_index]
    central = find_all(bytes(data), b"PK\x01\x02")[member_index]
    if crc is not None:
        data[local + 14: local + 18] = struct.pack("<I", crc)
        data[central + 16: central + 20] = struct.pack("<I", crc)
    if uncompressed is not None:
        data[local + 22: local + 26] = struct.pack("<I", uncompressed)
        data[central + 24: central + 28] = struct.pack("<I", uncompressed)
    return bytes(data)


def write_corpus(folder):
    """The regression corpus: issue 13's cases, one run each, with the fragments its one-line
    error must hold (`expected.txt`). Tests/RunsTests/CorpusTests.swift reads them in process."""
    shutil.rmtree(folder, ignore_errors=True)
    cases = {}

    def case(name, base, fragments, change):
        run = os.path.join(folder, name, "run")
        BASES[base](run)
        change(run)
        write(os.path.join(folder, name, "expected.txt"), "\n".join(fragments) + "\n")
        cases[name] = fragments

    def put(rel, data):
        return lambda run: write(os.path.join(run, rel), data)

    values = activations(N, D, 0, 0)
    good = npy_bytes(values, [N, D])
    case("shape-2p62-squared", "activations", ["epoch_000/b1.npy", "shape"],
         put("epoch_000/b1.npy", npy_header_text("{'descr': '<f4', 'fortran_order': False, 'shape': (4611686018427387904, 4611686018427387904), }")))
    case("shape-2p63-minus-1-by-64", "activations", ["epoch_001/b2.npy", "shape"],
         put("epoch_001/b2.npy", npy_header_text("{'descr': '<f4', 'fortran_order': False, 'shape': (9223372036854775807, 64), }")))
    case("header-nested-20k", "activations", ["epoch_000/b1.npy", "nests"],
         put("epoch_000/b1.npy", npy_header_text("{'descr': '<f4', 'fortran_order': False, 'shape': " + "(" * 20000 + ")" * 20000 + ", }")))
    case("header-length-4gib", "activations", ["epoch_000/b1.npy", "header"],
         put("epoch_000/b1.npy", b"\x93NUMPY\x02\x00\xff\xff\xff\xff" + b" " * 100))
    case("npy-truncated", "activations", ["epoch_002/b1.npy", "truncated"], put("epoch_002/b1.npy", good[:-5]))
    case("npy-trailing-data", "activations", ["epoch_002/b1.npy", "header accounts for"], put("epoch_002/b1.npy", good + b"\0" * 8))
    case("run-json-empty-blocks", "activations", ["run.json", "\"blocks\" is empty"],
         put("run.json", '{"name": "x", "blocks": []}'))
    case("run-json-empty-epochs", "activations", ["run.json", "\"epochs\" is empty"], put("run.json", '{"epochs": []}'))
    case("run-json-duplicate-key", "activations", ["run.json", "appears twice"],
         put("run.json", '{"name": "a", "epochs": [0, 1, 2], "name": "b"}'))
    stored = zip_bytes([("b1.npy", good), ("b2.npy", good)])
    deflated = zip_bytes([("b1.npy", good), ("b2.npy", good)], zipfile.ZIP_DEFLATED)
    case("npz-stored-wrong-crc", "npz-stored", ["epoch_001.npz", "b2.npy", "CRC-32"],
         put("epoch_001.npz", set_member_fields(stored, 1, crc=0x12345678)))
    case("npz-deflated-wrong-crc", "npz-deflated", ["epoch_001.npz", "b1.npy", "CRC-32"],
         put("epoch_001.npz", set_member_fields(deflated, 0, crc=0x12345678)))
    case("npz-declared-size-0xfffffff0", "npz-deflated", ["epoch_000.npz", "b1.npy"],
         put("epoch_000.npz", set_member_fields(deflated, 0, uncompressed=0xFFFFFFF0)))
    zip64 = bytearray(deflated)
    central = find_all(bytes(zip64), b"PK\x01\x02")[0]
    name_len, extra_len = struct.unpack("<HH", zip64[central + 28: central + 32])
    extra = struct.pack("<HHQ", 1, 8, 10 << 30)
    zip64[central + 24: central + 28] = b"\xff" * 4
    zip64[central + 46 + name_len: central + 46 + name_len + extra_len] = extra
    zip64[central + 30: central + 32] = struct.pack("<H", len(extra))
    eocd = bytes(zip64).rfind(b"PK\x05\x06")
    zip64[eocd + 12: eocd + 16] = struct.pack("<I", struct.unpack("<I", zip64[eocd + 12: eocd + 16])[0] + len(extra) - extra_len)
    case("npz-zip64-10gib", "npz-deflated", ["epoch_000.npz", "b1.npy"], put("epoch_000.npz", bytes(zip64)))
    case("npz-duplicate-members", "npz-stored", ["epoch_000.npz", "b1.npy", "two members"],
         put("epoch_000.npz", zip_bytes([("b1.npy", good), ("b1.npy", npy_bytes([0.0] * (N * D), [N, D])), ("b2.npy", good)])))
    case("npz-traversal-name", "npz-stored", ["epoch_000.npz", "../b1.npy", "plain array name"],
         put("epoch_000.npz", zip_bytes([("../b1.npy", good), ("b2.npy", good)])))
    case("npz-trailing-data", "npz-stored", ["epoch_002.npz", "unexpected bytes"], put("epoch_002.npz", stored + b"junk"))
    case("npz-member-trailing-data", "npz-stored", ["epoch_002.npz", "b1.npy", "header accounts for"],
         put("epoch_002.npz", zip_bytes([("b1.npy", good + b"\0" * 16), ("b2.npy", good)])))
    def bad_cell(run):
        path = os.path.join(run, "b2_pre_embeded_(20, 0.1)", "1_embedding.csv")
        lines = open(path).read().split("\n")
        lines[2] = "0.5,x"
        write(path, "\n".join(lines))
    case("neuromapper-csv-bad-cell", "neuromapper", ["1_embedding.csv", "line 3", "not a number"], bad_cell)
    case("classes-empty-line", "layouts", ["classes.txt", "line 2"], put("classes.txt", "cat\n\ndog\n"))
    case("labels-out-of-range", "layouts", ["labels.npy", "index 0"], put("labels.npy", npy_bytes([7] * N, [N], "<i8")))
    case("metrics-duplicate-epoch", "layouts", ["metrics.csv", "already has a row"], put("metrics.csv", "epoch,a\n0,1\n0,2\n"))
    case("layouts-infinite", "layouts", ["b1.npy", "infinite"],
         put("b1.npy", npy_bytes([float("inf")] * (len(EPOCHS) * N * 2), [len(EPOCHS), N, 2])))
    print("wrote %d cases to %s" % (len(cases), folder))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--write-corpus", metavar="DIR", help="write the regression corpus to DIR and stop")
    parser.add_argument("--bin", default=os.environ.get("NM_RENDER_BIN", ".build/debug/nm-render"))
    parser.add_argument("--per-kind", type=int, default=120, help="mutants per input kind")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--timeout", type=float, default=20)
    parser.add_argument("--memory-gb", type=float, default=4)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--kinds", default=",".join(KINDS))
    parser.add_argument("--show", type=int, default=3, help="examples shown per breach kind")
    args = parser.parse_args()
    if args.write_corpus:
        write_corpus(args.write_corpus)
        return
    memory = int(args.memory_gb * (1 << 30))
    kinds = args.kinds.split(",")
    tasks = [(args.bin, kind, args.seed, i, args.timeout, memory) for kind in kinds for i in range(args.per_kind)]
    counts = {k: {} for k in kinds}
    worst = {"seconds": 0.0, "rss_mb": 0.0}
    examples = {}
    started = time.monotonic()
    with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as pool:
        for kind, index, verdicts in pool.map(mutant_task, tasks):
            for command, verdict, result, target in verdicts:
                counts[kind][verdict] = counts[kind].get(verdict, 0) + 1
                counts[kind]["runs"] = counts[kind].get("runs", 0) + 1
                worst["seconds"] = max(worst["seconds"], result[4])
                if verdict not in ("ok", "named"):
                    examples.setdefault(verdict, []).append((kind, index, command, result[0], result[2][-300:], target))
            counts[kind]["mutants"] = counts[kind].get("mutants", 0) + 1
    rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    keys = ["mutants", "runs", "ok", "named", "crash", "hang", "not-one-line", "raw-control-char", "names-another-file"]
    # ok: exit 0; named: one line naming the mutated file; the rest are breaches of the contract.
    print("%-16s" % "kind" + "".join("%8s" % k for k in keys[:6]) + "".join("%20s" % k for k in keys[6:]))
    total = {}
    for kind in kinds:
        print("%-16s" % kind + "".join("%8d" % counts[kind].get(k, 0) for k in keys[:6])
              + "".join("%20d" % counts[kind].get(k, 0) for k in keys[6:]))
        for k in keys:
            total[k] = total.get(k, 0) + counts[kind].get(k, 0)
    print("%-16s" % "total" + "".join("%8d" % total.get(k, 0) for k in keys[:6]) + "".join("%20d" % total.get(k, 0) for k in keys[6:]))
    print("slowest run %.1f s (limit %.0f s); peak RSS of any run %.0f MB (ulimit -v %.1f GB); wall %.0f s; seed %d"
          % (worst["seconds"], args.timeout, rss, args.memory_gb, time.monotonic() - started, args.seed))
    for verdict, items in sorted(examples.items()):
        for kind, index, command, status, err, target in items[: args.show]:
            print("  %s: %s #%d %s (exit %s, file %s): %s" % (verdict, kind, index, command, status, os.path.basename(target),
                                                             err.strip().replace("\n", " | ")))
    breaches = total.get("crash", 0) + total.get("hang", 0) + total.get("not-one-line", 0) + total.get("raw-control-char", 0)
    sys.exit(1 if breaches else 0)


if __name__ == "__main__":
    main()
