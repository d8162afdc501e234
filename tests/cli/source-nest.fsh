# source-nest.fsh -- source runs a file; a file sourcing itself is refused
# options: --keep-going
source tests/data/toy-setup.fsh
audit pred=yhat score=p format=csv
source tests/data/self-source.fsh
source tests/data/nosuch.fsh
