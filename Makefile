# Routine jobs of the registry. A fresh machine needs only `make run` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
HOST ?= 127.0.0.1
PORT ?= 8000
# The address the demo is served at: printed in PDFs, QR codes, credential ids and the DID
# of the certificates the demo issues (REGISTRY_ISSUER_URL defaults to it in development).
# A SITE_URL set in the environment wins; certificates already issued keep the address
# frozen into them (docs/operations.md, "The demo's address").
SITE_URL ?= http://$(HOST):$(PORT)
# The suite runs in this many processes (one per core by default); tests that start real
# workers and servers stay together in one of them (tests/conftest.py).
TEST_WORKERS ?= $(shell nproc 2>/dev/null || echo 2)

.PHONY: run serve install install-dev test lint format migrate demo messages worker beat backup restore bench bench-verify bench-issue bench-pdf bench-memory bench-stats bench-dashboards screenshots clean

run: install migrate demo ## Install, migrate, load demo data and serve on http://127.0.0.1:8000 (PORT=, HOST=)
	$(MANAGE) collectstatic --noinput --verbosity 0
	@echo "Registry on $(SITE_URL)/  (users: admin, evaluador, ece, comite, presidencia; password conocer-demo)"
	SITE_URL=$(SITE_URL) $(MANAGE) runserver $(HOST):$(PORT)

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	@touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $@ $(VENV)/.installed

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

migrate: install
	@mkdir -p var
	$(MANAGE) migrate --noinput

demo: install
	SITE_URL=$(SITE_URL) $(MANAGE) load_demo

test: install-dev ## Whole suite: SQLite + eager tasks, or PostgreSQL + Redis when DATABASE_URL / CELERY_BROKER_URL are set (TEST_WORKERS=)
	$(BIN)/pytest -n $(TEST_WORKERS) --dist loadgroup -m "not alone"
	$(BIN)/pytest -m alone

screenshots: install-dev ## The browser tests, keeping a full-page screenshot of every page they check under var/screenshots/
	E2E_SCREENSHOTS=1 $(BIN)/pytest tests/e2e

lint: install-dev
	$(BIN)/ruff check .

format: install-dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

messages: install ## Extract and compile translations (needs gettext)
	$(MANAGE) makemessages --locale es --no-obsolete --ignore '.venv/*' --ignore 'var/*' --ignore 'tests/*' --ignore 'bench/*' --ignore 'node_modules/*'
	$(MANAGE) compilemessages --ignore '.venv/*'

worker: install
	$(BIN)/celery -A conocer worker --loglevel INFO

beat: install
	$(BIN)/celery -A conocer beat --loglevel INFO --schedule var/celerybeat-schedule

backup: install ## Database, media and signing keys in one file under BACKUP_DIR (docs/operations.md)
	$(MANAGE) backup $(if $(BACKUP_DIR),--output "$(BACKUP_DIR)")

restore: install ## Restore BACKUP=<file> into an empty database (IDENTITY=<key file> if encrypted)
	@test -n "$(BACKUP)" || { echo "Usage: make restore BACKUP=<backup file> [IDENTITY=<key file>]"; exit 2; }
	$(MANAGE) restore --input "$(BACKUP)" $(if $(IDENTITY),--identity "$(IDENTITY)")

bench: install-dev
	@for b in bench/bench_*.py; do echo "== $$b"; $(BIN)/python $$b; done

bench-verify: install-dev ## Public verification at 10k, 100k, 1M certificates (SIZES=, KEEP_DB=1; docs/performance.md)
	$(BIN)/python bench/bench_verify.py $(if $(SIZES),--sizes $(SIZES)) $(if $(KEEP_DB),--keep-db)

bench-issue: install-dev ## Bulk issuance: 2,000 approvals, PDFs by 1 vs 2 worker processes; approval cost at 10k vs 1M (REQUESTS=, SIZES=, KEEP_DB=1)
	$(BIN)/python bench/bench_issue.py $(if $(REQUESTS),--requests $(REQUESTS)) $(if $(SIZES),--sizes $(SIZES)) $(if $(KEEP_DB),--keep)

bench-pdf: install-dev ## PDFs rendered and signed: the workers' two-layer renderer vs the naive one, 200 certificates, output checked (CERTIFICATES=)
	$(BIN)/python bench/bench_pdf.py $(if $(CERTIFICATES),--certificates $(CERTIFICATES))

bench-stats: install-dev ## Public statistics at 1M certificates: p50/p95 of every API endpoint and /estadisticas/ beside /healthz, and the plain aggregates (PostgreSQL bench_stats; SIZE=, ROUNDS=)
	nice -n 10 $(BIN)/python bench/bench_stats.py $(if $(SIZE),--size $(SIZE)) $(if $(ROUNDS),--rounds $(ROUNDS))

bench-dashboards: install-dev ## One awarding body's, one centre's and CONOCER's dashboards at 100,000 certificates, beside /healthz (PostgreSQL; docs/dashboards.md)
	nice -n 10 $(BIN)/python bench/bench_dashboards.py

bench-memory: install-dev ## Worker RSS over 1,000 PDFs with and without per-child limits (PostgreSQL h_pdf, Redis 14/15; PDFS=)
	$(BIN)/python bench/bench_memory.py $(if $(PDFS),--pdfs $(PDFS))

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache
