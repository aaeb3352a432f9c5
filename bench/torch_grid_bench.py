#!/usr/bin/env python3
"""PyTorch peer of hepscan's packing benchmark (PackingBenchmark, see README.md beside this file).

Trains a grid of trials one after another, as a user of PyTorch would: the reference model
20-64-64-1 (ReLU) with dropout after each hidden layer, weighted BCE-with-logits, Adam with the
trial's lr and Keras-style L2 on the weights (weight decay 2*l2 on the weight matrices, not the
biases), one shuffled copy of the data per epoch then contiguous slices, and after every epoch the
validation loss on the evaluation events (as hepscan's trials do). Prints one JSON object.

  python3 torch_grid_bench.py --lr 0.001,0.002 --l2 0,0.0001 --dropout 0,0.1 --epochs 5
"""
import argparse
import json
import time

import torch
import torch.nn.functional as F

N_IN, H1, H2 = 20, 64, 64


def make_data(n, seed):
    g = torch.Generator().manual_seed(seed)
    x = torch.randn(n, N_IN, generator=g)
    w_true = torch.randn(N_IN, 1, generator=g)
    y = ((x @ w_true + 0.5 * torch.randn(n, 1, generator=g)) > 0).float()
    w = 0.5 + torch.rand(n, 1, generator=g)
    return x, y, w


def trial(lr, l2, dropout, epochs, bs, train, evaluation, seed, dev):
    torch.manual_seed(seed)
    model = torch.nn.Sequential(
        torch.nn.Linear(N_IN, H1), torch.nn.ReLU(), torch.nn.Dropout(dropout),
        torch.nn.Linear(H1, H2), torch.nn.ReLU(), torch.nn.Dropout(dropout),
        torch.nn.Linear(H2, 1)).to(dev)
    weights = [p for name, p in model.named_parameters() if name.endswith("weight")]
    biases = [p for name, p in model.named_parameters() if name.endswith("bias")]
    opt = torch.optim.Adam([{"params": weights, "weight_decay": 2 * l2},
                            {"params": biases, "weight_decay": 0.0}], lr=lr, eps=1e-7)
    x, y, w = train
    xe, ye, we = evaluation
    n = x.shape[0]
    best = float("inf")
    train_seconds = 0.0
    for _ in range(epochs):
        t0 = time.perf_counter()
        model.train()
        perm = torch.randperm(n, device=dev)
        xs, ys, ws = x[perm], y[perm], w[perm]
        for i in range(0, n, bs):
            loss = F.binary_cross_entropy_with_logits(model(xs[i:i + bs]), ys[i:i + bs], weight=ws[i:i + bs])
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
        if dev.type == "cuda":
            torch.cuda.synchronize()
        train_seconds += time.perf_counter() - t0
        model.eval()
        with torch.inference_mode():
            best = min(best, float(F.binary_cross_entropy_with_logits(model(xe), ye, weight=we)))
    return train_seconds, best


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--device", default="cpu", choices=["cpu", "cuda"])
    ap.add_argument("--n", type=int, default=200_000)
    ap.add_argument("--n-eval", type=int, default=20_000)
    ap.add_argument("--batch-size", type=int, default=1024)
    ap.add_argument("--epochs", type=int, default=5)
    ap.add_argument("--lr", default="0.001,0.002,0.003,0.005")
    ap.add_argument("--l2", default="0,0.0001")
    ap.add_argument("--dropout", default="0,0.1")
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    dev = torch.device(a.device)
    x, y, w = (t.to(dev) for t in make_data(a.n + a.n_eval, 1))  # one labelling rule for both
    train = (x[:a.n], y[:a.n], w[:a.n])
    evaluation = (x[a.n:], y[a.n:], w[a.n:])
    grid = [(float(lr), float(l2), float(d)) for lr in a.lr.split(",")
            for l2 in a.l2.split(",") for d in a.dropout.split(",")]
    t0 = time.perf_counter()
    train_seconds = 0.0
    losses = []
    for k, (lr, l2, d) in enumerate(grid):
        s, best = trial(lr, l2, d, a.epochs, a.batch_size, train, evaluation, k, dev)
        train_seconds += s
        losses.append(round(best, 5))
    print(json.dumps({"torch": torch.__version__, "trials": len(grid),
                      "seconds": time.perf_counter() - t0, "train_seconds": train_seconds,
                      "best_val_loss": losses}))


if __name__ == "__main__":
    main()
