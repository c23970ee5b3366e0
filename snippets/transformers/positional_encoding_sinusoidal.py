"""
Title: Sinusoidal positional encoding
Description: The sine/cosine position table; its dot products depend only on offset.
"""

import matplotlib.pyplot as plt
import numpy as np


def sinusoidal_encoding(length, d_model):
    """PE[pos, 2i] = sin(pos / 10000^(2i/d)); PE[pos, 2i+1] = cos(the same angle)."""
    positions = np.arange(length)[:, None]
    i = np.arange(d_model // 2)[None, :]
    angles = positions / 10000 ** (2 * i / d_model)
    table = np.zeros((length, d_model))
    table[:, 0::2] = np.sin(angles)
    table[:, 1::2] = np.cos(angles)
    return table


pe = sinusoidal_encoding(length=64, d_model=128)
print("shape:", pe.shape, f" values from {pe.min():.3f} to {pe.max():.3f}")
print("PE[0, :6] =", np.round(pe[0, :6], 3))

# sin(a)sin(b) + cos(a)cos(b) = cos(a - b): the dot product sees only the offset k.
for k in (1, 5, 20):
    dots = [pe[p] @ pe[p + k] for p in (0, 10, 20, 30)]
    print(f"offset {k:2d}: PE[p]·PE[p+{k}] for p = 0, 10, 20, 30:", np.round(dots, 4))

plt.figure(figsize=(8, 3.5))
plt.imshow(pe.T, aspect="auto", origin="lower", cmap="RdBu", vmin=-1, vmax=1)
plt.colorbar(label="value")
plt.xlabel("position in the sequence")
plt.ylabel("encoding dimension")
plt.title("Sinusoidal positional encoding: 64 positions × 128 dimensions")
plt.show()
