#!/usr/bin/env python3
# Copied unchanged (but for this line) from the shared ../shared/bench/torch_mlp_bench.py, so that the
# project runs its PyTorch peer without ../shared; TrainingBenchmark calls it.
"""PyTorch peer of the DJL MLP benchmark (see README.md beside this file).

Model 20-64-64-1 (ReLU), weighted BCE-with-logits, Adam lr 1e-3, synthetic data
resident on the device, per-epoch torch.randperm and per-batch index gather.

  python3 torch_mlp_bench.py --mode all --json            # train + infer + gemm
  python3 torch_mlp_bench.py --mode train --batch-sizes 256,1024,4096 --epochs 3
  python3 torch_mlp_bench.py --mode first                 # 1 batch, then exit
  python3 torch_mlp_bench.py --mode leak --epochs 20      # RSS per epoch
  python3 torch_mlp_bench.py --device cuda --json         # on a GPU machine
"""
import argparse
import json
import os
import statistics
import sys
import time

T_START = time.time()
import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402

T_IMPORT = time.time()

N_IN, H1, H2 = 20, 64, 64
# multiply-adds of one forward pass per event; training ~ 3x forward, 2 FLOP per MAC
FWD_MACS = N_IN * H1 + H1 * H2 + H2 * 1
TRAIN_FLOP_PER_EVENT = 3 * FWD_MACS * 2
INFER_FLOP_PER_EVENT = FWD_MACS * 2


def rss_mib():
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024.0
    except OSError:
        pass
    return float("nan")


def sync(dev):
    if dev.type == "cuda":
        torch.cuda.synchronize()


def make_data(n, dev, seed=42):
    g = torch.Generator().manual_seed(seed)
    x = torch.randn(n, N_IN, generator=g)
    w_true = torch.randn(N_IN, 1, generator=g)
    y = ((x @ w_true + 0.5 * torch.randn(n, 1, generator=g)) > 0).float()
    w = 0.5 + torch.rand(n, 1, generator=g)  # event weights in [0.5, 1.5)
    return x.to(dev), y.to(dev), w.to(dev)


def make_model(dev, seed=1):
    torch.manual_seed(seed)
    return torch.nn.Sequential(
        torch.nn.Linear(N_IN, H1), torch.nn.ReLU(),
        torch.nn.Linear(H1, H2), torch.nn.ReLU(),
        torch.nn.Linear(H2, 1),
    ).to(dev)


def train_epoch(model, opt, x, y, w, bs, dev, max_batches=None, shuffle="gather"):
    n = x.shape[0]
    perm = torch.randperm(n, device=dev)
    if shuffle == "copy":  # one shuffled copy per epoch, then contiguous slices
        x, y, w = x[perm], y[perm], w[perm]
    last = None
    for b, i in enumerate(range(0, n, bs)):
        if max_batches is not None and b >= max_batches:
            break
        if shuffle == "copy":
            xb, yb, wb = x[i:i + bs], y[i:i + bs], w[i:i + bs]
        else:  # per-batch gather through the shuffled index
            idx = perm[i:i + bs]
            xb, yb, wb = x[idx], y[idx], w[idx]
        logits = model(xb)
        loss = F.binary_cross_entropy_with_logits(logits, yb, weight=wb)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        last = loss
    sync(dev)
    return last


def bench_train(args, dev, x, y, w):
    out = {}
    for bs in args.batch_sizes:
        model = make_model(dev)
        opt = torch.optim.Adam(model.parameters(), lr=1e-3)
        eps, losses = [], []
        for _ in range(args.epochs):
            t0 = time.perf_counter()
            loss = train_epoch(model, opt, x, y, w, bs, dev, shuffle=args.shuffle)
            dt = time.perf_counter() - t0
            eps.append(x.shape[0] / dt)
            losses.append(float(loss))
        out[str(bs)] = {"epoch_events_per_s": [round(e) for e in eps],
                        "best_events_per_s": round(max(eps)),
                        "last_loss": losses[-1]}
        log(args, f"train bs={bs:5d} best {max(eps):12.0f} ev/s  epochs {[round(e) for e in eps]}  loss {losses[-1]:.4f}")
    return out


def bench_infer(args, dev, x):
    model = make_model(dev).eval()
    bs = args.infer_batch
    n = x.shape[0]
    rates = []
    with torch.inference_mode():
        for _ in range(args.infer_passes + 1):  # first pass is warm-up
            t0 = time.perf_counter()
            for i in range(0, n, bs):
                p = torch.sigmoid(model(x[i:i + bs]))
            sync(dev)
            rates.append(n / (time.perf_counter() - t0))
    rates = rates[1:]
    log(args, f"infer bs={bs} best {max(rates):12.0f} ev/s")
    return {"batch": bs, "pass_events_per_s": [round(r) for r in rates],
            "best_events_per_s": round(max(rates)), "checksum": float(p.sum())}


