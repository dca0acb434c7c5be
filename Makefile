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

# --max-semi-space-size=1: the daemon's young generation stays small (see scripts/bench/soak.ts).
run: build
	$(NODE) --max-semi-space-size=1 dist/bin/wx3000.js serve --data-dir $(DATA) --listen 127.0.0.1 --port 2222

test-build: build
	npx tsc -p tsconfig.test.json

# Every test file under test/ (unit, CLI through a pty, e2e and interop with real clients, firmware
# image) through node:test, two files at a time.
test: test-build
	$(NODE) --test --test-concurrency=2 $$(find build/tsc/test -name '*.test.js' | sort)

image: build
	bash firmware/build-image.sh

# OpenSSH's sshd and Dropbear are installed if missing and started by hand on loopback, never as services.
bench: test-build
	bash scripts/install-test-deps.sh
	$(NODE) build/tsc/scripts/bench/run.js

clean:
	rm -rf dist build
