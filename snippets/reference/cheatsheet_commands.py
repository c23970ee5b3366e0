"""
Title: Every Essential Command of the course sheet, in Keras 3, run and checked
Description: One section per command block of the cheatsheet, on tiny models and data.
"""

# --8<-- [start:setup]
import os
import tempfile
from pathlib import Path

import keras
import numpy as np
import tensorflow as tf
from keras import layers, ops
from keras.utils import pad_sequences  # Keras 3 path
from tokenizers import Tokenizer, models, pre_tokenizers, trainers  # BPE

keras.utils.set_random_seed(0)
rng = np.random.default_rng(0)
workdir = tempfile.TemporaryDirectory()  # every file below is written in here
DATA = Path("data")  # the site's data files, in ./data where you run this

# Tiny noisy data for the callbacks: a network overfits it within a few epochs.
x_train, x_val = rng.normal(size=(128, 8)), rng.normal(size=(128, 8))
y_train = (x_train[:, :2].sum(1) + 2 * rng.normal(size=128) > 0).astype("int32")
y_val = (x_val[:, :2].sum(1) + 2 * rng.normal(size=128) > 0).astype("int32")


def small_model():
    model = keras.Sequential([keras.Input((8,)),
                              layers.Dense(64, activation="relu"),
                              layers.Dense(1, activation="sigmoid")])
    model.compile(keras.optimizers.Adam(0.03), "binary_crossentropy",
                  metrics=["accuracy"])
    return model
# --8<-- [end:setup]


# --8<-- [start:tensorboard]
log_dir = os.path.join(workdir.name, "logs", "run_1")  # one sub-folder per run
tensorboard_callback = keras.callbacks.TensorBoard(log_dir=log_dir)  # capital B
# model.fit(..., callbacks=[tensorboard_callback]): see "Early stopping" below

# Launch TensorBoard in a terminal, on the PARENT folder of all runs:
#   tensorboard --logdir logs
# --8<-- [end:tensorboard]


# --8<-- [start:autoencoder]
input_size, latent_size = 64, 2  # e.g. 8x8 images with pixels in [0, 1]
encoder = keras.Sequential([
    keras.Input((input_size,)),  # not input_shape= on a layer
    layers.Dense(32, activation="relu"),
    layers.Dense(latent_size),  # latent space: the bottleneck, narrower than the input
])
decoder = keras.Sequential([
    keras.Input((latent_size,)),
    layers.Dense(32, activation="relu"),
    layers.Dense(input_size, activation="sigmoid"),  # input's size and range
])
autoencoder = keras.Sequential([encoder, decoder])
autoencoder.compile("adam", loss="mse")  # the reconstruction loss
# autoencoder.fit(x, x, ...): the input is also the target
images = rng.random((32, input_size))
print("autoencoder:", images.shape, "->", tuple(encoder(images).shape), "->",
      tuple(autoencoder(images).shape))
# --8<-- [end:autoencoder]


# --8<-- [start:backprop]
model = small_model()
loss_fn = keras.losses.BinaryCrossentropy()
optimizer = model.optimizer  # or a new one: keras.optimizers.Adam()
x_batch, y_batch = x_train[:32], y_train[:32]  # one mini-batch
with tf.GradientTape() as tape:
    predictions = model(x_batch, training=True)  # training mode: Dropout, BN
    loss = loss_fn(y_batch, predictions) + sum(model.losses)  # + regularizers
gradients = tape.gradient(loss, model.trainable_variables)
optimizer.apply_gradients(zip(gradients, model.trainable_variables))  # plural
print("gradients:", len(gradients), "for", len(model.trainable_variables),
      "trainable variables")
# --8<-- [end:backprop]


# --8<-- [start:batchnorm]
bn_model = keras.Sequential([
    keras.Input((8,)),
    layers.Dense(64, use_bias=False),  # BN's beta replaces the bias
    layers.BatchNormalization(),  # the paper's place: between Dense and activation
    layers.Activation("relu"),
    layers.Dense(32, activation="relu"),
])
bn = bn_model.layers[1]
print("BN trainable:", [w.name for w in bn.trainable_weights],
      "| moving statistics:", [w.name for w in bn.non_trainable_weights])
# --8<-- [end:batchnorm]


# --8<-- [start:tokenization]
texts = ["The movie was great", "the film was not good", "a great great film"]
vectorizer = layers.TextVectorization()  # word level; 0 = padding, 1 = [UNK]
vectorizer.adapt(texts)
sequences = vectorizer(texts)  # padded to the longest text of the batch

