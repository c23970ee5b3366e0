"""
Title: Data augmentation for text: random deletion and synonym swaps
Description: A small, readable augmenter on labelled sentences; the labels never change.
"""

import numpy as np

rng = np.random.default_rng(0)
SYNONYMS = {  # tiny hand-written thesaurus; real projects use WordNet or embeddings
    "movie": ["film", "picture"],
    "great": ["excellent", "wonderful"],
    "boring": ["dull", "tedious"],
    "plot": ["story", "storyline"],
    "acting": ["performances", "cast"],
    "terrible": ["awful", "dreadful"],
}


def augment(sentence, p_delete=0.15, p_swap=0.3):
    """Swap words for synonyms with probability p_swap, delete others with p_delete."""
    words = []
    for word in sentence.split():
        if word in SYNONYMS and rng.random() < p_swap:
            words.append(str(rng.choice(SYNONYMS[word])))
        elif rng.random() >= p_delete:
            words.append(word)
    return " ".join(words) if words else sentence  # never return an empty sentence


data = [("the movie was great and the acting was superb", "positive"),
        ("a boring plot and terrible acting", "negative"),
        ("great plot but the movie felt long", "positive")]

augmented = [(augment(text), label) for text, label in data for _ in range(2)]
for text, label in augmented:
    print(f"{label:8} | {text}")
