# coda.mk - coda in a Make build, without CMake: include it, and it builds libcoda.a
# from coda's sources for the port you name, with the compilers and flags you already use.
#
#   CODA_PORT := cortex-m            # a folder of ports/: posix (the default), cortex-m, riscv
#   CODA_CAPACITY := 32              # how many registrations the global registry holds
#   CODA_BUILD := build/coda         # where coda's objects and libcoda.a go
#   include path/to/coda/coda.mk
#   CFLAGS += $(CODA_CFLAGS)         # coda's include folder and CODA_CAPACITY
#   app.elf: main.o $(CODA_LIB)
#   	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ main.o $(CODA_LDLIBS)
#
# coda's sources compile with $(CXX) $(CXXFLAGS) $(CODA_CXXFLAGS): put the target's
# options (-mcpu=cortex-m3 -mthumb --specs=nano.specs, -march=rv32imac -mabi=ilp32 ...)
# in CXXFLAGS. A bare-metal port takes the C library's atexit family onto coda's table
# unless CODA_REPLACE_LIBC_ATEXIT is 0 (docs/semantics.md section 10). CODA_LDLIBS is
# libcoda.a and what a link needs with it: the exit hook's linker option on bare metal;
# -ldl, -rdynamic and the C++ runtime on POSIX (the port's objects catch a handler's
# exception), so a C program links with $(CC). The lists below are the CMake build's,
# in its archive order (tests/make checks that both build the same library).

CODA_ROOT := $(patsubst %/,%,$(dir $(lastword $(MAKEFILE_LIST))))
CODA_PORT ?= posix
CODA_CAPACITY ?= 32
CODA_BUILD ?= coda-build
CODA_REPLACE_LIBC_ATEXIT ?= 1
CODA_LIBC_ATEXIT ?= table
CODA_ON_EXIT_FUNCTIONS ?= 4

CODA_LIB := $(CODA_BUILD)/libcoda.a
CODA_CFLAGS := -I$(CODA_ROOT)/include -DCODA_CAPACITY=$(CODA_CAPACITY)

# The core (run_exit.cpp before run.cpp: both define the exit run's hook, the first weakly).
CODA_CORE_SOURCES := $(addprefix $(CODA_ROOT)/src/,table.cpp global.cpp global_registry.cpp \
    compaction.cpp run_exit.cpp run.cpp c_api.cpp c_api_holes.cpp)
CODA_CXXFLAGS := $(CODA_CFLAGS) -std=gnu++20 -ffunction-sections -fdata-sections \
    -I$(CODA_ROOT)/src -I$(CODA_ROOT)/ports/$(CODA_PORT)

ifeq ($(CODA_PORT),posix)
CODA_PORT_SOURCES := $(addprefix $(CODA_ROOT)/ports/posix/,port.cpp invoke.cpp exit_path.cpp signals.cpp fork.cpp)
CODA_NO_EXCEPTIONS := $(CODA_CORE_SOURCES) $(CODA_ROOT)/ports/posix/invoke.cpp
CODA_LDLIBS := $(CODA_LIB) -rdynamic -ldl -lstdc++ -lm -pthread
else
# The bare-metal runtime, then the CPU folder's own sources.
CODA_BAREMETAL := $(CODA_ROOT)/ports/baremetal
CODA_PORT_SOURCES := $(addprefix $(CODA_BAREMETAL)/,reset.cpp report_record.cpp exit_path.cpp)
CODA_CXXFLAGS += -ffreestanding -I$(CODA_BAREMETAL)
ifeq ($(CODA_REPLACE_LIBC_ATEXIT),1)
# libc_atexit.cpp before libc_on_exit.cpp: the first defines __call_exitprocs weakly.
CODA_PORT_SOURCES += $(addprefix $(CODA_BAREMETAL)/,libc_atexit.cpp libc_quick_exit.cpp libc_on_exit.cpp)
CODA_CFLAGS += -DCODA_REPLACE_LIBC_ATEXIT=1
CODA_CXXFLAGS += -DCODA_REPLACE_LIBC_ATEXIT=1 -DCODA_LIBC_ATEXIT_POLICY=$(CODA_LIBC_ATEXIT) \
    -DCODA_ON_EXIT_FUNCTIONS=$(CODA_ON_EXIT_FUNCTIONS)
CODA_LDLIBS := $(CODA_LIB) -Wl,--undefined=__call_exitprocs
else
CODA_LDLIBS := $(CODA_LIB) -Wl,--wrap=exit
endif
CODA_PORT_SOURCES += $(sort $(wildcard $(CODA_ROOT)/ports/$(CODA_PORT)/*.cpp))
CODA_NO_EXCEPTIONS := $(CODA_CORE_SOURCES) $(CODA_PORT_SOURCES)
endif

CODA_SOURCES := $(CODA_CORE_SOURCES) $(CODA_PORT_SOURCES)
# One object per source, named after its folder too (ports have files of the same name).
coda_object = $(CODA_BUILD)/$(subst /,_,$(patsubst $(CODA_ROOT)/%.cpp,%,$(1))).o
CODA_OBJECTS := $(foreach source,$(CODA_SOURCES),$(call coda_object,$(source)))

define coda_compile_rule
$(call coda_object,$(1)): $(1) | $(CODA_BUILD)
	$$(CXX) $$(CXXFLAGS) $$(CODA_CXXFLAGS) $(if $(filter $(1),$(CODA_NO_EXCEPTIONS)),-fno-exceptions -fno-rtti) -c $$< -o $$@
endef
$(foreach source,$(CODA_SOURCES),$(eval $(call coda_compile_rule,$(source))))

$(CODA_BUILD):
	mkdir -p $@

$(CODA_LIB): $(CODA_OBJECTS)
	rm -f $@
	$(AR) rcs $@ $^
