"""Render a sweep of runs on a Ray cluster: every (run, block) layout is a Ray task.

    import ray
    from nm_render.ray import render_sweep

    ray.init(address="auto")
    render_sweep(["/shared/runs/lr-0.1", "/shared/runs/lr-0.01"], ["/shared/out/sweep.png"],
                 blocks=["layer4"], cache_dir="/shared/nm-cache", n_neighbors=30)

The driver asks ``nm-render plan`` which layouts the render needs and are not cached yet, runs
each as ``nm-render layout RUN --block B --cache DIR --threads N`` in a Ray task (Ray places
it, and retries it when it fails or its worker dies), then renders the outputs once every
layout is in the cache. nm-render does the work; Ray only schedules it.

Needs: ``pip install 'nm-render[ray]'``; the ``nm-render`` executable on every node (a path on
shared storage built with ``scripts/bootstrap.sh`` and ``swift build -c release``, or installed
on each node at the same path); runs, ``cache_dir`` and outputs on storage every node sees.
"""

import json
import os
import socket
import subprocess
import sys
import time
import uuid

__all__ = ["render_sweep", "option_flags", "SweepError", "SweepResult"]

#: Output extensions rendered by ``nm-render strip``; every other output is a ``video``.
STILL_EXTENSIONS = (".png", ".pdf", ".svg")


class SweepError(RuntimeError):
    """A sweep that cannot start or finish; the message says what to change."""


class SweepResult:
    """What a sweep did: ``layouts`` (one dict per layout task: run, block, key, node, host, pid,
    started (Unix time), seconds, attempts), ``cached`` (layouts found in the cache already) and ``outputs`` (the ``--json``
    report of each render, by output path)."""

    def __init__(self, layouts, cached, outputs):
        self.layouts = layouts
        self.cached = cached
        self.outputs = outputs

    def __repr__(self):
        return (f"SweepResult(layouts={len(self.layouts)} computed, cached={self.cached}, "
                f"outputs={list(self.outputs)})")


def option_flags(options):
    """nm-render flags for keyword options: ``n_neighbors=30`` is ``--n-neighbors 30``,
    ``True`` a bare flag (``independent_runs=True`` is ``--independent-runs``), ``False`` and
    ``None`` leave the flag out, a list or tuple is joined with commas."""
    flags = []
    for name, value in options.items():
        flag = "--" + name.replace("_", "-")
        if value is None or value is False:
            continue
        if value is True:
            flags.append(flag)
        elif isinstance(value, (list, tuple)):
            flags += [flag, ",".join(str(v) for v in value)]
        else:
            flags += [flag, str(value)]
    return flags


def render_sweep(runs, outputs, *, blocks=None, cache_dir, nm_render="nm-render", resources=None,
                 progress=None, max_retries=3, **options):
    """Lays out every (run, block) of ``runs`` as Ray tasks, then renders ``outputs``.

    runs: run folders (one row each in a strip or video).
    outputs: output paths, or ``(path, {extra options})`` pairs for options of one output only
        (e.g. a strip's ``dpi``); ``.png``/``.pdf``/``.svg`` are strips, others videos. Rendered
        on the driver, one after the other, once every layout is cached.
    blocks: the blocks to lay out and show (``--blocks``); None plans every block.
    cache_dir: the layout cache, on storage every node sees.
    nm_render: the executable, the same on every node (a name on PATH or a path).
    resources: Ray resources of each layout task (default ``{"num_cpus": 2}``); the task runs
        nm-render with ``--threads`` equal to its ``num_cpus``.
    progress: called as ``progress(done, total, layout)`` when a layout task completes (layout as
        in ``SweepResult.layouts``); default prints a line to stderr.
    max_retries: how often Ray retries a layout task that failed or whose worker died.
    options: nm-render settings for the plan, the layout tasks and every render (see
        ``option_flags``), e.g. ``n_neighbors=30, layout_epochs=100, epochs=[10, 50, 200]``.

    Raises SweepError when a node lacks a working executable (naming the node), when a layout
    task still fails after its retries (naming the run and block), or when a render fails.
    """
    ray = _import_ray()
    resources = dict(resources or {"num_cpus": 2})
    threads = max(1, int(resources.get("num_cpus", 1)))
    runs = [os.path.abspath(os.fspath(r)) for r in runs]
    if not runs:
        raise SweepError("render_sweep needs at least one run folder")
    cache_dir = os.path.abspath(os.fspath(cache_dir))
    targets = _outputs(outputs)
    os.makedirs(cache_dir, exist_ok=True)
    common = option_flags(dict(options, blocks=blocks))
    if not ray.is_initialized():
        ray.init()

    # Nodes first: a missing executable is most often missing everywhere, and the message
    # names the nodes; then the driver, which plans and renders.
    answers = _probe_nodes(ray, nm_render, cache_dir)
    _check_nodes(answers, nm_render, cache_dir)
    _check_versions(answers, _local_version(nm_render))

    plan = _run_json([nm_render, "plan", *runs, "--cache", cache_dir, "--json", *common], "nm-render plan")
    layouts = _run_layouts(ray, nm_render, plan["units"], cache_dir, resources, threads, max_retries,
                           progress or _print_progress)

    reports = {}
    for path, extra in targets:
        command = "strip" if path.lower().endswith(STILL_EXTENSIONS) else "video"
        argv = [nm_render, command, *runs, "-o", path, "--cache", cache_dir, "--quiet", "--json",
                *common, *option_flags(extra)]
        reports[path] = _run_json(argv, f"nm-render {command} -o {path}")
    return SweepResult(layouts, plan["cached"], reports)


