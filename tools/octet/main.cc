// main.cc - the octet command line: dispatches to one subcommand per file.
#include <cstdio>

int main(int argc, char** argv) {
  std::puts("octet: under construction");
  return 0;
}
