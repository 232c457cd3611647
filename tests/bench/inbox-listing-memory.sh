#!/bin/bash
# Peak resident memory (VmHWM) of `dw run` over an inbox of N waiting files, after four polls.
#   tests/bench/inbox-listing-memory.sh path/to/dw.dll 100000                      # .pdf files, paused: no pdftotext on PATH
#   EXT=txt SETTLE=01:00:00 EXTRA_PATH=/usr/bin tests/bench/inbox-listing-memory.sh path/to/dw.dll 100000   # still settling
# Needs sqlite3 and python3. Leaves nothing behind.
set -e
DW=$1; N=$2
dir=$(mktemp -d /tmp/dw-listing-XXXX)
mkdir -p $dir/data/inbox $dir/bin
python3 -c "
import os,sys
d=sys.argv[1]
for i in range(int(sys.argv[2])): open(os.path.join(d,'waiting-%06d.%s'%(i,sys.argv[3])),'wb').close()
" $dir/data/inbox $N ${EXT:-pdf}
cd $dir
PATH=$dir/bin${EXTRA_PATH:+:$EXTRA_PATH} DW_Inbox__SettleTime=${SETTLE:-00:00:05} DW_Inbox__Interval=00:00:01 DW_Worker__InstanceId=bench /usr/bin/dotnet $DW run > $dir/out.log 2>&1 &
pid=$!
start=$(date +%s)
while true; do
  runs=$(sqlite3 $dir/data/dw.db "SELECT COUNT(*) FROM job_runs WHERE ended_at IS NOT NULL" 2>/dev/null || echo 0)
  [ "${runs:-0}" -ge 4 ] && break
  sleep 0.5
done
hwm=$(grep VmHWM /proc/$pid/status | awk '{print $2}')
kill -TERM $pid; wait $pid || true
echo "N=$N polls=$runs VmHWM=${hwm} kB inbox still $(ls $dir/data/inbox | wc -l) files; errors: $(grep -c 'fail:' $dir/out.log)"
rm -rf $dir
