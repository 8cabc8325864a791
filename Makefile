# Mission Control operator. `make run` and `make test` are the two commands a newcomer needs.
SHELL := /bin/bash
.DEFAULT_GOAL := help

CLUSTER_NAME ?= mission-control
# Tests get a cluster of their own, so what `make run` left behind never meets a test (and vice versa).
TEST_CLUSTER_NAME ?= mission-control-test
TEST_KUBECONFIG := $(HOME)/.kwok/clusters/$(TEST_CLUSTER_NAME)/kubeconfig.yaml
MVN ?= mvn -B -ntp -Dstyle.color=never
include hack/versions.env
MC_TOOLS_DIR ?= $(HOME)/.cache/mission-control/tools
# The Prometheus Operator's CRDs (PrometheusRule, ServiceMonitor) that hack/build-tools.sh fetches.
export MC_PROMETHEUS_OPERATOR_CRDS := $(MC_TOOLS_DIR)/prometheus-operator-crds-$(PROMETHEUS_OPERATOR_VERSION)

.PHONY: help tools cluster-up cluster-down crds docs build image chart chart-test run test unit test-apiserver test-integration \
	test-tools test-process test-faults bench prometheus python-deps clean

help: ## List the targets
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-17s %s\n", $$1, $$2}'

tools: ## Build the pinned control plane, kubectl, helm and kubeconform (cached by version outside the repo); prints the PATH line for them
	@hack/build-tools.sh

cluster-up: ## Start the local control plane (kube-apiserver, etcd, controller-manager, scheduler, kwok)
	@hack/cluster-up.sh

cluster-down: ## Stop the local control planes (make run's and make test's) and delete their state
	@hack/cluster-down.sh
	@CLUSTER_NAME=$(TEST_CLUSTER_NAME) hack/cluster-down.sh
	@CLUSTER_NAME=mission-control-helm hack/cluster-down.sh

crds: ## Regenerate crds/ (and the chart's copy) from the Java types
	rm -rf operator/target/crds
	$(MVN) -q -pl operator -am process-classes
	rm -f crds/*.yml
	cp operator/target/crds/*.yml crds/
	@hack/chart-sync.sh --crds-only

docs: ## Regenerate docs/reference/ from crds/
	python3 hack/crd-docs.py

build: crds ## Build the operator (regenerates crds/ first)
	$(MVN) -q package -DskipTests -pl '!image'

image: ## Build the operator image as an OCI tarball, image/target/jib-image.tar (no Docker, no registry)
	$(MVN) -q package -DskipTests -pl image -am
	@ls -l image/target/jib-image.tar

chart: build ## Refresh the Helm chart's generated parts (CRDs, dashboards, RBAC rules from the build)
	@hack/chart-sync.sh

chart-test: ## The chart's checks (lint, kubeconform, install, RBAC as its ServiceAccount; the docs' Helm commands on a fresh cluster); needs `make build`
	@CLUSTER_NAME=$(TEST_CLUSTER_NAME) hack/cluster-up.sh
	KUBECONFIG=$(TEST_KUBECONFIG) hack/chart-test.sh

run: build ## Build, start the local control plane unless KUBECONFIG reaches one, install CRDs, run the operator, apply examples/
	@hack/run.sh

bench: build ## Benchmarks against a baseline from the same run, on a cluster of their own (BENCH_N="100 300 1000"); not part of make test
	@hack/bench.sh

prometheus: ## Install Prometheus and promtool from Debian's packages if missing
	@hack/install-prometheus.sh

python-deps: ## Install the Python packages the tests use (securesystemslib, in-toto-attestation)
	@hack/install-python-deps.sh

# Test layers: every test class carries one JUnit tag (TestLayersTest checks it); `make test` runs them all.
test: prometheus python-deps ## Every test layer in one Maven run, then the Helm chart's checks, against a local control plane
	@CLUSTER_NAME=$(TEST_CLUSTER_NAME) MVN="$(MVN)" hack/test.sh

unit: ## Layer unit: decision and desired-state code; no cluster, no KUBECONFIG, no external binary
	$(MVN) test -Dgroups=unit

test-apiserver: python-deps ## Layer apiserver: CRD schema, defaults, CEL and SSA against the test cluster's kube-apiserver (*CrdTest)
	@CLUSTER_NAME=$(TEST_CLUSTER_NAME) MVN="$(MVN)" hack/test.sh apiserver

test-integration: prometheus python-deps ## Layer integration: reconcilers (@QuarkusTest) on the test cluster, real Prometheus (*IntegrationTest)
	@CLUSTER_NAME=$(TEST_CLUSTER_NAME) MVN="$(MVN)" hack/test.sh integration

test-tools: prometheus tools python-deps ## Layer tools: generated rules and dashboards checked by promtool, the independent provenance and evidence verifiers; no cluster
	$(MVN) test -Dgroups=tools

test-process: prometheus python-deps ## Layer process: the packaged operator and image as processes on the test cluster (*IT)
	@CLUSTER_NAME=$(TEST_CLUSTER_NAME) MVN="$(MVN)" hack/test.sh process

test-faults: prometheus python-deps ## Layer faults: outages of Prometheus and the API server, random SIGKILLs, on the test cluster (*FaultIT)
	@CLUSTER_NAME=$(TEST_CLUSTER_NAME) MVN="$(MVN)" hack/test.sh faults

clean: ## Remove build output (not the cached tools)
	$(MVN) -q clean
	rm -rf .run
