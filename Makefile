# bwise-mooc: the two set-up commands are `make package` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
BASE   := $(VENV)/.installed-base
DEV    := $(VENV)/.installed-dev
JOBS   ?= 2
SIZES  ?= 20,120,1000

NODE   := node_modules/.installed

.PHONY: package test lint typecheck unit browser-deps java-deps golden preview-shots narrow-shots schema check clean messages bench moodle-check moodle-cc-check

# pip compiles an installed wheel's modules; an editable install leaves bwise_mooc to Python,
# which cannot keep what it compiles where PYTHONDONTWRITEBYTECODE is set: every command would
# compile the package again (0.3 s). So the install compiles it, as pip would.
$(BASE): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -e .
	$(BIN)/python -m compileall -q bwise_mooc >/dev/null
	touch $@

$(DEV): $(BASE)
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $@

## Build every package of the default course into build/.
package: $(BASE)
	$(BIN)/bwise-mooc build --format all
	@echo "The packages are in build/. The command is $(abspath $(BIN))/bwise-mooc: to type just"
	@echo "'bwise-mooc' in a new shell, first run: source $(abspath $(BIN))/activate"

## Check the course sources and print every problem.
check: $(BASE)
	$(BIN)/bwise-mooc check

## npm packages the tests load (scorm-again plays the LMS, DAISY Ace checks the EPUBs), from
## package-lock.json. No browser is downloaded: Ace runs Debian's Chromium through Puppeteer.
$(NODE): package.json package-lock.json
	PUPPETEER_SKIP_DOWNLOAD=1 ELECTRON_SKIP_BINARY_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error
	touch $@

## Debian's Chromium for the browser tests (never a downloaded browser), and the npm packages.
browser-deps: $(NODE)
	@if ! command -v chromium >/dev/null 2>&1; then \
		echo "installing Debian's chromium"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null; \
	fi
	@chromium --version

## Java for W3C EPUBCheck (tests/exporters/test_epub.py): Debian's headless JRE, if missing.
java-deps:
	@if ! command -v java >/dev/null 2>&1; then \
		echo "installing Debian's headless Java"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends default-jre-headless >/dev/null; \
	fi

lint: $(DEV)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(DEV)
	$(BIN)/mypy

unit: $(DEV) java-deps
	$(BIN)/pytest -n $(JOBS) --dist loadfile -m "not browser"

## Lint, type-check and run every test, browser tests included. A test file runs on one worker
## (--dist loadfile): its costly shared fixtures (the EPUBs for Ace, the PDF handouts) are made once.
test: $(DEV) browser-deps java-deps lint typecheck
	$(BIN)/pytest -n $(JOBS) --dist loadfile

## Rewrite the golden files; review `git diff tests/golden` before committing.
golden: $(DEV)
	$(BIN)/pytest tests/test_golden.py tests/exporters --update-golden

## Screenshots of the HTML preview for reviewers, in build/screenshots/: desktop and phone, every language.
preview-shots: $(DEV) browser-deps
	for lang in $$($(BIN)/python -c "import yaml; print(' '.join(yaml.safe_load(open('course/course.yml'))['languages']))"); do \
		$(BIN)/python scripts/preview_shots.py --lang $$lang || exit 1; \
	done

## The same lesson 320 px wide in every language (reflow check), in build/screenshots/.
narrow-shots: $(DEV) browser-deps
	for lang in $$($(BIN)/python -c "import yaml; print(' '.join(yaml.safe_load(open('course/course.yml'))['languages']))"); do \
		$(BIN)/python scripts/preview_shots.py --lang $$lang --width 320 || exit 1; \
	done

## Re-extract the interface's words into bwise_mooc/locale/messages.pot and update every catalog.
messages: $(DEV)
	$(BIN)/pybabel extract -F babel.cfg -k "gettext:2" -k "plural:2,3" -k "N_" --no-location --sort-output --omit-header --no-wrap -o bwise_mooc/locale/messages.pot .
	$(BIN)/pybabel update -i bwise_mooc/locale/messages.pot -d bwise_mooc/locale --no-wrap --ignore-obsolete --no-fuzzy-matching

## JSON Schema of course.yml, module.yml and front matter for editors, in build/schema/.
schema: $(BASE)
	$(BIN)/bwise-mooc schema --out build/schema

## Time cold, warm, no-op and one-lesson builds of synthetic courses against mkdocs (SIZES=20,120 for a short run;
## a size ending in t is text-only, e.g. SIZES=1000t,3000t for the memory figures of issue 21).
bench: $(DEV)
	$(BIN)/python -m compileall -q bwise_mooc >/dev/null  # the sources as they are now
	$(BIN)/python scripts/bench.py --sizes $(SIZES)
	$(BIN)/python scripts/bench_hostile.py

## Play the first module's SCORM packages (1.2/2004, single/multi-SCO) in a real Moodle 4.3 and
## check what it records, then run moodle-cc-check below (cartridges and question banks):
## MOODLE_SRC=/path/to/moodle make moodle-check (see docs/moodle.md).
MOODLE_HARNESS ?= ../shared/moodle
moodle-check: $(DEV) browser-deps
	@if [ -z "$(MOODLE_SRC)" ]; then \
		echo "moodle-check: set MOODLE_SRC to Moodle 4.3's source tree, e.g. MOODLE_SRC=/opt/moodle-src make moodle-check (see $(MOODLE_HARNESS)/README.md)" >&2; \
		exit 2; \
	fi
	bash $(MOODLE_HARNESS)/install.sh "$(MOODLE_SRC)"
	bash $(MOODLE_HARNESS)/start.sh
	MOODLE_HARNESS="$(abspath $(MOODLE_HARNESS))" $(BIN)/python scripts/moodle_check.py $(MOODLE_CHECK_ARGS)
	MOODLE_SRC="$(MOODLE_SRC)" MOODLE_HARNESS="$(abspath $(MOODLE_HARNESS))" $(BIN)/python scripts/moodle_cc_check.py $(MOODLE_CC_CHECK_ARGS)

## Restore the course's Common Cartridge in every language in a real Moodle 4.3, answer a module
## assessment as a learner, import the Moodle XML and GIFT banks; print expected vs got:
## MOODLE_SRC=/path/to/moodle make moodle-cc-check (see ../shared/moodle/README.md).
moodle-cc-check: $(DEV)
	@if [ -z "$(MOODLE_SRC)" ]; then \
		echo "moodle-cc-check: set MOODLE_SRC to Moodle 4.3's source tree, e.g. MOODLE_SRC=/opt/moodle-src make moodle-cc-check (see $(MOODLE_HARNESS)/README.md)" >&2; \
		exit 2; \
	fi
	bash $(MOODLE_HARNESS)/install.sh "$(MOODLE_SRC)"
	bash $(MOODLE_HARNESS)/start.sh
	MOODLE_SRC="$(MOODLE_SRC)" MOODLE_HARNESS="$(abspath $(MOODLE_HARNESS))" $(BIN)/python scripts/moodle_cc_check.py $(MOODLE_CC_CHECK_ARGS)

clean:
	rm -rf build .pytest_cache .mypy_cache .ruff_cache
