source tests/data/self-source.fsh
