"""The folder RunWriter writes is exactly nm-render's run format."""
import json
import os

import numpy as np

from nm_render import RunWriter


def make_run(tmp_path, **options):
    labels = np.array([2, 0, 1, 1, 0])
    run = RunWriter(tmp_path / "run", labels=labels, class_names=["cat", "dog", "bird"], **options)
    for epoch in (0, 1, 10):
        run.write_epoch(epoch, {"layer2": np.full((5, 3), epoch, dtype=np.float64),
                                "layer10": np.arange(10, dtype=np.float32).reshape(5, 2)},
                        metrics={"train_loss": 1.0 / (epoch + 1), "val_acc": 0.1 * epoch})
    return run


def test_labels_are_int64_vector_and_classes_one_name_per_line(tmp_path):
    make_run(tmp_path)
    labels = np.load(tmp_path / "run" / "labels.npy")
    assert labels.dtype == np.dtype("<i8") and labels.tolist() == [2, 0, 1, 1, 0]
    assert (tmp_path / "run" / "classes.txt").read_text() == "cat\ndog\nbird\n"


def test_each_epoch_is_a_zero_padded_folder_with_one_npy_per_block(tmp_path):
    make_run(tmp_path)
    entries = sorted(e for e in os.listdir(tmp_path / "run") if e.startswith("epoch_"))
    assert entries == ["epoch_000", "epoch_001", "epoch_010"]
    assert sorted(os.listdir(tmp_path / "run" / "epoch_010")) == ["layer10.npy", "layer2.npy"]
    array = np.load(tmp_path / "run" / "epoch_010" / "layer2.npy")
    assert array.dtype == np.dtype("<f4") and array.shape == (5, 3) and (array == 10).all()
    assert array.flags["C_CONTIGUOUS"]


def test_epoch_digits_sets_the_padding(tmp_path):
    run = RunWriter(tmp_path / "run", epoch_digits=1)
    run.write_epoch(7, {"b": np.zeros((2, 2))})
    assert (tmp_path / "run" / "epoch_7" / "b.npy").is_file()


def test_metrics_csv_has_epoch_header_and_one_row_per_epoch(tmp_path):
    make_run(tmp_path)
    assert (tmp_path / "run" / "metrics.csv").read_text() == (
        "epoch,train_loss,val_acc\n"
        "0,1.0,0.0\n"
        "1,0.5,0.1\n"
        "10,0.09090909090909091,1.0\n")


def test_a_metric_first_seen_later_leaves_earlier_cells_empty(tmp_path):
    run = RunWriter(tmp_path / "run")
    run.write_epoch(0, {"b": np.zeros((2, 2))}, metrics={"val_acc": 0.25})
    run.write_epoch(1, {"b": np.zeros((2, 2))}, metrics={"val_acc": 0.5, "lr": 0.01})
    run.add_metrics(0, {"lr": 0.1})
    run.add_metrics(1, {"val_loss": float("nan")})
    assert (tmp_path / "run" / "metrics.csv").read_text() == (
        "epoch,val_acc,lr,val_loss\n0,0.25,0.1,\n1,0.5,0.01,\n")


def test_run_json_names_the_run_and_lists_blocks_in_first_epoch_order_with_titles(tmp_path):
    make_run(tmp_path, name="cnn, well fit", block_titles={"layer10": "Block 10"})
    manifest = json.loads((tmp_path / "run" / "run.json").read_text())
    assert manifest == {"name": "cnn, well fit", "blocks": ["layer2", {"name": "layer10", "title": "Block 10"}]}


def test_run_name_defaults_to_the_folder_name(tmp_path):
    RunWriter(tmp_path / "resnet-a")
    assert json.loads((tmp_path / "resnet-a" / "run.json").read_text()) == {"name": "resnet-a"}


def test_integer_ids_go_to_ids_npy_and_string_ids_to_ids_txt(tmp_path):
    RunWriter(tmp_path / "a", labels=[0, 1], ids=[1000, 7])
    assert np.load(tmp_path / "a" / "ids.npy").tolist() == [1000, 7]
    RunWriter(tmp_path / "b", labels=[0, 1], ids=["img_0001.png", "img_0042.png"])
    assert (tmp_path / "b" / "ids.txt").read_text() == "img_0001.png\nimg_0042.png\n"


def test_without_labels_no_labels_file_is_written_and_n_comes_from_the_first_epoch(tmp_path):
    run = RunWriter(tmp_path / "run")
    run.write_epoch(0, {"b": np.zeros((4, 3))})
    assert not (tmp_path / "run" / "labels.npy").exists()
    assert run.sample_count == 4 and run.blocks == ["b"] and run.epochs == [0]


def test_float16_storage_halves_the_bytes(tmp_path):
    run = RunWriter(tmp_path / "run", dtype="float16")
    run.write_epoch(0, {"b": np.linspace(-1, 1, 64 * 32).reshape(64, 32)})
    array = np.load(tmp_path / "run" / "epoch_000" / "b.npy")
    assert array.dtype == np.dtype("<f2")
    np.testing.assert_allclose(array, np.linspace(-1, 1, 64 * 32).reshape(64, 32), atol=1e-3)


def test_context_manager_returns_the_writer(tmp_path):
    with RunWriter(tmp_path / "run") as run:
        run.write_epoch(3, {"b": np.ones((2, 1))})
    assert (tmp_path / "run" / "epoch_003" / "b.npy").is_file()
