# wx3000-mgmt — `make run` and `make test` do all set-up on a fresh machine.
SHELL := /bin/bash
NODE  ?= node
DATA  ?= ./var

.PHONY: all deps build run test test-build image bench clean

all: build

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	@touch $@

deps: node_modules/.installed

build: deps
	npx tsc -p tsconfig.json

run: build
	$(NODE) dist/bin/wx3000.js serve --data-dir $(DATA) --listen 127.0.0.1 --port 2222

test-build: build
	npx tsc -p tsconfig.test.json

# Unit tests first (fast), then end-to-end tests with real clients; both through node:test.
test: test-build
	$(NODE) --test --test-concurrency=2 $$(find build/tsc/test -name '*.test.js' | sort)

image: build
	bash firmware/build-image.sh

bench: test-build
	$(NODE) build/tsc/scripts/bench/run.js

clean:
	rm -rf dist build
