"""Record chosen modules of a PyTorch model on an evaluation loader, for RunWriter.

Imports torch; import this module only where PyTorch is installed::

    from nm_render import RunWriter
    from nm_render.torch_capture import collect_labels, record_epoch

    run = RunWriter("runs/resnet", labels=collect_labels(eval_loader), class_names=classes)
    for epoch in range(epochs):
        train_one_epoch(model)
        logits = record_epoch(run, epoch, model, ["layer1", "layer2", "layer3", "layer4"], eval_loader)
        run.add_metrics(epoch, {"val_acc": (logits.argmax(1) == labels).float().mean().item()})
"""

try:
    import torch
except ImportError as error:  # pragma: no cover - exercised only without torch
    raise ImportError("nm_render.torch_capture needs PyTorch (pip install torch); without it, pass NumPy "
                      "arrays to nm_render.RunWriter.write_epoch directly") from error

import numpy as np

from .module_names import resolve_modules

POOLINGS = ("avg", "max", "flatten", "none")


def pool(output, pooling="avg"):
    """Turns one module output [B, ...] into [B, D].

    "avg": global average over every axis after the channel axis ([B, C, H, W] -> [B, C]), the
    usual summary of a convolutional feature map; "max": global max over those axes; "flatten":
    all values of a sample in one row; "none": the output must already be [B, D]. A callable
    receives the tensor and returns [B, D] (e.g. for channels-last or token outputs).
    [B] outputs become [B, 1].
    """
    if callable(pooling):
        pooled = pooling(output)
    elif output.dim() <= 2 or pooling == "none":
        pooled = output
    elif pooling == "avg":
        pooled = output.mean(dim=tuple(range(2, output.dim())))
    elif pooling == "max":
        pooled = output.amax(dim=tuple(range(2, output.dim())))
    elif pooling == "flatten":
        pooled = output.flatten(1)
    else:
        raise ValueError(f"pooling must be one of {', '.join(POOLINGS)} or a callable; got {pooling!r}")
    if pooled.dim() == 1:
        pooled = pooled.unsqueeze(1)
    return pooled


def collect_activations(model, modules, loader, *, pooling="avg", device=None, inputs=None, return_outputs=False):
    """Runs `loader` through `model` without gradients, in eval mode, and returns the pooled
    outputs of the named modules as {block name: float32 array [N, D]} in `modules` order.
    With return_outputs=True it returns (that dict, the model's outputs): see `record_epoch`.

    model: a torch.nn.Module; its train/eval mode is restored afterwards.
    modules: module names as in model.named_modules() (e.g. ["layer1", "layer4"]), or a mapping
        {module name: block name}.
    loader: an iterable of batches: a tensor, a tuple/list whose first item is the input (as a
        DataLoader of (image, label) pairs gives), or a dict of tensors, passed to the model as
        keyword arguments without its "labels"/"label" entry (as Hugging Face models take them).
        Use `inputs` for other batch shapes. A DataLoader that shuffles is refused.
    pooling: "avg" (default), "max", "flatten", "none" or a callable, applied per module output
        (see `pool`); a mapping {block name: pooling} sets it per block.
    device: where to run; default: the device of the model's first parameter (else CPU).
    inputs: optional callable batch -> model input (a dict input is passed as keyword arguments).
    """
    refuse_shuffling(loader)
    chosen = resolve_modules(dict(model.named_modules()), modules)
    poolings = {block: (pooling.get(block, "avg") if isinstance(pooling, dict) else pooling)
                for block, _, _ in chosen}
    for block, rule in poolings.items():
        if not callable(rule) and rule not in POOLINGS:
            raise ValueError(f"pooling for block {block!r} must be one of {', '.join(POOLINGS)} or a callable; "
                             f"got {rule!r}")
    if device is None:
        first = next(model.parameters(), None)
        device = first.device if first is not None else torch.device("cpu")
    collected = {block: [] for block, _, _ in chosen}
    calls = {block: 0 for block, _, _ in chosen}
    outputs = []

    def hook_for(block, module_name):
        def hook(_module, _inputs, output):
            tensor = output
            if isinstance(tensor, (tuple, list)) and tensor and torch.is_tensor(tensor[0]):
                tensor = tensor[0]
            if not torch.is_tensor(tensor):
                raise TypeError(f"module {module_name!r} returned {type(output).__name__}, not a tensor; pass "
                                "pooling={block: callable} that picks and pools the tensor to record")
            pooled = pool(tensor.detach(), poolings[block])
            if pooled.dim() != 2:
                raise ValueError(f"pooling module {module_name!r} gave shape {tuple(pooled.shape)}; "
                                 "expected [batch, D]")
            collected[block].append(pooled.to("cpu", torch.float32))
            calls[block] += 1
        return hook

    handles = [module.register_forward_hook(hook_for(block, name)) for block, name, module in chosen]
    was_training = model.training
    batches = 0
    try:
        model.eval()
        with torch.no_grad():
            for batch in loader:
                x = _to_device(inputs(batch) if inputs is not None else _model_input(batch), device)
                output = model(**x) if isinstance(x, dict) else model(x)
                if return_outputs:
                    outputs.append(_detached_to_cpu(output))
                batches += 1
                for block, name, _ in chosen:
                    if calls[block] != batches:
                        raise RuntimeError(_call_count_message(name, calls[block], batches))
    finally:
        for handle in handles:
            handle.remove()
        model.train(was_training)
    if batches == 0:
        raise ValueError("the evaluation loader gave no batches")
    arrays = {block: torch.cat(parts).numpy() for block, parts in collected.items()}
    counts = {block: len(array) for block, array in arrays.items()}
    if len(set(counts.values())) > 1:
        raise RuntimeError(f"blocks recorded different numbers of samples ({counts}); each module must see "
                           "every sample exactly once per forward pass")
    if return_outputs:
        return arrays, _concatenated(outputs)
    return arrays


