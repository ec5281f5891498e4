"""A sweep on a real two-node Ray cluster on this machine (loopback only).

Checks what the issue asks: the layouts run as separate Ray tasks on both nodes, the cache they
fill is byte-identical to a sequential `nm-render layout` of the same runs, the strip is
byte-identical to one rendered without Ray, and a worker killed mid-sweep is retried by Ray.
Skips when Ray is not installed, except in CI (CI set), where it must run.
"""

import json
import os
import signal
import stat
import subprocess

import numpy as np
import pytest

from nm_render import RunWriter

# Ray's switch for single-machine clusters: every node and worker binds 127.0.0.1 (else Ray
# picks the address this machine reaches the internet from). Read when Ray is imported, and
# inherited by the nodes the fixture starts.
os.environ.setdefault("RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER", "0")

try:
    import ray
    from ray.cluster_utils import Cluster
except ImportError:
    if os.environ.get("CI"):
        raise
    pytest.skip("ray is not installed (pip install 'nm-render[ray]')", allow_module_level=True)

from nm_render.ray import SweepError, render_sweep

# Four runs of the same samples would be laid out together (one unit per block); a sweep lays
# each run out on its own, which is what these tests schedule.
FAST = {"layout_epochs": 20, "n_neighbors": 5, "independent_runs": True}
FAST_FLAGS = ["--layout-epochs", "20", "--n-neighbors", "5", "--independent-runs"]


def write_runs(folder, count, epochs=3, n=60):
    """`count` small runs of one sweep: three classes that separate as epochs go on, at a pace
    set by the run's 'learning rate', with blocks block1 (8-d) and block2 (6-d)."""
    paths = []
    for r in range(count):
        rng = np.random.default_rng(100 + r)
        labels = np.arange(n) % 3
        centres = rng.normal(size=(3, 8)) * 3
        mix = rng.normal(size=(8, 6))
        path = os.path.join(folder, f"lr-{r:02d}")
        with RunWriter(path, labels=labels, class_names=["cat", "dog", "fox"]) as run:
            for e in range(epochs):
                pace = (e + 1) / epochs * (1 + r) / count
                h1 = centres[labels] * pace + rng.normal(size=(n, 8))
                run.write_epoch(e, {"block1": h1.astype(np.float32), "block2": np.tanh(h1 @ mix).astype(np.float32)})
        paths.append(path)
    return paths


def cache_entries(cache):
    """Every file of every cache entry, by relative path: the layouts, not the digest index or
    anything half-written (hidden names)."""
    found = {}
    for entry in sorted(os.listdir(cache)):
        if entry.startswith(".") or entry == "digests":
            continue
        for name in sorted(os.listdir(os.path.join(cache, entry))):
            with open(os.path.join(cache, entry, name), "rb") as handle:
                found[f"{entry}/{name}"] = handle.read()
    return found


@pytest.fixture(scope="module")
def cluster():
    """A head and one worker node of one CPU each, both on 127.0.0.1."""
    nodes = Cluster(initialize_head=True, head_node_args={"num_cpus": 1, "include_dashboard": False})
    try:
        nodes.add_node(num_cpus=1)
        ray.init(address=nodes.address, log_to_driver=False)
        nodes.wait_for_nodes()
        yield nodes
    finally:
        ray.shutdown()
        nodes.shutdown()


@pytest.fixture(scope="module")
def nm_bin():
    """The executable under test: $NM_RENDER_BIN, else the repository's build."""
    import conftest

    for candidate in [os.environ.get("NM_RENDER_BIN"),
                      os.path.join(conftest.REPO_ROOT, ".build", "debug", "nm-render"),
                      os.path.join(conftest.REPO_ROOT, ".build", "release", "nm-render")]:
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    pytest.skip("nm-render executable not found (set NM_RENDER_BIN or run `swift build` first)")


@pytest.fixture(scope="module")
def sweep(tmp_path_factory, nm_bin):
    """Four runs, and the cache and strip of a sequential render of them without Ray."""
    folder = tmp_path_factory.mktemp("sweep")
    runs = write_runs(str(folder), 4)
    sequential = str(folder / "sequential-cache")
    for run in runs:
        subprocess.run([nm_bin, "layout", run, "--cache", sequential, "--quiet", *FAST_FLAGS], check=True)
    strip = str(folder / "sequential.png")
    subprocess.run([nm_bin, "strip", *runs, "-o", strip, "--cache", sequential, "--quiet", *FAST_FLAGS], check=True)
    return {"folder": folder, "runs": runs, "cache": sequential, "strip": strip, "bin": nm_bin}


