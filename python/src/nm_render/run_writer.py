"""RunWriter: one training run in nm-render's run format, written epoch by epoch.

The folder it writes::

    RUN/labels.npy             int64 [N], class index per evaluation sample
    RUN/classes.txt            one class name per line (index = label)
    RUN/ids.npy or ids.txt     a stable id per sample, if given (integers or strings)
    RUN/epoch_<E>/<block>.npy  float32 (or float16/float64) [N, D] per block, per epoch
    RUN/metrics.csv            header `epoch,<name>,...`, one row per epoch
    RUN/run.json               {"name": ..., "blocks": [block order, with display titles]},
                               plus "complete": true once the writer is closed

Each epoch folder is built under a hidden name and renamed into place, so nm-render, reading
while training runs, never sees half an epoch. Side files are replaced atomically as well.
"""

import csv
import json
import math
import numbers
import os
import re
import shutil
import warnings

import numpy as np

from .atomic_files import (build_folder_atomically, hidden_temporary_path, write_file_atomically,
                           write_text_atomically)
from .errors import RunFormatError
from .live import LiveView

_STORAGE_DTYPES = {"float16": "<f2", "float32": "<f4", "float64": "<f8"}
_FLOAT16_MAX = 65504.0
# What a run folder may hold; `overwrite=True` only deletes folders made of these.
_RUN_FILES = {"labels.npy", "classes.txt", "ids.npy", "ids.txt", "metrics.csv", "run.json"}
_EPOCH_FOLDER = re.compile(r"^epoch_(\d+)$")
# The hidden names atomic_files builds epochs and side files under: `.<final name>.tmp-<pid>-<hex>`.
_TEMPORARY = re.compile(r"^\.(epoch_\d+|labels\.npy|classes\.txt|ids\.npy|ids\.txt|metrics\.csv|run\.json)"
                        r"\.tmp-\d+-[0-9a-f]+$")
_NONFINITE_CHOICES = ("raise", "skip")


class NonFiniteEpochWarning(UserWarning):
    """An epoch was left out of the run because its activations held NaN or infinite values
    (``on_nonfinite="skip"``)."""