def collect_labels(loader, *, targets=None):
    """The class index of every sample of `loader`, in loader order, as int64 [N].

    By default a batch's second item is its labels (a DataLoader of (input, label) pairs), or
    its "labels"/"label" entry for dict batches; `targets` is an optional callable batch ->
    labels. A DataLoader that shuffles is refused: its order would not match the activations'.
    """
    refuse_shuffling(loader)
    parts = []
    for batch in loader:
        if targets is not None:
            labels = targets(batch)
        elif isinstance(batch, (tuple, list)) and len(batch) >= 2:
            labels = batch[1]
        elif isinstance(batch, dict) and _label_key(batch) is not None:
            labels = batch[_label_key(batch)]
        else:
            raise ValueError("cannot find labels in the loader's batches; pass targets=lambda batch: ...")
        parts.append(np.asarray(labels.cpu() if torch.is_tensor(labels) else labels).reshape(-1))
    if not parts:
        raise ValueError("the evaluation loader gave no batches")
    return np.concatenate(parts).astype(np.int64)


def record_epoch(writer, epoch, model, modules, loader, metrics=None, **options):
    """collect_activations(model, modules, loader, **options), written as `epoch` of `writer`
    (an nm_render.RunWriter) with optional metrics.

    Returns the model's outputs on the evaluation set, computed in the same pass, on the CPU and
    concatenated over batches (a tensor [N, ...] for a tensor output; a tuple, list or dict of
    them for such outputs, e.g. a Hugging Face ModelOutput as a dict), so validation metrics
    need no second pass: `(outputs.argmax(1) == labels).float().mean()`. The outputs are
    returned even when the writer left the epoch out (on_nonfinite="skip").
    """
    arrays, outputs = collect_activations(model, modules, loader, return_outputs=True, **options)
    writer.write_epoch(epoch, arrays, metrics=metrics)
    return outputs


