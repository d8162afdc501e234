#!/bin/sh
# bench/methods/run.sh -- one `compare` of the plain model, FERM,
# Wasserstein, (fairrep when available) and reweigh, direpair, threshold,
# expgrad on Adult (sex) and COMPAS (race: African-American vs Caucasian,
# favourable outcome = no recidivism; and sex),
# plus the time expgrad (logreg, dp) takes on Adult.
# Usage: bench/methods/run.sh [BUILD_DIR]
# Paths: BUILD_DIR (argument, else $BUILD_DIR, else the top of the source
# tree) holds a built fairsh; the datasets are found as the tests find them
# (FAIRSH_DATA, then share/fairsh/data, then ../shared/data; see bench/lib.sh).
# SPDX-License-Identifier: MIT
set -e
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib.sh"
bench_build "${1:-}"
adult=$(bench_data adult.csv) || exit 1
compas=$(bench_data compas.csv) || exit 1
F="$build/fairsh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fairrep=""
if echo "help train" | "$F" --batch 2>/dev/null | grep -q fairrep; then
	fairrep=yes
fi

run() {  # $1 = name, $2 = setup lines
	{
		printf '%s\n' "$2"
		cat <<'EOS'
train logreg as plain
train logreg pre=ferm as ferm
train logreg pre=reweigh as reweigh
train logreg pre=direpair level=1 as direpair
train expgrad base=logreg constraint=dp as expgrad_dp
train expgrad base=logreg constraint=eo as expgrad_eo
wait
correct plain with wasserstein as wasserstein
correct plain with threshold constraint=dp as threshold_dp
correct plain with threshold constraint=eo as threshold_eo
correct plain with threshold constraint=eodds as threshold_eodds
EOS
		if [ -n "$fairrep" ]; then echo "train fairrep as fairrep"; echo "wait"; fi
		echo "compare plain ferm wasserstein ${fairrep:+fairrep }reweigh direpair threshold_dp threshold_eo threshold_eodds expgrad_dp expgrad_eo format=markdown"
	} > "$tmp/$1.fsh"
	echo "### $1"
	"$F" --batch -f "$tmp/$1.fsh" | grep -v "^training\|^\[job\|^model '" || true
}

run adult "load $adult as adult
target income positive=>50K
sensitive sex
split column=split
features all-except=fnlwgt,split"

run compas-race "load $compas as compas
target two_year_recid positive=0
sensitive race privileged=Caucasian
filter race=African-American,Caucasian
features sex,age,age_cat,race,juv_fel_count,juv_misd_count,juv_other_count,priors_count,c_charge_degree
split 0.7 seed=1"

run compas-sex "load $compas as compas
target two_year_recid positive=1
sensitive sex
features race,age,juv_fel_count,juv_misd_count,juv_other_count,priors_count,c_charge_degree
split 0.7 seed=1"

echo "### expgrad timing (Adult, logreg, dp, defaults)"
cat > "$tmp/t.fsh" <<EOS
load $adult as adult
target income positive=>50K
sensitive sex
split column=split
features all-except=fnlwgt,split
train expgrad as eg
wait eg
EOS
"$F" --batch -f "$tmp/t.fsh" | grep "job eg"
