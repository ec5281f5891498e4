"""The PyTorch helper (skipped where torch is not installed)."""
import numpy as np
import pytest

from conftest import require  # noqa: E402

torch = require("torch")

from nm_render import RunWriter  # noqa: E402
from nm_render.torch_capture import (collect_activations, collect_labels, eval_batches, pool,  # noqa: E402
                                     record_epoch)


class SmallConvNet(torch.nn.Module):
    def __init__(self):
        super().__init__()
        torch.manual_seed(0)
        self.features = torch.nn.Sequential(torch.nn.Conv2d(3, 4, 3, padding=1), torch.nn.ReLU(),
                                            torch.nn.Conv2d(4, 6, 3, padding=1), torch.nn.ReLU())
        self.dropout = torch.nn.Dropout(0.5)
        self.fc = torch.nn.Linear(6, 5)

    def forward(self, x):
        h = self.features(x)
        return self.fc(self.dropout(h.mean(dim=(2, 3))))


def loader(n=10, batch=4):
    generator = torch.Generator().manual_seed(1)
    images = torch.randn(n, 3, 8, 8, generator=generator)
    labels = torch.arange(n) % 5
    return [(images[i:i + batch], labels[i:i + batch]) for i in range(0, n, batch)]


def test_spatial_maps_are_average_pooled_to_n_by_channels():
    model = SmallConvNet()
    arrays = collect_activations(model, ["features.1", "features.3", "fc"], loader())
    assert list(arrays) == ["features.1", "features.3", "fc"]
    assert [a.shape for a in arrays.values()] == [(10, 4), (10, 6), (10, 5)]
    assert all(a.dtype == np.float32 for a in arrays.values())
    images = torch.cat([x for x, _ in loader()])
    with torch.no_grad():
        expected = model.features(images).mean(dim=(2, 3)).numpy()
    np.testing.assert_allclose(arrays["features.3"], expected, rtol=1e-5, atol=1e-6)


def test_other_poolings_and_a_callable():
    model = SmallConvNet()
    arrays = collect_activations(model, ["features.3"], loader(), pooling="flatten")
    assert arrays["features.3"].shape == (10, 6 * 8 * 8)
    arrays = collect_activations(model, ["features.3"], loader(), pooling=lambda t: t[:, :2, 0, 0])
    assert arrays["features.3"].shape == (10, 2)
    assert pool(torch.ones(2, 3, 4, 4), "max").shape == (2, 3)


def test_eval_mode_and_no_grad_during_capture_and_mode_restored_after():
    model = SmallConvNet()
    model.train()
    first = collect_activations(model, ["fc"], loader())["fc"]
    second = collect_activations(model, ["fc"], loader())["fc"]
    np.testing.assert_array_equal(first, second)  # dropout off
    assert model.training
    assert all(len(m._forward_hooks) == 0 for m in model.modules())


def test_unknown_module_names_are_an_error_naming_them():
    with pytest.raises(ValueError, match=r"no module named 'layer4'.*top-level modules are features, dropout, fc"):
        collect_activations(SmallConvNet(), ["layer4"], loader())


def test_a_module_that_never_runs_is_an_error():
    model = SmallConvNet()
    model.unused = torch.nn.Linear(2, 2)
    with pytest.raises(RuntimeError, match=r"module 'unused' did not run"):
        collect_activations(model, ["unused"], loader())


def test_record_epoch_writes_a_run_epoch(tmp_path):
    model = SmallConvNet()
    run = RunWriter(tmp_path / "run", labels=collect_labels(loader()))
    record_epoch(run, 0, model, {"features.3": "conv", "fc": "logits"}, loader(), metrics={"val_acc": 0.2})
    assert np.load(tmp_path / "run" / "epoch_000" / "conv.npy").shape == (10, 6)
    assert np.load(tmp_path / "run" / "labels.npy").tolist() == [0, 1, 2, 3, 4, 0, 1, 2, 3, 4]


def test_record_epoch_returns_the_outputs_of_its_own_pass(tmp_path):
    model = SmallConvNet()
    run = RunWriter(tmp_path / "run", labels=collect_labels(loader()))
    outputs = record_epoch(run, 0, model, ["fc"], loader())
    images = torch.cat([x for x, _ in loader()])
    model.eval()
    with torch.no_grad():
        expected = model(images)
    assert outputs.shape == (10, 5)
    torch.testing.assert_close(outputs, expected)
    np.testing.assert_allclose(np.load(tmp_path / "run" / "epoch_000" / "fc.npy"), expected.numpy(), rtol=1e-6)


class DictModel(torch.nn.Module):
    """A Hugging Face-style model: keyword inputs, a dict output."""

    def __init__(self):
        super().__init__()
        torch.manual_seed(0)
        self.encoder = torch.nn.Linear(4, 3)

    def forward(self, x, scale=None):
        hidden = self.encoder(x) * (scale if scale is not None else 1)
        return {"logits": hidden, "hidden_states": (hidden, hidden * 2)}


def test_dict_batches_are_keyword_inputs_and_dict_outputs_are_joined(tmp_path):
    x, scale, labels = torch.randn(7, 4), torch.full((7, 1), 2.0), torch.arange(7) % 2
    batches = [{"x": x[i:i + 3], "scale": scale[i:i + 3], "labels": labels[i:i + 3]} for i in range(0, 7, 3)]
    assert collect_labels(batches).tolist() == labels.tolist()
    run = RunWriter(tmp_path / "run", labels=collect_labels(batches))
    outputs = record_epoch(run, 0, DictModel(), ["encoder"], batches)
    assert set(outputs) == {"logits", "hidden_states"}
    assert outputs["logits"].shape == (7, 3) and outputs["hidden_states"][1].shape == (7, 3)
    torch.testing.assert_close(outputs["logits"], torch.from_numpy(np.load(tmp_path / "run" / "epoch_000" /
                                                                           "encoder.npy")) * 2)


def test_an_inputs_labels_pair_is_cut_into_ordered_batches():
    x, y = torch.randn(10, 3, 8, 8), torch.arange(10) % 5
    batches = eval_batches((x, y), batch_size=4)
    assert [len(b[1]) for b in batches] == [4, 4, 2]
    assert collect_labels(batches).tolist() == y.tolist()
    with pytest.raises(ValueError, match=r"eval_data has 10 labels but \{'inputs': 9\} inputs"):
        eval_batches((x[:9], y))


def test_a_shuffling_loader_is_refused_with_the_fix():
    dataset = torch.utils.data.TensorDataset(torch.randn(10, 3, 8, 8), torch.arange(10) % 5)
    shuffled = torch.utils.data.DataLoader(dataset, batch_size=4, shuffle=True)
    for function in (collect_labels, lambda data: collect_activations(SmallConvNet(), ["fc"], data), eval_batches):
        with pytest.raises(ValueError, match=r"the evaluation loader shuffles \(RandomSampler\).*shuffle=False"):
            function(shuffled)
    ordered = torch.utils.data.DataLoader(dataset, batch_size=4, shuffle=False)
    assert collect_labels(ordered).tolist() == [0, 1, 2, 3, 4, 0, 1, 2, 3, 4]
    distributed = torch.utils.data.DataLoader(dataset, sampler=torch.utils.data.distributed.DistributedSampler(
        dataset, num_replicas=1, rank=0, shuffle=True))
    with pytest.raises(ValueError, match=r"shuffles \(DistributedSampler\)"):
        collect_labels(distributed)
