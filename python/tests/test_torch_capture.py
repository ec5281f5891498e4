"""The PyTorch helper (skipped where torch is not installed)."""
import numpy as np
import pytest

torch = pytest.importorskip("torch")

from nm_render import RunWriter  # noqa: E402
from nm_render.torch_capture import collect_activations, collect_labels, pool, record_epoch  # noqa: E402


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