def eval_batches(eval_data, batch_size=256):
    """The evaluation set as something `collect_activations` and `collect_labels` iterate over.

    eval_data: a DataLoader that does not shuffle (returned as is), or an (inputs, labels) pair:
    inputs a tensor [N, ...] or a dict of such tensors (keyword inputs, e.g. input_ids and
    attention_mask), labels a tensor or array [N]; the pair is cut into batches of `batch_size`
    in order, each an (inputs, labels) tuple.
    """
    if isinstance(eval_data, (tuple, list)) and len(eval_data) == 2:
        inputs, labels = eval_data
        labels = labels if torch.is_tensor(labels) else torch.as_tensor(np.asarray(labels))
        count = len(labels)
        sizes = {name: len(value) for name, value in inputs.items()} if isinstance(inputs, dict) \
            else {"inputs": len(inputs)}
        wrong = {name: size for name, size in sizes.items() if size != count}
        if wrong:
            raise ValueError(f"eval_data has {count} labels but {wrong} inputs; give one label per sample")

        def cut(value, start):
            if isinstance(value, dict):
                return {name: item[start:start + batch_size] for name, item in value.items()}
            return value[start:start + batch_size]

        return [(cut(inputs, start), labels[start:start + batch_size]) for start in range(0, count, batch_size)]
    if isinstance(eval_data, torch.utils.data.DataLoader):
        refuse_shuffling(eval_data)
        return eval_data
    raise ValueError(f"eval_data must be an (inputs, labels) pair or a DataLoader that does not shuffle; got "
                     f"{type(eval_data).__name__}")


def refuse_shuffling(loader):
    """Raises ValueError for a torch DataLoader that shuffles (a RandomSampler, or a
    DistributedSampler with shuffle=True): the evaluation set must come in the same order every
    epoch, the order of its labels."""
    sampler = getattr(loader, "sampler", None)
    batch_sampler = getattr(loader, "batch_sampler", None)
    samplers = [sampler, getattr(batch_sampler, "sampler", None)]
    for candidate in samplers:
        shuffles = isinstance(candidate, torch.utils.data.RandomSampler) or (
            isinstance(candidate, torch.utils.data.distributed.DistributedSampler) and candidate.shuffle)
        if shuffles:
            raise ValueError(f"the evaluation loader shuffles ({type(candidate).__name__}); its samples would "
                             "come in another order each epoch, mismatching labels and activations: make it with "
                             "DataLoader(..., shuffle=False)")


def _label_key(batch):
    return next((key for key in ("labels", "label") if key in batch), None)


def _model_input(batch):
    if torch.is_tensor(batch):
        return batch
    if isinstance(batch, (tuple, list)) and batch:
        return batch[0]
    if isinstance(batch, dict):
        key = _label_key(batch)
        return {name: value for name, value in batch.items() if name != key}
    raise ValueError(f"cannot find the model input in a batch of type {type(batch).__name__}; "
                     "pass inputs=lambda batch: ...")


def _detached_to_cpu(output):
    if torch.is_tensor(output):
        return output.detach().cpu()
    if isinstance(output, dict):  # also transformers' ModelOutput, an OrderedDict
        return {key: _detached_to_cpu(value) for key, value in output.items()}
    if isinstance(output, (tuple, list)):
        return [_detached_to_cpu(item) for item in output] if isinstance(output, list) \
            else tuple(_detached_to_cpu(item) for item in output)
    return output


def _concatenated(per_batch):
    """Joins per-batch outputs of one structure into one, concatenating tensors along the batch axis."""
    first = per_batch[0]
    if torch.is_tensor(first):
        return torch.cat(per_batch) if first.dim() > 0 else torch.stack(per_batch)
    if isinstance(first, dict):
        return {key: _concatenated([batch[key] for batch in per_batch]) for key in first}
    if isinstance(first, (tuple, list)):
        joined = [_concatenated([batch[i] for batch in per_batch]) for i in range(len(first))]
        return joined if isinstance(first, list) else tuple(joined)
    return list(per_batch)  # not a tensor: one entry per batch


def _to_device(x, device):
    if torch.is_tensor(x):
        return x.to(device)
    if isinstance(x, (tuple, list)):
        return type(x)(_to_device(item, device) for item in x)
    if isinstance(x, dict):
        return {key: _to_device(value, device) for key, value in x.items()}
    return x


def _call_count_message(module_name, calls, batches):
    if calls < batches:
        return (f"module {module_name!r} did not run during the forward pass of batch {batches}; record a "
                "module the model actually calls")
    return (f"module {module_name!r} ran more than once in one forward pass (it is reused); record a module "
            "that runs once per batch")
