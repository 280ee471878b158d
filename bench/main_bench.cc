// main_bench.cc - the entry point of octet_microbench (every bench/*_bench.cc registers into it).
#include <benchmark/benchmark.h>

BENCHMARK_MAIN();
