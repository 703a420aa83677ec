"""Near-duplicate articles: MinHash signatures with LSH banding (datasketch), persisted in the database.

A new article's signature is cut into the LSH bands that datasketch's ``MinHashLSH`` chooses for the
threshold; each band's key is stored in ``lsh_bands``, so finding candidates is one indexed query
against every article ever stored, in any process. Candidates are then confirmed by their estimated
Jaccard similarity, and the new article joins the group of the most similar one.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

import numpy as np
from datasketch import MinHash, MinHashLSH
from sqlalchemy import select, tuple_
from sqlalchemy.engine import Connection

from . import schema

NUM_PERM = 128
# Wire copies with a new headline, a dropped paragraph or a local intro stay above 0.7 on word
# 4-gram shingles; different stories on the same topic stay far below it.
THRESHOLD = 0.7
SHINGLE_WORDS = 4

_WORD = re.compile(r"\w+")
_TEMPLATE = MinHash(num_perm=NUM_PERM)
_LSH = MinHashLSH(threshold=THRESHOLD, num_perm=NUM_PERM)


@dataclass
class Fingerprint:
    """An article's MinHash signature and the LSH band keys that find its near-duplicates."""

    signature: np.ndarray
    bands: list[tuple[int, str]]

    def to_bytes(self) -> bytes:
        """Return the signature as stored in ``article_minhash``."""
        return self.signature.astype(np.uint64).tobytes()

    def similarity(self, stored: bytes) -> float:
        """Return the estimated Jaccard similarity to a stored signature."""
        other = np.frombuffer(stored, dtype=np.uint64)
        return float(np.count_nonzero(self.signature == other)) / NUM_PERM


def fingerprint(text: str) -> Fingerprint:
    """Return the MinHash fingerprint of a text (word 4-gram shingles, lowercased)."""
    words = _WORD.findall(text.lower())
    if len(words) <= SHINGLE_WORDS:
        shingles = {" ".join(words)}
    else:
        shingles = {" ".join(words[i : i + SHINGLE_WORDS]) for i in range(len(words) - SHINGLE_WORDS + 1)}
    minhash = MinHash(num_perm=NUM_PERM, permutations=_TEMPLATE.permutations, scheme=_TEMPLATE.scheme)
    minhash.update_batch([s.encode("utf-8") for s in shingles])
    signature = minhash.hashvalues.astype(np.uint64)
    bands = [
        (band, hashlib.blake2b(signature[start:end].tobytes(), digest_size=8).hexdigest())
        for band, (start, end) in enumerate(_LSH.hashranges)
    ]
    return Fingerprint(signature=signature, bands=bands)


def find_group(conn: Connection, print_: Fingerprint) -> str | None:
    """Return the near-duplicate group of the stored article most similar to ``print_``, if any."""
    bands = schema.lsh_bands
    candidates = (
        select(schema.article_minhash.c.signature, schema.articles.c.dup_group)
        .join(schema.articles, schema.articles.c.pk == schema.article_minhash.c.article_pk)
        .where(
            schema.article_minhash.c.article_pk.in_(
                select(bands.c.article_pk).where(tuple_(bands.c.band, bands.c.key).in_(print_.bands))
            )
        )
    )
    best: tuple[float, str] | None = None
    for signature, group in conn.execute(candidates):
        score = print_.similarity(signature)
        if score >= THRESHOLD and (best is None or score > best[0]):
            best = (score, group)
    return best[1] if best else None


def store_fingerprint(conn: Connection, article_pk: int, print_: Fingerprint) -> None:
    """Persist an article's signature and band keys."""
    conn.execute(schema.article_minhash.insert().values(article_pk=article_pk, signature=print_.to_bytes()))
    conn.execute(
        schema.lsh_bands.insert(),
        [{"band": band, "key": key, "article_pk": article_pk} for band, key in print_.bands],
    )
