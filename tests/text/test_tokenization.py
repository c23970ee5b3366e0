"""Facts stated on docs/text/tokenization.md."""

import importlib
import re
import string
import warnings
from collections import Counter

import keras
import numpy as np
import pytest
import tensorflow as tf


@pytest.fixture(scope="module")
def vectorization(snippet):
    return snippet("snippets/text/tokenization_text_vectorization.py")


@pytest.fixture(scope="module")
def legacy(snippet):
    return snippet("snippets/text/tokenization_legacy_tokenizer.py")


def standardized_words(sentences):
    strip = str.maketrans("", "", string.punctuation)
    return [word for s in sentences for word in s.lower().translate(strip).split()]


def encode(layer, texts):
    return keras.ops.convert_to_numpy(layer(texts))


# --- TextVectorization ------------------------------------------------------------


def test_ids_0_and_1_are_padding_and_unk(vectorization):
    vocabulary = vectorization.namespace["vocabulary"]
    assert vocabulary[:2] == ["", "[UNK]"]
    assert "id 0: ''" in vectorization.stdout and "id 1: '[UNK]'" in vectorization.stdout


def test_vocabulary_size_is_distinct_words_plus_two(vectorization):
    ns = vectorization.namespace
    n = len(set(standardized_words(ns["sentences"])))
    assert ns["vectorizer"].vocabulary_size() == len(ns["vocabulary"]) == n + 2


def test_learned_words_come_most_frequent_first(vectorization):
    ns = vectorization.namespace
    counts = Counter(standardized_words(ns["sentences"]))
    learned = [counts[word] for word in ns["vocabulary"][2:]]
    assert learned == sorted(learned, reverse=True)


def test_defaults_lower_case_strip_punctuation_and_split_on_whitespace(vectorization):
    config = keras.layers.TextVectorization().get_config()
    assert config["standardize"] == "lower_and_strip_punctuation"
    assert config["split"] == "whitespace"
    assert config["output_mode"] == "int"
    vectorizer = vectorization.namespace["vectorizer"]
    np.testing.assert_array_equal(encode(vectorizer, ["The movie was GREAT, not boring!"]),
                                  encode(vectorizer, ["the movie was great not boring"]))


def test_an_unseen_word_maps_to_id_1(vectorization):
    ns = vectorization.namespace
    words = set(standardized_words(ns["sentences"]))
    assert "spectacular" not in words
    assert ns["ids"][1][1] == 1
    unseen = ["zebra", "kingdoms", "xyzzy"]
    assert not words & set(unseen)
    np.testing.assert_array_equal(encode(ns["vectorizer"], [" ".join(unseen)]), [[1, 1, 1]])


def test_a_batch_is_padded_with_0_at_the_end_to_its_longest_text(vectorization):
    ns = vectorization.namespace
    assert ns["ids"].shape == (2, 6)
    np.testing.assert_array_equal(ns["ids"][1][3:], 0)
    assert (ns["ids"][0] != 0).all()


def test_without_output_sequence_length_the_length_depends_on_the_batch(vectorization):
    vectorizer = vectorization.namespace["vectorizer"]
    short, longer = ["a movie"], ["i thought the movie was good"]
    assert encode(vectorizer, short).shape == (1, 2)
    assert encode(vectorizer, longer).shape == (1, 6)


def test_max_tokens_counts_the_two_reserved_ids(vectorization):
    ns = vectorization.namespace
    assert len(ns["small_vocabulary"]) == 10
    assert ns["small_vocabulary"] == ns["vocabulary"][:10]  # the 8 most frequent words


def test_words_outside_max_tokens_become_unk(vectorization):
    ns = vectorization.namespace
    assert "movie" not in ns["small_vocabulary"]
    assert encode(ns["small"], ["movie"])[0][0] == 1


def test_output_sequence_length_truncates_and_pads_at_the_end(vectorization):
    ns = vectorization.namespace
    same_vocabulary = keras.layers.TextVectorization(vocabulary=ns["small_vocabulary"][2:])
    full = encode(same_vocabulary, ns["long_and_short"][:1])[0]
    assert len(full) > 8
    np.testing.assert_array_equal(ns["fixed"][0], full[:8])
    np.testing.assert_array_equal(ns["fixed"][1], [2, 1, 0, 0, 0, 0, 0, 0])


# --- the course sheet's Keras 2 Tokenizer ------------------------------------------


def test_keras_preprocessing_text_does_not_exist_in_keras_3():
    with pytest.raises(ModuleNotFoundError):
        importlib.import_module("keras.preprocessing.text")
    assert not hasattr(keras.preprocessing, "text")


def test_tf_keras_tokenizer_is_the_deprecated_legacy_copy_and_does_not_warn():
    tokenizer_class = tf.keras.preprocessing.text.Tokenizer
    assert tokenizer_class.__module__ == "keras.src.legacy.preprocessing.text"
    assert tokenizer_class.__doc__.strip() == "DEPRECATED."
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        tokenizer = tokenizer_class()
        tokenizer.fit_on_texts(["a b"])
        tokenizer.texts_to_sequences(["a c"])


def test_word_index_starts_at_1(legacy):
    word_index = legacy.namespace["word_index"]
    assert sorted(word_index.values()) == list(range(1, len(word_index) + 1))
    assert 0 not in {i for seq in legacy.namespace["sequences"] for i in seq}


def test_word_index_is_sorted_by_frequency(legacy):
    tokenizer = legacy.namespace["tokenizer"]
    counts = [tokenizer.word_counts[w] for w in sorted(tokenizer.word_index,
                                                        key=tokenizer.word_index.get)]
    assert counts == sorted(counts, reverse=True)


