"""
Title: The variance of q·k grows with d_k; dividing by sqrt(d_k) fixes it
Description: Unit-variance random q and k: var(q·k) is about d_k; scaled, about 1.
"""

import numpy as np

rng = np.random.default_rng(0)
n_pairs = 10_000
dims = [4, 16, 64, 256, 1024]
measured = {}
print("   d_k   var(q·k)   var(q·k / sqrt(d_k))")
for d_k in dims:
    q = rng.standard_normal((n_pairs, d_k), dtype="float32")
    k = rng.standard_normal((n_pairs, d_k), dtype="float32")
    dots = (q * k).sum(axis=1)  # one dot product per pair
    measured[d_k] = dots.var(), (dots / np.sqrt(d_k)).var()
    print(f"{d_k:6d} {measured[d_k][0]:10.1f} {measured[d_k][1]:14.3f}")
