"""
Title: A real BPE tokenizer trained with Hugging Face tokenizers, offline
Description: Trains BPE on the shipped text in memory; unseen words split into subwords.
"""

import json
from pathlib import Path

from tokenizers import Tokenizer, models, pre_tokenizers, trainers

DATA = Path("data")  # the site's data files, in ./data where you run this
texts = (DATA / "corpus.txt").read_text().splitlines()
lines = (DATA / "sentiment.tsv").read_text().splitlines()
reviews = [line.split("\t")[1] for line in lines]
texts += reviews
training_words = {word for text in texts for word in text.split()}


def train_bpe(vocab_size):
    tokenizer = Tokenizer(models.BPE(unk_token="[UNK]"))
    tokenizer.pre_tokenizer = pre_tokenizers.Whitespace()  # words first, then merges
    trainer = trainers.BpeTrainer(vocab_size=vocab_size, special_tokens=["[UNK]"],
                                  show_progress=False)
    tokenizer.train_from_iterator(texts, trainer=trainer)  # in memory, no files
    return tokenizer


tokenizer = train_bpe(vocab_size=300)
merges = json.loads(tokenizer.to_str())["model"]["merges"]
alphabet = sorted(token for token in tokenizer.get_vocab() if len(token) == 1)
print(f"{len(texts)} lines, {len(training_words)} distinct words")
print(f"vocabulary: {tokenizer.get_vocab_size()} = 1 special "
      f"+ {len(alphabet)} characters + {len(merges)} merges")
print("first merges:", ", ".join(f"{a}+{b}" for a, b in merges[:8]))

for word in ["queens", "kingdoms", "superbly", "unhappiness"]:
    tokens = tokenizer.encode(word).tokens
    print(f"{word!r:>13} -> {tokens}  (in training text: {word in training_words})")
print(f"{'café'!r:>13} -> {tokenizer.encode('café').tokens}  ('é' not in training)")

# A smaller vocabulary means more, shorter pieces per word.
n_words = sum(len(review.split()) for review in reviews)
tokens_per_word = {}
for vocab_size in (60, 120, 300):
    encodings = train_bpe(vocab_size).encode_batch(reviews)
    tokens_per_word[vocab_size] = sum(len(e.tokens) for e in encodings) / n_words
    print(f"vocab_size={vocab_size:3}: "
          f"{tokens_per_word[vocab_size]:.2f} tokens per word of the reviews")