class RunWriter:
    """Writes one training run for nm-render: the evaluation samples' labels, class names and ids
    once, then per epoch every block's activations on those same N samples, plus metrics.

    Parameters
    ----------
    path : str or os.PathLike
        The run folder to create (parent folders are created too).
    labels : array-like of int, shape [N], optional
        Class index of each evaluation sample (0-based). Without labels every sample is one class.
    class_names : sequence of str, optional
        Class names, index = label. Needs `labels`; must name every label used.
    ids : sequence of int or of str, shape [N], optional
        A stable, unique id per sample (default: its row index).
    name : str, optional
        Display name of the run (row title in comparisons); default: the folder name.
    block_titles : mapping of str to str, optional
        Display titles of blocks, e.g. {"layer4": "Block 4"}.
    dtype : "float32" (default), "float16" or "float64"
        Storage type of activations; float16 halves the size of large runs.
    epoch_digits : int
        Zero padding of epoch folder names (3: epoch_007).
    overwrite : bool
        Replace an existing run folder at `path`. Refuses folders holding anything else.
    resume : bool
        Continue the run already at `path` (e.g. after a killed training): its labels, class
        names, ids, blocks and epochs are read back, the labels/class names/ids given here must
        match them, hidden temporary files a killed writer left are removed, and the "complete"
        mark is cleared. Without a run at `path` a new one is started.
    on_nonfinite : "raise" (default) or "skip"
        What `write_epoch` does with NaN or infinite activations: raise RunFormatError, or leave
        the epoch out with a NonFiniteEpochWarning and return None, so training goes on.
    live : bool, or file names
        True (or e.g. ["strip.png", "evolution.mp4"]; True is ["strip.png"]): run `nm-render
        watch` on the run while it is written, keeping those files in `<path>-renders` up to date
        epoch by epoch (a nm_render.live.LiveView, `self.live`). `close()` waits for watch's last
        render; leaving a `with` block by an exception interrupts it (the files stay whole). A
        missing nm-render is one RenderWarning; the run is written all the same.

    Only one writer may write a run at a time.
    """

    def __init__(self, path, labels=None, class_names=None, ids=None, *, name=None, block_titles=None,
                 dtype="float32", epoch_digits=3, overwrite=False, resume=False, on_nonfinite="raise", live=False):
        self._path = os.fspath(path)
        if overwrite and resume:
            raise RunFormatError("overwrite=True and resume=True contradict each other: overwrite replaces the run, "
                                 "resume continues it; pass one")
        if on_nonfinite not in _NONFINITE_CHOICES:
            raise RunFormatError(f"on_nonfinite must be 'raise' or 'skip'; got {on_nonfinite!r}")
        if dtype not in _STORAGE_DTYPES:
            raise RunFormatError(f"dtype must be one of {', '.join(_STORAGE_DTYPES)}; got {dtype!r}")
        if not isinstance(epoch_digits, numbers.Integral) or not 1 <= epoch_digits <= 9:
            raise RunFormatError(f"epoch_digits must be a whole number from 1 to 9; got {epoch_digits!r}")
        self._dtype = dtype
        self._epoch_digits = int(epoch_digits)
        self._on_nonfinite = on_nonfinite
        self._name = name if name is not None else os.path.basename(os.path.normpath(self._path))
        if not isinstance(self._name, str):
            raise RunFormatError(f"name must be a string; got {type(name).__name__}")
        self._block_titles = dict(block_titles or {})
        for block, title in self._block_titles.items():
            if not isinstance(title, str):
                raise RunFormatError(f"block_titles[{block!r}] must be a string; got {type(title).__name__}")

        self._labels = _checked_labels(labels, class_names) if labels is not None else None
        if class_names is not None and labels is None:
            raise RunFormatError("class_names needs labels: pass labels=[class index per sample] as well")
        self._class_names = _checked_class_names(class_names, self._labels) if class_names is not None else None
        self._ids = _checked_ids(ids) if ids is not None else None
        self._sample_count = None
        self._sample_count_source = None
        if self._labels is not None:
            self._sample_count, self._sample_count_source = len(self._labels), "labels"
        if self._ids is not None:
            if self._sample_count is not None and len(self._ids) != self._sample_count:
                raise RunFormatError(f"ids has {len(self._ids)} entries but labels has {self._sample_count}; "
                                     "both need one entry per evaluation sample")
            self._sample_count, self._sample_count_source = len(self._ids), "ids"

        self._blocks = None          # block names in order, fixed by the first epoch
        self._widths = {}            # block -> D
        self._epochs = []            # epochs written, in writing order
        self._metric_names = []      # metric columns in first-seen order
        self._metric_rows = {}       # epoch -> {name: value}
        self._complete = False       # close() marks the run complete in run.json

        live_files = _checked_live_files(live)
        if resume and _holds_a_run(self._path):
            self._resume()
        else:
            self._prepare_folder(overwrite)
            self._write_side_files()
        self._live = LiveView(self._path, live_files).start() if live_files else None

    # -- public -------------------------------------------------------------------------------

    @property
    def path(self):
        """The run folder."""
        return self._path

    @property
    def epochs(self):
        """Epochs written so far, in writing order."""
        return list(self._epochs)

    @property
    def sample_count(self):
        """N, once known (from labels, ids or the first epoch)."""
        return self._sample_count

    @property
    def blocks(self):
        """Block names in display order, once the first epoch fixed them."""
        return list(self._blocks) if self._blocks is not None else None

    def epoch_folder_name(self, epoch):
        """The folder name of an epoch, e.g. epoch_007."""
        return f"epoch_{epoch:0{self._epoch_digits}d}"

    def write_epoch(self, epoch, activations, metrics=None):
        """Writes every block's activations at `epoch`, atomically, and its metrics row.

        activations: mapping block name -> array [N, D] (NumPy or anything np.asarray accepts),
        the same blocks every epoch; the first epoch's order is the display order.
        metrics: optional mapping metric name -> number (None for a missing value).
        Returns the epoch folder's path, or None when the epoch was left out because it held NaN
        or infinite values and the writer was made with on_nonfinite="skip".
        """
        epoch = _checked_epoch(epoch)
        if self._complete:
            raise RunFormatError(f"{self._path} was closed (marked complete); open it again with "
                                 "RunWriter(path, resume=True) to add epochs")
        if epoch in self._epochs or os.path.lexists(os.path.join(self._path, self.epoch_folder_name(epoch))):
            raise RunFormatError(f"epoch {epoch} was already written to {self._path}; each epoch is written once")
        if not hasattr(activations, "items"):
            raise RunFormatError(f"activations for epoch {epoch} must be a mapping of block name to array; "
                                 f"got {type(activations).__name__}")
        if len(activations) == 0:
            raise RunFormatError(f"activations for epoch {epoch} is empty; give at least one block")
        names = list(activations.keys())
        for name in names:
            _check_block_name(name)
        if self._blocks is not None:
            missing = [b for b in self._blocks if b not in activations]
            extra = [b for b in names if b not in self._blocks]
            if missing or extra:
                parts = []
                if missing:
                    parts.append("missing " + ", ".join(missing))
                if extra:
                    parts.append("unexpected " + ", ".join(extra))
                raise RunFormatError(f"epoch {epoch} has different blocks than earlier epochs ({'; '.join(parts)}); "
                                     f"every epoch needs exactly: {', '.join(self._blocks)}")
        order = self._blocks if self._blocks is not None else names
        arrays = {}
        sample_count, source = self._sample_count, self._sample_count_source
        for name in order:
            try:
                array = self._checked_activations(name, epoch, activations[name])
            except _NonFiniteActivations as error:
                if self._on_nonfinite == "raise":
                    raise
                # A diverging epoch is worth a warning, not a crashed training job.
                warnings.warn(f"nm-render: epoch {epoch} is left out of {self._path}: {error}",
                              NonFiniteEpochWarning, stacklevel=2)
                return None
            rows, width = array.shape
            if sample_count is None:
                sample_count, source = rows, f"block {name!r} at epoch {epoch}"
            elif rows != sample_count:
                raise RunFormatError(f"block {name!r} at epoch {epoch} has {rows} rows, but this run has "
                                     f"N = {sample_count} samples (from {source}); every block of every epoch "
                                     "needs one row per evaluation sample, in the same order")
            if name in self._widths and width != self._widths[name]:
                raise RunFormatError(f"block {name!r} at epoch {epoch} has D = {width} columns, but "
                                     f"D = {self._widths[name]} at earlier epochs; a block keeps its width")
            arrays[name] = array
        checked_metrics = _checked_metrics(metrics, epoch) if metrics is not None else None

        folder = os.path.join(self._path, self.epoch_folder_name(epoch))

        def fill(temporary):
            for name, array in arrays.items():
                with open(os.path.join(temporary, name + ".npy"), "wb") as file:
                    np.save(file, array, allow_pickle=False)

        build_folder_atomically(folder, fill)

        first_epoch = self._blocks is None
        self._sample_count, self._sample_count_source = sample_count, source
        if first_epoch:
            self._blocks = list(order)
            self._widths = {name: array.shape[1] for name, array in arrays.items()}
        self._epochs.append(epoch)
        if first_epoch:
            self._write_manifest()
        if checked_metrics is not None:
            self._merge_metrics(epoch, checked_metrics)
        return folder

    def add_metrics(self, epoch, metrics):
        """Adds or updates metrics of `epoch` (e.g. computed after its activations were written)."""
        epoch = _checked_epoch(epoch)
        self._merge_metrics(epoch, _checked_metrics(metrics, epoch))

    def remove_epochs_from(self, epoch):
        """Removes every written epoch >= `epoch` and its metrics row: what a training resumed from
        an earlier checkpoint does with the epochs recorded after that checkpoint, which the
        resumed training recomputes. Each epoch folder is first renamed to a hidden name, so a
        reader sees it whole or not at all. Returns the epochs removed."""
        epoch = _checked_epoch(epoch)
        removed = sorted(e for e in self._epochs if e >= epoch)
        for e in removed:
            folder = os.path.join(self._path, self.epoch_folder_name(e))
            doomed = hidden_temporary_path(folder)
            os.rename(folder, doomed)
            shutil.rmtree(doomed)
        self._epochs = [e for e in self._epochs if e < epoch]
        stale_rows = [e for e in self._metric_rows if e >= epoch]
        for e in stale_rows:
            del self._metric_rows[e]
        if stale_rows:
            self._write_metrics()
        return removed

    @property
    def live(self):
        """The LiveView keeping the `live` files up to date, or None without `live`."""
        return self._live

    @property
    def complete(self):
        """True once `close()` marked the run complete in run.json."""
        return self._complete

    def close(self):
        """Marks the run complete: run.json gets `"complete": true`, which tells readers that follow a
        run while it is written (`nm-render watch`) that no epoch will follow. Nothing else stays
        open between epochs. Closing twice is harmless; RunWriter(path, resume=True) clears the mark."""
        if not self._complete:
            self._complete = True
            self._write_manifest()
        if self._live is not None:
            self._live.finish()  # watch saw the mark: its last render, then it exits

    def __enter__(self):
        return self

    def __exit__(self, exc_type, *exc_info):
        # A run left by an exception is not complete: it can be resumed.
        if exc_type is None:
            self.close()
        elif self._live is not None:
            self._live.stop()
        return False

    # -- folder and side files -----------------------------------------------------------------

    def _prepare_folder(self, overwrite):
        path = self._path
        if os.path.lexists(path) and not os.path.isdir(path):
            raise FileExistsError(f"{path} exists and is not a folder; choose another run path")
        if os.path.isdir(path):
            entries = [e for e in os.listdir(path)]
            if entries and not overwrite:
                raise FileExistsError(f"{path} already exists and is not empty; pass overwrite=True to replace "
                                      "the run there, or choose another path")
            if entries:
                foreign = [e for e in entries if not _is_run_entry(e)]
                if foreign:
                    raise FileExistsError(f"{path} holds {foreign[0]!r}, which is not part of a run; refusing to "
                                          "delete it with overwrite=True")
                shutil.rmtree(path)
        os.makedirs(path, exist_ok=True)

    def _resume(self):
        """Reads the run at `path` back so writing continues it, after checking that what this
        writer was given describes the same evaluation samples."""
        path = self._path
        for entry in os.listdir(path):
            # Left by a writer that was killed mid-epoch; one writer per run, so none is live.
            if _TEMPORARY.match(entry):
                stale = os.path.join(path, entry)
                shutil.rmtree(stale) if os.path.isdir(stale) and not os.path.islink(stale) else os.remove(stale)

        stored_labels = _load_npy(os.path.join(path, "labels.npy"))
        if self._labels is not None:
            if stored_labels is None:
                raise RunFormatError(f"cannot resume {path} with labels: it was written without labels.npy")
            _check_same("labels", self._labels, stored_labels, path)
        self._labels = stored_labels if stored_labels is not None else None

        stored_classes = _read_lines(os.path.join(path, "classes.txt"))
        if self._class_names is not None and stored_classes is not None and self._class_names != stored_classes:
            raise RunFormatError(f"cannot resume {path}: class_names {self._class_names} differ from its classes.txt "
                                 f"{stored_classes}")
        if self._class_names is not None and stored_classes is None:
            raise RunFormatError(f"cannot resume {path} with class_names: it was written without classes.txt")
        self._class_names = stored_classes

        stored_ids = _load_npy(os.path.join(path, "ids.npy"))
        if stored_ids is None:
            lines = _read_lines(os.path.join(path, "ids.txt"))
            stored_ids = np.asarray(lines, dtype=object) if lines is not None else None
        if self._ids is not None:
            if stored_ids is None:
                raise RunFormatError(f"cannot resume {path} with ids: it was written without ids")
            _check_same("ids", self._ids, stored_ids, path)
        self._ids = stored_ids

        manifest = {}
        manifest_path = os.path.join(path, "run.json")
        if os.path.exists(manifest_path):
            with open(manifest_path, encoding="utf-8") as file:
                manifest = json.load(file)
        if "name" in manifest and self._name == os.path.basename(os.path.normpath(path)):
            self._name = manifest["name"]  # keep the stored name unless another one was given
        stored_titles = {}
        stored_blocks = None
        if "blocks" in manifest:
            stored_blocks = []
            for item in manifest["blocks"]:
                if isinstance(item, dict):
                    stored_blocks.append(item["name"])
                    if "title" in item:
                        stored_titles[item["name"]] = item["title"]
                else:
                    stored_blocks.append(item)
        self._block_titles = {**stored_titles, **self._block_titles}

        epochs = sorted(int(m.group(1)) for m in map(_EPOCH_FOLDER.match, os.listdir(path)) if m)
        for epoch in epochs:
            if not os.path.isdir(os.path.join(path, self.epoch_folder_name(epoch))):
                width = len(next(e for e in os.listdir(path) if _EPOCH_FOLDER.match(e)).split("_", 1)[1])
                raise RunFormatError(f"cannot resume {path}: its epoch folders have {width} digits; pass "
                                     f"epoch_digits={width}")
        if epochs and stored_blocks is None:
            first = os.path.join(path, self.epoch_folder_name(epochs[0]))
            stored_blocks = sorted(e[:-4] for e in os.listdir(first) if e.endswith(".npy"))
        if stored_blocks:
            self._blocks = stored_blocks
        self._sample_count = len(self._labels) if self._labels is not None else None
        self._sample_count_source = "labels.npy" if self._labels is not None else None
        if self._ids is not None:
            self._sample_count, self._sample_count_source = len(self._ids), "ids"
        for epoch in epochs:
            folder = os.path.join(path, self.epoch_folder_name(epoch))
            for block in self._blocks or []:
                file = os.path.join(folder, block + ".npy")
                if not os.path.exists(file):
                    raise RunFormatError(f"cannot resume {path}: {self.epoch_folder_name(epoch)} has no {block}.npy")
                array = np.load(file, mmap_mode="r")
                stored_dtype = array.dtype.str
                if stored_dtype != _STORAGE_DTYPES[self._dtype]:
                    raise RunFormatError(f"cannot resume {path}: it stores {array.dtype} activations; pass "
                                         f"dtype={array.dtype.name!r}")
                rows, width = array.shape
                if self._sample_count is None:
                    self._sample_count, self._sample_count_source = rows, f"{block}.npy of epoch {epoch}"
                elif rows != self._sample_count:
                    raise RunFormatError(f"cannot resume {path}: {self.epoch_folder_name(epoch)}/{block}.npy has "
                                         f"{rows} rows, but N = {self._sample_count} (from {self._sample_count_source})")
                self._widths.setdefault(block, width)
        self._epochs = epochs

        metrics_path = os.path.join(path, "metrics.csv")
        if os.path.exists(metrics_path):
            with open(metrics_path, newline="", encoding="utf-8") as file:
                rows = list(csv.reader(file))
            if rows:
                self._metric_names = rows[0][1:]
                for row in rows[1:]:
                    if row:
                        self._metric_rows[int(row[0])] = {name: (float(cell) if cell else None)
                                                          for name, cell in zip(self._metric_names, row[1:])}
        # Clears the "complete" mark (and any unknown key) by writing the manifest afresh.
        self._write_manifest()

    def _write_side_files(self):
        if self._labels is not None:
            _save_npy_atomically(os.path.join(self._path, "labels.npy"), self._labels)
        if self._class_names is not None:
            write_text_atomically(os.path.join(self._path, "classes.txt"),
                                  "".join(name + "\n" for name in self._class_names))
        if self._ids is not None:
            if self._ids.dtype.kind in "iu":
                _save_npy_atomically(os.path.join(self._path, "ids.npy"), self._ids.astype("<i8"))
            else:
                write_text_atomically(os.path.join(self._path, "ids.txt"), "".join(f"{i}\n" for i in self._ids))
        self._write_manifest()

    def _write_manifest(self):
        manifest = {"name": self._name}
        if self._blocks is not None:
            manifest["blocks"] = [{"name": b, "title": self._block_titles[b]} if b in self._block_titles else b
                                  for b in self._blocks]
        if self._complete:
            manifest["complete"] = True
        write_text_atomically(os.path.join(self._path, "run.json"), json.dumps(manifest, indent=2) + "\n")

    def _merge_metrics(self, epoch, metrics):
        row = self._metric_rows.setdefault(epoch, {})
        for name, value in metrics.items():
            if name not in self._metric_names:
                self._metric_names.append(name)
            row[name] = value
        self._write_metrics()

    def _write_metrics(self):
        lines = [",".join(["epoch"] + self._metric_names)]
        for e in sorted(self._metric_rows):
            cells = [str(e)] + [_format_metric(self._metric_rows[e].get(n)) for n in self._metric_names]
            lines.append(",".join(cells))
        write_text_atomically(os.path.join(self._path, "metrics.csv"), "\n".join(lines) + "\n")

    # -- checks --------------------------------------------------------------------------------

    def _checked_activations(self, name, epoch, value):
        where = f"block {name!r} at epoch {epoch}"
        try:
            array = np.asarray(value)
        except Exception as error:  # e.g. a CUDA tensor: say how to fix it
            raise RunFormatError(f"{where} could not be converted to a NumPy array ({error}); pass a NumPy "
                                 "array, e.g. tensor.detach().cpu().numpy()") from error
        if array.dtype.kind not in "fiu":
            raise RunFormatError(f"{where} has dtype {array.dtype}; activations must be real numbers "
                                 "(float or integer arrays)")
        if array.ndim != 2:
            hint = " (pool or flatten spatial feature maps to [N, D] first)" if array.ndim > 2 else ""
            raise RunFormatError(f"{where} has shape {tuple(array.shape)}; expected a 2-D array [N, D]{hint}")
        if array.shape[0] == 0 or array.shape[1] == 0:
            raise RunFormatError(f"{where} has shape {tuple(array.shape)}; it needs at least one row and column")
        with np.errstate(over="ignore"):  # float16 overflow is reported below, with a fix
            stored = np.ascontiguousarray(array, dtype=_STORAGE_DTYPES[self._dtype])
        finite = np.isfinite(stored)
        if not finite.all():
            bad = np.argwhere(~finite)
            row, column = (int(i) for i in bad[0])
            if self._dtype == "float16" and np.isfinite(array[row, column]) \
                    and abs(float(array[row, column])) > _FLOAT16_MAX:
                # Not the network's fault but the storage type's: always an error, with the fix.
                raise RunFormatError(f"{where} has values beyond float16's range (e.g. {float(array[row, column])} "
                                     f"at row {row}, column {column}); use dtype='float32'")
            raise _NonFiniteActivations(f"{where} has {len(bad)} NaN or infinite values (first at row {row}, "
                                        f"column {column}); training may have diverged")
        return stored


