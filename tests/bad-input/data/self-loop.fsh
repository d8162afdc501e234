source data/self-loop.fsh
