# OneTrip: `make run` sets up and starts the assistant; `make test` sets up and runs every check.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
RASA := PYTHONWARNINGS=ignore $(VENV)/bin/rasa
export SQLALCHEMY_SILENCE_UBER_WARNING := 1
export TF_CPP_MIN_LOG_LEVEL := 2
# Rasa would otherwise send usage data and crash reports to the internet.
export RASA_TELEMETRY_ENABLED := false
RASA_DATA := --data data/nlu data/rules build/nlu
# The Guangdong catalogue in shared/, imported for `make eval` and `make bench` (breadth).
GD_SOURCE := ../shared/data/gd-catalogue
GD_CATALOGUE := build/catalogue/gd
IMPORT_GD = @test -f $(GD_CATALOGUE)/catalogue.yml || $(MAKE) --no-print-directory catalogue-import SOURCE=$(GD_SOURCE) OUT=$(GD_CATALOGUE)


.PHONY: test-services setup catalogue-check catalogue-report catalogue catalogue-import train run scaled shell test lint typecheck unit rasa-validate rasa-test integration eval bench profile wechat-menu operator purge followups clean

setup:
	@bash scripts/setup.sh

catalogue-check: setup
	@$(PY) -m bot.catalogue check

# What each catalogue entry lacks (materials, time limit, fees, unlinked materials, phone), per department, and duplicates.
catalogue-report: setup
	@$(PY) -m bot.catalogue report $(if $(JSON),--json $(JSON))

# Validate, write the jieba dictionary and load the catalogue into the database.
catalogue: setup
	@$(PY) -m bot.catalogue build

# Import a region's catalogue from the national exchange tables (or the Guangdong scrape): make catalogue-import SOURCE=dir OUT=dir
catalogue-import: setup
	@test -n "$(SOURCE)" -a -n "$(OUT)" || { echo "usage: make catalogue-import SOURCE=<dir> OUT=<dir>"; exit 2; }
	@$(PY) -m bot.catalogue.importer "$(SOURCE)" "$(OUT)"

train: catalogue
	@PYTHONWARNINGS=ignore $(PY) scripts/train_if_changed.py

run: train
	@$(PY) scripts/run.py

# Several Rasa processes behind nginx, PostgreSQL and Redis (README: "Scaled mode").
scaled: train
	@$(PY) scripts/run.py --scaled

shell: train
	@$(PY) scripts/run.py --shell

lint: setup
	@$(VENV)/bin/ruff check .
	@$(VENV)/bin/ruff format --check .

typecheck: setup
	@$(VENV)/bin/mypy

test-services:
	@bash scripts/test-services.sh

unit: catalogue test-services
	@ONETRIP_REQUIRE_SERVICES=1 $(VENV)/bin/pytest -q

rasa-validate: catalogue
	@$(RASA) data validate --domain domain.yml --config config.yml $(RASA_DATA) --fail-on-warnings

rasa-test: rasa-validate train
	@$(RASA) test core --e2e --model models/onetrip.tar.gz --stories tests/stories --fail-on-prediction-errors --out results

# Both servers as `make run` starts them, on other ports, with a scripted REST conversation.
integration: train
	@ONETRIP_REQUIRE_SERVICES=1 $(VENV)/bin/pytest -q -m integration tests/integration

test: lint typecheck unit rasa-test integration

# Delete conversations and handovers older than RETENTION_DAYS (default 180); run daily.
# SCALED=1: the scaled mode's PostgreSQL.
purge: setup
	@PYTHONWARNINGS=ignore $(PY) scripts/purge.py $(if $(SCALED),--scaled)

# Ask consented citizens (WeChat, hotline by SMS) whether it took one trip (run it hourly, like purge daily).
followups: setup
	@PYTHONWARNINGS=ignore $(PY) -m channels.followups

# Load and latency as ratios to a bare Rasa assistant in the same run (1, 20, 50 concurrent), latency at turns
# 1-100, memory after 10,000 conversations, scaled mode, both catalogues, lookup at 10,000 services, cold start:
# prints and writes results/bench/ (about 25 minutes; python -m scripts.bench --help for shorter runs).
bench: train
	$(IMPORT_GD)
	@PYTHONWARNINGS=ignore $(PY) -m scripts.bench

# Where one message's CPU goes (py-spy on the Rasa and action servers under 20 REST conversations).
profile: train
	@PYTHONWARNINGS=ignore $(PY) -m scripts.bench.profile

# An operator account for the console (asks for the password): make operator NAME=alice
operator: catalogue
	@test -n "$(NAME)" || { echo "usage: make operator NAME=alice"; exit 2; }
	@$(PY) -m console.accounts add "$(NAME)"

clean:
	rm -rf build models results var .pytest_cache .mypy_cache .ruff_cache

# The official account's menu: printed; created too when WECHAT_APPID and WECHAT_SECRET are set.
wechat-menu: setup
	@$(PY) -m channels.wechat.menu

# Accuracy on tests/eval (never trained on): prints numbers and writes results/eval/.
eval: train
	$(IMPORT_GD)
	@PYTHONWARNINGS=ignore $(PY) scripts/evaluate.py
