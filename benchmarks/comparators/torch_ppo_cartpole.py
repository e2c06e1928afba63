#!/usr/bin/python3
"""Comparator for Proxima's PPO throughput benchmark: the same PPO work in PyTorch, one thread.

CartPole-v1 dynamics (Gymnasium's equations) vectorized in NumPy, separate 64-64 tanh actor and critic,
rl-baselines3-zoo's CartPole config: 8 envs x 32 steps, 20 epochs, minibatch 256, gamma 0.98, GAE lambda 0.8,
linear learning-rate (1e-3) and clip-range (0.2) decay, Adam eps 1e-5, gradient clipping 0.5, advantage
normalization, time-limit bootstrapping. Prints one JSON object with the timings.

Usage: python3 torch_ppo_cartpole.py [total_timesteps] [seed]
"""
import json
import math
import sys
import time

import numpy as np
import torch
from torch import nn

torch.set_num_threads(1)


class VecCartPole:
    """Gymnasium CartPole-v1 equations (Euler), batched; same-step autoreset with final observations."""

    def __init__(self, n, seed):
        self.n = n
        self.rng = np.random.default_rng(seed)
        self.state = self.rng.uniform(-0.05, 0.05, size=(n, 4))
        self.steps = np.zeros(n, dtype=np.int64)
        self.returns = np.zeros(n)

    def step(self, actions):
        x, x_dot, theta, theta_dot = self.state.T
        force = np.where(actions == 1, 10.0, -10.0)
        costheta, sintheta = np.cos(theta), np.sin(theta)
        temp = (force + 0.05 * theta_dot ** 2 * sintheta) / 1.1
        thetaacc = (9.8 * sintheta - costheta * temp) / (0.5 * (4.0 / 3.0 - 0.1 * costheta ** 2 / 1.1))
        xacc = temp - 0.05 * thetaacc * costheta / 1.1
        x = x + 0.02 * x_dot
        x_dot = x_dot + 0.02 * xacc
        theta = theta + 0.02 * theta_dot
        theta_dot = theta_dot + 0.02 * thetaacc
        self.state = np.stack([x, x_dot, theta, theta_dot], axis=1)
        self.steps += 1
        terminated = (np.abs(x) > 2.4) | (np.abs(theta) > 12 * 2 * math.pi / 360)
        truncated = (self.steps >= 500) & ~terminated
        reward = np.ones(self.n)
        self.returns += reward
        final = self.state.astype(np.float32).copy()
        done = terminated | truncated
        finished = [(self.returns[i], self.steps[i]) for i in np.nonzero(done)[0]]
        if done.any():
            k = int(done.sum())
            self.state[done] = self.rng.uniform(-0.05, 0.05, size=(k, 4))
            self.steps[done] = 0
            self.returns[done] = 0
        return self.state.astype(np.float32), reward.astype(np.float32), terminated, truncated, final, finished


def mlp(inp, out, gain):
    layers = [nn.Linear(inp, 64), nn.Tanh(), nn.Linear(64, 64), nn.Tanh(), nn.Linear(64, out)]
    for i, layer in enumerate(l for l in layers if isinstance(l, nn.Linear)):
        nn.init.orthogonal_(layer.weight, math.sqrt(2) if i < 2 else gain)
        nn.init.zeros_(layer.bias)
    return nn.Sequential(*layers)


