#!/usr/bin/env python3
"""Comparator for the Proxima `envs` benchmark suite: CartPole-v1 and Pendulum-v1 stepped by a plain
Python/NumPy vectorised loop, the way gymnasium's SyncVectorEnv (and SB3's DummyVecEnv) step environments: one
Python `step` call per environment per vector step, autoreset in the same step, observations stacked into a
float32 array. The dynamics are gymnasium 1.x's code (CartPoleEnv.step/reset, PendulumEnv.step/reset, TimeLimit)
without gymnasium's extra wrappers (PassiveEnvChecker, OrderEnforcing), so these figures flatter Python slightly.

Actions are pre-drawn (a block of 1024 vector steps, cycled) so that only stepping is timed, as in the C# suite.

Usage: numpy_envs.py [--envs 1,8,64,256] [--ids CartPole-v1,Pendulum-v1] [--seconds 1.0]
Prints one JSON object per line: {"id":..., "num_envs":..., "steps_per_second":...}.
"""
import argparse
import json
import math
import time

import numpy as np


class CartPole:
    gravity = 9.8
    masscart = 1.0
    masspole = 0.1
    total_mass = masspole + masscart
    length = 0.5
    polemass_length = masspole * length
    force_mag = 10.0
    tau = 0.02
    theta_threshold_radians = 12 * 2 * math.pi / 360
    x_threshold = 2.4

    def __init__(self):
        self.np_random = np.random.default_rng(0)
        self.state = None
        self.steps_beyond_terminated = None

    def reset(self, seed=None):
        if seed is not None:
            self.np_random = np.random.default_rng(seed)
        self.state = self.np_random.uniform(low=-0.05, high=0.05, size=(4,))
        self.steps_beyond_terminated = None
        return np.array(self.state, dtype=np.float32), {}

    def step(self, action):
        assert action in (0, 1), f"{action!r} invalid"
        x, x_dot, theta, theta_dot = self.state
        force = self.force_mag if action == 1 else -self.force_mag
        costheta = np.cos(theta)
        sintheta = np.sin(theta)
        temp = (force + self.polemass_length * np.square(theta_dot) * sintheta) / self.total_mass
        thetaacc = (self.gravity * sintheta - costheta * temp) / (
            self.length * (4.0 / 3.0 - self.masspole * np.square(costheta) / self.total_mass))
        xacc = temp - self.polemass_length * thetaacc * costheta / self.total_mass
        x = x + self.tau * x_dot
        x_dot = x_dot + self.tau * xacc
        theta = theta + self.tau * theta_dot
        theta_dot = theta_dot + self.tau * thetaacc
        self.state = np.array((x, x_dot, theta, theta_dot), dtype=np.float64)
        terminated = bool(x < -self.x_threshold or x > self.x_threshold
                          or theta < -self.theta_threshold_radians or theta > self.theta_threshold_radians)
        if not terminated:
            reward = 1.0
        elif self.steps_beyond_terminated is None:
            self.steps_beyond_terminated = 0
            reward = 1.0
        else:
            self.steps_beyond_terminated += 1
            reward = 0.0
        return np.array(self.state, dtype=np.float32), reward, terminated, False, {}


def angle_normalize(x):
    return ((x + np.pi) % (2 * np.pi)) - np.pi


class Pendulum:
    max_speed = 8
    max_torque = 2.0
    dt = 0.05
    g = 10.0
    m = 1.0
    l = 1.0

    def __init__(self):
        self.np_random = np.random.default_rng(0)
        self.state = None
        self.last_u = None

    def reset(self, seed=None):
        if seed is not None:
            self.np_random = np.random.default_rng(seed)
        high = np.array([np.pi, 1.0])
        self.state = self.np_random.uniform(low=-high, high=high)
        self.last_u = None
        return self._get_obs(), {}

    def step(self, u):
        th, thdot = self.state
        g, m, l, dt = self.g, self.m, self.l, self.dt
        u = np.clip(u, -self.max_torque, self.max_torque)[0]
        self.last_u = u
        costs = angle_normalize(th) ** 2 + 0.1 * thdot ** 2 + 0.001 * (u ** 2)
        newthdot = thdot + (3 * g / (2 * l) * np.sin(th) + 3.0 / (m * l ** 2) * u) * dt
        newthdot = np.clip(newthdot, -self.max_speed, self.max_speed)
        newth = th + newthdot * dt
        self.state = np.array([newth, newthdot])
        return self._get_obs(), -costs, False, False, {}

    def _get_obs(self):
        theta, thetadot = self.state
        return np.array([np.cos(theta), np.sin(theta), thetadot], dtype=np.float32)


