load "data/never-closed.csv
