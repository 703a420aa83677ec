"""Which pronoun a first name takes ("Theresa" -> she), learned from how news text refers back to it.

A pronoun agrees with its referent; knowing that "Qandeel Baloch" is a "she" and "Mohammed Waseem"
a "he" keeps "she" off the wrong one of two people named side by side. The resolver knew a gender
only from titles ("Mrs", "King") and guessed the rest from the first pronoun it attached, which a
single mistake turns the wrong way for the whole article.

The table is learned, not written: in a sentence naming exactly one person by first and last name,
the third-person pronouns that follow (in that sentence and the next, where no one else is named)
almost always refer to that person. Each article votes once per first name; a name needs several
articles that agree (``MIN_ARTICLES``, ``MIN_SHARE``). ``newsgraph train genders`` rebuilds the
shipped table from the openly licensed Wikinews corpus.

News names women too seldom for the articles to settle most women's first names, so the table also
reads the 1990 United States Census lists of first names (public domain, the files
``dist.male.first`` and ``dist.female.first`` that the ``names`` package ships): a name the
articles do not settle takes the gender of the list it is far more frequent in (``MIN_SHARE`` of
its frequency). What the articles settle comes first: it is how news refers to the name.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from spacy.tokens import Doc
from spacy.tokens import Span as SpacySpan

from ..errors import Messages, TrainingDataError
from .lexicon import TITLES

MALE_PRONOUNS = frozenset({"he", "him", "his", "himself"})
FEMALE_PRONOUNS = frozenset({"she", "her", "hers", "herself"})
# A name counts when at least this many articles vote for it and this share of them agree.
MIN_ARTICLES = 3
MIN_SHARE = 0.9
# An article votes for a gender when its pronouns favour it this many to one.
_ARTICLE_MARGIN = 2
_TABLE = "name_genders.tsv"
# Words before a name that are no first name: titles ("Mr Smith", "President Obama", "Treasurer
# Costello") and the particles of surnames ("Van Gogh", "De Gaulle", "Al Sadr").
_NOT_FIRST = (
    frozenset({"mr", "mrs", "ms", "miss", "dr", "sir", "dame", "lord", "lady", "the", "st", "treasurer"})
    | frozenset({"van", "von", "de", "da", "del", "della", "der", "di", "du", "la", "le", "al", "el"})
    | {title.strip(".") for title in TITLES}
)


@dataclass(frozen=True)
class NameVotes:
    """How many articles referred back to a first name with "he" and how many with "she"."""

    male: int = 0
    female: int = 0

    @property
    def gender(self) -> str | None:
        """ "m" or "f" where enough articles agree, else None."""
        if self.male + self.female < MIN_ARTICLES:
            return None
        return _settled(self.male, self.female)


def _settled(male: float, female: float) -> str | None:
    """ "m" or "f" where one side holds at least ``MIN_SHARE`` of the total, else None."""
    total = male + female
    if total > 0 and male >= MIN_SHARE * total:
        return "m"
    if total > 0 and female >= MIN_SHARE * total:
        return "f"
    return None


def first_name(name: str) -> str | None:
    """The first name of a person's name of two words or more, lowercased; None for one word
    ("Baloch"), initials ("J. Smith") or a title in front ("President Obama")."""
    words = name.split()
    if len(words) < 2:
        return None
    first = words[0].strip(",")
    if len(first) < 2 or not first.isalpha() or not first[0].isupper():
        return None
    lowered = first.lower()
    return None if lowered in _NOT_FIRST else lowered


def article_votes(doc: Doc) -> dict[str, str]:
    """Each first name's gender as one article's pronouns say it: first name -> "m" or "f"."""
    counts: dict[str, Counter[str]] = {}
    sentences = list(doc.sents)
    for index, sentence in enumerate(sentences):
        people = [ent for ent in sentence.ents if ent.label_ == "PERSON"]
        if not people:
            continue
        named = _one_person(people)
        if named is None:
            continue
        key, last = named
        window = [doc[last.end : sentence.end]]
        if index + 1 < len(sentences):
            following = sentences[index + 1]
            if not any(ent.label_ == "PERSON" for ent in following.ents):
                window.append(following)
        tally = counts.setdefault(key, Counter())
        for part in window:
            for token in part:
                lower = token.lower_
                if token.tag_ not in ("PRP", "PRP$"):
                    continue
                if lower in MALE_PRONOUNS:
                    tally["m"] += 1
                elif lower in FEMALE_PRONOUNS:
                    tally["f"] += 1
    votes: dict[str, str] = {}
    for key, tally in counts.items():
        if tally["m"] > 0 and tally["m"] >= _ARTICLE_MARGIN * tally["f"]:
            votes[key] = "m"
        elif tally["f"] > 0 and tally["f"] >= _ARTICLE_MARGIN * tally["m"]:
            votes[key] = "f"
    return votes


def _one_person(people: list[SpacySpan]) -> tuple[str, SpacySpan] | None:
    """The first name and last mention where every PERSON in a sentence is one person with a
    first name ("Theresa May ... May"); None otherwise."""
    full = [ent for ent in people if first_name(ent.text) is not None]
    if not full:
        return None
    words = {w.lower() for w in full[0].text.split()}
    if any(not {w.lower() for w in ent.text.split()} <= words for ent in people):
        return None
    key = first_name(full[0].text)
    assert key is not None
    return key, people[-1]


def learn_name_genders(docs: Iterable[Doc]) -> dict[str, NameVotes]:
    """Count, over many articles, how often each first name was referred back to as "he" or "she"."""
    male: Counter[str] = Counter()
    female: Counter[str] = Counter()
    for doc in docs:
        for key, gender in article_votes(doc).items():
            (male if gender == "m" else female)[key] += 1
    return {key: NameVotes(male[key], female[key]) for key in sorted(set(male) | set(female))}


@dataclass(frozen=True)
class CensusName:
    """A first name's frequency, in percent of men and of women, in the census lists."""

    male: float = 0.0
    female: float = 0.0

    @property
    def gender(self) -> str | None:
        """ "m" or "f" where one list holds at least ``MIN_SHARE`` of the name's frequency."""
        return _settled(self.male, self.female)


