"""Finding a model's modules by the names `model.named_modules()` gives them (no torch import)."""

import difflib


def resolve_modules(named_modules, requested, *, kind="module",
                    listing="see model.named_modules() for nested names"):
    """Pairs each requested module with the block name its activations are stored under.

    named_modules: mapping of module name -> module (e.g. dict(model.named_modules())).
    requested: a sequence of module names (block name = module name), or a mapping of
    module name -> block name.
    Returns a list of (block name, module name, module) in the requested order.
    kind / listing: the word for an entry ("layer" for Keras) and where to see them all, for messages.
    Raises ValueError naming every unknown module, with close matches and the top-level names.
    """
    if isinstance(requested, str):
        raise ValueError(f"modules must be a list of {kind} names, not one string; use [{requested!r}]")
    pairs = list(requested.items()) if hasattr(requested, "items") else [(name, name) for name in requested]
    if not pairs:
        raise ValueError(f"modules is empty; name at least one {kind} to record, e.g. ['layer4']")
    unknown = [module for module, _ in pairs if module not in named_modules or module == ""]
    if unknown:
        available = [name for name in named_modules if name]
        hints = []
        for name in unknown:
            close = difflib.get_close_matches(str(name), available, n=3)
            hints.append(f"{name!r}" + (f" (did you mean {', '.join(repr(c) for c in close)}?)" if close else ""))
        top_level = [name for name in available if "." not in name]
        raise ValueError(f"the model has no {kind} named {', '.join(hints)}; its top-level {kind}s are "
                         f"{', '.join(top_level) or '(none)'} ({listing})")
    blocks = [block for _, block in pairs]
    repeated = sorted({b for b in blocks if blocks.count(b) > 1})
    if repeated:
        raise ValueError(f"block name {repeated[0]!r} is used for more than one {kind}; give each its own name")
    return [(block, module, named_modules[module]) for module, block in pairs]
