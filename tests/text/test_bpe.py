"""Facts stated on docs/text/bpe.md."""

import json
import os
import re
import subprocess
import sys
from collections import Counter

import pytest
from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers

from tests.conftest import ROOT

BPE_SNIPPET = "snippets/text/bpe_tokenizers.py"


@pytest.fixture(scope="module")
def scratch(snippet):
    return snippet("snippets/text/bpe_from_scratch.py")


@pytest.fixture(scope="module")
def real(snippet):
    return snippet(BPE_SNIPPET)


# --- from scratch --------------------------------------------------------------------

EXPECTED_MERGES = [
    ("e", "s"), ("es", "t"), ("est", "</w>"), ("l", "o"), ("lo", "w"),
    ("e", "w"), ("ew", "est</w>"), ("n", "ewest</w>"), ("low", "</w>"), ("d", "est</w>"),
]


def test_the_merge_trace(scratch):
    assert scratch.namespace["merges"] == EXPECTED_MERGES
    assert "merge  1:       'e' + 's'          (count 9)" in scratch.stdout


def test_each_merge_is_the_most_frequent_weighted_pair(scratch):
    """The formula: argmax over pairs of sum_w n_w * c_ab(w), replayed independently."""
    ns = scratch.namespace
    words = {tuple(w) + ("</w>",): n for w, n in ns["corpus"].items()}
    for pair in ns["merges"]:
        counts = Counter()
        for symbols, n in words.items():
            for i in range(len(symbols) - 1):
                counts[symbols[i], symbols[i + 1]] += n
        assert counts[pair] == max(counts.values())
        words = {ns["merge_pair"](symbols, pair): n for symbols, n in words.items()}


def test_each_merge_adds_one_symbol(scratch):
    ns = scratch.namespace
    alphabet = {c for word in ns["corpus"] for c in word} | {"</w>"}
    new_symbols = {a + b for a, b in ns["merges"]}
    assert not new_symbols & alphabet
    assert len(alphabet | new_symbols) == len(alphabet) + len(ns["merges"])


def test_an_unseen_word_splits_into_learned_pieces(scratch):
    ns = scratch.namespace
    assert "lowest" not in ns["corpus"]
    assert ns["segment"]("lowest") == ["low", "est</w>"]


def test_newer_has_no_new_token_because_of_the_merge_order(scratch):
    ns = scratch.namespace
    assert "new" not in {a + b for a, b in ns["merges"]}
    assert ns["segment"]("newer") == ["n", "ew", "e", "r", "</w>"]


def test_wider_falls_back_to_characters(scratch):
    assert scratch.namespace["segment"]("wider") == ["w", "i", "d", "e", "r", "</w>"]


def test_a_word_ending_is_a_different_symbol(scratch):
    built = {a + b for a, b in scratch.namespace["merges"]}
    assert {"est", "est</w>"} <= built


def test_segments_join_back_into_the_word(scratch):
    for word in ("lowest", "newer", "wider", "low", "widest"):
        assert "".join(scratch.namespace["segment"](word)) == word + "</w>"


# --- Hugging Face tokenizers -----------------------------------------------------------

TEST_WORDS = ["queens", "kingdoms", "superbly", "unhappiness"]


def test_vocabulary_is_special_plus_alphabet_plus_merges(real):
    ns = real.namespace
    tokenizer = ns["tokenizer"]
    assert tokenizer.get_vocab_size() == 300
    assert tokenizer.get_vocab_size() == 1 + len(ns["alphabet"]) + len(ns["merges"])
    assert set(ns["alphabet"]) == {c for word in ns["training_words"] for c in word}


def test_the_first_merge_is_the_most_frequent_pair_of_the_training_text(real):
    ns = real.namespace
    counts = Counter()
    for text in ns["texts"]:
        for word in text.split():
            counts.update(zip(word, word[1:]))
    assert tuple(ns["merges"][0]) == max(counts, key=counts.get)


@pytest.mark.parametrize("word", TEST_WORDS)
def test_unseen_words_split_into_known_subwords_without_unk(real, word):
    ns = real.namespace
    assert word not in ns["training_words"]
    assert not any(word in text for text in ns["texts"])  # not even inside another word
    tokens = ns["tokenizer"].encode(word).tokens
    assert "[UNK]" not in tokens
    assert len(tokens) > 1
    assert "".join(tokens) == word
    assert all(token in ns["tokenizer"].get_vocab() for token in tokens)


