import numpy as np
from nm_render import RunWriter

rng = np.random.default_rng(0)
x = rng.normal(size=(3000, 20)).astype(np.float32)
y = (x[:, 0] * x[:, 1] > 0) + 2 * (x[:, 2] + x[:, 3] > 0)  # 4 classes, not linearly separable
x_train, y_train, x_eval, y_eval = x[:2000], y[:2000], x[2000:], y[2000:]
w1 = rng.normal(0, 0.3, (20, 64)).astype(np.float32)
w2 = rng.normal(0, 0.3, (64, 4)).astype(np.float32)

run = RunWriter("runs/numpy-mlp", labels=y_eval, class_names=["A", "B", "C", "D"], overwrite=True)
for epoch in range(21):
    for i in range(0, len(x_train) if epoch > 0 else 0, 50):  # epoch 0: the untrained network
        xb, yb = x_train[i:i + 50], y_train[i:i + 50]
        h = np.maximum(xb @ w1, 0)
        p = np.exp(h @ w2 - (h @ w2).max(1, keepdims=True))
        p /= p.sum(1, keepdims=True)
        p[np.arange(len(yb)), yb] -= 1                   # softmax cross-entropy gradient
        g = p / len(yb)
        w1 -= 0.2 * xb.T @ ((g @ w2.T) * (h > 0))
        w2 -= 0.2 * h.T @ g
    hidden = np.maximum(x_eval @ w1, 0)
    logits = hidden @ w2
    run.write_epoch(epoch, {"hidden": hidden, "logits": logits},
                    metrics={"val_acc": float((logits.argmax(1) == y_eval).mean())})
