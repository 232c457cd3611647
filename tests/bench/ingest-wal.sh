#!/bin/bash
# Peak WAL (sampled every 0.2 s), WAL left on exit and peak resident memory of `dw ingest` over N distinct text reports
# (the five seeds, each copy with its own closing line, so no two texts are alike).
#   tests/bench/ingest-wal.sh path/to/dw.dll 50000
# Needs python3. Leaves nothing behind.
set -e
DW=$1; N=$2
seeds=$(cd "$(dirname "$0")/../../.." && pwd)/shared/seeds
dir=$(mktemp -d /tmp/dw-wal-XXXX)
mkdir -p $dir/reports $dir/data
python3 -c "
import os,sys,glob
seeds=[open(f,encoding='utf-8').read() for f in sorted(glob.glob(os.path.join(sys.argv[1],'*.txt')))]
for k in range(int(sys.argv[3])):
    open(os.path.join(sys.argv[2],'%06d.txt'%k),'w',encoding='utf-8').write(seeds[k%len(seeds)]+'\n（报送编号：%06d）\n'%k)
" "$seeds" $dir/reports $N
start=$(date +%s.%N)
/usr/bin/dotnet $DW ingest $dir/reports --data $dir/data > $dir/out.log 2>&1 &
pid=$!
peak=0; hwm=0
while kill -0 $pid 2>/dev/null; do
  wal=$(stat -c %s $dir/data/dw.db-wal 2>/dev/null || echo 0)
  [ "$wal" -gt "$peak" ] && peak=$wal
  h=$(grep VmHWM /proc/$pid/status 2>/dev/null | awk '{print $2}'); [ -n "$h" ] && hwm=$h
  sleep 0.2
done
wait $pid || true
end=$(date +%s.%N)
left=$(ls $dir/data | grep -c -- '-wal\|-shm' || true)
echo "N=$N $(tail -1 $dir/out.log); $(python3 -c "print(f'{$N/($end-$start):.0f}')") reports/s wall with start-up; peak WAL $((peak/1048576)) MB; WAL/shm files left: $left; database $(($(stat -c %s $dir/data/dw.db)/1048576)) MB; VmHWM $((hwm/1024)) MB; load $(cut -d' ' -f1 /proc/loadavg)"
rm -rf $dir