def test_frequent_training_words_are_single_tokens(real):
    tokenizer = real.namespace["tokenizer"]
    for word, stem in [("queens", "queen"), ("kingdoms", "king"), ("superbly", "superb")]:
        assert tokenizer.encode(word).tokens[0] == stem
        assert stem in tokenizer.get_vocab()
    for word in TEST_WORDS:  # what is left over: short pieces or single letters
        tokens = tokenizer.encode(word).tokens
        assert all(len(token) <= 2 for token in tokens[1:])


def test_unhappiness_is_not_un_plus_happiness(real):
    tokenizer = real.namespace["tokenizer"]
    assert tokenizer.encode("unhappiness").tokens != ["un", "happiness"]
    assert "un" not in tokenizer.get_vocab() and "happiness" not in tokenizer.get_vocab()


def test_an_unseen_character_becomes_unk(real):
    ns = real.namespace
    assert not any("é" in text for text in ns["texts"])
    assert "[UNK]" in ns["tokenizer"].encode("café").tokens


def test_initial_alphabet_or_byte_level_bpe_avoid_unknown_characters(real):
    texts = real.namespace["texts"][:2000]
    with_alphabet = Tokenizer(models.BPE(unk_token="[UNK]"))
    with_alphabet.pre_tokenizer = pre_tokenizers.Whitespace()
    with_alphabet.train_from_iterator(texts, trainers.BpeTrainer(
        vocab_size=100, special_tokens=["[UNK]"], initial_alphabet=["é"], show_progress=False))
    assert "[UNK]" not in with_alphabet.encode("café").tokens

    byte_level = Tokenizer(models.BPE())
    byte_level.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    byte_level.decoder = decoders.ByteLevel()
    byte_level.train_from_iterator(texts, trainers.BpeTrainer(
        vocab_size=300, initial_alphabet=pre_tokenizers.ByteLevel.alphabet(),
        show_progress=False))
    assert len(pre_tokenizers.ByteLevel.alphabet()) == 256
    encoding = byte_level.encode("café 東京")
    assert byte_level.decode(encoding.ids) == "café 東京"


def test_a_smaller_vocabulary_means_more_tokens_per_word(real):
    per_word = real.namespace["tokens_per_word"]
    sizes = sorted(per_word)
    assert [per_word[s] for s in sizes] == sorted(per_word.values(), reverse=True)
    assert per_word[sizes[0]] > per_word[sizes[-1]] > 1


def test_vocab_size_is_a_maximum(real):
    ns = real.namespace
    big = ns["train_bpe"](5000)
    assert big.get_vocab_size() < 5000
    assert all(word in big.get_vocab() for word in ns["training_words"])


def test_whitespace_pre_tokenizer_keeps_tokens_inside_words(real):
    ns = real.namespace
    sentence = "the king was good"
    spans = [(m.start(), m.end()) for m in re.finditer(r"\S+", sentence)]
    for start, end in ns["tokenizer"].encode(sentence).offsets:
        assert any(s <= start and end <= e for s, e in spans)

    raw = Tokenizer(models.BPE(unk_token="[UNK]"))  # no pre-tokenizer
    raw.train_from_iterator(ns["texts"], trainers.BpeTrainer(
        vocab_size=300, special_tokens=["[UNK]"], show_progress=False))
    assert any(re.search(r"\w \w", token) for token in raw.get_vocab())


def test_training_twice_gives_the_same_tokenizer(real):
    train_bpe = real.namespace["train_bpe"]
    assert train_bpe(300).to_str() == train_bpe(300).to_str() == real.namespace[
        "tokenizer"].to_str()


def test_a_separate_process_gives_the_same_merges_and_splits(real):
    env = os.environ | {"PYTHONHASHSEED": "1"}
    result = subprocess.run([sys.executable, BPE_SNIPPET], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=120, check=True)
    assert result.stdout == real.stdout


def test_a_saved_tokenizer_loads_back_identical(real, tmp_path):
    tokenizer = real.namespace["tokenizer"]
    tokenizer.save(str(tmp_path / "tokenizer.json"))
    loaded = Tokenizer.from_file(str(tmp_path / "tokenizer.json"))
    assert json.loads(loaded.to_str())["model"]["merges"] == real.namespace["merges"]
    for word in TEST_WORDS:
        assert loaded.encode(word).tokens == tokenizer.encode(word).tokens