vocab_size = vectorizer.vocabulary_size()  # the Embedding's input_dim
word_index = {word: i for i, word in enumerate(vectorizer.get_vocabulary())}
print("vocabulary:", [str(w) for w in vectorizer.get_vocabulary()[:5]], "...",
      vocab_size, "entries | unseen word:", vectorizer(["spectacular"]).numpy()[0])
# --8<-- [end:tokenization]


# --8<-- [start:bpe]
bpe = Tokenizer(models.BPE(unk_token="[UNK]"))
bpe.pre_tokenizer = pre_tokenizers.Whitespace()  # merges stay inside words
trainer = trainers.BpeTrainer(vocab_size=300, special_tokens=["[UNK]"],
                              show_progress=False)
corpus = (DATA / "corpus.txt").read_text().splitlines()
bpe.train_from_iterator(corpus, trainer=trainer)
pieces = bpe.encode("unhappiness").tokens  # an unseen word -> known subwords
print("BPE:", bpe.get_vocab_size(), "tokens; 'unhappiness' ->", pieces)
# --8<-- [end:bpe]


# --8<-- [start:word2vec]
# Skip-gram: predicts context words from the target word
# CBOW: predicts the target word from the average of its context words
# With negative sampling both become: is (word, context) a real pair? (sigmoid)
n_words, dim = 1000, 50
target_in = keras.Input((), dtype="int32")
context_in = keras.Input((), dtype="int32")
target_vectors = layers.Embedding(n_words, dim)  # kept as the word vectors
context_vectors = layers.Embedding(n_words, dim)  # used only in training
score = layers.Dot(axes=-1)([target_vectors(target_in), context_vectors(context_in)])
skipgram = keras.Model([target_in, context_in], layers.Activation("sigmoid")(score))
skipgram.compile("adam", "binary_crossentropy")

# Word arithmetic on unit vectors, by cosine, excluding the three query words
lines = (DATA / "vectors.txt").read_text().splitlines()  # GloVe text format
words = [line.split()[0] for line in lines]
vectors = np.array([line.split()[1:] for line in lines], dtype="float32")
unit = vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


def analogy(a, b, c):  # a is to b as c is to ?
    scores = unit @ (unit[words.index(b)] - unit[words.index(a)]
                     + unit[words.index(c)])
    scores[[words.index(a), words.index(b), words.index(c)]] = -np.inf
    return words[int(np.argmax(scores))]


print("king - man + woman =", analogy("man", "king", "woman"),
      "| paris - france + italy =", analogy("france", "paris", "italy"))
# --8<-- [end:word2vec]


# --8<-- [start:embedding]
sequence_length, dim = 10, 16
embedding_model = keras.Sequential([
    keras.Input((sequence_length,), dtype="int32"),  # no input_length in Keras 3
    layers.Embedding(input_dim=vocab_size,  # vocabulary size (ids 0..V-1)
                     output_dim=dim),  # embedding dimension
])
ids = rng.integers(0, vocab_size, size=(4, sequence_length))
print("Embedding:", ids.shape, "->", tuple(embedding_model(ids).shape), "with",
      embedding_model.count_params(), "parameters (V x D)")
# --8<-- [end:embedding]


# --8<-- [start:rnn]
# Simple RNN: h_t = tanh(W x_t + U h_t-1 + b)
rnn_model = keras.Sequential([keras.Input((None, 8)),
                              layers.SimpleRNN(units=64, activation="tanh")])
# LSTM: return_sequences=True on every recurrent layer that feeds another one
lstm_model = keras.Sequential([
    keras.Input((None, 8)),
    layers.LSTM(units=64, return_sequences=True),  # (batch, steps, 64)
    layers.LSTM(units=64),  # the last one: return_sequences=False, (batch, 64)
])
steps = rng.normal(size=(2, 20, 8))
print("SimpleRNN:", tuple(rnn_model(steps).shape), rnn_model.count_params(),
      "params | 2 LSTMs:", tuple(lstm_model(steps).shape),
      lstm_model.count_params(), "params")
# --8<-- [end:rnn]


# --8<-- [start:padding]
ragged = [[1, 2, 3], [4, 5, 6, 7, 8, 9, 10], [11]]
padded = pad_sequences(ragged, maxlen=5, padding="post", truncating="post")
default = pad_sequences(ragged, maxlen=5)  # defaults: "pre" and "pre"
print("post:", padded.tolist())
print("pre: ", default.tolist())
# --8<-- [end:padding]


