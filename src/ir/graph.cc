// graph.cc - placeholder until the IR lands.