def _import_ray():
    try:
        import ray
    except ImportError as error:
        raise SweepError("nm_render.ray needs Ray: pip install 'nm-render[ray]'") from error
    return ray


def _outputs(outputs):
    if isinstance(outputs, (str, os.PathLike, tuple)):
        outputs = [outputs]
    targets = []
    for item in outputs:
        path, extra = (item if isinstance(item, tuple) else (item, {}))
        targets.append((os.path.abspath(os.fspath(path)), dict(extra)))
    if not targets:
        raise SweepError("render_sweep needs at least one output path (e.g. 'sweep.png' or 'sweep.mp4')")
    return targets


def _local_version(nm_render):
    try:
        done = subprocess.run([nm_render, "--version"], capture_output=True, text=True, timeout=60)
    except OSError as error:
        raise SweepError(f"the driver ({socket.gethostname()}) cannot run nm-render at '{nm_render}' ({error}); "
                         "build it with scripts/bootstrap.sh and swift build -c release, and pass nm_render=PATH") from None
    if done.returncode != 0:
        raise SweepError(f"'{nm_render} --version' failed on the driver ({socket.gethostname()}): {done.stderr.strip()}")
    return done.stdout.strip()


def _probe(nm_render, cache_dir):
    """Runs on one node: what its nm-render says, and whether it sees the cache folder."""
    try:
        done = subprocess.run([nm_render, "--version"], capture_output=True, text=True, timeout=60)
        answer = done.stdout.strip() if done.returncode == 0 else None
        problem = None if done.returncode == 0 else (done.stderr.strip() or f"exit status {done.returncode}")
    except OSError as error:
        answer, problem = None, str(error)
    return {"host": socket.gethostname(), "version": answer, "problem": problem,
            "sees_cache": os.path.isdir(cache_dir)}


def _probe_nodes(ray, nm_render, cache_dir):
    """Runs ``nm-render --version`` on every alive node before any work is scheduled, so a node
    without the executable (or with another version, whose cache keys would differ) is named
    at once instead of failing tasks one by one."""
    from ray.util.scheduling_strategies import NodeAffinitySchedulingStrategy

    probe = ray.remote(num_cpus=0, max_retries=0)(_probe)
    nodes = [n for n in ray.nodes() if n.get("Alive")]
    refs = [probe.options(scheduling_strategy=NodeAffinitySchedulingStrategy(n["NodeID"], soft=False))
            .remote(nm_render, cache_dir) for n in nodes]
    return [(node, ray.get(ref)) for node, ref in zip(nodes, refs)]


def _where(node):
    return f"node {node.get('NodeManagerAddress', '?')} (id {node['NodeID'][:12]})"


