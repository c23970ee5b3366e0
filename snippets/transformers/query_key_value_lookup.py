"""
Title: Attention as a soft dictionary look-up
Description: Keys decide which entries are found; values decide what comes back.
"""

import numpy as np


def attention(q, k, v):
    scores = q @ k.T / np.sqrt(k.shape[-1])
    weights = np.exp(scores - scores.max(axis=-1, keepdims=True))
    weights /= weights.sum(axis=-1, keepdims=True)
    return weights @ v, weights


# Three entries. Keys are what a query is compared with; values are what is returned.
keys = np.array([[1.0, 0.0, 0.0, 0.0],  # entry 0
                 [0.0, 1.0, 0.0, 0.0],  # entry 1
                 [0.0, 0.0, 1.0, 0.0]])  # entry 2
values = np.array([[10.0, 0.0],
                   [0.0, 10.0],
                   [-10.0, -10.0]])

queries = {"matches key 1 weakly": 2 * keys[1],
           "matches key 1 strongly": 20 * keys[1],
           "halfway between 0 and 2": 20 * (keys[0] + keys[2]) / 2,
           "matches no key": np.array([0.0, 0.0, 0.0, 20.0])}
results = {}
for name, query in queries.items():
    output, weights = attention(query[None, :], keys, values)
    results[name] = output[0], weights[0]
    print(f"query {name:<24} weights {np.round(weights[0], 2)} -> "
          f"output {np.round(output[0], 2) + 0.0}")  # + 0.0 turns -0 into 0