# --8<-- [start:masking]
# Masking tells the layers after it to skip the padded steps
masked_lstm = keras.Sequential([
    keras.Input((None,), dtype="int32"),
    layers.Embedding(input_dim=vocab_size, output_dim=8,
                     mask_zero=True),  # treat id 0 as padding
    layers.LSTM(16),
])
short = vectorizer(["great film"])  # ids of a 2-word text
same = np.allclose(masked_lstm(short), masked_lstm(pad_sequences(short, maxlen=8)),
                   atol=1e-6)

# Or, for inputs that are already vectors: an explicit Masking layer first
masking = layers.Masking(mask_value=0.0)  # masks steps whose features are ALL 0.0
print("padded run equals unpadded run:", same)
# --8<-- [end:masking]


# --8<-- [start:saving]
model_path = os.path.join(workdir.name, "model.keras")
model.save(model_path)  # native .keras format (recommended): the whole model
# model.save("model.h5")  # legacy HDF5 format: only to read old files
model.export(os.path.join(workdir.name, "model_dir"),
             verbose=False)  # TensorFlow SavedModel, for serving

loaded_model = keras.saving.load_model(model_path)  # = tf.keras.models.load_model

# Save/load weights (no architecture): the name must end in .weights.h5.
# A compiled model's file holds its optimizer's variables too.
weights_path = os.path.join(workdir.name, "model.weights.h5")
model.save_weights(weights_path)
rebuilt = small_model()  # the same code that built and compiled the model
rebuilt.optimizer.build(rebuilt.trainable_variables)  # so the optimizer state loads too
rebuilt.load_weights(weights_path)
print("saved:", sorted(os.listdir(workdir.name)))
# --8<-- [end:saving]


# --8<-- [start:checkpoint]
checkpoint_dir = os.path.join(workdir.name, "checkpoints")
checkpoint = keras.callbacks.ModelCheckpoint(
    filepath=os.path.join(checkpoint_dir, "model_{epoch:02d}_{val_loss:.2f}.keras"),
    monitor="val_loss",
    save_best_only=True,  # write only when val_loss beats its best so far
    mode="min",  # 'min' for a loss, 'max' for an accuracy
)
# --8<-- [end:checkpoint]


# --8<-- [start:early_stopping]
early_stopping = keras.callbacks.EarlyStopping(
    monitor="val_loss",
    patience=5,  # epochs without improvement before stopping
    restore_best_weights=True,  # end with the best epoch's weights, not the last
)
classifier = small_model()
history = classifier.fit(
    x_train, y_train, validation_data=(x_val, y_val), epochs=50, batch_size=128,
    verbose=0,
    callbacks=[tensorboard_callback, checkpoint, early_stopping]).history
print(f"stopped after {len(history['loss'])} of 50 epochs, best epoch",
      early_stopping.best_epoch + 1, "| TensorBoard:", sorted(os.listdir(log_dir)))
print("checkpoints:", sorted(os.listdir(checkpoint_dir)))
# --8<-- [end:early_stopping]


# --8<-- [start:regularization]
regularized = keras.Sequential([
    keras.Input((8,)),
    layers.Dense(64, activation="relu",
                 kernel_regularizer=keras.regularizers.L2(0.01)),  # + 0.01 sum(w^2)
    layers.Dropout(0.5),  # the fraction DROPPED during training
    layers.Dense(1),
])
print("L2 penalty terms in model.losses:", len(regularized.losses))
# --8<-- [end:regularization]


# --8<-- [start:attention]
# Attention(Q, K, V) = softmax(Q K^T / sqrt(d_k)) V
d_model, d_k, d_v = 64, 8, 8
inputs = rng.normal(size=(2, 5, d_model)).astype("float32")

# Self-attention: Q, K, V all from the same input
query = layers.Dense(d_k)(inputs)
key = layers.Dense(d_k)(inputs)
value = layers.Dense(d_v)(inputs)

# Compute attention scores (eager tensors; inside a model use keras.ops)
scores = tf.matmul(query, key, transpose_b=True)  # (batch, 5, 5)
scores = scores / tf.math.sqrt(tf.cast(d_k, tf.float32))  # d_k, not d_model
attention_weights = tf.nn.softmax(scores, axis=-1)  # each row sums to 1
output = tf.matmul(attention_weights, value)  # (batch, 5, d_v)
print("attention weights:", tuple(attention_weights.shape), "output:",
      tuple(output.shape))
