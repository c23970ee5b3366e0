"""Facts stated on docs/transformers/feed_forward_network.md."""

import keras
import numpy as np
import pytest
from keras import layers, ops


@pytest.fixture(scope="module")
def position_wise(snippet):
    return snippet("snippets/transformers/feed_forward_network_position_wise.py")


@pytest.fixture(scope="module")
def block_share(snippet):
    return snippet("snippets/transformers/feed_forward_network_block_share.py")


def numpy(tensor):
    return ops.convert_to_numpy(tensor)


def table(stdout):
    return [line.split() for line in stdout.splitlines()[1:]]


# position-wise -----------------------------------------------------------------------


def test_the_ffn_expands_four_times_and_projects_back(position_wise):
    ffn = position_wise.namespace["ffn"]
    assert [tuple(w.shape) for w in ffn.weights] == [(16, 64), (64,), (64, 16), (16,)]
    assert ffn.layers[0].activation is keras.activations.relu
    assert position_wise.namespace["whole"].shape == (2, 6, 16)


def test_applying_it_per_token_equals_applying_it_to_the_sequence(position_wise):
    ns = position_wise.namespace
    np.testing.assert_allclose(ns["whole"], ns["one_by_one"], atol=1e-6)
    assert "sequence at once == each token alone: True" in position_wise.stdout


def test_it_does_not_mix_positions(position_wise):
    ns = position_wise.namespace
    np.testing.assert_allclose(ns["shuffled"], ns["whole"][:, ns["order"]], atol=1e-6)
    assert not np.array_equal(ns["order"], np.arange(6))
    for position in range(6):  # change one token: only that token's output changes
        x = ns["x"].copy()
        x[:, position] += 10.0
        changed = np.abs(numpy(ns["ffn"](x)) - ns["whole"]).max(axis=(0, 2)) > 0
        np.testing.assert_array_equal(changed, np.arange(6) == position)


def test_it_equals_two_convolutions_of_kernel_size_one(position_wise):
    ns = position_wise.namespace
    np.testing.assert_allclose(numpy(ns["conv"](ns["x"])), ns["whole"], atol=1e-6)


@pytest.mark.parametrize("d_model, d_ff", [(1, 1), (16, 64), (96, 100), (512, 2048), (768, 3072)])
def test_parameter_formula_matches_keras(position_wise, d_model, d_ff):
    model = keras.Sequential([keras.Input((None, d_model)), layers.Dense(d_ff, activation="relu"),
                              layers.Dense(d_model)])
    assert position_wise.namespace["ffn_params"](d_model, d_ff) == model.count_params()
    assert model.count_params() == 2 * d_model * d_ff + d_ff + d_model


def test_printed_parameter_table_agrees(position_wise):
    rows = [row for row in table(position_wise.stdout) if len(row) == 4 and row[0].isdigit()]
    assert len(rows) == 4
    assert all(row[2] == row[3] for row in rows)


def test_without_an_activation_the_ffn_is_one_linear_map():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(2, 5, 8)).astype("float32")
    linear = keras.Sequential([keras.Input((None, 8)), layers.Dense(32), layers.Dense(8)])
    (w1, b1), (w2, b2) = (layer.get_weights() for layer in linear.layers)
    np.testing.assert_allclose(numpy(linear(x)), x @ (w1 @ w2) + (b1 @ w2 + b2),
                               rtol=1e-4, atol=1e-5)


def test_gelu_is_available_for_bert_style_ffns():
    assert layers.Dense(4, activation="gelu").activation is keras.activations.gelu


# share of the block ------------------------------------------------------------------


def test_the_ffn_is_about_two_thirds_of_the_block_for_d_ff_4_d_model(block_share):
    rows = table(block_share.stdout)
    for row in rows[:2]:  # d_ff = 4 * d_model, for d_model 128 and 512
        assert int(row[1]) == 4 * int(row[0])
        assert abs(float(row[6]) - 2 / 3) < 0.005
    share = block_share.namespace["ffn_share"]
    assert share(10**6, 4 * 10**6) == pytest.approx(2 / 3, abs=1e-5)  # (8d²) / (12d²)


