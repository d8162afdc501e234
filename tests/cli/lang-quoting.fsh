# lang-quoting.fsh -- the command language: ';', '#', quotes and escapes
load tests/data/toy12.csv as "my toy"; sessions format=csv   # a comment
use "my toy"
help use
explain demographic_parity_ratio
