"""An epoch appears whole or not at all, and existing folders are never clobbered by accident."""
import os

import numpy as np
import pytest

import nm_render.atomic_files as atomic_files
from nm_render import RunFormatError, RunWriter


def visible(path):
    return sorted(e for e in os.listdir(path) if not e.startswith("."))


def test_a_failing_epoch_leaves_neither_its_folder_nor_a_temporary_behind(tmp_path, monkeypatch):
    run = RunWriter(tmp_path / "run")
    calls = []
    real_save = np.save

    def failing_save(file, array, **kwargs):
        calls.append(1)
        if len(calls) == 2:
            raise OSError("disk full")
        real_save(file, array, **kwargs)

    monkeypatch.setattr(np, "save", failing_save)
    with pytest.raises(OSError, match="disk full"):
        run.write_epoch(0, {"a": np.zeros((2, 2)), "b": np.zeros((2, 2))})
    assert os.listdir(tmp_path / "run") == ["run.json"]
    assert run.epochs == []


def test_while_an_epoch_is_being_written_only_a_hidden_folder_exists(tmp_path, monkeypatch):
    run = RunWriter(tmp_path / "run")
    seen_during_write = []
    real_save = np.save

    def observing_save(file, array, **kwargs):
        seen_during_write.append((visible(tmp_path / "run"), [e for e in os.listdir(tmp_path / "run")
                                                              if e.startswith(".epoch_000")]))
        real_save(file, array, **kwargs)

    monkeypatch.setattr(np, "save", observing_save)
    run.write_epoch(0, {"a": np.zeros((2, 2)), "b": np.zeros((2, 2))})
    for names, hidden in seen_during_write:
        assert names == ["run.json"]
        assert len(hidden) == 1
    assert visible(tmp_path / "run") == ["epoch_000", "run.json"]
    assert [e for e in os.listdir(tmp_path / "run") if e.startswith(".")] == []


def test_bad_data_is_rejected_before_anything_is_written(tmp_path):
    run = RunWriter(tmp_path / "run")
    with pytest.raises(RunFormatError):
        run.write_epoch(0, {"a": np.zeros((2, 2)), "b": np.zeros((3, 2))})
    assert visible(tmp_path / "run") == ["run.json"]


def test_side_files_are_replaced_atomically(tmp_path, monkeypatch):
    replaced = []
    real_replace = os.replace
    monkeypatch.setattr(atomic_files.os, "replace", lambda a, b: (replaced.append(os.path.basename(b)),
                                                                  real_replace(a, b)))
    run = RunWriter(tmp_path / "run", labels=[0, 1], class_names=["x", "y"])
    run.write_epoch(0, {"b": np.zeros((2, 2))}, metrics={"val_acc": 1.0})
    assert replaced == ["labels.npy", "classes.txt", "run.json", "run.json", "metrics.csv"]


def test_an_existing_non_empty_folder_needs_overwrite(tmp_path):
    RunWriter(tmp_path / "run").write_epoch(0, {"b": np.zeros((2, 2))})
    with pytest.raises(FileExistsError, match=r"already exists and is not empty; pass overwrite=True"):
        RunWriter(tmp_path / "run")
    RunWriter(tmp_path / "run", overwrite=True)
    assert visible(tmp_path / "run") == ["run.json"]


def test_overwrite_refuses_a_folder_that_holds_more_than_a_run(tmp_path):
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "thesis.tex").write_text("precious")
    with pytest.raises(FileExistsError, match=r"holds 'thesis.tex', which is not part of a run"):
        RunWriter(tmp_path / "notes", overwrite=True)
    assert (tmp_path / "notes" / "thesis.tex").read_text() == "precious"


def test_an_empty_existing_folder_is_used_as_is(tmp_path):
    (tmp_path / "run").mkdir()
    RunWriter(tmp_path / "run").write_epoch(0, {"b": np.zeros((1, 1))})
    assert visible(tmp_path / "run") == ["epoch_000", "run.json"]