class _NonFiniteActivations(RunFormatError):
    """NaN or infinite activations: the one format error that on_nonfinite="skip" turns into a warning."""


def _save_npy_atomically(path, array):
    write_file_atomically(path, lambda file: np.save(file, array, allow_pickle=False))


def _holds_a_run(path):
    """True if `path` is a folder with run files in it (an empty folder is a new run)."""
    if not os.path.isdir(path):
        return False
    return any(entry in _RUN_FILES or _EPOCH_FOLDER.match(entry) for entry in os.listdir(path))


def _load_npy(path):
    return np.load(path, allow_pickle=False) if os.path.exists(path) else None


def _read_lines(path):
    if not os.path.exists(path):
        return None
    with open(path, encoding="utf-8") as file:
        return file.read().splitlines()


def _check_same(what, given, stored, path):
    given, stored = np.asarray(given), np.asarray(stored)
    if len(given) != len(stored):
        raise RunFormatError(f"cannot resume {path}: {what} has {len(given)} entries, the run has {len(stored)}; "
                             "resuming needs the same evaluation samples in the same order")
    differing = np.flatnonzero(given.astype(str) != stored.astype(str))
    if len(differing):
        i = differing[0]
        raise RunFormatError(f"cannot resume {path}: {what}[{i}] is {_plain(given[i])!r}, the run has "
                             f"{_plain(stored[i])!r}; "
                             "resuming needs the same evaluation samples in the same order")


