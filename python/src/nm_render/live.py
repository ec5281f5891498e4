"""`nm-render watch` beside a training job: the run's strip (and videos) kept up to date, epoch by
epoch, while the run is written.

A LiveView is one `nm-render watch RUN -o DIR/strip.png ... --json-lines` process, started by
whoever writes the run (`RunWriter(..., live=True)` or a callback's `live=True`) and ended by
them: when the run is closed, watch renders once more and exits by itself (`finish`); when the
training fails, `stop` interrupts it (SIGINT), which leaves every output whole. Like rendering,
it never stops training: a missing or failing nm-render is one RenderWarning.
"""

import json
import os
import signal
import subprocess
import threading
import warnings
import weakref
from collections import deque

from .render import RenderWarning, default_render_dir, find_nm_render


class LiveView:
    """Keeps `files` in `render_dir` up to date while the run at `run_dir` is written.

    Parameters
    ----------
    run_dir : str or os.PathLike
        The run being written (it may not exist yet).
    files : file names
        What watch keeps up to date: .png/.pdf/.svg strips of the run so far (strip's default
        epoch choice), .mp4/.gif/.webm videos of the whole run (re-rendered in the background).
    render_dir : str, optional
        Default: `<run_dir>-renders`, beside the run (never inside it).
    final : bool
        True: at the end watch recomputes the layouts as a batch (`--final`, through the layout
        cache) and rewrites every output from them, the renders `nm-render strip`/`video` would
        make, for the cost of one batch layout. False: the live layouts stay.
    args : extra `nm-render watch` arguments, e.g. ["--layout-epochs", "100"].

    `start()` launches watch (one RenderWarning and no live view when nm-render is missing);
    `updates()` returns the updates that arrived since the last call, each watch's JSON object
    (epoch, total_epochs, outputs, seconds, ...); `finish()` waits for the end after the run was
    marked complete; `stop()` interrupts it.
    """

    def __init__(self, run_dir, files=("strip.png",), render_dir=None, *, final=False, args=()):
        self.run_dir = os.fspath(run_dir)
        self.files = [files] if isinstance(files, str) else list(files)
        if not self.files:
            raise ValueError("a live view needs at least one file to keep up to date, e.g. 'strip.png'")
        for name in self.files:
            if os.path.basename(name) != name or not os.path.splitext(name)[1]:
                raise ValueError(f"live files are file names with a suffix, e.g. 'strip.png' or 'evolution.mp4'; "
                                 f"got {name!r}")
        self.render_dir = os.fspath(render_dir) if render_dir is not None else default_render_dir(self.run_dir)
        self.final = final
        self.args = list(args)
        self.process = None
        self.failed = False
        self._updates = []
        self._taken = 0
        self._stderr = deque(maxlen=20)
        self._arrived = threading.Condition()
        self._readers = []
        self._finalizer = None

    @property
    def outputs(self):
        """The paths watch keeps up to date."""
        return [os.path.join(self.render_dir, name) for name in self.files]

    @property
    def running(self):
        return self.process is not None and self.process.poll() is None

    def start(self):
        """Launches `nm-render watch`. Returns self; on a missing executable or an unwritable
        render_dir, warns once and the view stays inactive (`process` None)."""
        executable = find_nm_render()
        if executable is None:
            self._give_up("the nm-render executable was not found (set NM_RENDER_BIN or put nm-render on PATH); "
                          f"{self.run_dir} is written but not watched")
            return self
        try:
            os.makedirs(self.render_dir, exist_ok=True)
        except OSError as error:
            self._give_up(f"cannot create {self.render_dir} for the live renders ({error}); {self.run_dir} is not watched")
            return self
        command = [executable, "watch", self.run_dir]
        for path in self.outputs:
            command += ["-o", path]
        command += ["--json-lines"] + (["--final"] if self.final else []) + self.args
        try:
            self.process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                            stderr=subprocess.PIPE, text=True)
        except OSError as error:
            self._give_up(f"cannot start {executable} watch ({error}); {self.run_dir} is written but not watched")
            return self
        self._readers = [threading.Thread(target=self._read_updates, daemon=True),
                         threading.Thread(target=self._read_stderr, daemon=True)]
        for reader in self._readers:
            reader.start()
        # A training that ends without finish()/stop() (an exception past the callbacks, the
        # interpreter exiting) must not leave watch waiting for epochs forever.
        self._finalizer = weakref.finalize(self, _interrupt, self.process)
        return self

    def updates(self):
        """The updates that arrived since the last call, oldest first (watch's JSON objects)."""
        with self._arrived:
            new = self._updates[self._taken:]
            self._taken = len(self._updates)
        self._check_failure()
        return new

    @property
    def latest(self):
        """The newest update so far, or None."""
        with self._arrived:
            return self._updates[-1] if self._updates else None

    def wait_for_epoch(self, epoch, timeout=None):
        """Waits until an update covers `epoch` (or watch ends); returns that update or None."""
        def covered():
            return next((u for u in self._updates if u.get("epoch", -1) >= epoch), None)

        with self._arrived:
            self._arrived.wait_for(lambda: covered() is not None or not self.running, timeout=timeout)
            return covered()

    def finish(self, timeout=None):
        """After the run was marked complete (`RunWriter.close()`): waits for watch's last render
        and its exit. Returns the outputs written (empty when watch failed: then one RenderWarning
        with its message). On `timeout` seconds it is interrupted instead."""
        if self.process is None:
            return []
        try:
            self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.stop()
            self._give_up(f"nm-render watch did not finish its last render of {self.run_dir} within {timeout} s; "
                          "it was interrupted (the outputs are whole, maybe not of the last epochs)")
        self._join()
        self._check_failure()
        if self.failed:
            return []
        return [path for path in self.outputs if os.path.exists(path)]

    def stop(self):
        """Interrupts watch as Ctrl-C does (it exits 130 and leaves every output whole) and waits for it."""
        if self.process is None:
            return
        if self.process.poll() is None:
            _interrupt(self.process)
            try:
                self.process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self._join()

    # -- helpers ----------------------------------------------------------------------------------

    def _read_updates(self):
        for line in self.process.stdout:
            try:
                update = json.loads(line)
            except ValueError:
                continue
            with self._arrived:
                self._updates.append(update)
                self._arrived.notify_all()
        with self._arrived:
            self._arrived.notify_all()

    def _read_stderr(self):
        for line in self.process.stderr:
            self._stderr.append(line.rstrip("\n"))

    def _join(self):
        for reader in self._readers:
            reader.join(timeout=10)

    def _check_failure(self):
        """One warning when watch ended with an error (not an interrupt we asked for)."""
        if self.failed or self.process is None:
            return
        code = self.process.poll()
        if code is None or code == 0 or code == 128 + signal.SIGINT:
            return
        self._join()
        message = next((line for line in reversed(self._stderr) if line.strip()), f"exit code {code}")
        self._give_up(f"nm-render watch of {self.run_dir} ended: {message}; training is unaffected")

    def _give_up(self, message):
        self.failed = True
        warnings.warn(f"nm-render: {message}", RenderWarning, stacklevel=3)


def _interrupt(process):
    if process.poll() is None:
        try:
            process.send_signal(signal.SIGINT)
        except OSError:
            pass
