"""
Title: Word-level tokenization with keras.layers.TextVectorization
Description: Learns a vocabulary from review sentences and turns text into integer ids.
"""

from pathlib import Path

import keras

DATA = Path("data")  # the site's data files, in ./data where you run this
rows = [line.split("\t") for line in (DATA / "sentiment.tsv").read_text().splitlines()]
sentences = [sentence for _label, sentence in rows]

# Defaults: lower-case, strip punctuation, split on whitespace, one int id per word.
vectorizer = keras.layers.TextVectorization()
vectorizer.adapt(sentences)  # builds the vocabulary, most frequent word first
vocabulary = [str(token) for token in vectorizer.get_vocabulary()]
print(f"{len(sentences)} sentences, vocabulary_size() = {vectorizer.vocabulary_size()}")
for token_id, token in enumerate(vocabulary[:6]):
    print(f"  id {token_id}: {token!r}")

texts = ["The movie was GREAT, not boring!", "A spectacular movie."]
ids = keras.ops.convert_to_numpy(vectorizer(texts))
for text, row in zip(texts, ids):
    print(f"{text!r:36} -> {row.tolist()}")
    print(f"{'':36}    {[vocabulary[i] for i in row]}")

# max_tokens caps the vocabulary (the two reserved ids count towards it);
# output_sequence_length pads with 0 or truncates, at the end, to a fixed length.
small = keras.layers.TextVectorization(max_tokens=10, output_sequence_length=8)
small.adapt(sentences)
small_vocabulary = [str(token) for token in small.get_vocabulary()]
print(f"max_tokens=10 keeps: {small_vocabulary}")
long_and_short = ["i thought the movie was not good at all honestly", "the meal"]
fixed = keras.ops.convert_to_numpy(small(long_and_short))
for text, row in zip(long_and_short, fixed):
    print(f"{text!r:52} -> {row.tolist()}")
