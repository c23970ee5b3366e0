"""Facts stated on docs/text/bpe.md."""

import json
import os
import re
import subprocess
import sys
from collections import Counter

import numpy as np
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


# --- the whole range of the claims, not only the page's examples -----------------------


def test_every_string_of_known_characters_splits_without_unk(real):
    """'No word becomes [UNK] as long as its characters are known': every training word,
    every single character, and 2,000 random strings over the alphabet."""
    ns = real.namespace
    tokenizer, vocab = ns["tokenizer"], ns["tokenizer"].get_vocab()
    assert all(char in vocab for char in ns["alphabet"])  # each character is a token
    rng = np.random.default_rng(0)
    random_words = ["".join(rng.choice(ns["alphabet"], size=rng.integers(1, 16)))
                    for _ in range(2000)]
    for word in [*ns["training_words"], *ns["alphabet"], *random_words]:
        tokens = tokenizer.encode(word).tokens
        assert "[UNK]" not in tokens and "".join(tokens) == word


def test_byte_level_bpe_encodes_any_text(real):
    """Its base alphabet is one symbol per byte value, so every UTF-8 string round-trips."""
    byte_level = Tokenizer(models.BPE())
    byte_level.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    byte_level.decoder = decoders.ByteLevel()
    byte_level.train_from_iterator(real.namespace["texts"][:2000], trainers.BpeTrainer(
        vocab_size=300, initial_alphabet=pre_tokenizers.ByteLevel.alphabet(),
        show_progress=False))
    vocab = byte_level.get_vocab()
    assert set(pre_tokenizers.ByteLevel.alphabet()) <= set(vocab)
    # all 256 byte values, as Latin-1 characters, then random code points from every plane
    rng = np.random.default_rng(0)
    code_points = [c for c in rng.integers(1, 0x10FFFF, size=3000)
                   if not 0xD800 <= c <= 0xDFFF]  # surrogates are not text
    for text in ["".join(map(chr, range(1, 256))),
                 *("".join(map(chr, code_points[i:i + 30])) for i in range(0, 3000, 30))]:
        encoding = byte_level.encode(text)
        assert all(token in vocab for token in encoding.tokens)
        assert byte_level.decode(encoding.ids) == text


def test_each_merge_adds_one_symbol_for_every_vocab_size(real):
    """|V| = 1 special + |A| + k for every size up to the largest this corpus allows: the
    merges of a smaller vocab_size are a prefix of a larger one's, and every merge of the
    largest builds a new string."""
    ns = real.namespace
    largest = ns["train_bpe"](5000)
    all_merges = json.loads(largest.to_str())["model"]["merges"]
    built = ["".join(pair) for pair in all_merges]
    assert len(set(built)) == len(built) and not set(built) & set(ns["alphabet"])
    top = largest.get_vocab_size()
    for vocab_size in [*range(len(ns["alphabet"]) + 2, top + 1, 10), top, top + 10]:
        tokenizer = ns["train_bpe"](vocab_size)
        merges = json.loads(tokenizer.to_str())["model"]["merges"]
        assert merges == all_merges[:len(merges)]
        assert tokenizer.get_vocab_size() == 1 + len(ns["alphabet"]) + len(merges)
        assert tokenizer.get_vocab_size() <= vocab_size  # vocab_size is a maximum


def test_each_merge_adds_one_symbol_on_random_corpora():
    """The same identity on 1,000 small random corpora over a three-letter alphabet, where
    the same string could in principle be built by two different merges."""
    rng = np.random.default_rng(0)
    for _ in range(1000):
        words = ["".join(rng.choice(list("abc"), size=rng.integers(2, 7)))
                 for _ in range(rng.integers(2, 7))]
        texts = [" ".join(rng.choice(words, size=rng.integers(1, 6)))
                 for _ in range(rng.integers(2, 11))]
        tokenizer = Tokenizer(models.BPE(unk_token="[UNK]"))
        tokenizer.pre_tokenizer = pre_tokenizers.Whitespace()
        tokenizer.train_from_iterator(texts, trainers.BpeTrainer(
            vocab_size=200, special_tokens=["[UNK]"], show_progress=False))
        merges = json.loads(tokenizer.to_str())["model"]["merges"]
        alphabet = {c for text in texts for c in text if c != " "}
        assert tokenizer.get_vocab_size() == 1 + len(alphabet) + len(merges)


def test_fewer_merges_never_mean_fewer_tokens_for_any_word(real):
    """Smaller vocab_size: its merges are a prefix of the larger one's, so no word of the
    reviews gets fewer tokens with the smaller vocabulary."""
    ns = real.namespace
    words = sorted({w for text in ns["reviews"] for w in text.split()})
    tokenizers = [ns["train_bpe"](size) for size in range(40, 301, 20)]
    counts = [[len(tokenizer.encode(w).tokens) for w in words] for tokenizer in tokenizers]
    for smaller, larger in zip(counts, counts[1:]):
        assert all(s >= b for s, b in zip(smaller, larger))


def test_no_token_of_the_whitespace_tokenizer_contains_a_space(real):
    """So no token can span two words, for any input."""
    assert not [t for t in real.namespace["tokenizer"].get_vocab() if re.search(r"\s", t)]


def test_another_corpus_or_vocab_size_can_split_a_word_differently(real):
    ns = real.namespace
    split = {word: ns["tokenizer"].encode(word).tokens for word in TEST_WORDS}
    smaller = ns["train_bpe"](120)
    assert any(smaller.encode(w).tokens != split[w] for w in TEST_WORDS)
    other = Tokenizer(models.BPE(unk_token="[UNK]"))
    other.pre_tokenizer = pre_tokenizers.Whitespace()
    other.train_from_iterator(ns["reviews"], trainers.BpeTrainer(
        vocab_size=300, special_tokens=["[UNK]"], show_progress=False))
    assert any(other.encode(w).tokens != split[w] for w in TEST_WORDS)
