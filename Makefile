# Two commands for a newcomer: `make demo` and `make test`. Everything else is a helper.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
PYTEST_ARGS ?=

.PHONY: demo test install serve migrate lint format messages bench load-test check clean

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/activate pyproject.toml
	$(BIN)/pip install --quiet -e ".[dev,demo]"
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

install: $(VENV)/.installed node_modules/.installed

migrate: $(VENV)/.installed
	$(BIN)/python manage.py migrate --noinput

demo: migrate
	PORTAL_BASE_URL=http://127.0.0.1:$(PORT) $(BIN)/python manage.py load_demo_content
	@echo ""
	@echo "Samverkansportalen: http://127.0.0.1:$(PORT)/  (admin: http://127.0.0.1:$(PORT)/admin/)"
	PORTAL_BASE_URL=http://127.0.0.1:$(PORT) $(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

serve: $(VENV)/.installed
	PORTAL_BASE_URL=http://127.0.0.1:$(PORT) $(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

test: install
	$(BIN)/python -m pytest -n 2 $(PYTEST_ARGS)

lint: $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(VENV)/.installed
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

messages: $(VENV)/.installed
	$(BIN)/python manage.py app_makemessages
	cd $(CURDIR) && $(BIN)/python manage.py compilemessages --ignore=.venv --ignore=node_modules

bench: install
	$(BIN)/python bench/run.py

# issue 17: needs DATABASE_URL (PostgreSQL, a database of its own) and Redis; see docs/PERFORMANCE.md
load-test: install
	$(BIN)/pip install --quiet -e ".[dev,bench]"
	$(BIN)/python bench/load_test.py

clean:
	rm -rf $(VENV) node_modules db.sqlite3 media static_collected
