"""RunWriter(path, resume=True) continues a run; close() marks it complete; on_nonfinite."""
import json
import os
import warnings

import numpy as np
import pytest

from nm_render import NonFiniteEpochWarning, RunFormatError, RunWriter

LABELS = [0, 1, 2, 1, 0]


def blocks(value):
    return {"conv": np.full((5, 4), value), "fc": np.full((5, 2), value)}


def write_three_epochs(path):
    run = RunWriter(path, labels=LABELS, class_names=["a", "b", "c"], ids=[10, 11, 12, 13, 14],
                    block_titles={"fc": "Logits"})
    for epoch in range(3):
        run.write_epoch(epoch, blocks(epoch), metrics={"val_acc": epoch / 10})
    return run


def manifest(path):
    return json.loads((path / "run.json").read_text())


def test_resume_continues_the_run_keeping_epochs_metrics_and_titles(tmp_path):
    write_three_epochs(tmp_path / "run")
    before = (tmp_path / "run" / "epoch_002" / "conv.npy").read_bytes()
    run = RunWriter(tmp_path / "run", labels=LABELS, resume=True)
    assert run.epochs == [0, 1, 2] and run.blocks == ["conv", "fc"] and run.sample_count == 5
    run.write_epoch(3, blocks(3), metrics={"val_acc": 0.3})
    assert (tmp_path / "run" / "epoch_002" / "conv.npy").read_bytes() == before
    assert (tmp_path / "run" / "metrics.csv").read_text().splitlines() == [
        "epoch,val_acc", "0,0.0", "1,0.1", "2,0.2", "3,0.3"]
    assert manifest(tmp_path / "run") == {"name": "run", "blocks": ["conv", {"name": "fc", "title": "Logits"}]}
    assert np.load(tmp_path / "run" / "ids.npy").tolist() == [10, 11, 12, 13, 14]


def test_resume_still_checks_what_is_written(tmp_path):
    write_three_epochs(tmp_path / "run")
    run = RunWriter(tmp_path / "run", resume=True)
    with pytest.raises(RunFormatError, match=r"epoch 2 was already written"):
        run.write_epoch(2, blocks(2))
    with pytest.raises(RunFormatError, match=r"different blocks than earlier epochs \(missing fc\)"):
        run.write_epoch(3, {"conv": np.zeros((5, 4))})
    with pytest.raises(RunFormatError, match=r"block 'conv' at epoch 3 has D = 3 columns, but D = 4"):
        run.write_epoch(3, {"conv": np.zeros((5, 3)), "fc": np.zeros((5, 2))})
    with pytest.raises(RunFormatError, match=r"has 6 rows, but this run has N = 5"):
        run.write_epoch(3, {"conv": np.zeros((6, 4)), "fc": np.zeros((6, 2))})


def test_resume_refuses_other_samples(tmp_path):
    write_three_epochs(tmp_path / "run")
    with pytest.raises(RunFormatError, match=r"cannot resume .*: labels\[2\] is 0, the run has 2"):
        RunWriter(tmp_path / "run", labels=[0, 1, 0, 1, 0], resume=True)
    with pytest.raises(RunFormatError, match=r"labels has 4 entries, the run has 5"):
        RunWriter(tmp_path / "run", labels=[0, 1, 2, 1], resume=True)
    with pytest.raises(RunFormatError, match=r"ids\[0\] is 99, the run has 10"):
        RunWriter(tmp_path / "run", ids=[99, 11, 12, 13, 14], resume=True)
    with pytest.raises(RunFormatError, match=r"class_names \['x', 'y', 'z'\] differ from its classes.txt"):
        RunWriter(tmp_path / "run", labels=LABELS, class_names=["x", "y", "z"], resume=True)
    with pytest.raises(RunFormatError, match=r"stores float32 activations; pass dtype='float32'"):
        RunWriter(tmp_path / "run", dtype="float16", resume=True)


def test_resume_removes_the_temporaries_a_killed_writer_left(tmp_path):
    write_three_epochs(tmp_path / "run")
    stale_epoch = tmp_path / "run" / ".epoch_003.tmp-4242-0a1b2c3d"
    stale_epoch.mkdir()
    (stale_epoch / "conv.npy").write_bytes(b"half")
    (tmp_path / "run" / ".metrics.csv.tmp-4242-deadbeef").write_text("epoch\n")
    (tmp_path / "run" / ".keep-me").write_text("not ours")
    run = RunWriter(tmp_path / "run", resume=True)
    assert sorted(e for e in os.listdir(tmp_path / "run") if e.startswith(".")) == [".keep-me"]
    run.write_epoch(3, blocks(3))
    assert run.epochs == [0, 1, 2, 3]


