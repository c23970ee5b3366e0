"""Facts stated on docs/reference/key_formulas.md: each formula against TensorFlow/Keras."""

import inspect
import re

import keras
import numpy as np
import pytest
import tensorflow as tf
from keras import layers, regularizers

from tests.conftest import ROOT

PAGE = ROOT / "docs" / "reference" / "key_formulas.md"


@pytest.fixture(scope="module")
def chain_rule(snippet):
    return snippet("snippets/reference/key_formulas_chain_rule.py")


@pytest.fixture(scope="module")
def sgd(snippet):
    return snippet("snippets/reference/key_formulas_sgd.py")


@pytest.fixture(scope="module")
def l2(snippet):
    return snippet("snippets/reference/key_formulas_l2.py")


@pytest.fixture(scope="module")
def dropout(snippet):
    return snippet("snippets/reference/key_formulas_dropout.py")


@pytest.fixture(scope="module")
def embedding(snippet):
    return snippet("snippets/reference/key_formulas_embedding.py")


@pytest.fixture(scope="module")
def attention(snippet):
    return snippet("snippets/reference/key_formulas_attention.py")


# ---- the page ----------------------------------------------------------------------------------

def test_one_equation_per_display_block_and_every_link_exists():
    text = PAGE.read_text()
    blocks = re.findall(r"\$\$\n(.*?)\n\$\$", text, re.DOTALL)
    assert len(blocks) >= 15
    assert not [b for b in blocks if "aligned" in b or "\\\\" in b]
    for target in re.findall(r"\]\((?!https?:)([^)#\s]+\.md)", text):
        assert (PAGE.parent / target).resolve().is_file(), target


# ---- chain rule --------------------------------------------------------------------------------

def test_chain_rule_equals_gradient_tape(chain_rule):
    ns = chain_rule.namespace
    np.testing.assert_allclose(ns["chain_rule"], ns["tape_grad"], rtol=1e-5, atol=1e-7)
    assert np.abs(ns["tape_grad"]).max() > 1e-3  # not trivially zero


# ---- gradient descent and momentum -------------------------------------------------------------

def test_plain_sgd_is_w_minus_lr_times_gradient(sgd):
    ns = sgd.namespace
    np.testing.assert_allclose(ns["sgd"], np.array(ns["by_hand"]), rtol=1e-6, atol=1e-7)


def test_keras_momentum_is_v_equals_mu_v_minus_lr_g(sgd):
    ns = sgd.namespace
    np.testing.assert_allclose(ns["momentum"], np.array(ns["keras_form"]), rtol=1e-6, atol=1e-6)


def test_the_sheets_ema_form_is_not_keras_at_the_same_learning_rate(sgd):
    ns = sgd.namespace
    assert np.abs(ns["momentum"] - ns["ema_form"]).max() > 0.5


def test_the_ema_form_is_keras_with_learning_rate_times_one_minus_beta(sgd):
    ns = sgd.namespace
    np.testing.assert_allclose(ns["rescaled"], ns["ema_form"], rtol=1e-5, atol=1e-5)


def test_with_a_constant_gradient_keras_steps_are_one_over_one_minus_beta_larger(sgd):
    ns = sgd.namespace
    np.testing.assert_allclose(ns["ratio"], 1 / (1 - ns["beta"]), rtol=1e-4)


def test_sgd_defaults_plain_no_nesterov():
    optimizer = keras.optimizers.SGD()
    assert optimizer.momentum == 0.0 and optimizer.nesterov is False


# ---- L2 ----------------------------------------------------------------------------------------

def test_keras_l2_penalty_is_lambda_sum_of_squares_without_a_half(l2):
    ns = l2.namespace
    assert ns["in_losses"] == pytest.approx(ns["penalty"], rel=1e-5)
    assert ns["in_losses"] != pytest.approx(ns["penalty"] / 2, rel=0.1)


def test_the_reported_loss_is_data_loss_plus_penalty(l2):
    ns = l2.namespace
    assert ns["total"] == pytest.approx(ns["mse"] + ns["penalty"], rel=1e-5)


def test_l2_default_strength_and_biases_are_not_penalized():
    assert inspect.signature(regularizers.L2).parameters["l2"].default == 0.01
    dense = layers.Dense(3, kernel_regularizer=regularizers.L2(0.1))
    dense.build((None, 2))
    before = float(sum(keras.ops.convert_to_numpy(t) for t in dense.losses))
    dense.bias.assign(np.full(3, 5.0, "float32"))
    after = float(sum(keras.ops.convert_to_numpy(t) for t in dense.losses))
    assert before == after


def test_l2_gradient_is_two_lambda_w():
    lam = 0.05
    dense = layers.Dense(1, use_bias=False, kernel_regularizer=regularizers.L2(lam))
    dense.build((None, 3))
    with tf.GradientTape() as tape:
        penalty = tf.add_n(dense.losses)
    gradient = tape.gradient(penalty, dense.kernel).numpy()
    np.testing.assert_allclose(gradient, 2 * lam * dense.kernel.numpy(), rtol=1e-6)


# ---- dropout -----------------------------------------------------------------------------------

def test_training_dropout_is_x_times_mask_over_one_minus_p(dropout):
    ns = dropout.namespace
    np.testing.assert_allclose(ns["train"], ns["by_hand"], rtol=1e-6, atol=0)
    assert abs(ns["mask"].mean() - (1 - ns["p"])) < 0.02  # 10,000 draws


def test_inference_dropout_is_the_identity(dropout):
    ns = dropout.namespace
    assert np.array_equal(ns["infer"], ns["x"])


# ---- embedding ---------------------------------------------------------------------------------

