"""A Lightning fit of the example MLP in its own process, for the tests that kill it or run DDP.

    python lightning_fit.py RUN_DIR ROOT_DIR MODE

MODE:
  fit            train 3 epochs
  pause-writing  train, and stop for good while epoch 3 is being written (its hidden temporary
                 folder exists), after printing "paused" to ROOT_DIR/paused: the test kills it
  resume         train 3 epochs from ROOT_DIR's last checkpoint
  ddp            train 3 epochs with strategy="ddp" on 2 CPU processes

Every process appends its global rank to ROOT_DIR/processes.log when it starts, and
"<global rank> <epoch>" to ROOT_DIR/writes.log for each epoch it writes.
"""
import os
import sys
import time

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "examples"))

from lightning.pytorch.callbacks import ModelCheckpoint  # noqa: E402

import lightning_mlp  # noqa: E402
from nm_render.run_writer import RunWriter  # noqa: E402

run_dir, root_dir, mode = sys.argv[1:4]
rank = os.environ.get("RANK", os.environ.get("LOCAL_RANK", "0"))


def pause_forever():
    with open(os.path.join(root_dir, "paused"), "w") as file:
        file.write("paused\n")
    while True:
        time.sleep(1)


with open(os.path.join(root_dir, "processes.log"), "a") as log:
    log.write(f"{rank}\n")

real_write_epoch = RunWriter.write_epoch


def logged_write_epoch(self, epoch, activations, metrics=None):
    with open(os.path.join(root_dir, "writes.log"), "a") as file:
        file.write(f"{rank} {epoch}\n")
    return real_write_epoch(self, epoch, activations, metrics)


RunWriter.write_epoch = logged_write_epoch

if mode == "pause-writing":
    real_save = np.save

    def save_then_pause(file, array, **kwargs):
        real_save(file, array, **kwargs)
        if ".epoch_003.tmp-" in getattr(file, "name", ""):
            file.flush()
            pause_forever()  # inside the hidden folder of epoch 3, one block written

    np.save = save_then_pause


checkpoints = ModelCheckpoint(dirpath=os.path.join(root_dir, "checkpoints"), save_last=True, save_top_k=-1)
options = dict(strategy="ddp", accelerator="cpu", devices=2) if mode == "ddp" else dict(accelerator="cpu", devices=1)
ckpt_path = os.path.join(root_dir, "checkpoints", "last.ckpt") if mode == "resume" else None
lightning_mlp.main(run_dir, epochs=3, samples=400, loggers=False, callbacks=[checkpoints], ckpt_path=ckpt_path,
                   default_root_dir=root_dir, **options)