def _plain(value):
    """A NumPy scalar as the Python value it holds, for messages (np.int64(3) -> 3)."""
    return value.item() if isinstance(value, np.generic) else value


def _is_run_entry(name):
    if name in _RUN_FILES or name.startswith("."):
        return True
    return name.startswith("epoch_") and name[6:].split(".")[0].isdigit()


def _checked_live_files(live):
    """RunWriter's `live` as a list of file names ([] for False)."""
    if live is False or live is None:
        return []
    if live is True:
        return ["strip.png"]
    files = [live] if isinstance(live, str) else list(live)
    if not files or not all(isinstance(name, str) for name in files):
        raise RunFormatError(f"live must be True, False or file names such as ['strip.png', 'evolution.mp4']; got {live!r}")
    return files


def _checked_epoch(epoch):
    if isinstance(epoch, bool) or not isinstance(epoch, numbers.Integral):
        raise RunFormatError(f"epoch must be a whole number; got {epoch!r}")
    if epoch < 0:
        raise RunFormatError(f"epoch must be 0 or more; got {epoch}")
    return int(epoch)


def _check_block_name(name):
    if not isinstance(name, str):
        raise RunFormatError(f"block names must be strings; got {name!r}")
    if not name or name.startswith(".") or "/" in name or "\\" in name or "\0" in name or name == "ids":
        raise RunFormatError(f"block name {name!r} cannot be a file name: it must be non-empty, not start "
                             "with '.', hold no '/' or '\\', and not be 'ids' (reserved for sample ids)")


