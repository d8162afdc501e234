# tests/db/setup-fsh.sh -- sourced by tests/db/compare.sh (databases) and
# tests/db/stream.sh (streamed files): writes the command files both run on
# a loaded and on an attached session and compare (compare-audit.py), in
# $tmp, for the prediction table of gen-preds.py (the same files, so that a
# database and a streamed file are held to the same cases):
#  setup.fsh    12 audits: intersections, a numeric sensitive column cut at
#               a threshold, derived columns, expression filters (one with
#               an injection attempt as a literal), a privileged group,
#               three conventions, a categorical target, a column name
#               with quotes and SQL, weights;
#  control.fsh  6 audits with control=: one and two columns, a derived one
#               with quotes and spaces in its levels, a column whose name
#               and levels hold quotes, a filter, weights;
# Needs: $tmp.
cat > "$tmp/setup.fsh" <<'FSH'
target y
sensitive grp,sex
audit pred=p format=json
audit score=score threshold=0.5 format=json
audit score=score threshold=0.3 direction=lower interval=exact level=0.9 format=json
sensitive age threshold=40
audit pred=p pairs=yes format=json
derive older = age > 50
derive band = if(age >= 30, 'old', 'young')
filter region != 'north'
filter "score > 0.1 and grp != 'x''); DROP TABLE preds; --'"
sensitive grp,older
audit pred=p format=json
sensitive band,sex privileged="old & M"
audit pred=p format=json
set convention aif360
audit pred=p format=json
set convention fairlearn
audit pred=p min-group=0 small-groups=include format=json
set convention strict
filter off
target label positive=good
sensitive "gr\"p; DROP TABLE preds",sex
audit pred=plabel format=json
audit pred=p positive=1 format=json
weights age
target y
sensitive grp,sex
audit pred=p format=json
audit score=score threshold=0.4 interval=exact format=json
FSH

cat > "$tmp/control.fsh" <<'FSH'
target y
sensitive grp,sex
audit pred=p control=region format=json
audit pred=p control=region,"gr\"p; DROP TABLE preds" format=json
derive reg = if(region == 'south', 'the ''deep'' south', region)
filter score > 0.2
audit score=score threshold=0.5 control=reg format=json
sensitive grp
audit pred=p control=reg,sex interval=exact format=json
weights age
sensitive grp,sex
audit pred=p control=region format=json
audit score=score threshold=0.4 control="gr\"p; DROP TABLE preds",reg format=json
FSH