def test_a_sweep_runs_each_layout_as_a_task_on_both_nodes_and_matches_a_sequential_render(cluster, sweep):
    cache = str(sweep["folder"] / "ray-cache")
    strip = str(sweep["folder"] / "ray.png")
    seen = []
    result = render_sweep(sweep["runs"], [strip], cache_dir=cache, nm_render=sweep["bin"],
                          resources={"num_cpus": 1}, progress=lambda done, total, layout: seen.append((done, total)),
                          **FAST)
    # 4 runs x 2 blocks, each its own task, reported as it completed.
    assert sorted((os.path.basename(l["run"]), l["block"]) for l in result.layouts) == [
        (f"lr-{r:02d}", b) for r in range(4) for b in ("block1", "block2")]
    assert seen == [(i, 8) for i in range(1, 9)]
    alive = {n["NodeID"] for n in ray.nodes() if n["Alive"]}
    assert {l["node"] for l in result.layouts} == alive and len(alive) == 2, "both nodes computed layouts"
    assert len({l["pid"] for l in result.layouts}) >= 2
    # The render found every layout in the cache.
    report = result.outputs[strip]
    assert report["cache_misses"] == 0 and report["cache_hits"] == 4
    # Same bytes as without Ray: every cache entry, and the strip.
    assert cache_entries(cache) == cache_entries(sweep["cache"])
    with open(strip, "rb") as a, open(sweep["strip"], "rb") as b:
        assert a.read() == b.read()
    # A second sweep has nothing left to lay out.
    again = render_sweep(sweep["runs"], [strip], cache_dir=cache, nm_render=sweep["bin"],
                         resources={"num_cpus": 1}, progress=lambda *a: None, **FAST)
    assert again.layouts == [] and again.cached == 8


def test_a_worker_killed_mid_sweep_is_retried_and_the_sweep_completes(cluster, sweep, tmp_path):
    # Each layout task first sleeps, so the worker killed below is surely in the middle of one.
    slow = tmp_path / "slow-nm-render"
    slow.write_text(f'#!/bin/sh\nif [ "$1" = layout ]; then sleep 1; fi\nexec "{sweep["bin"]}" "$@"\n')
    slow.chmod(slow.stat().st_mode | stat.S_IEXEC)
    cache = str(tmp_path / "cache")
    killed = {}

    def kill_one_running_worker(done, total, layout):
        if killed:
            return
        # Each attempt leaves a note (host, pid) under <cache>/.sweeps/<sweep>/<key>/; the newest
        # note of an unfinished unit is a task that has just started.
        sweeps = os.path.join(cache, ".sweeps")
        notes = [os.path.join(root, name) for root, _, names in os.walk(sweeps) for name in names]
        notes = [n for n in notes if os.path.basename(os.path.dirname(n)) != layout["key"]]
        newest = max(notes, key=os.path.getmtime)
        with open(newest) as handle:
            pid = json.load(handle)["pid"]
        os.kill(pid, signal.SIGKILL)
        killed["key"] = os.path.basename(os.path.dirname(newest))

    result = render_sweep(sweep["runs"], [str(tmp_path / "strip.png")], cache_dir=cache, nm_render=str(slow),
                          resources={"num_cpus": 1}, progress=kill_one_running_worker, **FAST)
    assert len(result.layouts) == 8
    retried = [l for l in result.layouts if l["key"] == killed["key"]]
    assert retried and retried[0]["attempts"] >= 2, "Ray ran the killed task again"
    assert cache_entries(cache) == cache_entries(sweep["cache"])
    with open(tmp_path / "strip.png", "rb") as a, open(sweep["strip"], "rb") as b:
        assert a.read() == b.read()


def test_a_layout_that_fails_every_retry_is_reported_with_its_run_and_block(cluster, sweep, tmp_path):
    [run] = write_runs(str(tmp_path), 1)
    acts = os.path.join(run, "epoch_001", "block2.npy")
    broken = np.load(acts)
    broken[3, 2] = np.nan
    np.save(acts, broken)
    with pytest.raises(SweepError) as raised:
        render_sweep([run], [str(tmp_path / "s.png")], cache_dir=str(tmp_path / "cache"), nm_render=sweep["bin"],
                     resources={"num_cpus": 1}, max_retries=1, progress=lambda *a: None, **FAST)
    message = str(raised.value)
    assert "1 of 2 layouts failed after 1 retries" in message
    assert f"{run} block block2" in message and "exit status 65" in message


def test_a_node_without_the_executable_is_named_before_any_work(cluster, sweep, tmp_path):
    with pytest.raises(SweepError) as raised:
        render_sweep(sweep["runs"], [str(tmp_path / "s.png")], cache_dir=str(tmp_path / "cache"),
                     nm_render=str(tmp_path / "missing" / "nm-render"), resources={"num_cpus": 1}, **FAST)
    message = str(raised.value)
    for node in ray.nodes():
        assert f"node {node['NodeManagerAddress']} (id {node['NodeID'][:12]}) cannot run nm-render" in message
    assert "127.0.0.1" in message, "the cluster is on loopback only"
    assert "scripts/bootstrap.sh" in message
    assert not os.path.exists(tmp_path / "cache" / ".sweeps")

