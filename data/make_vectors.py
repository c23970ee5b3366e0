"""Write data/vectors.txt: 50-d count-based word vectors trained on data/corpus.txt.

The vectors stand in for a downloaded file such as GloVe: same text format (`word v1 ... v50`),
different method on purpose (the word2vec page trains predictive vectors itself). Method:
co-occurrence counts in a +-3 word window, positive PMI with context smoothing, truncated SVD.

    python data/make_vectors.py       # after make_corpus.py; deterministic
"""

from collections import Counter
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
WINDOW = 3
DIM = 50


def cooccurrence(sentences: list[list[str]], vocab: dict[str, int]) -> np.ndarray:
    counts = np.zeros((len(vocab), len(vocab)))
    for words in sentences:
        ids = [vocab[w] for w in words]
        for i, centre in enumerate(ids):
            for j in range(max(0, i - WINDOW), min(len(ids), i + WINDOW + 1)):
                if j != i:
                    counts[centre, ids[j]] += 1
    return counts


def ppmi(counts: np.ndarray, alpha: float = 0.75) -> np.ndarray:
    total = counts.sum()
    word_p = counts.sum(axis=1) / total
    context = counts.sum(axis=0) ** alpha  # smoothing from Levy, Goldberg & Dagan (2015)
    context_p = context / context.sum()
    with np.errstate(divide="ignore"):
        pmi = np.log((counts / total) / np.outer(word_p, context_p))
    return np.maximum(pmi, 0)


def svd_vectors(matrix: np.ndarray, dim: int) -> np.ndarray:
    u, s, _ = np.linalg.svd(matrix)
    vectors = u[:, :dim] * np.sqrt(s[:dim])
    # An SVD's signs are arbitrary; fix them so reruns on other BLAS builds agree.
    signs = np.sign(vectors[np.abs(vectors).argmax(axis=0), range(dim)])
    return vectors * signs


def main() -> None:
    sentences = [line.split() for line in (HERE / "corpus.txt").read_text().splitlines()]
    frequency = Counter(w for words in sentences for w in words)
    words = sorted(frequency, key=lambda w: (-frequency[w], w))
    vocab = {w: i for i, w in enumerate(words)}
    vectors = svd_vectors(ppmi(cooccurrence(sentences, vocab)), DIM)
    lines = [" ".join([w, *(f"{x:.4f}" for x in vec)]) for w, vec in zip(words, vectors)]
    (HERE / "vectors.txt").write_text("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