def test_printed_shares_match_the_formula_and_keras_counts(block_share):
    for row in table(block_share.stdout):
        d_model, d_ff = int(row[0]), int(row[1])
        mha, ffn, norms, total = (int(v.replace(",", "")) for v in row[2:6])
        assert mha == 4 * d_model**2 + 4 * d_model
        assert ffn == 2 * d_model * d_ff + d_ff + d_model
        assert norms == 4 * d_model
        assert total == mha + ffn + norms
        assert row[6] == row[7]


def test_other_d_ff_values_work_and_only_change_the_size(block_share):
    rows = {int(row[1]): row for row in table(block_share.stdout) if row[0] == "512"}
    assert set(rows) == {512, 1024, 2048, 4096}
    assert all(" ".join(row[8:]) == "(1, 4, 512)" for row in rows.values())
    shares = [float(rows[d_ff][6]) for d_ff in (512, 1024, 2048, 4096)]
    assert shares == sorted(shares)
    assert abs(shares[0] - 1 / 3) < 0.005 and abs(shares[1] - 1 / 2) < 0.005
    assert abs(shares[3] - 4 / 5) < 0.005


def test_a_block_with_a_small_d_ff_still_trains(block_share):
    keras.utils.set_random_seed(0)
    rng = np.random.default_rng(0)
    x = rng.normal(size=(64, 4, 16)).astype("float32")
    y = x.mean(axis=1).sum(axis=-1, keepdims=True)  # a target that needs every token
    inputs = keras.Input((4, 16))
    h = block_share.namespace["TransformerEncoderBlock"](16, num_heads=2, ff_dim=16)(inputs)
    model = keras.Model(inputs, layers.Dense(1)(layers.GlobalAveragePooling1D()(h)))
    model.compile(keras.optimizers.Adam(1e-2), "mse")
    history = model.fit(x, y, epochs=30, batch_size=16, verbose=0).history
    assert history["loss"][-1] < 0.5 * history["loss"][0]



def test_the_second_layer_must_return_d_model_for_the_residual_sum():
    """In a functional model: d_model works, 1 broadcasts silently, any other width raises."""
    x = keras.Input((5, 16))
    for width in range(1, 41):
        ffn = keras.Sequential([layers.Dense(64, activation="relu"), layers.Dense(width)])
        if width in (1, 16):
            assert tuple((x + ffn(x)).shape) == (None, 5, 16)
        else:
            with pytest.raises(ValueError, match="Cannot broadcast shape"):
                x + ffn(x)


def test_the_ffn_is_about_two_thirds_of_the_block_for_every_width_from_32():
    share = lambda d: (8 * d * d + 5 * d) / (12 * d * d + 13 * d)  # noqa: E731
    assert all(abs(share(d) - 2 / 3) < 0.01 for d in range(32, 8193))


@pytest.mark.parametrize("d_model", [8, 16, 24, 32, 48, 64, 96, 128])
def test_the_share_formula_matches_keras_counts_for_every_width(block_share, d_model):
    block = block_share.namespace["TransformerEncoderBlock"](d_model, num_heads=8,
                                                            ff_dim=4 * d_model)
    block(np.zeros((1, 2, d_model), "float32"))
    ffn = block.ffn.count_params()
    assert ffn / block.count_params() == pytest.approx(
        block_share.namespace["ffn_share"](d_model, 4 * d_model), rel=1e-12)


def test_every_ff_dim_gives_a_block_of_the_right_shape(block_share):
    x = np.random.default_rng(0).normal(size=(2, 3, 16)).astype("float32")
    for ff_dim in [*range(1, 33), 64, 128]:
        block = block_share.namespace["TransformerEncoderBlock"](16, num_heads=2, ff_dim=ff_dim)
        assert tuple(block(x).shape) == (2, 3, 16)
