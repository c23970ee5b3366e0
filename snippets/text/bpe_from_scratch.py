"""
Title: BPE from scratch: learn merges on a toy corpus, then split unseen words
Description: The byte-pair-encoding merge loop in plain Python, with its merge trace.
"""

from collections import Counter

# Word counts from the example in Sennrich et al. (2016); </w> marks the end of a word.
corpus = {"low": 5, "lower": 2, "newest": 6, "widest": 3}
words = {tuple(word) + ("</w>",): count for word, count in corpus.items()}


def merge_pair(symbols, pair):
    """Replace every adjacent occurrence of `pair` in `symbols` by one joined symbol."""
    out, i = [], 0
    while i < len(symbols):
        if symbols[i:i + 2] == pair:
            out.append(symbols[i] + symbols[i + 1])
            i += 2
        else:
            out.append(symbols[i])
            i += 1
    return tuple(out)


merges = []
for step in range(1, 11):
    pairs = Counter()
    for symbols, count in words.items():  # count adjacent pairs, weighted by frequency
        for pair in zip(symbols, symbols[1:]):
            pairs[pair] += count
    best = min(pairs, key=lambda pair: (-pairs[pair], pair))  # ties: alphabetical
    merges.append(best)
    words = {merge_pair(symbols, best): count for symbols, count in words.items()}
    print(f"merge {step:2}: {best[0]!r:>9} + {best[1]!r:<12} (count {pairs[best]})")

print("training words now:", [" ".join(symbols) for symbols in words])


def segment(word):
    """Split a new word by replaying the merges in the order they were learned."""
    symbols = tuple(word) + ("</w>",)
    for pair in merges:
        symbols = merge_pair(symbols, pair)
    return list(symbols)


for word in ["lowest", "newer", "wider"]:
    print(f"{word!r:>9} -> {segment(word)}")
