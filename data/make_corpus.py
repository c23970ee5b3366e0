"""Write the shipped text data: data/sentiment.tsv and data/corpus.txt.

Both files are generated from the templates below by a seeded random generator, so they are
original, license-clean (same license as the repository) and reproducible:

    python data/make_corpus.py        # rewrites both files, byte for byte the same
"""

import random
from pathlib import Path

HERE = Path(__file__).resolve().parent

# --- word lists -------------------------------------------------------------------------
POSITIVE = ["good", "great", "excellent", "wonderful", "amazing", "fantastic", "superb",
            "lovely", "brilliant", "delightful"]
NEGATIVE = ["bad", "awful", "terrible", "horrible", "poor", "dreadful", "boring", "lousy",
            "dull", "disappointing"]
THINGS = ["movie", "film", "meal", "book", "song", "show", "hotel", "trip", "game", "story",
          "album", "play", "dinner", "concert", "series"]
POSITIVE_FEELINGS = ["happy", "glad", "pleased", "delighted"]
NEGATIVE_FEELINGS = ["sad", "angry", "upset", "annoyed"]
INTENSIFIERS = ["very", "really", "truly", "quite", "so"]
FILLERS = [
    "i went there with my friends last week and",
    "we tried it on a rainy sunday afternoon and",
    "after waiting for almost an hour in a long line outside",
    "my sister told me about it months ago and honestly",
    "to be fair i expected very little before i started but",
    "i saw it with my whole family during the holidays and",
]

# (word, gender, royal, young): word vectors should learn gender and royalty as directions.
PEOPLE = [("king", "m", True, False), ("queen", "f", True, False),
          ("prince", "m", True, True), ("princess", "f", True, True),
          ("man", "m", False, False), ("woman", "f", False, False),
          ("boy", "m", False, True), ("girl", "f", False, True)]
PRONOUN = {"m": "he", "f": "she"}
POSSESSIVE = {"m": "his", "f": "her"}
ROYAL_PLACES = ["palace", "castle", "throne", "court"]
COMMON_PLACES = ["village", "farm", "market", "street"]
ROYAL_ITEMS = ["crown", "robe", "jewels", "sceptre"]
COMMON_ITEMS = ["coat", "hat", "boots", "apron"]
YOUNG_WORDS = ["young", "little", "small"]
ADULT_WORDS = ["old", "wise", "tall"]

COUNTRIES = [("france", "paris", "french"), ("italy", "rome", "italian"),
             ("spain", "madrid", "spanish"), ("germany", "berlin", "german"),
             ("japan", "tokyo", "japanese"), ("egypt", "cairo", "egyptian"),
             ("russia", "moscow", "russian"), ("greece", "athens", "greek")]


# --- sentiment.tsv ----------------------------------------------------------------------
def review(rng: random.Random) -> tuple[int, str]:
    """One review sentence and its label; "not" flips the adjective's polarity."""
    positive = rng.random() < 0.5
    negated = rng.random() < 0.3
    adjective = rng.choice(POSITIVE if positive else NEGATIVE)
    label = int(positive != negated)
    thing = rng.choice(THINGS)
    words = f"{rng.choice(INTENSIFIERS)} {adjective}" if rng.random() < 0.4 else adjective
    if negated:
        words = f"not {words}"
    template = rng.choice([
        "the {thing} was {words}",
        "this {thing} is {words}",
        "what a {adj_phrase} {thing}",
        "i thought the {thing} was {words}",
        "the {thing} was {words} and i felt {feeling}",
    ])
    if negated and template.startswith("what a"):
        template = "the {thing} was {words}"
    feeling = rng.choice(POSITIVE_FEELINGS if label else NEGATIVE_FEELINGS)
    sentence = template.format(thing=thing, words=words, adj_phrase=words, feeling=feeling)
    if rng.random() < 0.35:
        sentence = f"{rng.choice(FILLERS)} {sentence}"
    return label, sentence


def sentiment_lines(n: int, seed: int = 0) -> list[str]:
    rng = random.Random(seed)
    return [f"{label}\t{sentence}" for label, sentence in (review(rng) for _ in range(n))]


# --- corpus.txt -------------------------------------------------------------------------
def people_sentence(rng: random.Random) -> str:
    word, gender, royal, young = rng.choice(PEOPLE)
    place = rng.choice(ROYAL_PLACES if royal else COMMON_PLACES)
    item = rng.choice(ROYAL_ITEMS if royal else COMMON_ITEMS)
    age = rng.choice(YOUNG_WORDS if young else ADULT_WORDS)
    return rng.choice([
        f"the {word} wore {POSSESSIVE[gender]} {item}",
        f"{PRONOUN[gender]} is the {word} of the {place}",
        f"the {age} {word} lived in the {place}",
        f"{PRONOUN[gender]} was a {age} {word}",
        f"the {word} and {POSSESSIVE[gender]} {item}",
    ])


def country_sentence(rng: random.Random) -> str:
    country, capital, adjective = rng.choice(COUNTRIES)
    return rng.choice([
        f"{capital} is the capital of {country}",
        f"{capital} is a big {adjective} city",
        f"{country} is a {adjective} country",
        f"the {adjective} people of {country}",
        f"we flew to {capital} the {adjective} city",
        f"we travelled across {country} the {adjective} country",
    ])


def opinion_sentence(rng: random.Random) -> str:
    positive = rng.random() < 0.5
    adjective = rng.choice(POSITIVE if positive else NEGATIVE)
    feeling = rng.choice(POSITIVE_FEELINGS if positive else NEGATIVE_FEELINGS)
    verb = "loved" if positive else "hated"
    return rng.choice([
        f"the {rng.choice(THINGS)} was {adjective}",
        f"a {adjective} {rng.choice(THINGS)} made me {feeling}",
        f"i {verb} the {adjective} {rng.choice(THINGS)}",
        f"such a {adjective} day i felt {feeling}",
    ])


def corpus_lines(n: int, seed: int = 1) -> list[str]:
    rng = random.Random(seed)
    makers = [people_sentence, country_sentence, opinion_sentence]
    return [rng.choice(makers)(rng) for _ in range(n)]


def main() -> None:
    (HERE / "sentiment.tsv").write_text("\n".join(sentiment_lines(4000)) + "\n")
    (HERE / "corpus.txt").write_text("\n".join(corpus_lines(12000)) + "\n")


if __name__ == "__main__":
    main()
