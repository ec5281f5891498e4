"""Choosing modules by name (pure Python: runs without torch)."""
import pytest

from nm_render.module_names import resolve_modules

MODULES = {"": "model", "conv1": "c1", "layer1": "l1", "layer1.0": "l10", "layer4": "l4", "fc": "fc"}


def test_names_become_block_names_in_the_requested_order():
    assert resolve_modules(MODULES, ["layer4", "layer1.0"]) == [("layer4", "layer4", "l4"),
                                                                ("layer1.0", "layer1.0", "l10")]


def test_a_mapping_stores_modules_under_other_block_names():
    assert resolve_modules(MODULES, {"fc": "logits"}) == [("logits", "fc", "fc")]


def test_unknown_names_are_listed_with_close_matches_and_top_level_modules():
    with pytest.raises(ValueError) as error:
        resolve_modules(MODULES, ["layer4", "layr1", "head"])
    message = str(error.value)
    assert "no module named 'layr1' (did you mean 'layer1'" in message
    assert "'head'" in message
    assert "its top-level modules are conv1, layer1, layer4, fc" in message


def test_the_unnamed_root_module_is_not_a_block():
    with pytest.raises(ValueError, match="no module named ''"):
        resolve_modules(MODULES, [""])


def test_one_string_instead_of_a_list_is_rejected_with_the_fix():
    with pytest.raises(ValueError, match=r"use \['layer4'\]"):
        resolve_modules(MODULES, "layer4")


def test_two_modules_under_one_block_name_are_rejected():
    with pytest.raises(ValueError, match="block name 'x' is used for more than one module"):
        resolve_modules(MODULES, {"layer1": "x", "layer4": "x"})