def test_the_sheets_vocab_size_is_one_row_short_for_an_embedding(legacy):
    ns = legacy.namespace
    largest = max(ns["word_index"].values())
    assert largest == ns["vocab_size"]
    too_small = keras.layers.Embedding(input_dim=ns["vocab_size"], output_dim=4)
    assert tuple(too_small(np.array([list(range(largest))])).shape) == (1, largest, 4)
    with pytest.raises(tf.errors.InvalidArgumentError, match="is not in"):
        too_small(np.array([[largest]]))
    assert ns["embedding"].input_dim == ns["vocab_size"] + 1
    assert "looks up id 6: (1, 1, 4)" in legacy.stdout


def test_the_sheets_code_silently_drops_an_unseen_word(legacy):
    """Gotcha 'Tokenization: not handling OOV words', the Wrong column."""
    ns = legacy.namespace
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        (dropped,) = ns["tokenizer"].texts_to_sequences(ns["unseen"])
    assert len(dropped) == len(ns["unseen"][0].split()) - 1


def test_an_oov_token_keeps_the_word_as_id_1(legacy):
    """Gotcha 'Tokenization: not handling OOV words', the Right column."""
    ns = legacy.namespace
    (kept,) = ns["with_oov"].texts_to_sequences(ns["unseen"])
    assert len(kept) == 4 and kept[1] == 1
    assert ns["with_oov"].word_index["[UNK]"] == 1
    # the other words move up by one
    assert all(ns["with_oov"].word_index[w] == i + 1 for w, i in ns["word_index"].items())


def test_text_vectorization_keeps_the_unseen_word_and_counts_both_reserved_ids(legacy):
    ns = legacy.namespace
    np.testing.assert_array_equal(encode(ns["vectorizer"], ns["unseen"])[0][1], 1)
    assert ns["vectorizer"].vocabulary_size() == len(ns["with_oov"].word_index) + 1
    assert ns["vectorizer"].vocabulary_size() == len(ns["word_index"]) + 2


def test_the_keras_3_replacement_of_the_sheets_commands():
    texts = ["The movie was great!", "The meal was not great."]
    vectorizer = keras.layers.TextVectorization()
    vectorizer.adapt(texts)
    sequences = vectorizer(texts)
    vocab_size = vectorizer.vocabulary_size()
    embedded = keras.layers.Embedding(input_dim=vocab_size, output_dim=4)(sequences)
    assert tuple(embedded.shape) == (2, 5, 4)
    assert int(keras.ops.max(sequences)) == vocab_size - 1


def test_num_words_keeps_n_minus_1_words_and_word_index_keeps_them_all(legacy):
    tokenizer = tf.keras.preprocessing.text.Tokenizer(num_words=3)
    tokenizer.fit_on_texts(legacy.namespace["texts"])
    used = {i for seq in tokenizer.texts_to_sequences(legacy.namespace["texts"]) for i in seq}
    assert used == {1, 2}
    assert len(tokenizer.word_index) == len(legacy.namespace["word_index"])


def test_printed_sequences_match(legacy):
    assert re.search(r"no oov_token: +'the film was great' -> \[\[1, 2, 3\]\]", legacy.stdout)


# --- the whole range of the claims -------------------------------------------------


def test_every_word_outside_the_vocabulary_gets_id_1_and_every_word_inside_its_own(
        vectorization):
    ns = vectorization.namespace
    vocabulary = ns["vocabulary"]
    ids = encode(ns["vectorizer"], [" ".join(vocabulary[2:])])[0]
    np.testing.assert_array_equal(ids, np.arange(2, len(vocabulary)))
    rng = np.random.default_rng(0)
    letters = list(string.ascii_lowercase)
    unseen = {"".join(rng.choice(letters, size=rng.integers(1, 12))) for _ in range(2000)}
    unseen -= set(vocabulary)
    assert len(unseen) > 1500
    assert (encode(ns["vectorizer"], [" ".join(sorted(unseen))])[0] == 1).all()


def test_vocabulary_size_formula_for_every_max_tokens():
    """V = 2 + min(n, M - 2) for M from 3 (one learned word) past n + 2 (no cap)."""
    texts = [" ".join(f"w{i}" for i in range(k)) for k in range(1, 13)]  # n = 12 words
    n = 12
    for max_tokens in range(3, n + 6):
        vectorizer = keras.layers.TextVectorization(max_tokens=max_tokens)
        vectorizer.adapt(texts)
        assert vectorizer.vocabulary_size() == 2 + min(n, max_tokens - 2)


def test_every_word_beyond_max_tokens_becomes_unk(vectorization):
    ns = vectorization.namespace
    dropped = ns["vocabulary"][10:]
    assert len(dropped) > 50
    capped = keras.layers.TextVectorization(vocabulary=ns["small_vocabulary"][2:])
    assert (encode(capped, [" ".join(dropped)])[0] == 1).all()


def test_num_words_keeps_at_most_n_minus_1_words_for_every_n(legacy):
    texts = legacy.namespace["texts"]
    n_words = len(legacy.namespace["word_index"])
    for num_words in range(1, n_words + 4):
        tokenizer = tf.keras.preprocessing.text.Tokenizer(num_words=num_words)
        tokenizer.fit_on_texts(texts)
        used = {i for seq in tokenizer.texts_to_sequences(texts) for i in seq}
        assert used == set(range(1, min(num_words - 1, n_words) + 1))
        assert len(tokenizer.word_index) == n_words