def test_embedding_lookup_is_one_hot_times_the_matrix(embedding):
    ns = embedding.namespace
    assert ns["W"].shape == (ns["V"], ns["D"])
    assert np.array_equal(ns["looked_up"], ns["by_matmul"])
    assert np.array_equal(ns["looked_up"], ns["W"][ns["ids"]])


# ---- scaled dot-product attention --------------------------------------------------------------

def test_attention_weights_are_softmax_of_scaled_scores(attention):
    ns = attention.namespace
    np.testing.assert_allclose(ns["scores"][:, 0], ns["weights"], rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(ns["weights"].sum(-1), 1.0, rtol=1e-6)


def test_multi_head_attention_output_is_rebuilt_from_its_weights(attention):
    ns = attention.namespace
    np.testing.assert_allclose(ns["out"], ns["by_hand"], rtol=1e-5, atol=1e-5)


def test_without_the_scaling_the_weights_would_differ(attention):
    ns = attention.namespace
    logits = ns["Q"] @ ns["K"].transpose(0, 2, 1)  # not divided by sqrt(d_k)
    unscaled = np.exp(logits - logits.max(-1, keepdims=True))
    unscaled /= unscaled.sum(-1, keepdims=True)
    assert np.abs(unscaled - ns["scores"][:, 0]).max() > 1e-3


def test_dropout_formula_and_inference_identity_hold_for_every_rate():
    keras.utils.set_random_seed(0)
    x = np.random.default_rng(0).uniform(0.5, 2.0, size=(200, 100)).astype("float32")
    for rate in np.round(np.arange(0.0, 1.0, 0.05), 2):
        dropout = layers.Dropout(float(rate))
        train = keras.ops.convert_to_numpy(dropout(x, training=True))
        mask = train != 0
        np.testing.assert_allclose(train, x * mask / (1 - rate), rtol=1e-6, atol=0)
        assert abs(mask.mean() - (1 - rate)) < 0.01  # 20,000 draws: > 5 sigma
        assert np.array_equal(keras.ops.convert_to_numpy(dropout(x, training=False)), x)
        assert np.array_equal(keras.ops.convert_to_numpy(dropout(x)), x)
        if rate > 0:  # a new mask at every call
            again = keras.ops.convert_to_numpy(dropout(x, training=True)) != 0
            assert not np.array_equal(again, mask)


def test_dropout_rate_one_zeroes_everything_and_rates_outside_0_1_raise():
    x = np.ones((4, 8), "float32")
    assert not keras.ops.convert_to_numpy(layers.Dropout(1.0)(x, training=True)).any()
    for rate in (-0.1, 1.5):
        with pytest.raises(ValueError, match="rate"):
            layers.Dropout(rate)


def test_ema_form_is_keras_at_lr_times_one_minus_beta_for_any_beta_and_gradients():
    rng = np.random.default_rng(0)
    gradients = rng.normal(size=(12, 3)).astype("float32")  # any sequence, fed to both forms
    start = rng.normal(size=3).astype("float32")
    for beta in (0.0, 0.3, 0.5, 0.9, 0.99):
        for lr in (0.001, 0.1, 1.0):
            ema, v, w = [start], np.zeros(3, "float32"), start.copy()
            for g in gradients:
                v = beta * v + (1 - beta) * g
                w = w - lr * v
                ema.append(w)
            for keras_lr, factor in ((lr * (1 - beta), 1.0), (lr, 1 / (1 - beta))):
                var = keras.Variable(start)
                opt = keras.optimizers.SGD(learning_rate=keras_lr, momentum=beta)
                path = [start]
                for g in gradients:
                    opt.apply_gradients([(tf.constant(g), var)])
                    path.append(var.numpy().copy())
                # every step is `factor` times the EMA step: the paths agree as positions
                expected = start + factor * (np.array(ema) - start)
                np.testing.assert_allclose(path, expected, rtol=1e-5, atol=1e-5)


def test_the_lookup_is_a_gather_and_builds_no_one_hot_vector():
    embedding = layers.Embedding(1000, 4)
    embedding.build((None, None))
    graph = tf.function(embedding).get_concrete_function(
        tf.TensorSpec([None, None], tf.int32)).graph
    ops_used = {op.type for op in graph.get_operations()}
    assert ops_used & {"GatherV2", "ResourceGather"}
    assert not ops_used & {"OneHot", "MatMul", "BatchMatMulV2"}


def test_the_sheets_sqrt_d_model_is_right_exactly_when_key_dim_equals_d_model():
    d_model = 8
    x = np.random.default_rng(2).normal(size=(1, 6, d_model)).astype("float32")
    for num_heads in (1, 2, 4, 8):
        for key_dim in sorted({d_model // num_heads, 3, d_model, 2 * d_model}):
            mha = layers.MultiHeadAttention(num_heads, key_dim=key_dim)
            _, weights = mha(x, x, return_attention_scores=True)
            q = np.einsum("bsd,dhk->bhsk", x, keras.ops.convert_to_numpy(mha.query_dense.kernel))
            k = np.einsum("bsd,dhk->bhsk", x, keras.ops.convert_to_numpy(mha.key_dense.kernel))
            scores = q @ k.transpose(0, 1, 3, 2) / np.sqrt(d_model)  # the sheet's scale
            sheet = np.exp(scores - scores.max(-1, keepdims=True))
            sheet /= sheet.sum(-1, keepdims=True)
            same = np.allclose(sheet, keras.ops.convert_to_numpy(weights), rtol=1e-5, atol=1e-6)
            assert same == (key_dim == d_model), (num_heads, key_dim)
