"""
Title: The course sheet's Keras 2 Tokenizer, its OOV gap and its off-by-one
Description: Runs the sheet's legacy Tokenizer code and its Keras 3 replacement.
"""

import keras
from tensorflow.keras.preprocessing.text import Tokenizer  # deprecated legacy copy

texts = ["The movie was great!", "The meal was not great."]

# The sheet's code, as written (with the legacy Tokenizer class filled in).
tokenizer = Tokenizer()
tokenizer.fit_on_texts(texts)
sequences = tokenizer.texts_to_sequences(texts)
vocab_size = len(tokenizer.word_index)
word_index = tokenizer.word_index
print(f"word_index: {word_index}")
print(f"sequences:  {sequences}")
print(f"len(word_index) = {vocab_size}, smallest id = {min(word_index.values())}")

# Off-by-one: ids run from 1 to len(word_index) and 0 is kept for padding,
# so an Embedding table needs len(word_index) + 1 rows.
embedding = keras.layers.Embedding(input_dim=len(word_index) + 1, output_dim=4)
largest_id = max(word_index.values())
print(f"Embedding(input_dim={embedding.input_dim}) looks up id {largest_id}: "
      f"{tuple(embedding(keras.ops.convert_to_tensor([[largest_id]])).shape)}")

# OOV: without an oov_token, a word unseen in fit_on_texts silently disappears.
unseen = ["the film was great"]
print(f"no oov_token:     {unseen[0]!r} -> {tokenizer.texts_to_sequences(unseen)}")
with_oov = Tokenizer(oov_token="[UNK]")
with_oov.fit_on_texts(texts)
print(f"oov_token=[UNK]:  {unseen[0]!r} -> {with_oov.texts_to_sequences(unseen)}")

# Keras 3: TextVectorization reserves 0 (padding) and 1 ([UNK]) by itself, and
# vocabulary_size() already counts both: it is the Embedding's input_dim.
vectorizer = keras.layers.TextVectorization()
vectorizer.adapt(texts)
print(f"TextVectorization: {unseen[0]!r} -> "
      f"{keras.ops.convert_to_numpy(vectorizer(unseen))[0].tolist()}")
print(f"vocabulary_size() = {vectorizer.vocabulary_size()}, "
      f"len(with_oov.word_index) + 1 = {len(with_oov.word_index) + 1}")
