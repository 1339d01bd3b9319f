# Spate: the two set-up commands are `make demo` and `make test` (see README.md).
BUILD_DIR ?= build
BUILD_TYPE ?= Release
JOBS ?= $(shell nproc)
CMAKE_FLAGS = -G Ninja -DCMAKE_BUILD_TYPE=$(BUILD_TYPE) -DPYBIND11_FINDPYTHON=ON \
              -DPython_EXECUTABLE=/usr/bin/python3

.PHONY: deps build test demo bench clean format

deps:
	@bash scripts/install-deps.sh

$(BUILD_DIR)/build.ninja:
	cmake -S . -B $(BUILD_DIR) $(CMAKE_FLAGS)

build: $(BUILD_DIR)/build.ninja
	ninja -C $(BUILD_DIR) -j $(JOBS)

test: deps
	@$(MAKE) --no-print-directory build
	bash scripts/run-tests.sh $(BUILD_DIR)

demo: deps
	@$(MAKE) --no-print-directory build
	bash scripts/demo.sh $(BUILD_DIR)

bench: deps
	@$(MAKE) --no-print-directory build
	bash scripts/run-benchmarks.sh $(BUILD_DIR)

format:
	find src test benchmark -name '*.cpp' -o -name '*.h' | xargs clang-format -i

clean:
	rm -rf $(BUILD_DIR)
