
import sys,collections,re
out=sys.argv[1]
def load(f):
    d={}
    for line in open(f):
        tid,comm,cpu,vol,nvol=line.rstrip('\n').split('|')
        u,s=map(int,cpu.split())
        d[tid]=(comm,u,s,int(vol or 0),int(nvol or 0))
    return d
b=load(out+'/snap-before.txt'); a=load(out+'/snap-after.txt')
agg=collections.defaultdict(lambda:[0,0,0,0])
for tid,(comm,u,s,v,n) in a.items():
    bb=b.get(tid,(comm,0,0,0,0))
    k=re.sub(r'[0-9]+','N',comm)
    x=agg[k]; x[0]+=u-bb[1]; x[1]+=s-bb[2]; x[2]+=v-bb[3]; x[3]+=n-bb[4]
tot=[sum(x[i] for x in agg.values()) for i in range(4)]
for k,x in sorted(agg.items(), key=lambda kv:-(kv[1][0]+kv[1][1])):
    if x[0]+x[1]+x[2]>0: print(f"  {k:20s} user {x[0]:4d} sys {x[1]:4d} ticks  vcsw {x[2]:6d} nvcsw {x[3]:6d}")
print(f"  TOTAL                user {tot[0]:4d} sys {tot[1]:4d} ticks  vcsw {tot[2]:6d} nvcsw {tot[3]:6d}")