class TimeLimit:
    def __init__(self, env, max_episode_steps):
        self.env = env
        self.max_episode_steps = max_episode_steps
        self.elapsed = 0

    def reset(self, seed=None):
        self.elapsed = 0
        return self.env.reset(seed=seed)

    def step(self, action):
        obs, reward, terminated, truncated, info = self.env.step(action)
        self.elapsed += 1
        if self.elapsed >= self.max_episode_steps:
            truncated = True
        return obs, reward, terminated, truncated, info


class SyncVectorLoop:
    """The per-environment Python loop of gymnasium's SyncVectorEnv.step, with same-step autoreset."""

    def __init__(self, fns):
        self.envs = [fn() for fn in fns]
        self.num_envs = len(self.envs)
        self.observations = None
        self.rewards = np.zeros(self.num_envs, dtype=np.float64)
        self.terminations = np.zeros(self.num_envs, dtype=np.bool_)
        self.truncations = np.zeros(self.num_envs, dtype=np.bool_)

    def reset(self, seed):
        obs = [env.reset(seed=seed + i)[0] for i, env in enumerate(self.envs)]
        self.observations = np.stack(obs)
        return self.observations

    def step(self, actions):
        observations, infos = [], {}
        for i, action in enumerate(actions):
            obs, self.rewards[i], self.terminations[i], self.truncations[i], info = self.envs[i].step(action)
            if self.terminations[i] or self.truncations[i]:
                infos.setdefault("final_obs", {})[i] = obs
                obs, info = self.envs[i].reset()
            observations.append(obs)
        self.observations = np.stack(observations)
        return self.observations, np.copy(self.rewards), np.copy(self.terminations), np.copy(self.truncations), infos


SPECS = {
    "CartPole-v1": (lambda: TimeLimit(CartPole(), 500), "discrete"),
    "Pendulum-v1": (lambda: TimeLimit(Pendulum(), 200), "box"),
}


def measure(env_id, n, seconds):
    make, kind = SPECS[env_id]
    vec = SyncVectorLoop([make] * n)
    vec.reset(seed=0)
    rng = np.random.default_rng(1)
    block = 1024
    if kind == "discrete":
        actions = [list(int(a) for a in row) for row in rng.integers(0, 2, size=(block, n))]
    else:
        actions = list(rng.uniform(-2.0, 2.0, size=(block, n, 1)).astype(np.float32))
    # Warm up, then time whole vector steps until the time budget is spent.
    for t in range(min(block, max(10, 2000 // n))):
        vec.step(actions[t % block])
    steps = 0
    start = time.perf_counter()
    while True:
        for _ in range(16):
            vec.step(actions[steps % block])
            steps += 1
        elapsed = time.perf_counter() - start
        if elapsed >= seconds:
            break
    return steps * n / elapsed


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--envs", default="1,8,64,256")
    parser.add_argument("--ids", default="CartPole-v1,Pendulum-v1")
    parser.add_argument("--seconds", type=float, default=1.0)
    args = parser.parse_args()
    for env_id in args.ids.split(","):
        for n in (int(x) for x in args.envs.split(",")):
            sps = measure(env_id, n, args.seconds)
            print(json.dumps({"id": env_id, "num_envs": n, "steps_per_second": sps}), flush=True)


if __name__ == "__main__":
    main()
