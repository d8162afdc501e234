#!/bin/sh
# fairlearn-metrics.sh -- Fairlearn's metric tests (selection rate, mean
# prediction, the base rates, the fairness metrics with and without weights,
# MetricFrame by group, aggregates and missing combinations) reproduced
# through fairsh: tests/cli/fairlearn-ref.py holds their literal inputs and
# expected numbers.
exec "$top_srcdir/tests/run-py.sh" "$top_srcdir/tests/cli/fairlearn-ref.py"
