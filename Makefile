# piapi build. Plain javac + jar; JUnit's console launcher (tests only) is fetched once with Maven.
SHELL   := /bin/bash
VERSION := 0.1.0

# A JDK >= 21: JAVA_HOME when it is new enough, else the newest under /usr/lib/jvm.
# Override with `make JDK=/path/to/jdk`.
ifeq ($(origin JDK),undefined)
JDK := $(shell \
  major() { sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$$1/release" 2>/dev/null; }; \
  if [ -n "$$JAVA_HOME" ] && [ -x "$$JAVA_HOME/bin/javac" ] && [ "$$(major "$$JAVA_HOME")" -ge 21 ] 2>/dev/null; then \
    echo "$$JAVA_HOME"; exit 0; fi; \
  best=; bestv=0; \
  for d in /usr/lib/jvm/*; do \
    [ -x "$$d/bin/javac" ] || continue; v=$$(major "$$d"); \
    [ -n "$$v" ] && [ "$$v" -ge 21 ] && [ "$$v" -gt "$$bestv" ] && { best=$$d; bestv=$$v; }; \
  done; echo "$$best")
endif
NO_JDK  := No JDK >= 21 found (JAVA_HOME and /usr/lib/jvm checked): install one (e.g. apt-get install openjdk-21-jdk-headless, or Temurin 21+) or run: make JDK=/path/to/jdk
JAVA    = $(JDK)/bin/java
JAVAC   = $(JDK)/bin/javac
JARTOOL = $(JDK)/bin/jar

JUNIT_V := 1.13.4
JUNIT   := lib/junit-platform-console-standalone-$(JUNIT_V).jar
JAR     := build/piapi.jar
SRC     := $(shell find src -name '*.java' -not -path 'src/dist/*' 2>/dev/null)
TEST_SRC:= $(shell find test -name '*.java' 2>/dev/null)
WEB     := $(shell find web -type f 2>/dev/null)
COMMIT  := $(shell git rev-parse --short HEAD 2>/dev/null || echo unknown)
CONFIG  ?= config.yaml
LISTEN  ?= :9200
LOG_FORMAT ?=
DEMO_LISTEN ?= 127.0.0.1:9200

# Release bundle: the launcher's JVM flags live here, in one place (README "Packaging" explains them).
ARCH      := $(shell uname -m | sed 's/^x86_64$$/x64/')
DIST_NAME := piapi-$(VERSION)-linux-$(ARCH)
DIST_DIR  := build/dist/$(DIST_NAME)
DIST_TGZ  := build/dist/$(DIST_NAME).tar.gz
JDK_MAJOR := $(shell sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' '$(JDK)/release' 2>/dev/null)
# JDK 25 and later: compact object headers, and an ahead-of-time cache trained by src/dist/AotTraining.java (see dist).
JDK25     := $(shell [ '$(JDK_MAJOR)' -ge 25 ] 2>/dev/null && echo yes)
# The launcher's JVM flags (one line: tests read it); README "Packaging" gives the reason for each. Compact object
# headers need JDK 25.
JVM_FLAGS := -XX:+UseSerialGC -Xms48m -Xmx512m -Xmn8m -XX:SurvivorRatio=2 -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=25 -XX:TrimNativeHeapInterval=5000 -XX:+ExitOnOutOfMemoryError -Xlog:disable -Xlog:all=warning:stderr:uptime,level,tags
JVM_FLAGS_25 := -XX:+UseCompactObjectHeaders
SOAK    ?= 0
# make bench: LONG=1 adds 8,000 concurrent streams and (unless SOAK is given) the 10-minute soak; NGINX=1 runs the
# streams through nginx too, for reference; ONLY=streams or ONLY=load runs one part; STREAMS=1000,2000 picks the counts.
LONG    ?= 0
NGINX   ?= 0
ONLY    ?= all
STREAMS_SHORT := 1000,4000
STREAMS_LONG  := 1000,4000,8000
STREAMS ?= $(if $(filter 1,$(LONG)),$(STREAMS_LONG),$(STREAMS_SHORT))
BENCH_SOAK := $(if $(filter 1,$(LONG)),$(if $(filter 0,$(SOAK)),600,$(SOAK)),$(SOAK))

.PHONY: build test test-classes run demo clean jdk image dist bench
build: $(JAR)

jdk:
	@[ -n "$(JDK)" ] || { echo "$(NO_JDK)" >&2; exit 1; }

# The compile lines name every source file: they are not echoed (`make V=1` shows them); javac's errors and
# warnings still print, and a failure still stops the build.
Q := $(if $(V),,@)

$(JAR): $(SRC) $(WEB) Makefile | jdk
	$(Q)rm -rf build/classes && mkdir -p build/classes
	@echo "javac $(words $(SRC)) files -> build/classes"
	$(Q)$(JAVAC) --release 21 -Xlint:all -Werror -encoding UTF-8 -d build/classes $(SRC)
	$(Q)if [ -d web ]; then mkdir -p build/classes/web && cp -R web/. build/classes/web/; fi
	$(Q)printf 'Implementation-Title: piapi\nImplementation-Version: %s\nImplementation-Build: %s\n' \
	  '$(VERSION)' '$(COMMIT)' > build/manifest.txt
	@echo "jar -> $@"
	$(Q)$(JARTOOL) --create --file $@ --manifest build/manifest.txt --main-class piapi.Main -C build/classes .

$(JUNIT):
	mvn -q -B dependency:copy -Dartifact=org.junit.platform:junit-platform-console-standalone:$(JUNIT_V) -DoutputDirectory=lib

# Runs every test class (names ending in Test); prints one "N passed, N failed" line; fails on a failure.
test-classes: $(JAR) $(JUNIT)
	$(Q)rm -rf build/test-classes && mkdir -p build/test-classes
	@echo "javac $(words $(TEST_SRC)) test files -> build/test-classes"
	$(Q)$(JAVAC) --release 21 -Xlint:all -Werror -encoding UTF-8 -d build/test-classes -cp $(JAR):$(JUNIT) $(TEST_SRC)

# Test classes and methods run in a random order, so none can lean on another having run first; the seed is
# printed, and `make test SEED=<n>` repeats an order.
# `make test TEST_CLOCK=2026-01-31T23:59:58Z` starts each test gateway's clock at that instant (ticking in real
# time), so a test that mixes the machine's date with the gateway's fails whatever the hour; `TESTS="A B"` runs
# only those test classes (simple or qualified names).
SEED ?= $(shell date +%s)
TEST_CLOCK ?=
TESTS ?=
TEST_SELECT = $(if $(strip $(TESTS)),$(foreach t,$(TESTS),--include-classname='(.*\.)?$(t)'),)
test: test-classes
	@echo "test order seed: $(SEED) (make test SEED=$(SEED) repeats this order)$(if $(TEST_CLOCK), test clock starts at $(TEST_CLOCK))"
	@set -o pipefail; $(JAVA) $(if $(TEST_CLOCK),-Dpiapi.test.clockStart=$(TEST_CLOCK)) -jar $(JUNIT) execute --disable-banner --disable-ansi-colors --details=tree --fail-if-no-tests \
	  --config=junit.jupiter.execution.timeout.default=60s --config=junit.jupiter.execution.order.random.seed=$(SEED) \
	  '--config=junit.jupiter.testmethod.order.default=org.junit.jupiter.api.MethodOrderer$$Random' \
	  '--config=junit.jupiter.testclass.order.default=org.junit.jupiter.api.ClassOrderer$$Random' \
	  --class-path $(JAR):build/test-classes --scan-class-path $(TEST_SELECT) 2>&1 | tee build/test.log; rc=$$?; \
	awk '/tests successful/{p=$$2} /tests failed/{f=$$2} /tests skipped/{s=$$2} /tests aborted/{a=$$2} \
	  END{printf "%d passed, %d failed (%d skipped, %d aborted)\n", p, f, s, a}' build/test.log; \
	exit $$rc

# Starts the gateway on $(CONFIG), creating it from config.yaml.example the first time. Logs are readable text
# when stdout is a terminal (a developer's laptop) and JSON lines otherwise (piped to a collector, or to a file),
# as the jar and the bundle always default to; `make run LOG_FORMAT=json` (or text) overrides the guess.
run: $(JAR)
	@if [ ! -f "$(CONFIG)" ]; then cp config.yaml.example "$(CONFIG)"; \
	  echo "created $(CONFIG) from config.yaml.example: edit it to add your providers and users"; fi
	format=$(if $(LOG_FORMAT),$(LOG_FORMAT),json); if [ -z "$(LOG_FORMAT)" ] && [ -t 1 ]; then format=text; fi; \
	  exec $(JAVA) -jar $(JAR) --config $(CONFIG) --listen $(LISTEN) --log-format $$format

# The whole product offline: built-in demo providers, three users, an admin token; prints what to paste.
demo: $(JAR)
	exec $(JAVA) -jar $(JAR) --demo --listen $(DEMO_LISTEN) $(if $(LOG_FORMAT),--log-format $(LOG_FORMAT))

# A minimal Java runtime (only the modules piapi needs) in build/runtime.
image: build/runtime/release
build/runtime/release: $(JAR) jlink.sh | jdk
	./jlink.sh $(JDK)

# The release bundle: runtime + jar + bin/piapi + config example + README + systemd unit, and on JDK 25+ the
# ahead-of-time cache from a training run of the bundle itself (real requests through a fake upstream).
dist: image
	rm -rf $(DIST_DIR) $(DIST_TGZ) && mkdir -p $(DIST_DIR)/bin $(DIST_DIR)/lib
	cp -R build/runtime $(DIST_DIR)/runtime
	cp $(JAR) $(DIST_DIR)/lib/piapi.jar
	sed 's|@JVM_FLAGS@|$(JVM_FLAGS)$(if $(JDK25), $(JVM_FLAGS_25))|' src/dist/piapi > $(DIST_DIR)/bin/piapi && chmod 755 $(DIST_DIR)/bin/piapi
	cp config.yaml.example README.md src/dist/piapi.service $(DIST_DIR)/
	$(if $(JDK25),$(JAVA) src/dist/AotTraining.java $(DIST_DIR) $(DIST_DIR)/lib/piapi.aot,@echo "no ahead-of-time cache: it needs JDK 25 or later (this is $(JDK_MAJOR))")
	tar -C build/dist --owner=0 --group=0 --numeric-owner --sort=name -czf $(DIST_TGZ) $(DIST_NAME)
	@echo "bundle: $(DIST_TGZ) ($$(du -k $(DIST_TGZ) | awk '{printf "%.1f MB", $$1/1024}') compressed, $$(du -sk $(DIST_DIR) | awk '{printf "%.1f MB", $$1/1024}') unpacked; target: under 35 MB compressed)"

# Throughput, latency, SSE delay, RSS and startup through the bundle vs. the upstream direct (needs wrk), then
# thousands of concurrent streams. `make bench SOAK=600` adds a 10-minute streaming soak (RSS and heap over time).
# The open-files limit is raised as far as the machine allows (the streams need two descriptors each).
bench: dist test-classes
	@ulimit -Hn $$(cat /proc/sys/fs/nr_open 2>/dev/null || echo 1048576) 2>/dev/null || true; ulimit -Sn $$(ulimit -Hn) 2>/dev/null || true; \
	echo "open files: soft $$(ulimit -Sn), hard $$(ulimit -Hn)"; \
	$(JAVA) -cp build/test-classes:$(JAR) piapi.bench.Bench --dist $(DIST_DIR) --soak $(BENCH_SOAK) --streams '$(STREAMS)' \
	  --nginx $(if $(filter 1 true yes,$(NGINX)),true,false) --only $(ONLY)

clean:
	rm -rf build