def main():
    total = int(float(sys.argv[1])) if len(sys.argv) > 1 else 100_000
    seed = int(sys.argv[2]) if len(sys.argv) > 2 else 0
    torch.manual_seed(seed)
    n_envs, n_steps, epochs, batch = 8, 32, 20, 256
    gamma, lam, lr0, clip0 = 0.98, 0.8, 1e-3, 0.2
    env = VecCartPole(n_envs, seed)
    actor, critic = mlp(4, 2, 0.01), mlp(4, 1, 1.0)
    params = list(actor.parameters()) + list(critic.parameters())
    opt = torch.optim.Adam(params, lr=lr0, eps=1e-5)
    obs = env.state.astype(np.float32)
    buf_obs = np.zeros((n_steps, n_envs, 4), np.float32)
    buf_act = np.zeros((n_steps, n_envs), np.int64)
    buf_logp = np.zeros((n_steps, n_envs), np.float32)
    buf_val = np.zeros((n_steps, n_envs), np.float32)
    buf_rew = np.zeros((n_steps, n_envs), np.float32)
    buf_term = np.zeros((n_steps, n_envs), bool)
    buf_trunc = np.zeros((n_steps, n_envs), bool)
    buf_boot = np.zeros((n_steps, n_envs), np.float32)
    steps_done, collect_s, learn_s, episodes = 0, 0.0, 0.0, []
    start = time.perf_counter()
    cpu_start = time.process_time()
    while steps_done < total:
        t0 = time.perf_counter()
        with torch.no_grad():
            for t in range(n_steps):
                o = torch.from_numpy(obs)
                logits = actor(o)
                dist = torch.distributions.Categorical(logits=logits)
                a = dist.sample()
                buf_obs[t], buf_act[t] = obs, a.numpy()
                buf_logp[t] = dist.log_prob(a).numpy()
                buf_val[t] = critic(o).squeeze(-1).numpy()
                obs, r, term, trunc, final, finished = env.step(buf_act[t])
                buf_rew[t], buf_term[t], buf_trunc[t] = r, term, trunc
                buf_boot[t] = 0
                if trunc.any():
                    buf_boot[t][trunc] = critic(torch.from_numpy(final[trunc])).squeeze(-1).numpy()
                episodes.extend(finished)
            last_val = critic(torch.from_numpy(obs)).squeeze(-1).numpy()
        adv = np.zeros((n_steps, n_envs), np.float32)
        next_adv, next_val = np.zeros(n_envs, np.float32), last_val
        for t in reversed(range(n_steps)):
            boot = np.where(buf_term[t], 0.0, np.where(buf_trunc[t], buf_boot[t], next_val))
            carry = ~(buf_term[t] | buf_trunc[t])
            delta = buf_rew[t] + gamma * boot - buf_val[t]
            next_adv = delta + gamma * lam * carry * next_adv
            adv[t], next_val = next_adv, buf_val[t]
        ret = adv + buf_val
        steps_done += n_steps * n_envs
        collect_s += time.perf_counter() - t0

        t1 = time.perf_counter()
        progress = steps_done / total
        lr, clip = lr0 * (1 - progress), clip0 * (1 - progress)
        for g in opt.param_groups:
            g["lr"] = lr
        b_obs = torch.from_numpy(buf_obs.reshape(-1, 4))
        b_act = torch.from_numpy(buf_act.reshape(-1))
        b_logp = torch.from_numpy(buf_logp.reshape(-1))
        b_adv = torch.from_numpy(adv.reshape(-1))
        b_ret = torch.from_numpy(ret.reshape(-1))
        n = b_obs.shape[0]
        for _ in range(epochs):
            perm = torch.randperm(n)
            for s in range(0, n, batch):
                idx = perm[s:s + batch]
                dist = torch.distributions.Categorical(logits=actor(b_obs[idx]))
                logp = dist.log_prob(b_act[idx])
                a_mb = b_adv[idx]
                a_mb = (a_mb - a_mb.mean()) / (a_mb.std() + 1e-8)
                ratio = torch.exp(logp - b_logp[idx])
                pg = -torch.min(ratio * a_mb, torch.clamp(ratio, 1 - clip, 1 + clip) * a_mb).mean()
                v = critic(b_obs[idx]).squeeze(-1)
                vf = ((b_ret[idx] - v) ** 2).mean()
                loss = pg + 0.5 * vf - 0.0 * dist.entropy().mean()
                opt.zero_grad()
                loss.backward()
                nn.utils.clip_grad_norm_(params, 0.5)
                opt.step()
        learn_s += time.perf_counter() - t1
    elapsed = time.perf_counter() - start
    cpu = time.process_time() - cpu_start
    recent = [e[0] for e in episodes[-100:]]
    print(json.dumps({
        "framework": f"torch {torch.__version__}",
        "total_timesteps": steps_done,
        "seconds": elapsed,
        "cpu_seconds": cpu,
        "steps_per_second": steps_done / elapsed,
        "collect_seconds": collect_s,
        "learn_seconds": learn_s,
        "mean_recent_return": float(np.mean(recent)) if recent else None,
    }))


if __name__ == "__main__":
    main()