def _check_nodes(answers, nm_render, cache_dir):
    problems = []
    for node, answer in answers:
        if answer["problem"] is not None:
            problems.append(f"{_where(node)} cannot run nm-render at '{nm_render}': {answer['problem']}")
        elif not answer["sees_cache"]:
            problems.append(f"{_where(node)} does not see the cache folder {cache_dir}")
    if problems:
        raise SweepError("; ".join(problems) + ". Give every node the same nm-render (a path on shared storage "
                         "built with scripts/bootstrap.sh and swift build -c release, or the same install on each "
                         "node) and put cache_dir on storage all nodes mount.")


def _check_versions(answers, version):
    # Another version writes other cache keys, so the render would not find its layouts.
    others = [f"{_where(node)} runs '{answer['version']}'" for node, answer in answers if answer["version"] != version]
    if others:
        raise SweepError("; ".join(others) + f" but the driver runs '{version}'; install the same nm-render on every node")


def _layout_task(nm_render, argv, attempts_dir):
    """Runs one unit on a worker. Each attempt leaves a note (host, pid) in ``attempts_dir`` so the
    driver can report units Ray had to retry."""
    import ray

    os.makedirs(attempts_dir, exist_ok=True)
    note = {"host": socket.gethostname(), "pid": os.getpid(), "node": ray.get_runtime_context().get_node_id(),
            "started": time.time()}
    with open(os.path.join(attempts_dir, uuid.uuid4().hex), "w") as handle:
        json.dump(note, handle)
    start = time.monotonic()
    done = subprocess.run([nm_render, *argv, "--quiet", "--json"], capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"exit status {done.returncode} on {note['host']}: {done.stderr.strip()}")
    note["seconds"] = time.monotonic() - start
    note["attempts"] = len(os.listdir(attempts_dir))
    return note


def _run_layouts(ray, nm_render, units, cache_dir, resources, threads, max_retries, progress):
    if not units:
        return []
    sweep = os.path.join(cache_dir, ".sweeps", uuid.uuid4().hex)
    task = ray.remote(_layout_task)
    refs = {}
    for unit in units:
        name = f"layout {os.path.basename(unit['run'])}/{unit['block']}"
        # SPREAD: a sweep's tasks are alike, so filling every node first is what keeps them all busy.
        ref = task.options(name=name, max_retries=max_retries, retry_exceptions=True,
                           scheduling_strategy="SPREAD", **resources).remote(
            nm_render, unit["argv"] + ["--threads", str(threads)], os.path.join(sweep, unit["key"]))
        refs[ref] = unit
    results, failures = [], []
    waiting = list(refs)
    try:
        while waiting:
            ready, waiting = ray.wait(waiting, num_returns=1)
            unit = refs[ready[0]]
            try:
                note = ray.get(ready[0])
            except Exception as error:  # Ray wraps the task's error (or the worker's death) in its own types.
                failures.append(f"{unit['run']} block {unit['block']}: {_first_line(error)}")
                continue
            layout = dict(run=unit["run"], block=unit["block"], key=unit["key"], **note)
            results.append(layout)
            progress(len(results) + len(failures), len(units), layout)
    finally:
        _remove_tree(sweep)
    if failures:
        raise SweepError(f"{len(failures)} of {len(units)} layouts failed after {max_retries} retries: "
                         + "; ".join(failures))
    return results


def _print_progress(done, total, layout):
    retried = f", after {layout['attempts'] - 1} retries" if layout["attempts"] > 1 else ""
    print(f"nm-render sweep: {done}/{total} layouts ({os.path.basename(layout['run'])}/{layout['block']} on "
          f"{layout['host']}, {layout['seconds']:.1f} s{retried})", file=sys.stderr, flush=True)


def _run_json(argv, what):
    done = subprocess.run(argv, capture_output=True, text=True)
    if done.returncode != 0:
        raise SweepError(f"{what} failed with exit status {done.returncode}: {done.stderr.strip()}")
    return json.loads(done.stdout)


def _first_line(error):
    lines = [line for line in str(error).splitlines() if line.strip()]
    for line in reversed(lines):
        if "exit status" in line or "died" in line.lower():
            return line.strip()
    return lines[-1].strip() if lines else type(error).__name__


def _remove_tree(path):
    import shutil

    shutil.rmtree(path, ignore_errors=True)
    try:
        os.rmdir(os.path.dirname(path))  # `.sweeps` itself, when no other sweep is running
    except OSError:
        pass
