#!/usr/bin/env python3
"""PyTorch reference for the Two-Tower training benchmark: the same towers, loss and batching as MLNet.TwoTower.

Towers: Linear -> BatchNorm1d -> LeakyReLU(0.01) -> Dropout(0.2) for hidden layers, a plain Linear output, L2 norm.
Loss: InfoNCE over in-batch negatives, logits = U @ I.T / tau, tau = exp(log_tau) learnable from 0.07, clamped to
[0.01, 1]. Adam, lr 1e-3. Features live once per entity; each batch gathers them with index_select, like the C# side.
Run by eng/bench/MLNet.TwoTower.Benchmarks, which passes the same arguments to both implementations; prints one
line `RESULT {json}`.
"""
import argparse
import json
import math
import resource
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


class Tower(nn.Module):
    def __init__(self, inputs, sizes, dropout=0.2, slope=0.01):
        super().__init__()
        layers = []
        for i, size in enumerate(sizes):
            layers.append(nn.Linear(inputs, size))
            if i < len(sizes) - 1:
                layers += [nn.BatchNorm1d(size), nn.LeakyReLU(slope), nn.Dropout(dropout)]
            inputs = size
        self.net = nn.Sequential(*layers)

    def forward(self, x):
        return F.normalize(self.net(x), p=2, dim=1)


def info_nce(users, items, temperature):
    logits = users @ items.t() / temperature
    return F.cross_entropy(logits, torch.arange(users.shape[0]))


def rss_megabytes():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0  # ru_maxrss is in KiB on Linux


def current_megabytes():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * resource.getpagesize() / 1048576.0


def main():
    p = argparse.ArgumentParser()
    for name, default in [("interactions", 100000), ("epochs", 2), ("threads", 2), ("width", 150),
                          ("batch-size", 256), ("seed", 42), ("users", 1000), ("items", 500)]:
        p.add_argument("--" + name, type=int, default=default)
    a = p.parse_args()
    torch.manual_seed(a.seed)
    torch.set_num_threads(a.threads)

    g = torch.Generator().manual_seed(a.seed)
    user_table = torch.rand(a.users + 1, a.width, generator=g) * 2 - 1
    item_table = torch.rand(a.items + 1, a.width, generator=g) * 2 - 1
    user_keys = torch.randint(1, a.users + 1, (a.interactions,), generator=g)
    item_keys = torch.randint(1, a.items + 1, (a.interactions,), generator=g)
    baseline = current_megabytes()

    user_tower, item_tower = Tower(a.width, [128, 64]), Tower(a.width, [128, 64])
    log_tau = nn.Parameter(torch.tensor(math.log(0.07)))
    params = list(user_tower.parameters()) + list(item_tower.parameters()) + [log_tau]
    optimizer = torch.optim.Adam(params, lr=1e-3)

    speeds, loss_mean = [], float("nan")
    for epoch in range(1, a.epochs + 1):
        user_tower.train(); item_tower.train()
        order = torch.randperm(a.interactions, generator=g)
        start, total, seen = time.perf_counter(), 0.0, 0
        for s in range(0, a.interactions, a.batch_size):
            rows = order[s:s + a.batch_size]
            if rows.numel() < 2:
                break
            u = user_tower(user_table.index_select(0, user_keys.index_select(0, rows)))
            i = item_tower(item_table.index_select(0, item_keys.index_select(0, rows)))
            loss = info_nce(u, i, log_tau.exp())
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            with torch.no_grad():
                log_tau.clamp_(math.log(0.01), math.log(1.0))
            total += loss.item() * rows.numel()
            seen += rows.numel()
        seconds = time.perf_counter() - start
        speeds.append(seen / seconds)
        loss_mean = total / seen
        print(f"  [PyTorch] epoch {epoch}/{a.epochs}: loss {loss_mean:.4f}, {seen / seconds:,.0f} examples/s", file=sys.stderr)

    result = {
        "implementation": f"PyTorch {torch.__version__}",
        "interactions": a.interactions,
        "examples_per_second": sum(speeds) / len(speeds),
        "peak_working_set_megabytes": rss_megabytes(),
        "baseline_working_set_megabytes": baseline,
        "final_loss": loss_mean,
    }
    print("RESULT " + json.dumps(result))


if __name__ == "__main__":
    main()