def test_resume_of_a_missing_or_empty_folder_starts_a_new_run(tmp_path):
    run = RunWriter(tmp_path / "new", labels=LABELS, resume=True)
    run.write_epoch(0, blocks(0))
    (tmp_path / "empty").mkdir()
    assert RunWriter(tmp_path / "empty", resume=True).epochs == []


def test_without_resume_an_existing_run_is_still_refused(tmp_path):
    write_three_epochs(tmp_path / "run")
    with pytest.raises(FileExistsError, match="already exists and is not empty"):
        RunWriter(tmp_path / "run")
    with pytest.raises(RunFormatError, match="overwrite=True and resume=True contradict"):
        RunWriter(tmp_path / "run", overwrite=True, resume=True)


def test_close_marks_the_run_complete_and_resume_clears_the_mark(tmp_path):
    run = write_three_epochs(tmp_path / "run")
    assert "complete" not in manifest(tmp_path / "run")
    run.close()
    run.close()
    assert manifest(tmp_path / "run")["complete"] is True and run.complete
    with pytest.raises(RunFormatError, match=r"was closed \(marked complete\); open it again with .*resume=True"):
        run.write_epoch(3, blocks(3))
    resumed = RunWriter(tmp_path / "run", resume=True)
    assert "complete" not in manifest(tmp_path / "run") and not resumed.complete
    resumed.write_epoch(3, blocks(3))


def test_a_with_block_marks_complete_only_when_it_ends_without_an_exception(tmp_path):
    with RunWriter(tmp_path / "good") as run:
        run.write_epoch(0, blocks(0))
    assert manifest(tmp_path / "good")["complete"] is True
    with pytest.raises(KeyboardInterrupt):
        with RunWriter(tmp_path / "killed") as run:
            run.write_epoch(0, blocks(0))
            raise KeyboardInterrupt
    assert "complete" not in manifest(tmp_path / "killed")


def test_remove_epochs_from_drops_later_epochs_and_their_metrics(tmp_path):
    run = write_three_epochs(tmp_path / "run")
    assert run.remove_epochs_from(1) == [1, 2]
    assert run.epochs == [0]
    assert sorted(e for e in os.listdir(tmp_path / "run") if e.startswith("epoch_")) == ["epoch_000"]
    assert not [e for e in os.listdir(tmp_path / "run") if e.startswith(".")]
    assert (tmp_path / "run" / "metrics.csv").read_text().splitlines() == ["epoch,val_acc", "0,0.0"]
    run.write_epoch(1, blocks(5))
    assert np.load(tmp_path / "run" / "epoch_001" / "conv.npy")[0, 0] == 5


def test_on_nonfinite_raise_is_the_default(tmp_path):
    run = RunWriter(tmp_path / "run")
    bad = blocks(0.0)
    bad["fc"][1, 1] = np.nan
    with pytest.raises(RunFormatError, match=r"block 'fc' at epoch 0 has 1 NaN or infinite values"):
        run.write_epoch(0, bad)


def test_on_nonfinite_skip_leaves_the_epoch_out_with_one_warning(tmp_path):
    run = RunWriter(tmp_path / "run", on_nonfinite="skip")
    run.write_epoch(0, blocks(0))
    bad = blocks(1.0)
    bad["conv"][0, 0] = np.inf
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert run.write_epoch(1, bad, metrics={"val_acc": 0.5}) is None
    assert len(caught) == 1 and caught[0].category is NonFiniteEpochWarning
    assert "epoch 1 is left out of" in str(caught[0].message) and "1 NaN or infinite values" in str(caught[0].message)
    assert run.epochs == [0] and not (tmp_path / "run" / "epoch_001").exists()
    run.write_epoch(2, blocks(2))
    assert run.epochs == [0, 2]
    with pytest.raises(RunFormatError, match="on_nonfinite must be 'raise' or 'skip'"):
        RunWriter(tmp_path / "other", on_nonfinite="ignore")


def test_float16_overflow_is_an_error_even_when_skipping(tmp_path):
    run = RunWriter(tmp_path / "run", dtype="float16", on_nonfinite="skip")
    with pytest.raises(RunFormatError, match="beyond float16's range"):
        run.write_epoch(0, {"a": np.full((2, 2), 1e6)})


def test_resume_compares_string_ids(tmp_path):
    RunWriter(tmp_path / "run", ids=["a", "b"]).write_epoch(0, {"x": np.zeros((2, 1))})
    assert RunWriter(tmp_path / "run", ids=["a", "b"], resume=True).epochs == [0]
    with pytest.raises(RunFormatError, match=r"ids\[1\] is 'c', the run has 'b'"):
        RunWriter(tmp_path / "run", ids=["a", "c"], resume=True)
