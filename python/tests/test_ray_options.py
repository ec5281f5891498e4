"""render_sweep's keyword options become nm-render flags (no Ray needed)."""

import pytest

from nm_render.ray import SweepError, _outputs, option_flags


def test_snake_case_options_become_flags_with_values():
    assert option_flags({"n_neighbors": 30, "min_dist": 0.25}) == ["--n-neighbors", "30", "--min-dist", "0.25"]


def test_true_is_a_bare_flag_and_false_or_none_leave_it_out():
    assert option_flags({"independent_runs": True, "legend": False, "title": None}) == ["--independent-runs"]


def test_lists_are_joined_with_commas():
    assert option_flags({"epochs": [10, 50, 200], "blocks": ("layer3", "layer4")}) == [
        "--epochs", "10,50,200", "--blocks", "layer3,layer4"]


def test_outputs_take_paths_or_pairs_with_their_own_options(tmp_path):
    targets = _outputs([str(tmp_path / "a.png"), (tmp_path / "b.mp4", {"fps": 24})])
    assert targets == [(str(tmp_path / "a.png"), {}), (str(tmp_path / "b.mp4"), {"fps": 24})]


def test_no_outputs_is_an_error_saying_what_to_give():
    with pytest.raises(SweepError, match="at least one output path"):
        _outputs([])
