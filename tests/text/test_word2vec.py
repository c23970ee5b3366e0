"""Facts stated on docs/text/word2vec.md."""

import keras
import numpy as np
import pytest
import tensorflow as tf

POSITIVE = {"good", "great", "excellent", "wonderful", "amazing", "fantastic", "superb",
            "lovely", "brilliant", "delightful"}
NEGATIVE = {"bad", "awful", "terrible", "horrible", "poor", "dreadful", "boring", "lousy",
            "dull", "disappointing"}
CAPITALS = {"paris", "rome", "madrid", "berlin", "tokyo", "cairo", "moscow", "athens"}
PEOPLE = {"king", "queen", "prince", "princess", "man", "woman", "boy", "girl"}


@pytest.fixture(scope="module")
def pairs(snippet):
    return snippet("snippets/text/word2vec_pairs.py")


@pytest.fixture(scope="module")
def skipgram(snippet):
    return snippet("snippets/text/word2vec_skipgram.py")


@pytest.fixture(scope="module")
def cbow(snippet):
    return snippet("snippets/text/word2vec_cbow.py")


def test_pair_count_is_window_pairs_times_one_plus_negatives(pairs):
    ns = pairs.namespace
    length, window = len(ns["sentence"]), ns["window"]
    positives = sum(min(length - 1, i + window) - max(0, i - window) for i in range(length))
    assert positives == 14
    assert len(ns["pairs"]) == positives * (1 + ns["negatives"]) == 42
    assert sum(label for *_, label in ns["pairs"]) == positives
    assert "... 42 rows from one 5-word sentence" in pairs.stdout


def test_a_noise_word_can_be_a_real_context_word(pairs):
    """The page notes that negatives are not checked against the window."""
    ns = pairs.namespace
    real = {(t, c) for t, c, label in ns["pairs"] if label == 1}
    assert any((t, c) in real for t, c, label in ns["pairs"] if label == 0)


def test_cbow_windows_are_padded_to_twice_the_window(pairs):
    assert "['king', 'wore', '<pad>', '<pad>'] -> the" in pairs.stdout
    assert "['the', 'king', 'his', 'crown'] -> wore" in pairs.stdout


def test_keras_3_has_no_skipgrams_helper():
    assert not hasattr(keras.preprocessing.sequence, "skipgrams")
    legacy = tf.keras.preprocessing.sequence.skipgrams  # still reachable, as a legacy copy
    assert "legacy" in legacy.__module__


@pytest.mark.parametrize("name", ["skipgram", "cbow"])
def test_the_loss_falls(name, request):
    history = request.getfixturevalue(name).namespace["history"]
    assert history["loss"][-1] < history["loss"][0] - 0.05


@pytest.mark.parametrize("name", ["skipgram", "cbow"])
def test_model_is_two_tables_and_nothing_else(name, request):
    ns = request.getfixturevalue(name).namespace
    assert ns["model"].count_params() == 2 * len(ns["vocab"]) * ns["dim"]


@pytest.mark.parametrize("name", ["skipgram", "cbow"])
def test_king_minus_man_plus_woman_is_queen(name, request):
    answers = request.getfixturevalue(name).namespace["answers"]
    assert answers["man", "king", "woman"].split()[0] == "queen"


@pytest.mark.parametrize("name", ["skipgram", "cbow"])
def test_capital_and_gender_analogies_land_in_the_top_three(name, request):
    answers = request.getfixturevalue(name).namespace["answers"]
    assert "rome" in answers["france", "paris", "italy"].split()
    assert "tokyo" in answers["germany", "berlin", "japan"].split()
    assert "princess" in answers["boy", "girl", "prince"].split()


def test_analogy_answers_exclude_the_query_words(skipgram, cbow):
    for ns in (skipgram.namespace, cbow.namespace):
        for query, answer in ns["answers"].items():
            assert not set(query) & set(answer.split())


def test_without_excluding_a_query_word_ranks_near_the_top(skipgram):
    raw = skipgram.namespace["raw"].split()
    assert {"king", "man", "woman"} & set(raw)


def test_analogy_is_cosine_over_unit_vectors(skipgram):
    ns = skipgram.namespace
    unit, index, vocab = ns["unit"], ns["index"], ns["vocab"]
    np.testing.assert_allclose(np.linalg.norm(unit[2:], axis=1), 1, rtol=1e-5)
    query = unit[index["king"]] - unit[index["man"]] + unit[index["woman"]]
    sims = unit @ query / np.linalg.norm(query)
    candidates = [i for i in np.argsort(-sims) if i > 1
                  and vocab[i] not in ("king", "man", "woman")]
    assert vocab[candidates[0]] == "queen"


def test_neighbours_share_the_role(skipgram):
    ns = skipgram.namespace
    near = lambda w: ns["nearest"](ns["unit"][ns["index"][w]], [w], k=4).split()  # noqa: E731 - one expression, named
    assert set(near("great")) <= POSITIVE
    assert set(near("awful")) <= NEGATIVE
    assert set(near("paris")) <= CAPITALS
    assert set(near("king")) <= PEOPLE


def test_country_to_capital_offsets_point_the_same_way(skipgram):
    assert skipgram.namespace["pairwise"].mean() > 0.6