CENSUS_FILES = {"m": "dist.male.first", "f": "dist.female.first"}


def census_directory() -> Path | None:
    """Where the installed ``names`` package keeps the census lists, or None when it is not installed."""
    try:
        found = resources.files("names")
    except ModuleNotFoundError:
        return None
    where = Path(str(found))
    return where if all((where / name).is_file() for name in CENSUS_FILES.values()) else None


def read_census(directory: Path) -> dict[str, CensusName]:
    """The census lists in ``directory``: lowercased first name -> its frequency among men and women.

    Each line is ``NAME  percent  cumulative-percent  rank``; a missing or malformed file raises
    TrainingDataError naming it."""
    percents: dict[str, dict[str, float]] = {"m": {}, "f": {}}
    for gender, file_name in CENSUS_FILES.items():
        path = directory / file_name
        if not path.is_file():
            raise TrainingDataError(Messages.CENSUS_DATA.format(where=path, detail="the file does not exist"))
        for number, line in enumerate(path.read_text(encoding="ascii", errors="replace").splitlines(), 1):
            fields = line.split()
            if not fields:
                continue
            try:
                percents[gender][fields[0].lower()] = float(fields[1])
            except (IndexError, ValueError) as exc:
                raise TrainingDataError(
                    Messages.CENSUS_DATA.format(
                        where=f"{path} line {number}", detail=f"not 'NAME percent ...' ({exc})"
                    )
                ) from exc
    names = sorted(set(percents["m"]) | set(percents["f"]))
    return {n: CensusName(percents["m"].get(n, 0.0), percents["f"].get(n, 0.0)) for n in names}


def census_lists(choice: str | None) -> dict[str, CensusName] | None:
    """The census lists ``newsgraph train genders --census`` asks for: a folder's, the installed
    ``names`` package's when ``choice`` is None, none for "none". TrainingDataError when they
    cannot be read or the package is not installed."""
    if choice == "none":
        return None
    where = Path(choice) if choice is not None else census_directory()
    if where is None:
        raise TrainingDataError(
            Messages.CENSUS_DATA.format(where="the 'names' package", detail="it is not installed")
        )
    return read_census(where)


@dataclass(frozen=True)
class GendersReport:
    """What ``train_name_genders`` read and wrote."""

    articles: int
    left_out: int
    names_seen: int
    names_kept: int
    male: int
    female: int
    # Names the census lists settled that the articles did not.
    from_census: int = 0


