"""
Title: Word2Vec training examples: skip-gram pairs, CBOW windows, negative samples
Description: Builds (target, context, label) rows from one sentence with numpy.
"""

import numpy as np

rng = np.random.default_rng(0)
vocab = ["", "[UNK]", "the", "king", "wore", "his", "crown", "queen", "her", "palace"]
index = {word: i for i, word in enumerate(vocab)}
sentence = [index[w] for w in "the king wore his crown".split()]
window, negatives = 2, 2

print("skip-gram: the target predicts each word within the window")
pairs = []
for i, target in enumerate(sentence):
    for j in range(max(0, i - window), min(len(sentence), i + window + 1)):
        if j != i:
            pairs.append((target, sentence[j], 1))  # a real (target, context) pair
            for noise in rng.integers(2, len(vocab), size=negatives):
                pairs.append((target, int(noise), 0))  # a random word: label 0
for target, context, label in pairs[:9]:
    print(f"  ({vocab[target]:>5}, {vocab[context]:>6}) -> {label}")
print(f"  ... {len(pairs)} rows from one 5-word sentence")

print("CBOW: the window (padded with 0) predicts the word in its middle")
for i, target in enumerate(sentence):
    lo, hi = max(0, i - window), min(len(sentence), i + window + 1)
    context = [sentence[j] for j in range(lo, hi) if j != i]
    context += [0] * (2 * window - len(context))  # id 0 = padding, masked in the model
    print(f"  {[vocab[c] or '<pad>' for c in context]} -> {vocab[target]}")