def test_one_vector_per_word_type_whatever_the_sentence(skipgram):
    ns = skipgram.namespace
    ids = keras.ops.convert_to_numpy(ns["two"])
    assert ids[0, 1] == ids[1, 2] == ns["index"]["play"]
    assert ns["same"]
    np.testing.assert_array_equal(ns["vecs"][0, 1], ns["W"][ns["index"]["play"]])


def test_cbow_averages_the_context_embeddings_and_skips_padding(cbow):
    ns = cbow.namespace
    table = ns["context_embedding"].get_weights()[0]
    windows = np.array([[5, 9, 0, 0], [3, 4, 7, 8]], dtype="int32")
    averaged = keras.Model(ns["context_in"], ns["average"])
    got = keras.ops.convert_to_numpy(averaged(windows))
    np.testing.assert_allclose(got[0], table[[5, 9]].mean(axis=0), rtol=1e-5, atol=1e-7)
    np.testing.assert_allclose(got[1], table[[3, 4, 7, 8]].mean(axis=0), rtol=1e-5, atol=1e-7)


def test_noise_distribution_is_unigram_to_the_three_quarters(skipgram):
    ns = skipgram.namespace
    np.testing.assert_allclose(ns["noise"], ns["counts"] ** 0.75 / (ns["counts"] ** 0.75).sum())
    assert ns["noise"][ns["index"]["the"]] < ns["frequency"][ns["index"]["the"]]


def test_the_figure_draws_one_arrow_per_country(skipgram):
    (figure,) = skipgram.figures
    texts = figure.axes[0].texts
    labels = {t.get_text() for t in texts} - {""}
    assert labels == set(skipgram.namespace["countries"]) | CAPITALS
    assert sum(t.get_text() == "" for t in texts) == 8  # the arrows


def test_cbow_has_one_row_per_position_so_fewer_rows(skipgram, cbow):
    assert cbow.namespace["n"] < skipgram.namespace["n"]
    assert len(cbow.namespace["middles"]) == cbow.namespace["n"]


def test_without_subsampling_frequent_words_are_in_about_half_the_pairs(skipgram):
    ns = skipgram.namespace
    frequent = {"the", "a", "is", "of"}
    total = involving = 0
    for sentence in ns["sentences"]:
        words = sentence.split()
        for i in range(len(words)):
            for j in range(max(0, i - 2), min(len(words), i + 3)):
                if j != i:
                    total += 1
                    involving += words[i] in frequent or words[j] in frequent
    assert 0.4 < involving / total < 0.6
    assert all(ns["keep"][ns["index"][w]] < 1 for w in frequent)


def test_subsampling_keeps_each_word_with_probability_sqrt_t_over_f_at_most_1(skipgram):
    ns = skipgram.namespace
    expected = np.minimum(1.0, np.sqrt(1e-2 / np.maximum(ns["frequency"], 1e-12)))
    np.testing.assert_allclose(ns["keep"], expected, rtol=1e-12)
    assert (ns["keep"] <= 1).all()


def test_the_three_quarter_power_favours_rare_words_over_frequent_ones(skipgram):
    """noise / frequency is proportional to count^(-1/4): it falls as the count grows, for
    every pair of words, so every word above some frequency is drawn less than its share."""
    ns = skipgram.namespace
    seen = ns["counts"] > 0
    ratio = ns["noise"][seen] / ns["frequency"][seen]
    order = np.argsort(ns["counts"][seen], kind="stable")
    assert (np.diff(ratio[order]) <= 1e-12).all()
    most, least = order[-1], order[0]
    assert ratio[most] < 1 < ratio[least]


@pytest.mark.parametrize("real_words", [1, 2, 3, 4])
def test_cbow_average_skips_padding_for_any_number_of_real_words(cbow, real_words):
    ns = cbow.namespace
    table = ns["context_embedding"].get_weights()[0]
    averaged = keras.Model(ns["context_in"], ns["average"])
    rng = np.random.default_rng(real_words)
    windows = np.zeros((50, 4), dtype="int32")
    windows[:, :real_words] = rng.integers(1, len(ns["vocab"]), size=(50, real_words))
    got = keras.ops.convert_to_numpy(averaged(windows))
    expected = table[windows[:, :real_words]].mean(axis=1)
    np.testing.assert_allclose(got, expected, rtol=1e-5, atol=1e-7)


def test_not_every_analogy_answer_is_first(skipgram, cbow):
    expected = {("france", "paris", "italy"): "rome", ("germany", "berlin", "japan"): "tokyo",
                ("boy", "girl", "prince"): "princess"}
    firsts = [ns["answers"][query].split()[0] == answer
              for ns in (skipgram.namespace, cbow.namespace) for query, answer in expected.items()]
    assert not all(firsts)


def test_a_contextual_layer_gives_play_two_different_vectors(skipgram):
    """Self-attention on top of the same static vectors: each occurrence of "play" gets a vector
    computed from its own sentence."""
    ns = skipgram.namespace
    keras.utils.set_random_seed(0)
    ids = keras.ops.convert_to_numpy(ns["two"])
    static = keras.ops.convert_to_numpy(ns["target_embedding"](ids))
    attention = keras.layers.MultiHeadAttention(num_heads=2, key_dim=8)
    contextual = keras.ops.convert_to_numpy(attention(static, static))
    np.testing.assert_array_equal(static[0, 1], static[1, 2])
    assert not np.allclose(contextual[0, 1], contextual[1, 2], atol=1e-4)