def _checked_labels(labels, class_names):
    array = np.asarray(labels)
    if array.ndim != 1:
        raise RunFormatError(f"labels has shape {tuple(array.shape)}; expected one class index per sample, shape [N]")
    if len(array) == 0:
        raise RunFormatError("labels is empty; the evaluation set needs at least one sample")
    if array.dtype.kind not in "iu":
        raise RunFormatError(f"labels has dtype {array.dtype}; class indices must be integers "
                             "(e.g. labels.astype(int))")
    negative = np.flatnonzero(array < 0)
    if len(negative):
        raise RunFormatError(f"labels[{negative[0]}] is {array[negative[0]]}; class indices start at 0")
    return array.astype("<i8")


def _checked_class_names(class_names, labels):
    if isinstance(class_names, str):
        raise RunFormatError("class_names must be a list of names, not one string")
    names = list(class_names)
    for index, name in enumerate(names):
        if not isinstance(name, str):
            raise RunFormatError(f"class_names[{index}] is {name!r}; class names must be strings")
        if "\n" in name or "\r" in name:
            raise RunFormatError(f"class_names[{index}] contains a line break; each name is one line of classes.txt")
    too_large = np.flatnonzero(labels >= len(names))
    if len(too_large):
        i = too_large[0]
        raise RunFormatError(f"labels[{i}] is {labels[i]}, but class_names has only {len(names)} names "
                             f"(indices 0 to {len(names) - 1})")
    return names


