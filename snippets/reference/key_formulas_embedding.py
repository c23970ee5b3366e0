"""
Title: Key formula: an embedding lookup is a one-hot row times the matrix
Description: Keras's Embedding(V, D) against one_hot(ids) @ W, for a batch of ids.
"""

import keras
import numpy as np

keras.utils.set_random_seed(0)
V, D = 12, 5  # vocabulary size, embedding dimension
ids = np.array([[3, 0, 11], [7, 7, 2]])  # a batch of 2 sequences of 3 token ids
embedding = keras.layers.Embedding(input_dim=V, output_dim=D)
looked_up = keras.ops.convert_to_numpy(embedding(ids))  # (2, 3, D)

W = keras.ops.convert_to_numpy(embedding.embeddings)  # the V x D matrix
one_hot = np.eye(V, dtype="float32")[ids]  # (2, 3, V)
by_matmul = one_hot @ W  # picks row i of W for id i

print(f"embedding matrix W: {W.shape}, lookup output: {looked_up.shape}")
gap_matmul = np.abs(looked_up - by_matmul).max()
gap_rows = np.abs(looked_up - W[ids]).max()
print(f"max |Embedding(ids) - one_hot(ids) @ W| = {gap_matmul:.1e}")
print(f"max |Embedding(ids) - W[ids]|          = {gap_rows:.1e}")
