"""
Title: Gotcha: a tokenizer without an OOV token drops unknown words
Description: The legacy Tokenizer deletes "not"; TextVectorization maps it to [UNK].
"""

import keras
from tensorflow.keras.preprocessing.text import Tokenizer  # the sheet's (legacy) class

train = ["the movie was good", "the movie was bad", "the plot was good"]
new = ["the movie was good", "the movie was not good"]  # "not" never seen in training

# --8<-- [start:wrong]
tokenizer = Tokenizer()  # no oov_token: unknown words vanish
tokenizer.fit_on_texts(train)
ids_wrong = tokenizer.texts_to_sequences(new)
# --8<-- [end:wrong]

# --8<-- [start:right]
vectorize = keras.layers.TextVectorization()  # default: id 1 is "[UNK]" (OOV)
vectorize.adapt(train)
ids_right = vectorize(new).numpy().tolist()  # pads with 0 to the longest text
# (legacy code: Tokenizer(oov_token="[UNK]") does the same)
# --8<-- [end:right]

# --8<-- [start:check]
for sentence, wrong, right in zip(new, ids_wrong, ids_right):
    print(f"{sentence!r:26} Tokenizer(): {str(wrong):14} TextVectorization: {right}")
print(f"TextVectorization id 1 is {vectorize.get_vocabulary()[1]!r}")
# --8<-- [end:check]
