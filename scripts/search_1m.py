#!/usr/bin/env python3
"""Median wall time and took_ms of whole-process searches on a large index (the 1M-article
corpus of make_scale_corpus.py), and the timeline's cost beside the same search.

  scripts/search_1m.py BIN INDEX
"""
import subprocess, json, statistics, time, sys
BIN=sys.argv[1]; IX=sys.argv[2]
def run(args):
    t=time.perf_counter()
    out=subprocess.run([BIN,'search',*args,'--json','--index',IX],capture_output=True,text=True).stdout
    w=(time.perf_counter()-t)*1000
    return w, json.loads(out)['took_ms']
qs=[['cocoa'],['oil','prices'],['oil','AND','prices'],['"interest rates"'],['"crude oil"','--from','1990-03','--to','1990-04'],['said'],['bank']]
for q in qs:
    for _ in range(2): run(q)
    w=[];t=[]
    for i in range(11):
        a,b=run(q); w.append(a); t.append(b)
    print(' '.join(q), 'wall p50', round(statistics.median(w),1), 'took p50', round(statistics.median(t),1), flush=True)
for q in ['oil','bank']:
    t1=[];t2=[]
    for i in range(11):
        t1.append(run([q])[1]); t2.append(run([q,'--timeline'])[1])
    print(q,'timeline: search',round(statistics.median(t1),1),'with',round(statistics.median(t2),1), flush=True)