def article_texts(paths: Sequence[str | Path], held_out: set[str]) -> tuple[list[str], int]:
    """The ``text`` of every article in JSON-lines files, without the texts in ``held_out``; returns
    them and how many were left out."""
    texts: list[str] = []
    left_out = 0
    for path in paths:
        if not Path(path).is_file():
            raise TrainingDataError(
                Messages.ARTICLES_DATA.format(where=path, detail="the file does not exist")
            )
        with open(path, encoding="utf-8") as lines:
            for number, line in enumerate(lines, 1):
                if not line.strip():
                    continue
                try:
                    text = json.loads(line)["text"]
                except (json.JSONDecodeError, KeyError, TypeError) as exc:
                    raise TrainingDataError(
                        Messages.ARTICLES_DATA.format(
                            where=f"{path} line {number}", detail=f"not a JSON object with a text ({exc})"
                        )
                    ) from exc
                if text in held_out:
                    left_out += 1
                else:
                    texts.append(text)
    return texts, left_out


def train_name_genders(
    article_files: Sequence[str | Path],
    held_out: set[str],
    out: Path,
    parse: Callable[[list[str]], Iterable[Doc]],
    source: str,
    census: dict[str, CensusName] | None = None,
) -> GendersReport:
    """Learn the first-name table from the articles of ``article_files`` (less ``held_out`` texts,
    the dev and test splits) parsed by ``parse``, add the ``census`` names they leave unsettled
    (``read_census``), and write it to ``out``. The same files give the same table: votes are
    counted per article and the names written sorted."""
    texts, left_out = article_texts(article_files, held_out)
    votes = learn_name_genders(parse(texts))
    kept, from_census = write_table(out, votes, source, census)
    genders = [vote.gender for vote in votes.values()]
    return GendersReport(
        articles=len(texts),
        left_out=left_out,
        names_seen=len(votes),
        names_kept=kept,
        male=genders.count("m"),
        female=genders.count("f"),
        from_census=from_census,
    )


def write_table(
    path: Path, votes: dict[str, NameVotes], source: str, census: dict[str, CensusName] | None = None
) -> tuple[int, int]:
    """Write the names whose gender the votes settle, then the census names they leave unsettled;
    returns how many were written in all and how many of those came from the census."""
    census = census or {}
    lines = [
        "# First names and the pronoun news text refers back to them with (m: he, f: she).",
        f"# Learned by `newsgraph train genders` from {source}; the counts are articles.",
    ]
    if census:
        lines.append(
            "# Names the articles leave unsettled: the 1990 US Census first-name lists (public domain), "
            "in percent of men and of women."
        )
    lines.append("name\tgender\tmale_articles\tfemale_articles\tmale_census_percent\tfemale_census_percent")
    rows: dict[str, str] = {}
    for key, vote in votes.items():
        if vote.gender is not None:
            rows[key] = f"{key}\t{vote.gender}\t{vote.male}\t{vote.female}\t\t"
    from_census = 0
    for key, counted in census.items():
        if key in rows or counted.gender is None:
            continue
        vote = votes.get(key, NameVotes())
        rows[key] = (
            f"{key}\t{counted.gender}\t{vote.male}\t{vote.female}\t{counted.male:g}\t{counted.female:g}"
        )
        from_census += 1
    lines.extend(rows[key] for key in sorted(rows))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return len(rows), from_census


def default_table_path() -> Path:
    """The table inside the package (in a checkout, the file under src/)."""
    return Path(str(resources.files("newsgraph.data").joinpath(_TABLE)))


@lru_cache(maxsize=1)
def _table() -> tuple[dict[str, str], frozenset[str]]:
    text = resources.files("newsgraph.data").joinpath(_TABLE).read_text(encoding="utf-8")
    rows = [line.split("\t") for line in text.splitlines() if line and not line.startswith("#")]
    # The first row names the columns; a row with census percents came from the census lists.
    genders = {row[0]: row[1] for row in rows[1:]}
    census = frozenset(row[0] for row in rows[1:] if len(row) > 4 and row[4] != "")
    return genders, census


def name_genders() -> dict[str, str]:
    """The shipped table: lowercased first name -> "m" or "f"."""
    return _table()[0]


def gender_of(name: str) -> str | None:
    """The gender the shipped table gives a person's name by its first name, if it settles one."""
    key = first_name(name)
    return name_genders().get(key) if key is not None else None


def gender_from_census(name: str) -> bool:
    """Whether the table's gender for a name comes from the census lists, not from how news refers
    to it: a likelihood the article's own pronouns may overrule ("Ginger Baker ... his daughter")."""
    key = first_name(name)
    return key is not None and key in _table()[1]