GEMM_SHAPES = [(4096, 4096, 4096), (65536, 64, 64), (4096, 64, 64), (1024, 64, 64),
               (256, 64, 64), (4096, 20, 64), (1024, 20, 64)]


def bench_gemm(args, dev):
    out = {}
    for (m, k, n) in GEMM_SHAPES:
        a = torch.randn(m, k, device=dev)
        b = torch.randn(k, n, device=dev)
        c = torch.matmul(a, b)
        flop = 2.0 * m * k * n
        # calibrate to ~0.3 s per timed round
        reps = 1
        while True:
            sync(dev)
            t0 = time.perf_counter()
            for _ in range(reps):
                torch.matmul(a, b, out=c)
            sync(dev)
            dt = time.perf_counter() - t0
            if dt > 0.3 or reps > 1 << 22:
                break
            reps *= 4
        best = 0.0
        for _ in range(3):
            t0 = time.perf_counter()
            for _ in range(reps):
                torch.matmul(a, b, out=c)
            sync(dev)
            best = max(best, flop * reps / (time.perf_counter() - t0))
        key = f"{m}x{k}@{k}x{n}"
        out[key] = round(best / 1e9, 2)
        log(args, f"gemm {key:>18s} {best / 1e9:8.2f} GFLOP/s")
    return out


def log(args, msg):
    print(msg, file=sys.stderr if args.json else sys.stdout, flush=True)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--mode", default="all", choices=["all", "train", "infer", "gemm", "first", "leak"])
    ap.add_argument("--device", default="cpu", choices=["cpu", "cuda"])
    ap.add_argument("--threads", type=int, default=2, help="torch.set_num_threads (cpu)")
    ap.add_argument("--n", type=int, default=200_000)
    ap.add_argument("--batch-sizes", default="256,1024,4096")
    ap.add_argument("--epochs", type=int, default=3)
    ap.add_argument("--infer-batch", type=int, default=65536)
    ap.add_argument("--infer-passes", type=int, default=10)
    ap.add_argument("--shuffle", default="gather", choices=["gather", "copy"],
                    help="gather: x[perm[i:i+bs]] per batch; copy: x[perm] once per epoch, then slices")
    ap.add_argument("--json", action="store_true", help="print one JSON object on stdout")
    args = ap.parse_args()
    args.batch_sizes = [int(s) for s in args.batch_sizes.split(",")]

    if args.threads > 0:
        torch.set_num_threads(args.threads)
    dev = torch.device(args.device)
    res = {"impl": "pytorch", "torch_version": torch.__version__, "device": str(dev),
           "threads": torch.get_num_threads(), "interop_threads": torch.get_num_interop_threads(),
           "n": args.n, "shuffle": args.shuffle, "train_flop_per_event": TRAIN_FLOP_PER_EVENT,
           "infer_flop_per_event": INFER_FLOP_PER_EVENT,
           "omp_num_threads_env": os.environ.get("OMP_NUM_THREADS")}
    if dev.type == "cuda":
        res["gpu"] = torch.cuda.get_device_name(0)

    if args.mode == "first":
        x, y, w = make_data(4096, dev)
        model = make_model(dev)
        opt = torch.optim.Adam(model.parameters(), lr=1e-3)
        t0 = time.time()
        train_epoch(model, opt, x, y, w, 256, dev, max_batches=1)
        t1 = time.time()
        res["first"] = {"import_s": round(T_IMPORT - T_START, 3),
                        "start_to_first_batch_s": round(t1 - T_START, 3),
                        "first_batch_s": round(t1 - t0, 4)}
        log(args, f"first: import {T_IMPORT - T_START:.3f}s, python start -> first batch {t1 - T_START:.3f}s")
    else:
        x, y, w = make_data(args.n, dev)
        if args.mode in ("all", "train"):
            res["train"] = bench_train(args, dev, x, y, w)
        if args.mode in ("all", "infer"):
            res["infer"] = bench_infer(args, dev, x)
        if args.mode in ("all", "gemm"):
            res["gemm_gflops"] = bench_gemm(args, dev)
        if args.mode == "leak":
            bs = args.batch_sizes[0]
            model = make_model(dev)
            opt = torch.optim.Adam(model.parameters(), lr=1e-3)
            rss = []
            for e in range(args.epochs):
                train_epoch(model, opt, x, y, w, bs, dev, shuffle=args.shuffle)
                rss.append(round(rss_mib(), 1))
                log(args, f"leak epoch {e + 1:2d} RSS {rss[-1]:.1f} MiB")
            res["leak"] = {"batch": bs, "rss_mib_per_epoch": rss}
    if args.json:
        print(json.dumps(res))


if __name__ == "__main__":
    main()