# --8<-- [end:attention]


# --8<-- [start:mha]
d_model, num_heads = 64, 8
attention = layers.MultiHeadAttention(
    num_heads=num_heads,  # number of parallel attention heads
    key_dim=d_model // num_heads,  # size of ONE head
    dropout=0.1,  # dropout on the attention weights, in training only
)
x = rng.normal(size=(2, 10, d_model)).astype("float32")
output = attention(x, x)  # self-attention: (query, value), key defaults to value
print("MultiHeadAttention:", tuple(output.shape), attention.count_params(),
      "params")
# --8<-- [end:mha]


# --8<-- [start:encoder]
# Input -> MultiHeadAttention -> Add & Norm -> FFN -> Add & Norm -> Output (post-LN)
@keras.saving.register_keras_serializable(package="handout")  # so it loads back
class TransformerEncoderBlock(layers.Layer):
    def __init__(self, d_model, num_heads, ff_dim, dropout_rate=0.1, **kwargs):
        super().__init__(**kwargs)  # name, dtype, trainable
        self.d_model, self.num_heads = d_model, num_heads
        self.ff_dim, self.dropout_rate = ff_dim, dropout_rate
        self.supports_masking = True  # pass the padding mask on
        self.attention = layers.MultiHeadAttention(
            num_heads=num_heads, key_dim=d_model // num_heads, dropout=dropout_rate)
        self.ffn = keras.Sequential([
            layers.Dense(ff_dim, activation="relu"),  # expand (often 4 x d_model)
            layers.Dense(d_model),  # project back to d_model
        ])
        self.layernorm1 = layers.LayerNormalization()
        self.layernorm2 = layers.LayerNormalization()
        self.dropout1 = layers.Dropout(dropout_rate)
        self.dropout2 = layers.Dropout(dropout_rate)

    def build(self, input_shape):
        self.attention.build(input_shape, input_shape)
        self.ffn.build(input_shape)
        self.layernorm1.build(input_shape)
        self.layernorm2.build(input_shape)

    def call(self, x, mask=None, training=None):
        attention_mask = None if mask is None else ops.expand_dims(mask, 1)
        attn_output = self.attention(x, x, attention_mask=attention_mask,
                                     training=training)
        x = self.layernorm1(x + self.dropout1(attn_output, training=training))
        ffn_output = self.ffn(x, training=training)
        return self.layernorm2(x + self.dropout2(ffn_output, training=training))

    def get_config(self):  # every __init__ argument
        return {**super().get_config(), "d_model": self.d_model,
                "num_heads": self.num_heads, "ff_dim": self.ff_dim,
                "dropout_rate": self.dropout_rate}


block = TransformerEncoderBlock(d_model=64, num_heads=8, ff_dim=256)
print("encoder block:", tuple(block(x).shape), block.count_params(), "params")
# --8<-- [end:encoder]


# --8<-- [start:positional]
# Transformers have no built-in ORDER information: add a position embedding.
@keras.saving.register_keras_serializable(package="handout")
class TokenAndPositionEmbedding(layers.Layer):
    def __init__(self, vocab_size, max_seq_len, d_model, **kwargs):
        super().__init__(**kwargs)
        self.vocab_size, self.max_seq_len = vocab_size, max_seq_len
        self.d_model = d_model
        self.token_embedding = layers.Embedding(vocab_size, d_model, mask_zero=True)
        self.position_embedding = layers.Embedding(max_seq_len, d_model)

    def build(self, input_shape):
        self.token_embedding.build(input_shape)
        self.position_embedding.build((self.max_seq_len,))

    def call(self, token_ids):  # positions computed INSIDE the layer: they train
        positions = ops.arange(ops.shape(token_ids)[-1])  # this batch's length
        return self.token_embedding(token_ids) + self.position_embedding(positions)

    def compute_mask(self, token_ids, mask=None):
        return self.token_embedding.compute_mask(token_ids)

    def get_config(self):
        return {**super().get_config(), "vocab_size": self.vocab_size,
                "max_seq_len": self.max_seq_len, "d_model": self.d_model}


embed = TokenAndPositionEmbedding(vocab_size=1000, max_seq_len=100, d_model=64)
token_ids = rng.integers(1, 1000, size=(2, 12))
print("token + position embedding:", token_ids.shape, "->",
      tuple(embed(token_ids).shape), "| trainable tables:",
      len(embed.trainable_weights))
# --8<-- [end:positional]
