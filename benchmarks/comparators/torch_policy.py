"""PyTorch side of the `policy` benchmark suite: a CleanRL-style actor-critic (separate actor and critic MLPs, tanh),
timed for action selection and for one PPO minibatch step (forward, clipped surrogate + value + entropy loss,
backward, global-norm clipping, Adam), one thread. Prints one JSON object: case name -> median seconds per call.

Usage: python3 torch_policy.py CASES_JSON   where CASES_JSON is a list of
  {"name", "kind": "act"|"step", "obs", "hidden", "actions", "continuous", "rows"}
"""
import json
import statistics
import sys
import time

import torch
from torch import nn
from torch.distributions import Categorical, Normal

torch.set_num_threads(1)
torch.manual_seed(0)


def mlp(inp, hidden, out, gain):
    layers = [nn.Linear(inp, hidden), nn.Tanh(), nn.Linear(hidden, hidden), nn.Tanh(), nn.Linear(hidden, out)]
    for layer in layers:
        if isinstance(layer, nn.Linear):
            nn.init.orthogonal_(layer.weight, 2 ** 0.5)
            nn.init.zeros_(layer.bias)
    nn.init.orthogonal_(layers[-1].weight, gain)
    return nn.Sequential(*layers)


class Agent(nn.Module):
    def __init__(self, obs, hidden, actions, continuous):
        super().__init__()
        self.continuous = continuous
        self.critic = mlp(obs, hidden, 1, 1.0)
        self.actor = mlp(obs, hidden, actions, 0.01)
        if continuous:
            self.log_std = nn.Parameter(torch.zeros(1, actions))

    def dist(self, x):
        out = self.actor(x)
        if self.continuous:
            return Normal(out, self.log_std.expand_as(out).exp())
        return Categorical(logits=out)

    def act(self, x):
        d = self.dist(x)
        a = d.sample()
        lp = d.log_prob(a)
        if self.continuous:
            lp = lp.sum(1)
        return a, lp, self.critic(x)

    def evaluate(self, x, a):
        d = self.dist(x)
        lp, ent = d.log_prob(a), d.entropy()
        if self.continuous:
            lp, ent = lp.sum(1), ent.sum(1)
        return lp, ent, self.critic(x).squeeze(1)


def median_seconds(fn, inner, samples=15, warmup=3):
    for _ in range(warmup * inner):
        fn()
    times = []
    for _ in range(samples):
        t0 = time.perf_counter()
        for _ in range(inner):
            fn()
        times.append((time.perf_counter() - t0) / inner)
    return statistics.median(times)


def run(case):
    agent = Agent(case["obs"], case["hidden"], case["actions"], case["continuous"])
    rows = case["rows"]
    x = torch.randn(rows, case["obs"])
    inner = max(1, 2000 // (rows * case["hidden"] // 64))
    if case["kind"] == "act":
        def act():
            with torch.no_grad():
                agent.act(x)
        return median_seconds(act, inner)

    opt = torch.optim.Adam(agent.parameters(), lr=3e-4, eps=1e-5)
    with torch.no_grad():
        a, old_lp, _ = agent.act(x)
    adv = torch.randn(rows)
    ret = torch.randn(rows)

    def step():
        lp, ent, v = agent.evaluate(x, a)
        ratio = (lp - old_lp).exp()
        mb = (adv - adv.mean()) / (adv.std() + 1e-8)
        pg = torch.max(-mb * ratio, -mb * ratio.clamp(0.8, 1.2)).mean()
        loss = pg - 0.0 * ent.mean() + 0.5 * ((ret - v) ** 2).mean()
        opt.zero_grad()
        loss.backward()
        nn.utils.clip_grad_norm_(agent.parameters(), 0.5)
        opt.step()

    return median_seconds(step, max(1, inner // 4))


cases = json.loads(sys.argv[1])
print(json.dumps({"framework": f"torch {torch.__version__}", **{c["name"]: run(c) for c in cases}}))