def _checked_ids(ids):
    values = list(ids)
    if not values:
        raise RunFormatError("ids is empty; give one id per evaluation sample")
    if all(isinstance(v, numbers.Integral) and not isinstance(v, bool) for v in values):
        array = np.asarray(values, dtype=np.int64)
    elif all(isinstance(v, str) for v in values):
        for index, value in enumerate(values):
            if not value or value != value.strip() or "\n" in value or "\r" in value:
                raise RunFormatError(f"ids[{index}] is {value!r}; string ids must be non-empty, one line, "
                                     "without leading or trailing spaces")
        array = np.asarray(values, dtype=object)
    else:
        raise RunFormatError("ids must be all integers or all strings")
    seen = {}
    for index, value in enumerate(values):
        if value in seen:
            raise RunFormatError(f"ids[{index}] repeats ids[{seen[value]}] ({value!r}); ids must be unique")
        seen[value] = index
    return array


def _checked_metrics(metrics, epoch):
    if not hasattr(metrics, "items"):
        raise RunFormatError(f"metrics for epoch {epoch} must be a mapping of name to number; "
                             f"got {type(metrics).__name__}")
    checked = {}
    for name, value in metrics.items():
        if not isinstance(name, str) or not name or name.lower() == "epoch" \
                or any(c in name for c in ',"\n\r'):
            raise RunFormatError(f"metric name {name!r} cannot be a metrics.csv column: it must be a non-empty "
                                 "string other than 'epoch', without commas, quotes or line breaks")
        if value is None:
            checked[name] = None
            continue
        try:
            checked[name] = float(value)
        except (TypeError, ValueError) as error:
            raise RunFormatError(f"metric {name!r} at epoch {epoch} is {value!r}, not a number") from error
    return checked


def _format_metric(value):
    # Empty cells read back as missing (NaN); repr gives the shortest text that round-trips.
    if value is None or not math.isfinite(value):
        return ""
    return repr(value)
