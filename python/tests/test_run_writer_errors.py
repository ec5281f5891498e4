"""Data that does not fit the run format is rejected with one clear sentence."""
import numpy as np
import pytest

from nm_render import RunFormatError, RunWriter


@pytest.fixture
def run(tmp_path):
    writer = RunWriter(tmp_path / "run", labels=[0, 1, 2, 1], class_names=["a", "b", "c"])
    writer.write_epoch(0, {"conv": np.zeros((4, 8)), "fc": np.zeros((4, 3))})
    return writer


def test_activations_that_are_not_2d_are_rejected_with_a_pooling_hint(run):
    with pytest.raises(RunFormatError, match=r"block 'conv' at epoch 1 has shape \(4, 8, 2, 2\); expected a 2-D "
                                             r"array \[N, D\] \(pool or flatten spatial feature maps"):
        run.write_epoch(1, {"conv": np.zeros((4, 8, 2, 2)), "fc": np.zeros((4, 3))})


def test_n_changing_between_epochs_is_rejected_naming_block_epoch_and_source(run):
    with pytest.raises(RunFormatError, match=r"block 'fc' at epoch 1 has 5 rows, but this run has N = 4 samples "
                                             r"\(from labels\)"):
        run.write_epoch(1, {"conv": np.zeros((4, 8)), "fc": np.zeros((5, 3))})


def test_n_is_fixed_by_the_first_epoch_when_there_are_no_labels(tmp_path):
    run = RunWriter(tmp_path / "run")
    run.write_epoch(0, {"b": np.zeros((6, 2))})
    with pytest.raises(RunFormatError, match=r"has 7 rows, but this run has N = 6 samples \(from block 'b' at epoch 0\)"):
        run.write_epoch(1, {"b": np.zeros((7, 2))})


def test_blocks_disagreeing_on_n_within_one_epoch_are_rejected(tmp_path):
    run = RunWriter(tmp_path / "run")
    with pytest.raises(RunFormatError, match=r"block 'b' at epoch 0 has 3 rows, but this run has N = 2"):
        run.write_epoch(0, {"a": np.zeros((2, 2)), "b": np.zeros((3, 2))})


def test_a_block_changing_width_is_rejected(run):
    with pytest.raises(RunFormatError, match=r"block 'conv' at epoch 1 has D = 9 columns, but D = 8 at earlier"):
        run.write_epoch(1, {"conv": np.zeros((4, 9)), "fc": np.zeros((4, 3))})


def test_missing_and_unexpected_blocks_are_named(run):
    with pytest.raises(RunFormatError, match=r"epoch 1 has different blocks than earlier epochs \(missing fc; "
                                             r"unexpected head\); every epoch needs exactly: conv, fc"):
        run.write_epoch(1, {"conv": np.zeros((4, 8)), "head": np.zeros((4, 3))})


def test_writing_an_epoch_twice_is_rejected(run):
    with pytest.raises(RunFormatError, match=r"epoch 0 was already written"):
        run.write_epoch(0, {"conv": np.zeros((4, 8)), "fc": np.zeros((4, 3))})


def test_nan_activations_are_counted_with_the_first_index(run):
    values = np.zeros((4, 3))
    values[2, 1] = np.nan
    values[3, 0] = np.inf
    with pytest.raises(RunFormatError, match=r"block 'fc' at epoch 1 has 2 NaN or infinite values \(first at row 2, "
                                             r"column 1\)"):
        run.write_epoch(1, {"conv": np.zeros((4, 8)), "fc": values})


def test_values_beyond_float16_range_suggest_float32(tmp_path):
    run = RunWriter(tmp_path / "run", dtype="float16")
    with pytest.raises(RunFormatError, match=r"beyond float16's range .* use dtype='float32'"):
        run.write_epoch(0, {"b": np.array([[1.0, 1e6]])})


def test_non_numeric_activations_are_rejected(run):
    with pytest.raises(RunFormatError, match=r"block 'fc' at epoch 1 has dtype complex128; activations must be real"):
        run.write_epoch(1, {"conv": np.zeros((4, 8)), "fc": np.zeros((4, 3), dtype=complex)})


@pytest.mark.parametrize("name", ["", ".hidden", "a/b", "ids"])
def test_block_names_that_cannot_be_file_stems_are_rejected(tmp_path, name):
    with pytest.raises(RunFormatError, match="cannot be a file name"):
        RunWriter(tmp_path / "run").write_epoch(0, {name: np.zeros((2, 2))})


def test_labels_must_be_a_vector_of_non_negative_integers(tmp_path):
    with pytest.raises(RunFormatError, match=r"labels has dtype float64; class indices must be integers"):
        RunWriter(tmp_path / "a", labels=np.array([0.0, 1.0]))
    with pytest.raises(RunFormatError, match=r"labels has shape \(2, 2\); expected one class index per sample"):
        RunWriter(tmp_path / "b", labels=np.zeros((2, 2), dtype=int))
    with pytest.raises(RunFormatError, match=r"labels\[1\] is -1; class indices start at 0"):
        RunWriter(tmp_path / "c", labels=[0, -1])


def test_a_label_outside_the_class_names_is_rejected_with_its_index(tmp_path):
    with pytest.raises(RunFormatError, match=r"labels\[2\] is 3, but class_names has only 3 names \(indices 0 to 2\)"):
        RunWriter(tmp_path / "run", labels=[0, 1, 3], class_names=["a", "b", "c"])


def test_ids_must_be_unique_and_as_many_as_labels(tmp_path):
    with pytest.raises(RunFormatError, match=r"ids\[2\] repeats ids\[0\] \(5\); ids must be unique"):
        RunWriter(tmp_path / "a", labels=[0, 0, 0], ids=[5, 6, 5])
    with pytest.raises(RunFormatError, match=r"ids has 2 entries but labels has 3"):
        RunWriter(tmp_path / "b", labels=[0, 0, 0], ids=[5, 6])


def test_metrics_must_be_numbers_under_csv_safe_names(run):
    with pytest.raises(RunFormatError, match=r"metric 'val_acc' at epoch 1 is 'high', not a number"):
        run.add_metrics(1, {"val_acc": "high"})
    with pytest.raises(RunFormatError, match=r"metric name 'a,b' cannot be a metrics.csv column"):
        run.add_metrics(1, {"a,b": 1.0})


def test_negative_or_fractional_epochs_are_rejected(run):
    with pytest.raises(RunFormatError, match=r"epoch must be 0 or more; got -1"):
        run.write_epoch(-1, {"conv": np.zeros((4, 8)), "fc": np.zeros((4, 3))})
    with pytest.raises(RunFormatError, match=r"epoch must be a whole number; got 1.5"):
        run.write_epoch(1.5, {"conv": np.zeros((4, 8)), "fc": np.zeros((4, 3))})


def test_an_unknown_storage_dtype_is_rejected(tmp_path):
    with pytest.raises(RunFormatError, match=r"dtype must be one of float16, float32, float64; got 'int8'"):
        RunWriter(tmp_path / "run", dtype="int8")
