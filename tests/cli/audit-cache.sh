#!/bin/sh
# audit-cache.sh -- the audit cache is invalidated by every set-up command:
# one long session audits (a model and a prediction column, so that both
# kinds of cached decisions exist) after each set-up command, and each of
# those audits must equal, byte for byte in JSON, the audit of a fresh
# session given the same commands with no audit in between (nothing
# cached). Covers target (another positive class), sensitive (one column,
# two), filter, filter off, split (with calib=), derive (a column
# redefined, a new one), train (a model retrained under the same name),
# set threshold, load and use (two sessions), on= and a prediction column
# read with positive=.
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 99
fail() { echo "FAIL: $*"; exit 1; }

# the set-up, one command per step; after each step the audits that apply
# run (a column redefined by derive only while there is no model)
steps='load demo:loans n=1500 seed=3 bias=1.5
target approved positive=yes
sensitive group
derive p = income > 55 and debt_ratio < 0.4
filter employment!=unemployed
split 0.7 seed=2
derive p = income > 60
sensitive group,zip_area
filter off
train logreg as lr; wait
set threshold 0.4
train logreg C=0.05 as lr; wait
filter income>40
split 0.6 seed=9 calib=0.2
target approved positive=no
derive q = debt_ratio * 2
sensitive zip_area
set threshold 0.5
load demo:loans n=1500 seed=5 bias=0.5 as other
target approved positive=yes
sensitive group
use loans'

# the audits after step $1: a column read in the target's labels, the
# same column with positive= on every row, and the model once trained
audit_cmds() {
	[ "$1" -ge 4 ] || return 0
	case $1 in 19|20|21) return 0 ;; esac   # the other session: no p, no lr
	printf 'audit pred=p format=json; audit pred=p positive=1 format=json on=all'
	[ "$1" -ge 10 ] && printf '; audit lr format=json; audit lr format=json on=all'
	return 0
}

i=0
warm=""
printf '%s\n' "$steps" > steps.txt
while IFS= read -r step; do
	i=$((i + 1))
	warm="$warm${warm:+; }$step"
	a=$(audit_cmds $i)
	[ -n "$a" ] && warm="$warm; $a"
done < steps.txt

# one long session: audits after every step, caches in use throughout
HOME=$tmp "$FAIRSH" -c "$warm" > warm.all 2> warm.err || { tail -5 warm.err; fail "the long session failed"; }
awk '/^{/ { k++; f = sprintf("warm.%03d.json", k) } f { print > f } /^}/ { f = "" }' warm.all

# fresh sessions: the same steps, no audit before the last ones
k=0
i=0
fresh=""
while IFS= read -r step; do
	i=$((i + 1))
	fresh="$fresh${fresh:+; }$step"
	a=$(audit_cmds $i)
	[ -n "$a" ] || continue
	HOME=$tmp "$FAIRSH" -c "$fresh; $a" > fresh.all 2> fresh.err || { tail -5 fresh.err; fail "fresh session $i failed"; }
	awk -v k0="$k" '/^{/ { k++; f = sprintf("fresh.%03d.json", k0 + k) } f { print > f } /^}/ { f = "" }' fresh.all
	k=$((k + $(grep -c '^{' fresh.all)))
done < steps.txt

nwarm=$(ls warm.*.json 2>/dev/null | wc -l)
[ "$nwarm" -ge 40 ] || fail "only $nwarm audits in the long session"
[ "$nwarm" -eq "$k" ] || fail "$nwarm audits in the long session, $k in the fresh ones"
for f in warm.*.json; do
	g=fresh.${f#warm.}
	cmp -s "$f" "$g" || { diff "$f" "$g" | head -20; fail "$f: the cached audit differs from a fresh session's"; }
done

# the checks can fail: the audits do change with the set-up (a stale
# cache would show as equal JSON across steps)
[ "$(grep -h '^	"n":' warm.*.json | sort -u | wc -l)" -ge 5 ] || fail "the set-up never changed the audited rows"
[ "$(grep -h '"selection_rate"' warm.*.json | sort -u | wc -l)" -ge 40 ] || fail "the set-up never changed the decisions"
echo "audit-cache: $nwarm audits equal to fresh sessions'"
