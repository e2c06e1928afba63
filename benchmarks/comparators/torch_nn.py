#!/usr/bin/env python3
"""PyTorch counterpart of the Proxima `nn` benchmark suite (NnSuite.cs).

Prints one "name seconds" line per benchmark (median seconds per call, one thread),
plus informational lines starting with "#". Exits non-zero when torch is missing.
"""
import statistics
import sys
import time

try:
    import torch
except ImportError as exc:  # the C# suite prints this and skips the comparison
    sys.stderr.write(f"torch not importable: {exc}\n")
    sys.exit(3)

torch.set_num_threads(1)
torch.manual_seed(0)


def median_seconds(body, inner, samples=15, warmup=3):
    for _ in range(warmup):
        for _ in range(inner):
            body()
    times = []
    for _ in range(samples):
        start = time.perf_counter()
        for _ in range(inner):
            body()
        times.append((time.perf_counter() - start) / inner)
    return statistics.median(times)


def gemm(n):
    a = torch.randn(n, n)
    b = torch.randn(n, n)
    c = torch.empty(n, n)
    inner = max(1, int(2e7 / (2.0 * n ** 3)))
    return median_seconds(lambda: torch.mm(a, b, out=c), inner)


class ActorCritic(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.trunk = torch.nn.Sequential(
            torch.nn.Linear(4, 64), torch.nn.Tanh(), torch.nn.Linear(64, 64), torch.nn.Tanh())
        self.actor = torch.nn.Linear(64, 2)
        self.critic = torch.nn.Linear(64, 1)

    def forward(self, x):
        h = self.trunk(x)
        return self.actor(h), self.critic(h)


def mlp(rows, backward):
    net = ActorCritic()
    x = torch.randn(rows, 4)
    g_pi = torch.randn(rows, 2)
    g_v = torch.randn(rows, 1)

    def forward_only():
        with torch.no_grad():
            net(x)

    def step():
        net.zero_grad(set_to_none=False)
        pi, v = net(x)
        ((pi * g_pi).sum() + (v * g_v).sum()).backward()

    return median_seconds(step if backward else forward_only, 200 if backward else 2000)


def lstm(hidden, steps=16, batch=8, in_size=64):
    net = torch.nn.LSTM(in_size, hidden)
    x = torch.randn(steps, batch, in_size)
    g = torch.randn(steps, batch, hidden)
    h0 = torch.zeros(1, batch, hidden)
    c0 = torch.zeros(1, batch, hidden)

    def step():
        net.zero_grad(set_to_none=False)
        out, _ = net(x, (h0, c0))
        (out * g).sum().backward()

    return median_seconds(step, 40 if hidden <= 64 else 15)


def main():
    print(f"# torch {torch.__version__}, threads {torch.get_num_threads()}")
    for n in (64, 128, 256):
        print(f"gemm_{n} {gemm(n):.9g}", flush=True)
    print(f"mlp_forward_8 {mlp(8, False):.9g}", flush=True)
    print(f"ppo_minibatch_64 {mlp(64, True):.9g}", flush=True)
    print(f"lstm_h64 {lstm(64):.9g}", flush=True)
    print(f"lstm_h128 {lstm(128):.9g}", flush=True)


if __name__ == "__main__":
    main()
